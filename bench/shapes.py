"""Linear cost on the file shapes that once were quadratic: time for n, 2n and 4n of each.

Every command must be linear in the size of its file, whatever the shape:

- ``duplicates``: one context whose recycle ``paths`` list holds n entries, every one a
  duplicate (n SD111 findings, n fixes in one pass);
- ``documents``: n small YAML documents in one file, separated by ``---``;
- ``contexts``: one document with n contexts.

For each shape and command the script prints the wall time (median of ``--runs`` fresh
processes) and the peak RSS at n, 2n and 4n, and the ratios t(2n)/t(n) and t(4n)/t(2n):
about 2 is linear, about 4 quadratic. ``--write`` replaces the "File shapes" section of
bench/RESULTS.md (between its markers) with the table, the machine and the command.

``--note-file`` adds a Markdown file's text at the end of the section (used once to keep the
numbers of the code before the fix next to the ones after it).

Usage: python bench/shapes.py [--n N] [--runs R] [--shape NAME ...] [--write [--note-file FILE]]
Normally run as ``make bench-shapes``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
BEGIN = "<!-- bench/shapes.py: begin -->"
END = "<!-- bench/shapes.py: end -->"
# The CLI through the interpreter running this script (so a PYTHONPATH checkout is measured too).
SYNCDSL = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main())"]


def duplicates(n: int) -> str:
    items = "".join("          - /home/wuying/cache\n" for _ in range(n))
    return (
        "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n"
        "    policy:\n      recycle_policy:\n        paths:\n" + items
    )


def documents(n: int) -> str:
    one = "version: 1\ncontexts:\n  - context_id: SdkCtx-{i}\n    path: /home/wuying/d{i}\n"
    return "---\n".join(one.format(i=i) for i in range(n))


def contexts(n: int) -> str:
    return "version: 1\ncontexts:\n" + "".join(
        f"  - context_id: SdkCtx-{i}\n    path: /home/wuying/d{i}\n" for i in range(n)
    )


SHAPES: dict[str, Callable[[int], str]] = {"duplicates": duplicates, "documents": documents, "contexts": contexts}
COMMANDS: dict[str, list[list[str]]] = {
    "duplicates": [["lint"], ["lint", "--fix", "--diff"], ["fmt", "--check"]],
    "documents": [["lint"], ["fmt", "--check"], ["lint", "--fix", "--diff"]],
    "contexts": [["lint"], ["fmt", "--check"], ["lint", "--fix", "--diff"], ["export"]],
}
DEFAULT_N = {"duplicates": 4000, "documents": 4000, "contexts": 10000}


def run_once(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*SYNCDSL, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"`syncdsl {' '.join(args)}` exited {proc.returncode}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return elapsed, rss


def measure(shape: str, base: int, runs: int, folder: Path) -> list[tuple[str, list[tuple[int, float, int]]]]:
    sizes = [base, 2 * base, 4 * base]
    files = {}
    for n in sizes:
        path = folder / f"{shape}-{n}.sync.yaml"
        path.write_text(SHAPES[shape](n), encoding="utf-8")
        files[n] = path.name
    out = []
    for command in COMMANDS[shape]:
        rows = []
        for n in sizes:
            args = [*command, "--no-config", files[n]]
            samples = [run_once(args, folder) for _ in range(runs)]
            rows.append((n, statistics.median(t for t, _ in samples), max(r for _, r in samples)))
            print(f"  {shape:10} {' '.join(command):18} n={n:<6} {rows[-1][1]:7.2f} s", file=sys.stderr, flush=True)
        out.append((" ".join(command), rows))
    return out


def table(results: dict[str, list[tuple[str, list[tuple[int, float, int]]]]]) -> str:
    lines = [
        "| shape | command | n | 2n | 4n | t(2n)/t(n) | t(4n)/t(2n) | peak RSS at 4n |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for shape, commands in results.items():
        for command, rows in commands:
            (n1, t1, _), (_, t2, _), (_, t4, rss4) = rows
            lines.append(
                f"| {shape} | `{command}` | {n1:,}: {t1:.2f} s | {2 * n1:,}: {t2:.2f} s | {4 * n1:,}: {t4:.2f} s"
                f" | {t2 / t1:.2f} | {t4 / t2:.2f} | {rss4 / 2**20:.0f} MiB |"
            )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        load = "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "n/a"
    return (
        f"- `uname -a`: `{' '.join(platform.uname())}`\n"
        f"- CPU: {cpu}, nproc {os.cpu_count()}; load average at the end (1/5/15 min): {load}\n"
        f"- Python: {platform.python_implementation()} {platform.python_version()}"
    )


def section(body: str, command: str, runs: int, note: str = "") -> str:
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = f"\n{note.strip()}\n" if note.strip() else ""
    return (
        f"{BEGIN}\n## File shapes: linear cost\n\n"
        f"Written by `bench/shapes.py` ({date}); rerun with `{command}`. Wall time of a fresh\n"
        f"process (median of {runs}), at n, 2n and 4n: a ratio near 2 is linear, near 4 quadratic.\n\n"
        f"{machine()}\n\n{body}\n{note}{END}\n"
    )


def write_section(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=None, help="the base size (default: per shape)")
    parser.add_argument("--runs", type=int, default=3, help="processes per measurement (median)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only this shape (repeatable)")
    parser.add_argument("--write", action="store_true", help="replace the section in bench/RESULTS.md")
    parser.add_argument("--note-file", type=Path, default=None, help="Markdown to add at the end of the section")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="syncdsl-shapes-") as tmp:
        for shape in args.shape or list(SHAPES):
            results[shape] = measure(shape, args.n or DEFAULT_N[shape], args.runs, Path(tmp))
    body = table(results)
    print(body)
    if args.write:
        given = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("--note-file")]
        if args.note_file:
            given = [a for a in given if a != str(args.note_file)]
        shown = "make bench-shapes" if os.environ.get("MAKELEVEL") else " ".join(["python bench/shapes.py", *given])
        note = args.note_file.read_text(encoding="utf-8") if args.note_file else ""
        write_section(section(body, shown, args.runs, note))
    return 0


if __name__ == "__main__":
    sys.exit(main())
