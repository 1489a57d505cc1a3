"""Refused configuration, told to the operator one line per problem: where (the file or
the environment variable), which key (dotted, e.g. `database.url`) and why."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


class ConfigError(Exception):
    """A configuration problem, worded for the operator who has to fix it."""


def _dotted(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def _within(key: str, dotted: str) -> bool:
    """Whether the problem at `key` is about the variable that set `dotted`."""
    return key == dotted or key.startswith(dotted + ".") or dotted.startswith(key + ".")


def _known_keys(model: type[BaseModel], path: Sequence[int | str]) -> list[str] | None:
    """The keys allowed at `path`, following the nested section models (None when the
    table there takes any key, e.g. one list per staff network)."""
    for part in path:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return list(model.model_fields)


def _reason(model: type[BaseModel], error: Mapping[str, Any]) -> str:
    loc: tuple[int | str, ...] = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        what = "unknown section" if len(loc) == 1 else "unknown key"
        known = _known_keys(model, loc[:-1]) or []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        if close:
            return f"{what} (did you mean {close[0]}?)"
        return f"{what} (known: {', '.join(known)})" if known else what
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a table of keys"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    limits = error.get("ctx") or {}
    wording = _WORDING.get(kind, str(error["msg"])).format(**limits)
    return f"{wording} (got {error['input']!r})"


# pydantic's words, said in the terms of a TOML file.
_WORDING = {
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "string_type": "must be text in quotes",
    "tuple_type": 'must be a list, e.g. ["S0123"]',
    "list_type": 'must be a list, e.g. ["S0123"]',
    "greater_than": "must be above {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "string_too_short": "must not be empty",
}


def refused(
    model: type[BaseModel],
    exc: ValidationError,
    *,
    source: Path | None,
    env_names: Mapping[str, str],
) -> ConfigError:
    """One ConfigError listing every problem; keys set from the environment name their
    variable instead of the file."""
    where = str(source) if source is not None else "the embedded default configuration"
    lines = []
    for error in exc.errors():
        key = _dotted(error["loc"])
        origin = next((env for dotted, env in env_names.items() if _within(key, dotted)), None)
        place = f"environment {origin}" if origin else where
        lines.append(f"{place}: {key}: {_reason(model, error)}")
    count = f"{len(lines)} problems" if len(lines) > 1 else "1 problem"
    return ConfigError(f"the configuration is refused ({count}):\n  " + "\n  ".join(lines))
