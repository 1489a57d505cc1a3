"""`bigconv prompts`: list prompts, show the starter library, export a prompt's replies.

The operator at the command line holds the keys, so they act as edi + admin
(bot.store_opening.operator); the export still needs at least k replies, and is audited.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.commands.common import settings_of, store_of
from bot.store_opening import operator
from bot.terminal.errors import EXIT_REFUSED, run_cleanly
from handlers.discussion import (
    ExportFormat,
    ExportReady,
    PromptList,
    library,
    list_prompts,
)
from handlers.discussion.commands import export_prompt
from handlers.discussion.schedule import local_text
from handlers.messages import Refusal
from storage.prompt_store import Prompts
from storage.store import Store

app = typer.Typer(
    help="Big Conversation prompts and their anonymous replies.", no_args_is_help=True
)
err = Console(stderr=True, highlight=False)


def prompts_of(store: Store) -> Prompts:
    return store.prompts


def _refused(refusal: Refusal) -> typer.Exit:
    err.print(f"[red]refused:[/] {refusal.text}")
    return typer.Exit(EXIT_REFUSED)


@app.command("list")
def list_command(ctx: typer.Context) -> None:
    """Every prompt that is not deleted, soonest first."""

    def run() -> PromptList | Refusal:
        store = store_of(ctx, existing=True)
        try:
            return list_prompts(prompts_of(store), requester=operator())
        finally:
            store.close()

    result = run_cleanly(run)
    if isinstance(result, Refusal):
        raise _refused(result)
    if not result.prompts:
        Console().print("There are no Big Conversation prompts yet.")
        return
    table = Table("id", "network", "title", "status", "reply mode", "next post")
    for p in result.prompts:
        when = local_text(p.next_post_at) if p.next_post_at else "—"
        table.add_row(p.prompt_id, p.network, p.title, p.status, p.reply_mode.value, when)
    Console(width=200).print(table)


@app.command("library")
def library_command() -> None:
    """The starter prompts a chair can pick from and edit."""
    console = Console()
    for number, starter in enumerate(library(), start=1):
        console.print(f"[bold]{number}. {starter.title}[/] ({starter.theme})")
        console.print(starter.body, highlight=False)
        for question in starter.questions:
            console.print(f"  • {question}", highlight=False)
        console.print()


@app.command("export")
def export_command(
    ctx: typer.Context,
    prompt: Annotated[str, typer.Argument(help="The prompt id (see `bigconv prompts list`)")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format")] = ExportFormat.CSV,
    out: Annotated[
        Path | None, typer.Option(help="File to write (csv defaults to standard output)")
    ] = None,
) -> None:
    """A prompt's replies, only if it has at least k of them; month only, random order."""
    k = settings_of(ctx).privacy.min_group_size

    def run() -> ExportReady | Refusal:
        store = store_of(ctx, existing=True)
        try:
            # The use case /bigconversation export runs, so both audit the same way.
            return export_prompt(
                prompts_of(store),
                operator(),
                prompt_id=prompt,
                fmt=fmt,
                k=k,
                releases=store.releases,
            )
        finally:
            store.close()

    result = run_cleanly(run)
    if isinstance(result, Refusal):
        raise _refused(result)
    if fmt is ExportFormat.CSV and out is None:
        sys.stdout.write(result.content.decode("utf-8"))
        return
    target = out or Path(result.filename)
    target.write_bytes(result.content)
    err.print(f"Wrote {target}")
