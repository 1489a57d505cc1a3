"""After the demo: a configuration file that points at the demo's own database and keys,
so `bigconv --config bigconv-demo.toml report ...` reads what the demo wrote, and what
to try next."""

from __future__ import annotations

import json
from pathlib import Path

from bot.settings import Settings

DEMO_CONFIG = Path("bigconv-demo.toml")


def _toml_string(value: object) -> str:
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def _absolute(path: Path | None) -> str:
    return str(path.resolve()) if path is not None else ""


def write_demo_config(settings: Settings, database: Path, anchor: Path) -> Path:
    """bigconv-demo.toml beside the demo database: the same keys, the demo's database."""
    keys = settings.keys
    lines = [
        "# Written by `bigconv demo`: the demo's own database. Use it with",
        f"#   bigconv --config {DEMO_CONFIG} report --period ...",
        "[database]",
        f"url = {_toml_string(f'sqlite:///{database.resolve()}')}",
        "[keys]",
        f"master_key_env = {_toml_string(keys.master_key_env)}",
        f"pepper_env = {_toml_string(keys.pepper_env)}",
        f"master_key_file = {_toml_string(_absolute(keys.master_key_file))}",
        f"pepper_file = {_toml_string(_absolute(keys.pepper_file))}",
        "[privacy]",
        f"min_group_size = {settings.privacy.min_group_size}",
        f"recall = {_toml_string(settings.privacy.recall.value)}",
        "[audit]",
        f"anchor_file = {_toml_string(anchor.resolve())}",
    ]
    DEMO_CONFIG.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return DEMO_CONFIG


def next_steps(latest: str, html: Path) -> list[str]:
    """What to try next, each a command that works as written."""
    with_demo = f"bigconv --config {DEMO_CONFIG}"
    return [
        "What to try next:",
        f"  open {html} in a browser: the report as a board paper would carry it",
        f"  {with_demo} report --period {latest} --staff-group bank",
        f"  {with_demo} report --period {latest[:4]} --format xlsx --out wres.xlsx",
        f"  {with_demo} rounds status",
        f"  {with_demo} audit verify",
        "  bigconv demo --platform teams   (the same over the Teams protocol)",
        "  README.md: install in Slack or Teams; CONTRIBUTING.md: run the tests",
    ]
