"""/bigconversation replies as Block Kit: help, the prompt list, the starter library and
the digests. Plain text; ids shown short, as chairs type them back."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks.elements import Block, button, context, header, section
from bot.slack.ids import ActionId
from handlers.discussion import Digest, PromptList, StarterPrompt
from handlers.discussion.schedule import local_text

SHORT_ID = 8
HELP = (
    "/bigconversation new — compose a prompt (or /bigconversation new THEME for a starter)\n"
    "/bigconversation starters — the starter library\n"
    "/bigconversation list — your network's prompts\n"
    "/bigconversation edit | pause | resume | delete PROMPT\n"
    "/bigconversation queue PROMPT — replies waiting for you\n"
    "/bigconversation digest — reply counts per prompt\n"
    "/bigconversation export PROMPT [csv|xlsx] — the replies, for the EDI team\n"
    "/bigconversation withdraw CODE — withdraw your own anonymous reply"
)


def short(prompt_id: str) -> str:
    return prompt_id[:SHORT_ID]


def help_blocks() -> list[Block]:
    return [header("Big Conversation"), section(HELP)]


def list_blocks(listing: PromptList) -> list[Block]:
    if not listing.prompts:
        return [section("There are no prompts yet. Type /bigconversation new to write one.")]
    blocks: list[Block] = [header(listing.text)]
    for p in listing.prompts[:45]:
        when = local_text(p.next_post_at) if p.next_post_at else "not scheduled"
        blocks.append(
            section(
                f"{short(p.prompt_id)} · {p.title}\n{p.network} network · {p.status} · "
                f"replies: {p.reply_mode.value} · next: {when}"
            )
        )
    return blocks


def starter_blocks(starters: Sequence[StarterPrompt]) -> list[Block]:
    blocks: list[Block] = [header("Starter prompts")]
    for s in starters:
        use = button(
            "Use this starter",
            action_id=ActionId.USE_STARTER,
            value=s.theme,
            label=f"Use the starter on {s.theme}",
        )
        blocks.append(section(f"{s.theme.capitalize()}: {s.title}") | {"accessory": use})
    blocks.append(context("A starter opens the compose form filled in; change anything."))
    return blocks


def digest_text(digests: Sequence[Digest]) -> str:
    if not digests:
        return "No prompt of yours takes anonymous replies yet."
    return "\n".join(f"{short(d.prompt_id)} · {d.text}" for d in digests)
