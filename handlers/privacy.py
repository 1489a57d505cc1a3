"""The privacy notice: what a person is told before and whenever they ask.

Worded for staff, not lawyers; every sentence is a promise the code keeps (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.messages import PrivacyNotice

DEFAULT_CONTACT = "your trust's Data Protection Officer"


@dataclass(frozen=True, slots=True)
class NoticeSettings:
    """What the notice needs from configuration ([privacy] in the config file)."""

    contact: str = DEFAULT_CONTACT
    min_group_size: int = 11
    retention_months: int = 24


DEFAULT_NOTICE = NoticeSettings()


def privacy_notice(
    settings: NoticeSettings = DEFAULT_NOTICE, commands: CommandWords = SLASH_COMMANDS
) -> PrivacyNotice:
    k, sub = settings.min_group_size, commands.sub
    return PrivacyNotice(
        title="Your privacy in the staff pulse",
        paragraphs=(
            "What we ask: once a month, a few questions from the NHS Staff Survey about "
            "harassment, bullying, abuse and discrimination at work, and two background "
            "questions (your ethnic group and how you are employed). Every question can be "
            "skipped, and taking part is up to you.",
            "Your answers are anonymous: they are encrypted as soon as they arrive and "
            "stored with no name, no user id and no time. While the round is open they are "
            "locked under a separate key, kept apart from the keys used for reports. When "
            "the round closes every answer is shuffled and locked again for the report, and "
            "that separate key is destroyed. From then on nobody, including the EDI team and "
            "the people who run this service, can find out what you said.",
            f"Results are only shown as totals for groups of {k} or more people. Smaller "
            "groups are never shown, so nobody can be picked out.",
            "What we keep about you: your place on the delivery list (a coded form of your "
            "account id and where to send your invitation, and whether you opted out), and, "
            "only if you ask us to, your background answers so you need not give them each "
            "time (a change takes effect when the round closes). We also keep, for each round "
            "you took part in, a code worked out from your account id, so you are not "
            "reminded or asked twice; it shows that you took part, never what you answered.",
            f"Your rights: type {sub('opt-out')} to stop invitations, {sub('my-data')} to see "
            f"what we hold about you, and {sub('forget-me')} to erase your place on the "
            "delivery list and your remembered answers. The codes showing which rounds you "
            "took part in stay until those rounds' answers are destroyed. Your answers "
            "cannot be shown or erased, because nothing links them to you.",
            f"How long: individual answers, and the codes showing who took part, are "
            f"destroyed {settings.retention_months} months after their round; only the "
            "published totals are kept. Copies in the service's backups become unreadable "
            "when the service's master key is next replaced, which the people who run it do "
            "after destroying a round.",
            "Why we may do this: to monitor equality of opportunity and treatment between "
            "ethnic groups, as the NHS Workforce Race Equality Standard requires (UK GDPR "
            "with the Data Protection Act 2018, Schedule 1, paragraph 8). The results are "
            "never used to make decisions about any one person.",
            f"Questions or concerns: contact {settings.contact}.",
        ),
    )
