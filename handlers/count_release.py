"""Plain counts that leave the system (how many took part in a round, how many replies an
export holds) go through the release auditor like report figures: a count is the figure
"responses" for All staff and All over its batch, shown only if the auditor releases it."""

from __future__ import annotations

from collections.abc import Mapping

from handlers.report_data import load_batches
from handlers.report_release import relevant_history
from storage.repositories.release_history import NewRelease, ReleaseHistoryDamaged
from storage.repositories.rounds import RoundInfo
from storage.store import Planned, Releases, Store
from surveys import release_audit
from surveys.frame import NOT_STATED
from surveys.release_audit import Decision, Figure, PastRelease, Reason, Scope, Unit
from surveys.release_reasons import reason_counts, reason_text
from surveys.report_model import ALL
from surveys.unit_counts import RESPONSES


def release_count(
    releases: Releases,
    *,
    actor: str,
    role: str,
    form: str,
    label: str,
    figure: Figure,
    counts: Mapping[str, Mapping[Unit, int]],
    k: int,
) -> Decision:
    """The auditor's decision on one count, recorded (once per figure) when released."""

    def step(history: list[PastRelease]) -> Planned[Decision]:
        linked, _ = relevant_history(history, figure.scope.batches)
        decision = release_audit.plan_release([figure], linked, counts, k)[figure]
        already = any(figure in past.figures for past in history)
        if not decision.released or already:
            return Planned(decision)
        record = NewRelease(role, form, label, (figure,), reason_counts({figure: decision}))
        return Planned(decision, record, "release count", {"what": label, "form": form})

    return releases.release(actor, step)


def round_figure(round_: RoundInfo) -> Figure:
    return Figure(Scope(f"{round_.period} round", frozenset({round_.id})), RESPONSES, ALL, ALL)


def took_part(store: Store, round_: RoundInfo, *, actor: str, role: str, form: str) -> str:
    """How many took part in a round, as it may be shown: the number, or why not."""
    k = store.k
    if round_.status != "closed":  # open, or its answers still moving
        # Answers still in the buffer cannot be counted by group: a threshold only.
        n = store.submissions.count(round_.id)
        return str(n) if n >= k else f"fewer than {k}"
    batches = load_batches(store, [round_.id]) if not round_.shredded else {}
    counts = batches[round_.id].units if round_.id in batches else {}
    figure = round_figure(round_)
    try:
        decision = release_count(
            store.releases, actor=actor, role=role, form=form,
            label=f"{round_.period} round status", figure=figure, counts=counts, k=k,
        )  # fmt: skip
    except ReleaseHistoryDamaged:
        return "hidden (the release history is damaged)"
    if decision.released:
        return str(sum(counts.get(RESPONSES, {}).values()))
    if decision.reason is Reason.TOO_FEW:
        return f"fewer than {k}"
    return f"hidden ({reason_text(decision, k)})"


def export_figure(
    prompt_id: str, title: str, replies: int
) -> tuple[Figure, dict[str, dict[Unit, int]]]:
    """An export's reply count as a figure over the prompt's own unit (replies carry no
    staff or ethnic group)."""
    batch = f"prompt:{prompt_id}"
    figure = Figure(Scope(f"replies to {title}", frozenset({batch})), RESPONSES, ALL, ALL)
    return figure, {RESPONSES: {(batch, NOT_STATED, NOT_STATED): replies}}
