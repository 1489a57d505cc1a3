"""The effective settings as TOML for `bigconv config check`, with every secret masked:
a password in the database URL, and any token or secret value that reached the file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bot.settings.model import Settings

MASK = "****"
# Keys whose values are secrets themselves (the *_env keys only name a variable).
SECRET_WORDS = ("password", "secret", "token")


def mask_url(url: str) -> str:
    """postgresql://bigconv:hunter2@db/x -> postgresql://bigconv:****@db/x"""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def mask_secret(value: str) -> str:
    """Enough to tell a Slack bot token from an app token (xoxb- / xapp-), no more."""
    head = value[:5] if value[:5] in ("xoxb-", "xoxp-", "xapp-") else ""
    return f"{head}{MASK}" if value else ""


def _is_secret(key: str) -> bool:
    return not key.endswith("_env") and any(word in key for word in SECRET_WORDS)


def effective(settings: Settings) -> dict[str, Any]:
    """Every section as it will be used: defaults filled in, derived paths worked out."""
    shown: dict[str, Any] = settings.model_dump(mode="json")
    shown["database"]["url"] = mask_url(settings.database_url)
    anchor = settings.audit_anchor
    shown["audit"]["anchor_file"] = "" if anchor is None else str(anchor)
    shown["teams"]["developer_name"] = settings.developer_name
    for section in shown.values():
        for key, value in section.items():
            if _is_secret(key) and isinstance(value, str):
                section[key] = mask_secret(value)
    return shown


def _value(value: Any) -> str:
    return '""' if value is None else json.dumps(value, ensure_ascii=False)


def as_toml(sections: Mapping[str, Mapping[str, Any]]) -> str:
    """Sections of scalars and lists, with one level of sub-tables (network chairs)."""
    lines: list[str] = []
    for name, section in sections.items():
        lines.append(f"[{name}]")
        tables = {k: v for k, v in section.items() if isinstance(v, Mapping)}
        for key, value in section.items():
            if key not in tables:
                lines.append(f"{key} = {_value(value)}")
        for key, table in tables.items():
            lines.append(f"[{name}.{key}]")
            lines.extend(f"{inner} = {_value(v)}" for inner, v in table.items())
        lines.append("")
    return "\n".join(lines)
