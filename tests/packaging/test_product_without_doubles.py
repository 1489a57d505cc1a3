"""The product ships without its test doubles: the wheel holds no stand-in module,
`bigconv serve` runs without them (and never tries to import them), and `bigconv demo`
says how to install them instead of failing with a traceback."""

from __future__ import annotations

import ast
import asyncio
import shutil
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import aiohttp
import pytest

from standins.slack import SlackStandIn
from tests.packaging.no_standins import attempted, environment_without_standins

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "handlers", "storage", "surveys", "discussion")
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "*_cache", ".hypothesis", "node_modules", "__pycache__",
    "build", "dist", "*.egg-info",
)  # fmt: skip
ENTRA = {"TEST_TEAMS_ID": "11111111-2222-3333-4444-555555555555", "TEST_TEAMS_SECRET": "s3cret",
         "TEST_TEAMS_TENANT": "99999999-8888-7777-6666-555555555555"}  # fmt: skip

pytestmark = pytest.mark.slow


def _imports_standins(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        if any(name.split(".")[0] == "standins" for name in names):
            return True
    return False


def test_only_the_demo_imports_the_stand_ins() -> None:
    importers = {
        path.relative_to(ROOT).as_posix()
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if _imports_standins(path)
    }
    assert importers  # the demo plays Slack and Teams with them
    assert {path for path in importers if not path.startswith("bot/demo/")} == set()


def _wheel_names(source: Path, out: Path) -> list[str]:
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "-w", str(out), str(source)], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as opened:
        return opened.namelist()


def test_the_product_wheel_holds_no_stand_in(tmp_path: Path) -> None:
    # A copy of the sources, so no stale build/ folder of an older layout can leak in.
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    names = _wheel_names(source, tmp_path / "product")
    assert "bot/cli.py" in names
    assert [name for name in names if "standin" in name.lower()] == []
    # ... while the stand-ins' own wheel holds them.
    standins = _wheel_names(source / "standins", tmp_path / "standins")
    assert {"standins/slack/__init__.py", "standins/teams/sdk.py"} <= set(standins)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve_config(tmp_path: Path, slack: SlackStandIn, port: int) -> Path:
    config = tmp_path / "bigconv.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp_path / "serve.db"}"

[server]
host = "127.0.0.1"
port = {port}

[slack]
api_base_url = "{slack.base_url}"
bot_token_env = "TEST_SLACK_TOKEN"
signing_secret_env = "TEST_SLACK_SECRET"

[teams]
enabled = true
app_id_env = "TEST_TEAMS_ID"
app_secret_env = "TEST_TEAMS_SECRET"
tenant_id_env = "TEST_TEAMS_TENANT"
""",
        encoding="utf-8",
    )
    return config


async def _health(base: str, serve: asyncio.subprocess.Process) -> dict[str, object]:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            assert serve.returncode is None, "bigconv serve stopped"
            try:
                async with session.get(f"{base}/healthz") as got:
                    assert got.status == 200
                    said: dict[str, object] = await got.json()
                    return said
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError("bigconv serve never answered /healthz")


async def test_serve_starts_without_the_stand_ins(tmp_path: Path) -> None:
    env, attempts = environment_without_standins(tmp_path)
    port = _free_port()
    # The stand-in plays Slack from this process; the server cannot import it.
    async with SlackStandIn() as slack:
        env |= ENTRA | {"TEST_SLACK_TOKEN": slack.token, "TEST_SLACK_SECRET": slack.signing_secret}
        config = _serve_config(tmp_path, slack, port)
        serve = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--config", str(config), "serve",
            cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            said = await _health(f"http://127.0.0.1:{port}", serve)
        finally:
            serve.send_signal(signal.SIGTERM)
            _, errors = await asyncio.wait_for(serve.communicate(), 30)
        assert said["status"] == "ok"
        assert "Traceback" not in errors.decode()
    assert attempted(attempts) == []


def test_demo_without_the_stand_ins_says_how_to_install_them(tmp_path: Path) -> None:
    env, attempts = environment_without_standins(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "pip install -e ./standins" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert attempted(attempts) == ["standins"]
    assert not (tmp_path / "bigconv-demo.db").exists()  # stopped before writing anything
