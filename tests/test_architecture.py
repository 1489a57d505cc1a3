"""The package boundaries of architecture.md, enforced by walking every import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "surveys")
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "microsoft_agents")
INFRASTRUCTURE = ("sqlalchemy", "alembic", "aiohttp", "apscheduler", "psycopg")

# package -> top-level modules it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "surveys": ("bot", "handlers", "storage", *PLATFORM_SDKS, *INFRASTRUCTURE),
    "storage": ("bot", "handlers", *PLATFORM_SDKS, "aiohttp", "apscheduler"),
    "handlers": ("bot", *PLATFORM_SDKS, "aiohttp"),
    "bot": (),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_respect_the_architecture(package: str) -> None:
    violations = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(package)
        if "migrations" not in path.parts or package != "storage"
        for name in sorted(_imports(path) & set(FORBIDDEN[package]))
    ]
    assert violations == []


def test_storage_takes_only_domain_types_from_surveys() -> None:
    # storage may know the domain's types, not its report or rendering machinery.
    allowed = {
        "surveys.questions",
        "surveys.response",
        "surveys.demographics",
        "surveys.report_model",
        "surveys.periods",
        # Figure, Scope, PastRelease: what the release history stores and gives back.
        "surveys.release_audit",
        "surveys.headcount",
    }
    offenders = []
    for path in _modules("storage"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("surveys") and module not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []
