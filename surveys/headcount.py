"""A workforce headcount row (from an ESR extract) and the NHS Data Dictionary ethnic
categories it uses: domain types only, so storage can hold them."""

from __future__ import annotations

from dataclasses import dataclass

# NHS Data Dictionary ethnic category -> the broad group the pulse uses. R (Chinese) is
# "Other" in the Data Dictionary but Asian in the NSS, which is how respondents are grouped.
NHS_DD_BROAD: dict[str, str] = {
    **dict.fromkeys("ABC", "white"),
    **dict.fromkeys("DEFG", "mixed"),
    **dict.fromkeys("HJKLR", "asian"),
    **dict.fromkeys("MNP", "black"),
    "S": "other",
    "Z": "not_stated",
}
NHS_DD_CODES: tuple[str, ...] = tuple(sorted(NHS_DD_BROAD))


@dataclass(frozen=True, slots=True)
class Headcount:
    month: str  # YYYY-MM: the month the headcount is as at
    staff_group: str
    ethnic_category: str  # NHS Data Dictionary code
    headcount: int
