"""Print the size figures of docs/architecture.md ("Before and after issue 11") for a tree.

Modules and lines per top-level folder and per folder under bot/, and the largest modules
of the product. A module is a .py file (empty __init__.py files included); lines are
physical lines, as `wc -l` counts them.

    python scripts/architecture_figures.py                 # the working tree
    python scripts/architecture_figures.py --rev 175e986   # a commit, read with git
    python scripts/architecture_figures.py --root /some/checkout --top 15
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

# Folders that are not part of the house: tools, caches and virtual environments.
SKIPPED_PARTS = frozenset({".git", ".venv", "venv", "__pycache__", "node_modules", "build"})
# The product's packages; tests, benches and scripts are counted but not ranked.
NOT_PRODUCT = frozenset({"tests", "bench", "scripts", "standins"})
DETAILED = "bot"


def _wanted(path: PurePosixPath) -> bool:
    return path.suffix == ".py" and not any(
        part in SKIPPED_PARTS or part.startswith(".") for part in path.parts
    )


def modules_in_directory(root: Path) -> Iterator[tuple[PurePosixPath, int]]:
    """(path relative to root, line count) of every module under a directory."""
    for path in sorted(root.rglob("*.py")):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        if _wanted(relative):
            yield relative, _count_lines(path.read_bytes())


def modules_at_revision(repo: Path, rev: str) -> Iterator[tuple[PurePosixPath, int]]:
    """The same, for a commit: file names from `git ls-tree`, contents from one
    `git cat-file --batch` process (a tree of hundreds of files in well under a second)."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    names = [PurePosixPath(n) for n in listing if _wanted(PurePosixPath(n))]
    request = "".join(f"{rev}:{name}\n" for name in names).encode()
    output = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        check=True,
        capture_output=True,
        input=request,
    ).stdout
    offset = 0
    for name in names:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        content = output[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1  # the content is followed by a newline
        yield name, _count_lines(content)


def _count_lines(content: bytes) -> int:
    # Like `wc -l`, plus a last line that has no newline.
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def _folder(path: PurePosixPath) -> str:
    return path.parts[0] if len(path.parts) > 1 else "(top level)"


def _bot_folder(path: PurePosixPath) -> str | None:
    """bot/ modules grouped by the folder that holds them: "bot/ (loose)", "bot/slack", ..."""
    if path.parts[0] != DETAILED:
        return None
    if len(path.parts) == 2:
        return f"{DETAILED}/ (loose modules)"
    return "/".join(path.parts[:-1])


def _table(title: str, groups: dict[str, list[int]]) -> Iterable[str]:
    yield f"\n{title}"
    yield f"{'folder':<32}{'modules':>8}{'lines':>8}{'median':>8}{'largest':>8}"
    for name in sorted(groups):
        sizes = groups[name]
        median = int(statistics.median(sizes))
        yield f"{name:<32}{len(sizes):>8}{sum(sizes):>8}{median:>8}{max(sizes):>8}"


def _bot_subtotals(modules: list[tuple[PurePosixPath, int]]) -> dict[str, list[int]]:
    """bot/slack, bot/teams ... with everything below them (standins included)."""
    groups: dict[str, list[int]] = {}
    for path, lines in modules:
        if path.parts[0] == DETAILED and len(path.parts) > 2:
            groups.setdefault("/".join(path.parts[:2]) + " (all)", []).append(lines)
    return groups


def report(modules: list[tuple[PurePosixPath, int]], top: int) -> list[str]:
    per_folder: dict[str, list[int]] = {}
    per_bot: dict[str, list[int]] = {}
    for path, lines in modules:
        per_folder.setdefault(_folder(path), []).append(lines)
        if (group := _bot_folder(path)) is not None:
            per_bot.setdefault(group, []).append(lines)
    out = list(_table("Per top-level folder", per_folder))
    out += _table(f"Per folder under {DETAILED}/ (modules directly in it)", per_bot)
    out += _table(f"Per {DETAILED}/ subfolder, everything below it", _bot_subtotals(modules))
    product = [(p, n) for p, n in modules if p.parts[0] not in NOT_PRODUCT and len(p.parts) > 1]
    ranked = sorted(product, key=lambda item: (-item[1], str(item[0])))
    out.append(f"\nThe {top} largest product modules (not {', '.join(sorted(NOT_PRODUCT))})")
    out += [f"{lines:>6}  {path}" for path, lines in ranked[:top]]
    sizes = [n for _, n in product]
    if sizes:
        over = sum(1 for n in sizes if n > 250)
        out.append(
            f"\nProduct: {len(sizes)} modules, {sum(sizes)} lines, median "
            f"{int(statistics.median(sizes))}; {over} over 250 lines, "
            f"{sum(1 for n in sizes if n > 300)} over 300."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout to measure")
    parser.add_argument("--rev", help="measure this commit of the checkout instead of its files")
    parser.add_argument("--top", type=int, default=10, help="how many largest modules to list")
    args = parser.parse_args(argv)
    if args.rev:
        modules = list(modules_at_revision(args.root, args.rev))
    else:
        modules = list(modules_in_directory(args.root))
    print(f"Tree: {args.root}" + (f" at {args.rev}" if args.rev else " (working files)"))
    print("\n".join(report(modules, args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
