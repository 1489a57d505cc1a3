"""`bigconv teams package` end to end: the zip Teams admin centre takes, valid for the
manifest schema it declares (Microsoft's v1.17 schema, vendored), and plain refusals."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image
from typer.testing import CliRunner

from bot.cli import app
from bot.teams.ids import Command

MANIFEST_SCHEMA = json.loads(
    (Path(__file__).parent / "teams-manifest-1.17.schema.json").read_text()
)
APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
CONFIG = """
[trust]
name = "Leeds Community Healthcare NHS Trust"
[teams]
enabled = true
app_id_env = "TEST_TEAMS_APP_ID"
public_url = "https://bigconv.example.nhs.uk/"
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class PackageCli:
    workdir: Path

    def __call__(self, *args: str, config: str = CONFIG, **env: str) -> Run:
        (self.workdir / "bigconv.toml").write_text(config)
        environment = {"BIGCONV_CONFIG": str(self.workdir / "bigconv.toml"), "COLUMNS": "200",
                       "TEST_TEAMS_APP_ID": "", **env}  # fmt: skip
        old = Path.cwd()
        os.chdir(self.workdir)
        try:
            got = CliRunner().invoke(app, ["teams", "package", *args], env=environment)
        finally:
            os.chdir(old)
        return Run(got.exit_code, got.stdout, " ".join(got.stderr.split()))


@pytest.fixture
def teams_cli(tmp_path: Path) -> Iterator[PackageCli]:
    yield PackageCli(tmp_path)


def unzip(path: Path) -> tuple[dict[str, Any], dict[str, Image.Image]]:
    with zipfile.ZipFile(path) as zipped:
        assert sorted(zipped.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zipped.read("manifest.json"))
        icons = {n: Image.open(io.BytesIO(zipped.read(n))) for n in ("color.png", "outline.png")}
    return manifest, icons


def test_the_package_is_valid_for_the_schema_it_declares(teams_cli: PackageCli) -> None:
    ran = teams_cli(TEST_TEAMS_APP_ID=APP_ID)
    assert ran.code == 0, ran.err
    assert "bigconv-teams.zip" in ran.out and "Teams admin centre" in ran.out
    manifest, icons = unzip(teams_cli.workdir / "bigconv-teams.zip")
    assert manifest["$schema"].endswith(
        f"/v{manifest['manifestVersion']}/MicrosoftTeams.schema.json"
    )
    assert manifest["manifestVersion"] == "1.17"
    jsonschema.Draft4Validator(MANIFEST_SCHEMA).validate(manifest)
    [bot] = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team"]  # team: prompts posted in channels
    [commands] = bot["commandLists"]
    assert commands["scopes"] == ["personal"]
    menu = {c["title"] for c in commands["commands"]}
    assert {str(c) for c in Command} | {"bigconversation"} <= menu
    assert manifest["validDomains"] == ["bigconv.example.nhs.uk"]
    assert manifest["developer"]["privacyUrl"] == "https://bigconv.example.nhs.uk/privacy"
    assert manifest["developer"]["name"] == "Leeds Community Healthcare NHS"  # 32 at most
    assert 'names the trust "Leeds Community Healthcare NHS"' in " ".join(ran.out.split())
    color, outline = icons["color.png"], icons["outline.png"]
    assert color.format == outline.format == "PNG"
    assert color.size == (192, 192) and outline.size == (32, 32)
    # The outline icon: white on transparent, nothing else.
    raw = outline.convert("RGBA").tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    assert {p[:3] for p in pixels if p[3] == 255} == {(255, 255, 255)}
    assert any(p[3] == 0 for p in pixels)


def test_app_id_and_version_from_the_command_line(teams_cli: PackageCli) -> None:
    out = teams_cli.workdir / "pkg" / "custom.zip"
    out.parent.mkdir()
    ran = teams_cli("--app-id", APP_ID.upper(), "--version", "1.2.3", "--out", str(out))
    assert ran.code == 0, ran.err
    manifest, _ = unzip(out)
    assert manifest["id"] == APP_ID.upper() and manifest["version"] == "1.2.3"


@pytest.mark.parametrize(
    ("args", "config", "env", "says"),
    [
        ((), CONFIG, {}, "Set the Teams app (client) id in TEST_TEAMS_APP_ID."),
        ((), CONFIG + "allow_anonymous = true\n", {}, "Give --app-id, or set TEST_TEAMS_APP_ID."),
        (("--app-id", "my-bot"), CONFIG, {}, "a GUID such as"),
        ((), CONFIG.replace("https://", "http://"), {"TEST_TEAMS_APP_ID": APP_ID},
         "Set [teams] public_url to the server's https address first"),
        ((), CONFIG.replace("public_url", "# public_url"), {"TEST_TEAMS_APP_ID": APP_ID},
         "Set [teams] public_url"),
        ((), CONFIG.replace('"https://', '"ftp://'), {}, "teams.public_url: must be a URL"),
        (("--version", "2"), CONFIG, {"TEST_TEAMS_APP_ID": APP_ID}, "three numbers"),
        (("--out", "/nonexistent/dir/x.zip"), CONFIG, {"TEST_TEAMS_APP_ID": APP_ID},
         "Could not write /nonexistent/dir/x.zip"),
    ],
)  # fmt: skip
def test_bad_input_is_one_plain_message_and_writes_nothing(
    teams_cli: PackageCli, args: tuple[str, ...], config: str, env: dict[str, str], says: str
) -> None:
    ran = teams_cli(*args, config=config, **env)
    assert ran.code == 2
    assert says in ran.err and "Traceback" not in ran.err
    assert not (teams_cli.workdir / "bigconv-teams.zip").exists()
