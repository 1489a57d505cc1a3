"""Pictures for the guides in docs/, taken from the real product: runs `bigconv demo`
(a synthetic trust answering over the local path), loads a workforce extract built from
the same synthetic trust, pulls the report, summary and PDF with `bigconv report`, and
photographs them in Debian's Chromium (tests/browser/screenshot.js) and with pdftoppm.

    .venv/bin/python scripts/screenshots.py          # writes docs/images/*.png

Needs node with `npm ci` done in tests/browser, /usr/bin/chromium and poppler-utils.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
BIGCONV = Path(sys.executable).with_name("bigconv")
TRUST = "Anytown NHS Foundation Trust"


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{done.stderr}")
    return done.stdout


def workforce_csv(month: str) -> str:
    """Headcounts of the demo's synthetic trust (same seed), as an ESR extract gives them."""
    sys.path.insert(0, str(ROOT))
    from bot.demo.population import build_trust
    from surveys.demographics import ETHNICITY_BY_CODE

    counts: dict[tuple[str, str], int] = {}
    for person in build_trust(3000, seed=2026):
        code = ETHNICITY_BY_CODE[person.ethnicity].nhs_dd if person.ethnicity else "Z"
        key = (person.staff_group.value, code)
        counts[key] = counts.get(key, 0) + 1
    rows = [f"{month},{s},{c},{n}" for (s, c), n in sorted(counts.items())]
    return "month,staff_group,ethnic_category,headcount\n" + "\n".join(rows) + "\n"


def shoot(page: Path, name: str, width: int, selector: str = "") -> None:
    script = ROOT / "tests" / "browser" / "screenshot.js"
    out = IMAGES / name
    args = ["node", str(script), str(page), str(out), str(width), *([selector] if selector else [])]
    subprocess.run(args, check=True)
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bigconv-shots-"))
    config = work / "bigconv.toml"
    database = '[database]\nurl = "sqlite:///bigconv-demo.db"\n'
    config.write_text(f'{database}\n[trust]\nname = "{TRUST}"\n')
    env = {**os.environ, "BIGCONV_CONFIG": str(config), "COLUMNS": "100"}
    demo = ("demo", "--platform", "local", "--staff", "3000", "--months", "3")
    run(BIGCONV, *demo, cwd=work, env=env)
    this_month = date.today().replace(day=1)
    latest = (this_month - timedelta(days=1)).strftime("%Y-%m")  # the demo's last round
    (work / "workforce.csv").write_text(workforce_csv(latest), encoding="utf-8")
    run(BIGCONV, "workforce", "import", "workforce.csv", cwd=work, env=env)
    for fmt, out in (("html", "report.html"), ("summary", "summary.html"), ("pdf", "report.pdf")):
        run(BIGCONV, "report", "--period", latest, "--format", fmt, "--out", out, cwd=work, env=env)
    shoot(work / "summary.html", "summary.png", 1280)
    shoot(work / "summary.html", "summary-phone.png", 390)
    shoot(work / "report.html", "chart-wres6.png", 1280, "#wres6 figure")
    shoot(work / "report.html", "suppressed-cells.png", 1280, "#wres6 .table-scroll")
    shoot(work / "report.html", "response-rates.png", 1280, "#workforce")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
         str(work / "report.pdf"), str(IMAGES / "pdf-page1")],
        check=True,
    )  # fmt: skip
    print(f"wrote docs/images/pdf-page1.png; the demo's files are in {work}")


if __name__ == "__main__":
    main()
