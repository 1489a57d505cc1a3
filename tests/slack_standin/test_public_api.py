"""The stand-in's curated public surface: everything in __all__ exists, nothing else leaks."""

from __future__ import annotations

import standins.slack as standin


def test_every_public_name_is_importable() -> None:
    assert all(hasattr(standin, name) for name in standin.__all__)
    assert len(set(standin.__all__)) == len(standin.__all__)


def test_the_surface_is_deliberate() -> None:
    public = {n for n in vars(standin) if not n.startswith("_")}
    submodules = {
        "app_caller", "chat", "clock", "faults", "files", "methods", "payloads", "rate_limits",
        "routes", "signing", "state", "users", "views", "web_api", "workspace",
    }  # fmt: skip
    assert public - submodules == set(standin.__all__) - {"payloads"}
