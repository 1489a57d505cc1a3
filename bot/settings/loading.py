"""Reading the configuration: the TOML file (or none: the embedded default), then
`BIGCONV_<SECTION>__<KEY>` environment variables over it, then one check of the lot."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.settings.errors import ConfigError, refused
from bot.settings.model import Settings

DEFAULT_CONFIG_PATHS = (Path("bigconv.toml"),)
CONFIG_ENV = "BIGCONV_CONFIG"
ENV_PREFIX = "BIGCONV_"
ENV_SEPARATOR = "__"


def _toml_value(text: str) -> object:
    """An environment value read as TOML (`60`, `true`, `["S01"]`), else as the text."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def env_overrides(environ: Mapping[str, str]) -> dict[str, tuple[str, object]]:
    """Dotted key -> (variable, value) for every BIGCONV_SECTION__KEY variable."""
    found: dict[str, tuple[str, object]] = {}
    for name, text in environ.items():
        if name.startswith(ENV_PREFIX) and ENV_SEPARATOR in name:
            parts = name[len(ENV_PREFIX) :].lower().split(ENV_SEPARATOR)
            found[".".join(parts)] = (name, _toml_value(text))
    return found


def _merged(raw: Mapping[str, Any], overrides: Mapping[str, tuple[str, object]]) -> dict[str, Any]:
    merged: dict[str, Any] = {key: value for key, value in raw.items()}
    for dotted, (_, value) in overrides.items():
        *tables, key = dotted.split(".")
        table = merged
        for name in tables:
            inner = table.get(name)
            table[name] = dict(inner) if isinstance(inner, Mapping) else {}
            table = table[name]
        table[key] = value
    return merged


def settings_from_mapping(
    raw: Mapping[str, Any],
    *,
    base: Path = Path("."),
    source: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Check parsed TOML (with the environment's overrides); relative paths are relative
    to `base`, the file's folder. Every problem is reported at once."""
    overrides = env_overrides(environ if environ is not None else {})
    try:
        settings = Settings.model_validate(_merged(raw, overrides), context={"base": base})
    except ValidationError as exc:
        names = {dotted: name for dotted, (name, _) in overrides.items()}
        raise refused(Settings, exc, source=source, env_names=names) from None
    return settings.located(source)


def config_path(path: Path | None) -> Path | None:
    """The file named, or $BIGCONV_CONFIG, or ./bigconv.toml if present."""
    if path is not None:
        return path
    if CONFIG_ENV in os.environ:
        return Path(os.environ[CONFIG_ENV])
    return next((p for p in DEFAULT_CONFIG_PATHS if p.exists()), None)


def load_settings(path: Path | None = None) -> Settings:
    """The settings the program runs with, refused with every problem named."""
    candidate = config_path(path)
    if candidate is None:
        return settings_from_mapping({}, environ=os.environ)
    if not candidate.exists():
        raise ConfigError(f"The configuration file {candidate} does not exist.")
    try:
        raw = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{candidate} is not valid TOML: {exc}") from exc
    return settings_from_mapping(raw, base=candidate.parent, source=candidate, environ=os.environ)
