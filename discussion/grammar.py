"""The `bigconversation` command grammar, written once for every adapter:

    help | starters | new [STARTER THEME] | list | digest | withdraw [CODE]
    edit | pause | resume | delete | queue PROMPT | export PROMPT [csv|xlsx]

Pure: text in, a parsed command (or what is wrong with it) out. What each command does
is handlers.discussion.commands'.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_TEXT = 500  # characters of a whole command
MAX_ID = 64  # characters of a prompt id (ids are 36; the lists show 8)
MAX_WORD_SHOWN = 30  # of an unknown word, when it is repeated back


class Verb(StrEnum):
    HELP = "help"
    NEW = "new"
    STARTERS = "starters"
    LIST = "list"
    DIGEST = "digest"
    WITHDRAW = "withdraw"
    EDIT = "edit"
    PAUSE = "pause"
    RESUME = "resume"
    DELETE = "delete"
    QUEUE = "queue"
    EXPORT = "export"


ALIASES = {"starter": Verb.STARTERS}
ABOUT_A_PROMPT = frozenset(
    {Verb.EDIT, Verb.PAUSE, Verb.RESUME, Verb.DELETE, Verb.QUEUE, Verb.EXPORT}
)
EXPORT_FORMATS = ("csv", "xlsx")


class CommandProblem(StrEnum):
    TOO_LONG = "too_long"
    UNKNOWN = "unknown"
    NEEDS_PROMPT = "needs_prompt"
    NEEDS_CODE = "needs_code"
    BAD_FORMAT = "bad_format"


@dataclass(frozen=True, slots=True)
class Command:
    verb: Verb
    prompt: str = ""  # as typed: a whole id or the short one the lists show
    theme: str = ""  # `new THEME`: start from that starter
    export_format: str = EXPORT_FORMATS[0]
    code: str = ""  # `withdraw CODE`


@dataclass(frozen=True, slots=True)
class BadCommand:
    problem: CommandProblem
    word: str = ""  # the verb as typed, cut to MAX_WORD_SHOWN


def _verb(word: str) -> Verb | None:
    if word in ALIASES:
        return ALIASES[word]
    try:
        return Verb(word)
    except ValueError:
        return None


def parse_command(text: str) -> Command | BadCommand:
    """`text` after the command word; an empty one asks for help."""
    if len(text) > MAX_TEXT:
        return BadCommand(CommandProblem.TOO_LONG)
    words = text.split()
    typed = words[0].lower() if words else Verb.HELP.value
    verb, args = _verb(typed), words[1:]
    if verb is None:
        return BadCommand(CommandProblem.UNKNOWN, typed[:MAX_WORD_SHOWN])
    if verb is Verb.NEW:
        return Command(verb, theme=" ".join(args).lower())
    if verb is Verb.WITHDRAW:
        # Teams asks for the code in a dialog instead (chat history keeps what is typed).
        return Command(verb, code=args[0] if args else "")
    if verb not in ABOUT_A_PROMPT:
        return Command(verb)
    if not args or len(args[0]) > MAX_ID:
        return BadCommand(CommandProblem.NEEDS_PROMPT, verb.value)
    if verb is Verb.EXPORT:
        chosen = (args[1] if len(args) > 1 else EXPORT_FORMATS[0]).lower()
        if chosen not in EXPORT_FORMATS:
            return BadCommand(CommandProblem.BAD_FORMAT, verb.value)
        return Command(verb, prompt=args[0], export_format=chosen)
    return Command(verb, prompt=args[0])
