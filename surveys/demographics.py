"""Who is answering: NSS 2024 ethnic categories, their broad and WRES groups, staff groups."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BroadGroup(StrEnum):
    WHITE = "white"
    MIXED = "mixed"
    ASIAN = "asian"
    BLACK = "black"
    OTHER = "other"
    NOT_STATED = "not_stated"


class WresGroup(StrEnum):
    WHITE = "white"
    BME = "bme"
    NOT_STATED = "not_stated"


class StaffGroup(StrEnum):
    """How a person is employed. The national survey reaches only substantive staff."""

    SUBSTANTIVE = "substantive"
    BANK = "bank"
    AGENCY = "agency"
    LOCUM = "locum"
    STUDENT = "student"
    VOLUNTEER = "volunteer"


STAFF_GROUP_LABELS: dict[StaffGroup, str] = {
    StaffGroup.SUBSTANTIVE: "Substantive (permanent or fixed-term contract)",
    StaffGroup.BANK: "Bank only (no substantive contract)",
    StaffGroup.AGENCY: "Agency",
    StaffGroup.LOCUM: "Locum",
    StaffGroup.STUDENT: "Student or learner on placement",
    StaffGroup.VOLUNTEER: "Volunteer",
}


@dataclass(frozen=True, slots=True)
class Ethnicity:
    code: str
    label: str
    broad: BroadGroup
    nhs_dd: str


ETHNICITIES: tuple[Ethnicity, ...] = (
    Ethnicity("01", "English / Welsh / Scottish / Northern Irish / British", BroadGroup.WHITE, "A"),
    Ethnicity("02", "Irish", BroadGroup.WHITE, "B"),
    Ethnicity("03", "Gypsy or Irish Traveller", BroadGroup.WHITE, "C"),
    Ethnicity("04", "Any other White background", BroadGroup.WHITE, "C"),
    Ethnicity("05", "White and Black Caribbean", BroadGroup.MIXED, "D"),
    Ethnicity("06", "White and Black African", BroadGroup.MIXED, "E"),
    Ethnicity("07", "White and Asian", BroadGroup.MIXED, "F"),
    Ethnicity("08", "Any other Mixed / Multiple ethnic background", BroadGroup.MIXED, "G"),
    Ethnicity("09", "Indian", BroadGroup.ASIAN, "H"),
    Ethnicity("10", "Pakistani", BroadGroup.ASIAN, "J"),
    Ethnicity("11", "Bangladeshi", BroadGroup.ASIAN, "K"),
    # NSS groups Chinese under Asian; the NHS Data Dictionary puts code R under Other.
    Ethnicity("12", "Chinese", BroadGroup.ASIAN, "R"),
    Ethnicity("13", "Any other Asian background", BroadGroup.ASIAN, "L"),
    Ethnicity("14", "African", BroadGroup.BLACK, "N"),
    Ethnicity("15", "Caribbean", BroadGroup.BLACK, "M"),
    Ethnicity("16", "Any other Black / African / Caribbean background", BroadGroup.BLACK, "P"),
    Ethnicity("17", "Arab", BroadGroup.OTHER, "S"),
    Ethnicity("18", "Any other ethnic background", BroadGroup.OTHER, "S"),
)
ETHNICITY_BY_CODE: dict[str, Ethnicity] = {e.code: e for e in ETHNICITIES}
NOT_STATED_CODE = "99"


def broad_group(code: str | None) -> BroadGroup:
    """Broad group of an ethnicity code; blank or 99 is not stated."""
    if code is None or code in ("", NOT_STATED_CODE):
        return BroadGroup.NOT_STATED
    return ETHNICITY_BY_CODE[code].broad


def wres_group(code: str | None) -> WresGroup:
    """White / BME / not stated: BME is every broad group other than white."""
    broad = broad_group(code)
    if broad is BroadGroup.NOT_STATED:
        return WresGroup.NOT_STATED
    return WresGroup.WHITE if broad is BroadGroup.WHITE else WresGroup.BME
