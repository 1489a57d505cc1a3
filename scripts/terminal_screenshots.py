"""Pictures of the command line for docs/admin-guide.md, taken from the real product: in a
fresh folder, runs `bigconv keys init`, `db upgrade`, `demo`, `rounds status`, `releases
list` and `audit verify`, draws each output as a terminal with rich's SVG export, and
photographs it in Debian's Chromium (tests/browser/screenshot.js).

    .venv/bin/python scripts/terminal_screenshots.py    # writes docs/images/cli-*.png

Needs node with `npm ci` done in tests/browser, and /usr/bin/chromium.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
BIGCONV = Path(sys.executable).with_name("bigconv")
WIDTH = 110
CONFIG = """[database]
url = "sqlite:///bigconv.db"

[trust]
name = "Anytown NHS Foundation Trust"
"""
# (picture, command); the demo fills the database the later commands read.
SHOTS = (
    ("cli-keys-init", ("keys", "init")),
    ("cli-db-upgrade", ("db", "upgrade")),
    ("", ("demo", "--platform", "local", "--staff", "600", "--months", "3")),
    ("cli-rounds-status", ("rounds", "status")),
    ("cli-releases-list", ("releases", "list")),
    ("cli-audit-verify", ("audit", "verify")),
)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bigconv-cli-"))
    (work / "bigconv.toml").write_text(CONFIG, encoding="utf-8")
    # The demo writes bigconv-demo.db; point the later commands at it too.
    env = {**os.environ, "BIGCONV_CONFIG": str(work / "bigconv.toml"), "COLUMNS": str(WIDTH)}
    for name, args in SHOTS:
        done = subprocess.run(
            [str(BIGCONV), *args], cwd=work, env=env, capture_output=True, text=True, check=True
        )
        if args[0] == "demo":
            demo_db = 'url = "sqlite:///bigconv-demo.db"'
            config = CONFIG.replace('url = "sqlite:///bigconv.db"', demo_db)
            (work / "bigconv.toml").write_text(config, encoding="utf-8")
            continue
        shown = done.stdout.replace(str(work), "/srv/bigconv")
        console = Console(record=True, width=WIDTH, file=io.StringIO())
        console.print(Text(f"$ bigconv {' '.join(args)}", style="bold"))
        console.print(Text.from_ansi(shown.rstrip()))
        svg = work / f"{name}.svg"
        console.save_svg(str(svg), title=f"bigconv {' '.join(args)}")
        # In a page at its own size: opened alone, the SVG stretches to the window.
        page = work / f"{name}.html"
        page.write_text(f'<body style="margin:0"><img src="{svg.name}" width="1000"></body>')
        out = IMAGES / f"{name}.png"
        script = ROOT / "tests" / "browser" / "screenshot.js"
        subprocess.run(["node", str(script), str(page), str(out), "1100", "img"], check=True)
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
