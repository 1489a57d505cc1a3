"""The `bigconversation` grammar, written once for both wings: pure, text in and a parsed
command (or what is wrong with it) out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from discussion import (
    BadCommand,
    Command,
    CommandProblem,
    PromptStatus,
    RefusalReason,
    Verb,
    edit_refusal,
    parse_command,
)
from discussion.grammar import MAX_ID, MAX_TEXT
from handlers.discussion import problem_text

PID = "3f2a9c1e-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("", Command(Verb.HELP)),
        ("HELP", Command(Verb.HELP)),
        ("starter", Command(Verb.STARTERS)),
        ("new", Command(Verb.NEW)),
        ("new Belonging At Work", Command(Verb.NEW, theme="belonging at work")),
        ("list", Command(Verb.LIST)),
        ("digest", Command(Verb.DIGEST)),
        ("withdraw", Command(Verb.WITHDRAW)),
        ("withdraw abc123", Command(Verb.WITHDRAW, code="abc123")),
        (f"edit {PID}", Command(Verb.EDIT, prompt=PID)),
        (f"queue {PID[:8]}", Command(Verb.QUEUE, prompt=PID[:8])),
        (f"export {PID}", Command(Verb.EXPORT, prompt=PID, export_format="csv")),
        (f"export {PID} XLSX", Command(Verb.EXPORT, prompt=PID, export_format="xlsx")),
        (f"  pause   {PID}  ", Command(Verb.PAUSE, prompt=PID)),
    ],
)
def test_commands_parse(typed: str, parsed: Command) -> None:
    assert parse_command(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("x" * (MAX_TEXT + 1), BadCommand(CommandProblem.TOO_LONG)),
        ("dance", BadCommand(CommandProblem.UNKNOWN, "dance")),
        ("d" * 40, BadCommand(CommandProblem.UNKNOWN, "d" * 30)),
        ("resume", BadCommand(CommandProblem.NEEDS_PROMPT, "resume")),
        (f"delete {'a' * (MAX_ID + 1)}", BadCommand(CommandProblem.NEEDS_PROMPT, "delete")),
        (f"export {PID} pdf", BadCommand(CommandProblem.BAD_FORMAT, "export")),
    ],
)
def test_what_is_wrong_with_a_command_is_named(typed: str, problem: BadCommand) -> None:
    assert parse_command(typed) == problem


def test_problems_are_said_with_each_platforms_command_word() -> None:
    unknown = BadCommand(CommandProblem.UNKNOWN, "dance")
    assert "Type /bigconversation help" in problem_text(unknown, "/bigconversation")
    assert "is not a bigconversation command" in problem_text(unknown, "bigconversation")
    needs = problem_text(BadCommand(CommandProblem.NEEDS_PROMPT, "queue"), "bigconversation")
    assert needs.startswith("Say which prompt: bigconversation queue PROMPT")


def test_one_rule_decides_whether_a_prompt_may_be_edited() -> None:
    assert edit_refusal(PromptStatus.SCHEDULED) is None
    assert edit_refusal(PromptStatus.PAUSED) is None
    assert edit_refusal(PromptStatus.POSTED) is RefusalReason.PROMPT_POSTED
    assert edit_refusal(PromptStatus.DELETED) is RefusalReason.PROMPT_DELETED


def test_the_domain_imports_nothing_but_the_standard_library_and_surveys() -> None:
    allowed = {"__future__", "collections", "dataclasses", "datetime", "enum", "typing"}
    root = Path(__file__).resolve().parents[2] / "discussion"
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
    assert found - allowed - {"discussion", "surveys"} == set()
