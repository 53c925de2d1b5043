"""Benchmark `syncdsl lint` against yamllint and check-jsonschema on the same files, in one run.

Every number is the wall time of a fresh process (interpreter start, imports, work, exit),
because that is what a user waits for in pre-commit, CI or an editor's "lint on save".
Peak RSS is the child's own ``ru_maxrss`` from ``os.wait4``, so each process is measured
alone (``RUSAGE_CHILDREN`` would only give the maximum over all children so far).

Method, so the comparison is fair:
- all tools read the same files, given as explicit paths in one invocation;
- the page cache is warmed by reading every file first, and each tool runs once,
  unmeasured, so byte-compiled caches exist (a cold start here is a cold *process*);
- repetitions are interleaved round-robin across tools, so drift hits all of them alike;
- times are medians, peak RSS the maximum over repetitions.

A missing tool is reported as "n/a"; a syncdsl that cannot lint yet as "pending". Findings
(exit 1) never fail the benchmark: exit codes are recorded, and findings on the corpus,
which is generated clean, are flagged loudly because they mean a rule or the corpus is wrong.

Usage: python bench/run.py [--cold-runs N] [--runs N] [--schema FILE] [--results PATH] [--no-write]
Normally run as ``make bench``; writes bench/RESULTS.md and bench/out/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus"
OUT = BENCH / "out"
RESULTS = BENCH / "RESULTS.md"
BIN = Path(sys.executable).parent
PENDING = "pending (rerun make bench)"
# Text output per SPEC section 3: `path:line:col: CODE [severity] message`.
SYNCDSL_FINDING = re.compile(r":\d+:\d+: SD\d{3}\b")
# yamllint's standard format: `  line:col  level  message  (rule)` under a file name.
YAMLLINT_FINDING = re.compile(r"^\s+\d+:\d+\s+(?:warning|error)\b")

sys.path.insert(0, str(BENCH))
import gen_corpus  # noqa: E402  (sibling script, not a package)

# Targets from the brief: (label, numerator key, denominator key, limit or None for information only).
TARGETS: list[tuple[str, str, str, float | None]] = [
    ("cold start: syncdsl / yamllint", "cold:syncdsl", "cold:yamllint", 1.0),
    ("1,000-file corpus: syncdsl / yamllint", "corpus:syncdsl", "corpus:yamllint", 0.5),
    ("1,000-file corpus: syncdsl --jobs 1 / yamllint", "corpus:syncdsl-j1", "corpus:yamllint", None),
    ("1,000-file corpus: syncdsl --jobs 2 / yamllint", "corpus:syncdsl-j2", "corpus:yamllint", None),
    ("scaling: syncdsl 50k lines / 5k lines", "50k:syncdsl", "5k:syncdsl", 11.0),
    ("scaling: yamllint 50k lines / 5k lines", "50k:yamllint", "5k:yamllint", None),
    ("cold start: syncdsl / check-jsonschema", "cold:syncdsl", "cold:check-jsonschema", None),
    ("1,000-file corpus: syncdsl / check-jsonschema", "corpus:syncdsl", "corpus:check-jsonschema", None),
    ("50k-line file: syncdsl / check-jsonschema", "50k:syncdsl", "50k:check-jsonschema", None),
]


# --- running one process -------------------------------------------------------------


@dataclass
class Sample:
    wall: float  # seconds
    rss_kb: int
    rc: int
    stdout: str
    stderr: str


def measure(argv: Sequence[str]) -> Sample:
    """Run one fresh process to completion; its own wall time and peak RSS."""
    env = child_env()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Sample(
            wall,
            usage.ru_maxrss,  # kilobytes on Linux
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def child_env() -> dict[str, str]:
    """The environment of every measured process.

    PYTHONDONTWRITEBYTECODE is dropped so the unmeasured warm-up run leaves byte code
    for syncdsl (an editable install) as pip leaves it for yamllint: otherwise
    syncdsl alone would recompile its modules on every start.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def quick(argv: Sequence[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, cwd=ROOT, timeout=timeout, check=False, env=child_env()
    )


# --- the tools ------------------------------------------------------------------------


@dataclass
class Tool:
    key: str
    label: str
    command: Callable[[list[str]], list[str]] | None  # files -> argv; None when absent or not ready
    status: str = "ok"  # "ok", "n/a: why" or "pending: why"
    version: str = "n/a"
    # A line of its output that is a finding; None: only a non-zero exit means findings.
    finding: re.Pattern[str] | None = None

    @property
    def ready(self) -> bool:
        return self.command is not None and self.status == "ok"

    def cell(self) -> str:
        return "n/a" if self.status.startswith("n/a") else PENDING


def _executable(name: str) -> str | None:
    local = BIN / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _syncdsl_prefix() -> list[str]:
    exe = _executable("syncdsl")
    return [exe] if exe else [sys.executable, "-m", "syncdsl.cli"]


def discover(probe_file: Path, schema_override: Path | None) -> tuple[dict[str, Tool], list[str]]:
    """Find each tool, check it works on one file, and fetch the schema from `syncdsl schema`."""
    notes: list[str] = []
    tools: dict[str, Tool] = {}
    prefix = _syncdsl_prefix()

    # syncdsl: ready when `syncdsl lint FILE` answers 0/1 without a traceback.
    syncdsl = Tool("syncdsl", "syncdsl lint", None, finding=SYNCDSL_FINDING)
    probe = quick([*prefix, "lint", str(probe_file)])
    if probe.returncode in (0, 1) and "Traceback" not in probe.stderr:
        syncdsl.command = lambda files: [*prefix, "lint", *files]
    else:
        why = _first_line(probe.stderr) or f"exit {probe.returncode}"
        syncdsl.status = f"pending: `syncdsl lint` not ready ({why})"
    version = quick([*prefix, "--version"])
    if version.returncode == 0 and version.stdout.strip():
        syncdsl.version = version.stdout.strip().splitlines()[0]
    else:
        meta = quick([sys.executable, "-c", "import importlib.metadata as m; print(m.version('syncdsl'))"])
        syncdsl.version = f"syncdsl {meta.stdout.strip()} (package metadata)" if meta.returncode == 0 else "n/a"
    tools[syncdsl.key] = syncdsl

    # The default may already use several processes on many files; --jobs 1 shows one process's throughput.
    has_jobs = syncdsl.ready and "--jobs" in quick([*prefix, "lint", "--help"]).stdout
    for n in (1, 2):
        jobs = Tool(f"syncdsl-j{n}", f"syncdsl lint --jobs {n}", None, version=syncdsl.version, finding=SYNCDSL_FINDING)
        if not syncdsl.ready:
            jobs.status = syncdsl.status
        elif has_jobs:
            jobs.command = lambda files, n=n: [*prefix, "lint", "--jobs", str(n), *files]
        else:
            jobs.status = "n/a: `syncdsl lint` has no --jobs option"
        tools[jobs.key] = jobs

    yl = _executable("yamllint")
    yamllint = Tool("yamllint", "yamllint -d relaxed", None, finding=YAMLLINT_FINDING)
    if yl:
        yamllint.command = lambda files: [yl, "-d", "relaxed", *files]
        yamllint.version = quick([yl, "--version"]).stdout.strip()
    else:
        yamllint.status = "n/a: yamllint not installed"
    tools[yamllint.key] = yamllint

    cj = _executable("check-jsonschema")
    cjs = Tool("check-jsonschema", "check-jsonschema --schemafile", None)
    schema = _schema(prefix, schema_override, notes)
    if not cj:
        cjs.status = "n/a: check-jsonschema not installed"
    elif schema is None:
        cjs.status = "pending: `syncdsl schema` not available yet"
    else:
        cjs.version = quick([cj, "--version"]).stdout.strip()
        # .sync.yaml is detected as YAML by suffix; the default type covers any other name.
        cjs.command = lambda files: [cj, "--schemafile", str(schema), "--default-filetype", "yaml", *files]
    tools[cjs.key] = cjs
    return tools, notes


def _schema(prefix: list[str], override: Path | None, notes: list[str]) -> Path | None:
    if override is not None:
        notes.append(f"check-jsonschema used the schema file given with --schema ({override}), not `syncdsl schema`.")
        return override.resolve()
    result = quick([*prefix, "schema"])
    if result.returncode != 0:
        return None
    try:
        json.loads(result.stdout)
    except ValueError:
        notes.append("`syncdsl schema` did not print JSON; check-jsonschema was skipped.")
        return None
    OUT.mkdir(exist_ok=True)
    path = OUT / "syncdsl.schema.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


# --- scenarios ------------------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    title: str
    files: list[Path]
    runs: int
    tools: tuple[str, ...]
    expect_clean: bool = True
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    @property
    def lines(self) -> int:
        return sum(p.read_bytes().count(b"\n") for p in self.files)


def warm_page_cache(files: list[Path]) -> None:
    for p in files:
        p.read_bytes()


def run_scenario(sc: Scenario, tools: dict[str, Tool]) -> None:
    active = [tools[k] for k in sc.tools if tools[k].ready]
    args = [str(p.relative_to(ROOT)) for p in sc.files]
    warm_page_cache(sc.files)
    print(f"\n== {sc.title}: {len(sc.files)} file(s), {sc.lines:,} lines, {sc.runs} run(s) per tool", flush=True)
    for tool in active:
        assert tool.command is not None
        measure(tool.command(args))  # unmeasured warm-up: byte-code caches, lazy imports
        sc.samples[tool.key] = []
    for i in range(sc.runs):
        for tool in active:
            assert tool.command is not None
            s = measure(tool.command(args))
            sc.samples[tool.key].append(s)
            if sc.runs <= 5 or i == sc.runs - 1:
                print(
                    f"   {tool.label:<34} run {i + 1}: {s.wall * 1000:9.1f} ms  {s.rss_kb / 1024:7.1f} MB  exit {s.rc}"
                )


def median_wall(sc: Scenario, key: str) -> float | None:
    samples = sc.samples.get(key)
    return statistics.median(s.wall for s in samples) if samples else None


def max_rss(sc: Scenario, key: str) -> int | None:
    samples = sc.samples.get(key)
    return max(s.rss_kb for s in samples) if samples else None


def exit_codes(sc: Scenario, key: str) -> list[int]:
    return sorted({s.rc for s in sc.samples.get(key, [])})


def findings(sc: Scenario, tool: Tool) -> list[str]:
    """Problems a tool reported on files meant to be clean (from its first measured run)."""
    samples = sc.samples.get(tool.key)
    if not samples:
        return []
    s = samples[0]
    if s.rc != 0:
        text = (s.stdout.strip() + "\n" + s.stderr.strip()).strip()
        return text.splitlines() or [f"exit {s.rc} with no output"]
    if tool.finding is None:
        return []
    return [line for line in s.stdout.splitlines() if tool.finding.search(line)]


# --- in-process profile of the parse path -----------------------------------------------

_PROFILE = r"""
import gc, json, sys, time
from pathlib import Path
paths = [Path(p) for p in json.loads(sys.argv[1])]
runs = int(sys.argv[2])
blobs = [p.read_bytes() for p in paths]
lines = sum(b.count(b"\n") for b in blobs)
result = {"lines": lines, "files": len(blobs)}
t = time.perf_counter()
from syncdsl.document import parse
result["import_document_s"] = time.perf_counter() - t
def timed(fn):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for b in blobs:
            fn(b)
        times.append(time.perf_counter() - t)
    return min(times)  # best of N: the least disturbed run of the same work
result["parse_s"] = timed(parse)
# The same with the cyclic GC off: how much of the time is collector passes over a growing tree.
gc.collect()
gc.disable()
result["parse_nogc_s"] = timed(parse)
gc.enable()
bad = [len(parse(b).all_diagnostics()) for b in blobs]
result["parse_findings"] = sum(bad)
try:
    from syncdsl.linter import lint_source
    lint_source(blobs[0])
except Exception as exc:  # the rules are still being written
    result["lint_error"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
else:
    result["lint_s"] = timed(lint_source)
    result["lint_findings"] = sum(len(lint_source(b).diagnostics) for b in blobs)
print(json.dumps(result))
"""


def profile_parse(files: list[Path], runs: int) -> dict[str, object]:
    """Time syncdsl.document.parse (and lint_source when it works) in one process, no CLI."""
    proc = quick([sys.executable, "-c", _PROFILE, json.dumps([str(p) for p in files]), str(runs)], timeout=600)
    if proc.returncode != 0:
        return {"error": _first_line(proc.stderr) or f"exit {proc.returncode}"}
    data: dict[str, object] = json.loads(proc.stdout)
    return data


@dataclass
class ImportProfile:
    total: float  # seconds spent importing, all modules
    top: list[tuple[str, float]]  # slowest top-level imports (cumulative), seconds


def import_profile(argv: list[str], runs: int = 3, top: int = 8) -> ImportProfile | None:
    """Where a tool's start-up goes: `python -X importtime` on a real invocation.

    Top-level entries are what the program (or a function, lazily) imported itself,
    each with everything it pulled in; their sum is the whole import time. The
    fastest of a few runs is kept, after a warm-up, as the least disturbed.
    """
    if argv[0] == sys.executable:
        cmd = [argv[0], "-X", "importtime", *argv[1:]]
    else:  # a console script: run its file with the same interpreter
        cmd = [sys.executable, "-X", "importtime", *argv]
    quick(cmd)  # may write byte code
    profiles = [p for p in (_parse_importtime(quick(cmd).stderr, top) for _ in range(runs)) if p is not None]
    return min(profiles, key=lambda p: p.total) if profiles else None


def _parse_importtime(stderr: str, top: int) -> ImportProfile | None:
    rows: list[tuple[str, float]] = []
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:].rstrip()  # one space of padding, then two per nesting level
        if not name.startswith(" "):
            rows.append((name, int(parts[1]) / 1e6))
    if not rows:
        return None
    rows.sort(key=lambda r: -r[1])
    return ImportProfile(sum(sec for _, sec in rows), rows[:top])


# --- machine and report ---------------------------------------------------------------


def machine() -> dict[str, str]:
    info = {"uname": " ".join(platform.uname()), "cpu": "unknown", "memory": "unknown"}
    uname = quick(["uname", "-a"])
    if uname.returncode == 0:
        info["uname"] = uname.stdout.strip()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info["nproc"] = str(affinity)
    info["load"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    info["python"] = f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"
    return info


def _shown_python() -> str:
    exe = Path(sys.executable)
    return str(exe.relative_to(ROOT)) if exe.is_relative_to(ROOT) else str(exe)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.2f} s"


def fmt_rss(kb: int | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def cell(sc: Scenario, tool: Tool, value: str) -> str:
    if tool.key not in sc.tools:
        return "—"
    if not tool.ready:
        return tool.cell()
    codes = exit_codes(sc, tool.key)
    return value if codes == [0] else f"{value} (exit {', '.join(map(str, codes))})"


@dataclass
class Ratio:
    label: str
    value: float | None
    limit: float | None
    missing: str  # shown instead of a value: "n/a" (a tool is absent) or PENDING

    def shown(self) -> str:
        return self.missing if self.value is None else f"{self.value:.2f}"


def ratios(scenarios: dict[str, Scenario], tools: dict[str, Tool]) -> list[Ratio]:
    out: list[Ratio] = []
    for label, num, den, limit in TARGETS:
        (sn, tn), (sd, td) = num.split(":"), den.split(":")
        a, b = median_wall(scenarios[sn], tn), median_wall(scenarios[sd], td)
        absent = any(tools[t].status.startswith("n/a") for t in (tn, td))
        out.append(Ratio(label, a / b if a is not None and b else None, limit, "n/a" if absent else PENDING))
    return out


def verdict(r: Ratio) -> str:
    value, limit = r.value, r.limit
    if value is None:
        return r.missing
    if limit is None:
        return "(information)"
    return f"{'✓' if value <= limit else '✗'} target ≤ {limit:g}"


def report(
    scenarios: dict[str, Scenario],
    tools: dict[str, Tool],
    info: dict[str, str],
    profile: dict[str, dict[str, object]],
    imports: dict[str, ImportProfile],
    warnings: list[str],
    notes: list[str],
    started: dt.datetime,
    elapsed: float,
    load_start: str,
) -> str:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    order = [tools[k] for k in ("syncdsl", "syncdsl-j1", "syncdsl-j2", "yamllint", "check-jsonschema")]
    out = [
        "# syncdsl CLI benchmark results",
        "",
        "Generated by `bench/run.py`; do not edit by hand. Rerun with:",
        "",
        "```sh",
        "make bench",
        "```",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')} (benchmark took {elapsed:.0f} s)",
        f"- Command: `make bench` (runs `{_shown_python()} bench/run.py{''.join(' ' + a for a in sys.argv[1:])}`)",
        "",
        "## Machine",
        "",
        f"- `uname -a`: `{info['uname']}`",
        f"- CPU: {info['cpu']}, nproc {info['nproc']}",
        f"- Memory: {info['memory']}",
        f"- Load average (1/5/15 min) at start: {load_start}; at end: {info['load']}",
        f"- Python: {info['python']}",
        "",
        "## Tools",
        "",
        "| tool | version | command | status |",
        "|---|---|---|---|",
    ]
    commands = {
        "syncdsl": "syncdsl lint FILES...",
        "syncdsl-j1": "syncdsl lint --jobs 1 FILES...",
        "syncdsl-j2": "syncdsl lint --jobs 2 FILES...",
        "yamllint": "yamllint -d relaxed FILES...",
        "check-jsonschema": "check-jsonschema --schemafile SCHEMA --default-filetype yaml FILES...",
    }
    for t in order:
        out.append(f"| {t.label} | {t.version} | `{commands[t.key]}` | {t.status} |")
    small = manifest["small_files"]
    out += [
        "",
        "check-jsonschema's SCHEMA is `bench/out/syncdsl.schema.json`, the JSON Schema printed by",
        "`syncdsl schema`; check-jsonschema parses the YAML itself (`.sync.yaml` is detected as YAML",
        "by its suffix).",
        "",
        "## Corpus",
        "",
        f"`bench/gen_corpus.py` (seed {manifest['seed']}, generator {manifest['generator_version']}) writes clean,"
        " realistic configs (named policies with `extends`, inline policies, white lists, comments):",
        "",
        f"- {small:,} small files, {manifest['small_lines_total']:,} lines in all"
        f" ({manifest['small_lines_total'] / small:.0f} lines per file on average);",
        *(f"- `{name}`: {n:,} lines;" for name, n in manifest["large_lines"].items()),
        "",
        "## Wall time (median)",
        "",
        "Each cell is one fresh process: interpreter start, imports, the work, exit.",
        "",
        "| scenario | " + " | ".join(t.label for t in order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for sc in scenarios.values():
        row = [cell(sc, t, fmt_time(median_wall(sc, t.key))) for t in order]
        out.append(f"| {sc.title} (median of {sc.runs}) | " + " | ".join(row) + " |")
    out += [
        "",
        "## Peak RSS (maximum over runs)",
        "",
        "| scenario | " + " | ".join(t.label for t in order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for sc in scenarios.values():
        row = [cell(sc, t, fmt_rss(max_rss(sc, t.key))) for t in order]
        out.append(f"| {sc.title} | " + " | ".join(row) + " |")
    out += ["", "## Ratios", "", "| ratio | value | verdict |", "|---|---|---|"]
    for r in ratios(scenarios, tools):
        out.append(f"| {r.label} | {r.shown()} | {verdict(r)} |")
    out += [
        "",
        "## syncdsl parse path, in process",
        "",
        "Best-of-N time of `syncdsl.document.parse` (bytes in, node tree with spans out) and of",
        "`syncdsl.linter.lint_source` (parse, schema, every rule, suppressions) called in one warm",
        'process: the work without interpreter start-up. "GC off" is the same parse with Python\'s',
        "cyclic garbage collector disabled, to show how much collector passes cost on large trees.",
        "",
        "| input | lines | parse | parse per 1,000 lines | parse, GC off | lint_source | lint_source per 1,000 lines |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, data in profile.items():
        if "error" in data:
            out.append(f"| {name} | — | {PENDING}: {data['error']} | | | | |")
            continue
        lines = int(data["lines"])  # type: ignore[call-overload]
        parse_s = float(data["parse_s"])  # type: ignore[arg-type]
        nogc = fmt_time(float(data["parse_nogc_s"]))  # type: ignore[arg-type]
        if "lint_s" in data:
            lint_s = float(data["lint_s"])  # type: ignore[arg-type]
            lint_cells = f"{fmt_time(lint_s)} | {lint_s * 1000 / (lines / 1000):.2f} ms"
        else:
            lint_cells = f"{PENDING} | "
        per_k = f"{parse_s * 1000 / (lines / 1000):.2f} ms"
        out.append(f"| {name} | {lines:,} | {fmt_time(parse_s)} | {per_k} | {nogc} | {lint_cells} |")
    lint_errors = {str(d["lint_error"]) for d in profile.values() if "lint_error" in d}
    for err in sorted(lint_errors):
        out.append(f"\n`lint_source` not measured: `{err}`")
    if imports:
        out += [
            "",
            "## Start-up imports",
            "",
            "`python -X importtime` on the cold-start command (fastest of 3 runs after a warm-up): total",
            "import time, and the slowest top-level imports with everything each pulled in.",
            "",
            "| tool | all imports | slowest top-level imports |",
            "|---|---|---|",
        ]
        for label, prof in imports.items():
            slowest = ", ".join(f"`{name}` {sec * 1000:.1f} ms" for name, sec in prof.top)
            out.append(f"| {label} | {prof.total * 1000:.0f} ms | {slowest} |")
    out += ["", "## Warnings", ""]
    out += [f"- {w}" for w in warnings] or ["None: every tool ran, and none reported findings on the clean corpus."]
    if notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    out += [
        "",
        "## Method",
        "",
        "- Every tool gets the same files as explicit paths in one invocation (the corpus: all",
        f"  {small:,} files at once).",
        "- The page cache is warmed by reading the files first, and each tool runs once unmeasured",
        '  per scenario, so byte-code caches exist: "cold start" means a fresh process, not a cold disk.',
        "- Repetitions run round-robin across tools; times are medians of the wall clock around",
        "  the process, peak RSS is the process's own `ru_maxrss` from `os.wait4` (with `--jobs`,",
        "  the largest of the process and its workers, not their sum).",
        "- Exit code 1 (findings) is recorded, never fatal; the corpus is generated clean, so",
        "  any finding on it is listed under Warnings.",
        "",
    ]
    return "\n".join(out)


# --- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=15, help="repetitions of the cold-start scenario")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the other scenarios")
    parser.add_argument("--schema", type=Path, help="JSON Schema for check-jsonschema instead of `syncdsl schema`")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the Markdown report")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing it")
    args = parser.parse_args(argv)
    if args.cold_runs < 1 or args.runs < 1:
        parser.error("--cold-runs and --runs must be at least 1")

    started = dt.datetime.now(dt.timezone.utc)
    load = os.getloadavg()
    load_start = " / ".join(f"{x:.2f}" for x in load)
    t0 = time.perf_counter()
    gen_corpus.main([])
    small = sorted((CORPUS / "small").glob("*.sync.yaml"))
    big5, big50 = CORPUS / "large-5k.sync.yaml", CORPUS / "large-50k.sync.yaml"

    tools, notes = discover(small[0], args.schema)
    for t in tools.values():
        print(f"{t.label:<34} {t.version:<40} {t.status}")
    notes += [f"Non-default options: `{' '.join(sys.argv[1:])}`."] if sys.argv[1:] else []

    everyone = ("syncdsl", "yamllint", "check-jsonschema")
    first_lines = small[0].read_bytes().count(b"\n")
    scenarios = {
        "cold": Scenario("cold", f"cold start, 1 file of {first_lines} lines", small[:1], args.cold_runs, everyone),
        "corpus": Scenario(
            "corpus",
            f"corpus, {len(small):,} files",
            small,
            args.runs,
            ("syncdsl", "syncdsl-j1", "syncdsl-j2", "yamllint", "check-jsonschema"),
        ),
        "5k": Scenario("5k", "one 5,000-line file", [big5], args.runs, everyone),
        "50k": Scenario("50k", "one 50,000-line file", [big50], args.runs, everyone),
    }
    for sc in scenarios.values():
        run_scenario(sc, tools)

    warnings: list[str] = [f"{t.label}: {t.status}" for t in tools.values() if not t.ready]
    for sc in scenarios.values():
        for key, samples in sc.samples.items():
            crashed = sorted({s.rc for s in samples if s.rc not in (0, 1)})
            problems = findings(sc, tools[key])
            if crashed:
                warnings.append(f"{tools[key].label} on {sc.title}: exit {crashed} (an error, not findings)")
            if problems and sc.expect_clean:
                shown = "; ".join(f"`{line}`" for line in problems[:5])
                more = f" (+{len(problems) - 5} more lines)" if len(problems) > 5 else ""
                warnings.append(f"{tools[key].label} reported problems on {sc.title}, which is clean: {shown}{more}")
                if key.startswith("syncdsl"):
                    bar = "!" * 78
                    print(
                        f"\n{bar}\n!!! WARNING: {tools[key].label} found problems in the CLEAN corpus ({sc.title})"
                        f"\n!!! a rule misfires or the generator is wrong; first lines:",
                        file=sys.stderr,
                    )
                    for line in problems[:20]:
                        print(f"!!!   {line}", file=sys.stderr)
                    print(bar, file=sys.stderr)

    print("\n== in-process parse profile", flush=True)
    profile = {
        "5,000-line file": profile_parse([big5], args.runs),
        "50,000-line file": profile_parse([big50], args.runs),
        f"corpus, {len(small):,} files": profile_parse(small, args.runs),
    }
    for name, data in profile.items():
        print(f"   {name}: {json.dumps(data)}")
        for what in ("parse", "lint"):
            if data.get(f"{what}_findings"):
                warnings.append(f"in-process {what} found {data[f'{what}_findings']} diagnostics on the clean {name}")
    imports: dict[str, ImportProfile] = {}
    for key in everyone[:2]:
        tool = tools[key]
        prof = import_profile(tool.command([str(small[0].relative_to(ROOT))])) if tool.command else None
        if prof is not None:
            imports[tool.label] = prof

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if load[0] > 0.5 * cpus:
        warnings.append(
            f"the machine was busy when the benchmark started (1-minute load {load[0]:.2f} on {cpus} CPUs):"
            " absolute times are inflated and noisier; rerun on an idle machine for final numbers"
        )
    elapsed = time.perf_counter() - t0
    text = report(scenarios, tools, machine(), profile, imports, warnings, notes, started, elapsed, load_start)
    OUT.mkdir(exist_ok=True)
    raw = {
        sc.key: {k: [{"wall": s.wall, "rss_kb": s.rss_kb, "rc": s.rc} for s in v] for k, v in sc.samples.items()}
        for sc in scenarios.values()
    }
    (OUT / "results.json").write_text(json.dumps({"samples": raw, "profile": profile}, indent=1), encoding="utf-8")
    print("\n== ratios")
    for r in ratios(scenarios, tools):
        print(f"   {r.label:<48} {'n/a' if r.missing == 'n/a' and r.value is None else r.shown()[:8]:>8}  {verdict(r)}")
    if args.no_write:
        print("\n" + text)
    else:
        args.results.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
