"""What every settings section shares: frozen, unknown keys refused, paths read relative
to the configuration file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationInfo,
)

# TOML gives native types; a string where a number or a flag belongs is a mistake.
Flag = StrictBool
Whole = StrictInt
PositiveWhole = Annotated[StrictInt, Field(ge=1)]
PositiveNumber = Annotated[StrictFloat, Field(gt=0)]  # a whole number is taken too


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)


def base_of(info: ValidationInfo) -> Path:
    """The configuration file's folder, given as validation context by the loader."""
    context = info.context
    base = context.get("base") if isinstance(context, dict) else None
    return base if isinstance(base, Path) else Path(".")


def resolve_path(value: object, info: ValidationInfo) -> Path | None:
    """A path from the file: "" switches it off, relative means beside the file."""
    if value is None or value == "":
        return None
    if not isinstance(value, str | Path):
        raise ValueError("must be a path in quotes")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base_of(info) / path
