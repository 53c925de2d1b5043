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

Run it with the interpreter of ``bench/.venv`` (syncdsl installed from a wheel, not editable:
``bench/bench_venv.py`` builds it); the tools are the console scripts next to that interpreter.
Unless ``--no-lsp``, the language-server benchmark (``bench/lsp_bench.py``) runs in the same run,
so every target is judged on numbers from one run.

Usage: python bench/run.py [--cold-runs N] [--runs N] [--schema FILE] [--no-lsp] [--no-sizes] [--no-write]
Normally run as ``make bench``; writes its sections of bench/RESULTS.md (between their markers; other
sections are left alone) and bench/out/results.json (read by bench/plot.py).
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

BEGIN = "<!-- bench/run.py: begin -->"
END = "<!-- bench/run.py: end -->"
# Extra file sizes for the time-versus-size plot (the 5k and 50k corpus files are measured anyway).
SWEEP_SIZES = (1_000, 2_000, 10_000, 20_000)
LSP_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)
RSS_LIMIT_MB = 200

# Targets of issue 13: (label, numerator key, denominator key, limit or None for information only).
TARGETS: list[tuple[str, str, str, float | None]] = [
    ("cold start: syncdsl / yamllint", "cold:syncdsl", "cold:yamllint", 0.7),
    ("1,000-file corpus: syncdsl / yamllint", "corpus:syncdsl", "corpus:yamllint", 0.15),
    ("one 5,000-line file: syncdsl / yamllint", "5k:syncdsl", "5k:yamllint", 0.4),
    ("scaling: syncdsl 50k lines / 5k lines", "50k:syncdsl", "5k:syncdsl", 11.0),
    ("5,000-line file with a syntax error: syncdsl / yamllint", "5k-broken:syncdsl", "5k-broken:yamllint", None),
    ("cold start: syncdsl fmt --check / yamllint", "cold:syncdsl-fmt", "cold:yamllint", None),
    ("1,000-file corpus: syncdsl --jobs 1 / yamllint", "corpus:syncdsl-j1", "corpus:yamllint", None),
    ("1,000-file corpus: syncdsl --jobs 2 / yamllint", "corpus:syncdsl-j2", "corpus:yamllint", None),
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
    return [exe] if exe else [sys.executable, "-I", "-m", "syncdsl.cli"]


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
        meta = quick([sys.executable, "-I", "-c", "import importlib.metadata as m; print(m.version('syncdsl'))"])
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

    # pre-commit's other hook: the formatter checking the same file.
    fmt = Tool("syncdsl-fmt", "syncdsl fmt --check", None, version=syncdsl.version)
    if syncdsl.ready:
        fmt.command = lambda files: [*prefix, "fmt", "--check", *files]
    else:
        fmt.status = syncdsl.status
    tools[fmt.key] = fmt

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


def broken_copy(path: Path) -> Path:
    """``path`` with a syntax error half-way down, as while typing: the first ``path: `` there becomes ``path: [``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(len(lines) // 2, len(lines)) if "path: " in lines[i])
    lines[at] = lines[at].replace("path: ", "path: [", 1)
    out = OUT / f"{path.stem.removesuffix('.sync')}-broken.sync.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


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
    """Time syncdsl.document.parse (and lint_source when it works) in one process, no CLI.

    ``-I`` keeps the work tree off ``sys.path``: the installed syncdsl is measured.
    """
    argv = [sys.executable, "-I", "-c", _PROFILE, json.dumps([str(p) for p in files]), str(runs)]
    proc = quick(argv, timeout=600)
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


def install_info() -> dict[str, str]:
    """Where the measured syncdsl comes from, and whether pip installed it as editable."""
    probe = (
        "import json, importlib.metadata as m, syncdsl;"
        "d = m.distribution('syncdsl'); u = json.loads(d.read_text('direct_url.json') or '{}');"
        "print(json.dumps({'file': syncdsl.__file__, 'editable': bool(u.get('dir_info', {}).get('editable'))}))"
    )
    done = quick([sys.executable, "-I", "-c", probe])
    try:
        info: dict[str, str] = {k: str(v) for k, v in json.loads(done.stdout).items()}
    except ValueError:
        return {"file": "?", "editable": "?"}
    return info


def sized_files(sizes: Sequence[int]) -> dict[int, Path]:
    """Clean files of exactly these many lines (seeded, like the corpus), in bench/out/sizes/."""
    import random

    folder = OUT / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[int, Path] = {}
    for lines in sizes:
        if lines == 5_000:
            out[lines] = CORPUS / "large-5k.sync.yaml"
            continue
        if lines == 50_000:
            out[lines] = CORPUS / "large-50k.sync.yaml"
            continue
        path = folder / f"lines-{lines}.sync.yaml"
        rng = random.Random(gen_corpus.DEFAULT_SEED + lines)
        text, _ = gen_corpus.large_file(lines, 50_000 + lines, rng, [lines * 1000])
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        out[lines] = path
    return out


def _verdict_cell(met: bool | None) -> str:
    return "(information)" if met is None else ("✓ met" if met else "✗ not met")


def target_rows(
    scenarios: dict[str, Scenario], tools: dict[str, Tool], lsp: dict[str, object] | None
) -> list[tuple[str, str, bool | None]]:
    """Every target of issue 13: (what, the numbers, met / not met / None when it cannot be judged)."""
    rows: list[tuple[str, str, bool | None]] = []
    for r in ratios(scenarios, tools):
        if r.limit is None:
            continue
        if r.value is None:
            rows.append((f"{r.label} ≤ {r.limit:g}", r.missing, None))
            continue
        num_key, den_key = next((num, den) for label, num, den, _ in TARGETS if label == r.label)
        a = median_wall(scenarios[num_key.split(":")[0]], num_key.split(":")[1])
        b = median_wall(scenarios[den_key.split(":")[0]], den_key.split(":")[1])
        rows.append((f"{r.label} ≤ {r.limit:g}", f"{fmt_time(a)} / {fmt_time(b)} = {r.value:.2f}", r.value <= r.limit))
    rss = max_rss(scenarios["50k"], "syncdsl")
    if rss is not None:
        rows.append((f"peak RSS of syncdsl lint on 50,000 lines ≤ {RSS_LIMIT_MB} MB", fmt_rss(rss),
                     rss / 1024 <= RSS_LIMIT_MB))
    if lsp is not None:
        import lsp_bench

        rows += lsp_bench.targets(lsp)  # type: ignore[arg-type]
    return rows


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
    sweep: dict[str, dict[str, float]],
    installed: dict[str, str],
    lsp: dict[str, object] | None,
) -> str:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    order = [tools[k] for k in ("syncdsl", "syncdsl-j1", "syncdsl-j2", "syncdsl-fmt", "yamllint", "check-jsonschema")]
    given = "".join(" " + a for a in sys.argv[1:])
    out = [
        BEGIN,
        "## Command line and summary (`make bench`)",
        "",
        "Written by `bench/run.py` (this section) and `bench/lsp_bench.py` (the next one) in one run; the other",
        "sections of this file belong to other scripts. Reproduce with:",
        "",
        "```sh",
        "make bench        # builds bench/.venv (syncdsl from a wheel, yamllint, check-jsonschema, matplotlib),",
        "                  # npm-installs yaml-language-server into bench/, runs bench/run.py and bench/plot.py",
        "make bench-lsp    # the language-server part alone (bench/lsp_bench.py)",
        "```",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')} (the run took {elapsed:.0f} s)",
        f"- Command: `make bench` (runs `{_shown_python()} bench/run.py{given}`)",
        f"- Machine: `{info['uname']}`; CPU {info['cpu']}, nproc {info['nproc']}; memory {info['memory']}",
        f"- Load average (1/5/15 min) at the start: {load_start}; at the end: {info['load']}",
        f"- Python: {info['python']}",
        f"- syncdsl measured from `{Path(installed['file']).parent}`"
        f" ({'an EDITABLE install' if installed['editable'] == 'True' else 'a regular wheel install'})",
        "",
        "### Targets (issue 13)",
        "",
        "| target | value | verdict |",
        "|---|---|---|",
    ]
    for what, value, met in target_rows(scenarios, tools, lsp):
        out.append(f"| {what} | {value} | {_verdict_cell(met)} |")
    out += [
        "",
        "Ratios are of medians taken in this run, the tools interleaved round-robin, so machine drift and",
        "other load hit every tool alike; on a shared machine absolute times run high, ratios much less so.",
        "",
        "![time versus file size](plot.png)",
        "",
        "### Tools",
        "",
        "| tool | version | command | status |",
        "|---|---|---|---|",
    ]
    commands = {
        "syncdsl": "syncdsl lint FILES...",
        "syncdsl-j1": "syncdsl lint --jobs 1 FILES...",
        "syncdsl-j2": "syncdsl lint --jobs 2 FILES...",
        "syncdsl-fmt": "syncdsl fmt --check FILES...",
        "yamllint": "yamllint -d relaxed FILES...",
        "check-jsonschema": "check-jsonschema --schemafile SCHEMA --default-filetype yaml FILES...",
    }
    for t in order:
        out.append(f"| {t.label} | {t.version} | `{commands[t.key]}` | {t.status} |")
    small = manifest["small_files"]
    out += [
        "",
        "All are console scripts of `bench/.venv`. check-jsonschema's SCHEMA is `bench/out/syncdsl.schema.json`,",
        "the JSON Schema printed by `syncdsl schema`; check-jsonschema parses the YAML itself.",
        "",
        "### Corpus",
        "",
        f"`bench/gen_corpus.py` (seed {manifest['seed']}, generator {manifest['generator_version']}) writes clean,"
        " realistic configs (named policies with `extends`, inline policies, white lists, comments):",
        "",
        f"- {small:,} small files, {manifest['small_lines_total']:,} lines in all"
        f" ({manifest['small_lines_total'] / small:.0f} lines per file on average);",
        *(f"- `{name}`: {n:,} lines;" for name, n in manifest["large_lines"].items()),
        f"- for the plot, files of {', '.join(f'{n:,}' for n in SWEEP_SIZES)} lines made the same way"
        " (`bench/out/sizes/`).",
        "",
        "### Wall time (median)",
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
        "### Peak RSS (maximum over runs)",
        "",
        "| scenario | " + " | ".join(t.label for t in order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for sc in scenarios.values():
        row = [cell(sc, t, fmt_rss(max_rss(sc, t.key))) for t in order]
        out.append(f"| {sc.title} | " + " | ".join(row) + " |")
    if sweep:
        sizes = sorted({int(n) for per in sweep.values() for n in per})
        out += [
            "",
            "### Time versus file size (median, fresh process; the plot's command-line panel)",
            "",
            "| tool | " + " | ".join(f"{n:,} lines" for n in sizes) + " |",
            "|---|" + "---|" * len(sizes),
        ]
        for key, per in sweep.items():
            row = [fmt_time(per.get(str(n))) for n in sizes]
            out.append(f"| {tools[key].label} | " + " | ".join(row) + " |")
    out += ["", "### All ratios", "", "| ratio | value | verdict |", "|---|---|---|"]
    for r in ratios(scenarios, tools):
        out.append(f"| {r.label} | {r.shown()} | {verdict(r)} |")
    out += [
        "",
        "### syncdsl parse path, in process",
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
            "### Start-up imports",
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
    out += ["", "### Warnings", ""]
    out += [f"- {w}" for w in warnings] or ["None: every tool ran, and none reported findings on the clean corpus."]
    if notes:
        out += ["", "### Notes", ""] + [f"- {n}" for n in notes]
    out += [
        "",
        "### Method",
        "",
        "- Every tool gets the same files as explicit paths in one invocation (the corpus: all",
        f"  {small:,} files at once).",
        "- The page cache is warmed by reading the files first, and each tool runs once unmeasured",
        '  per scenario, so byte-code caches exist: "cold start" means a fresh process, not a cold disk.',
        "- Repetitions run round-robin across tools; times are medians of the wall clock around",
        "  the process, peak RSS is the process's own `ru_maxrss` from `os.wait4` (with `--jobs`,",
        "  the largest of the process and its workers, not their sum).",
        "- syncdsl runs from a wheel installed into `bench/.venv` (an editable install adds import hooks",
        "  to every start); the report says which install it measured.",
        "- Exit code 1 (findings) is recorded, never fatal; the corpus is generated clean, so",
        "  any finding on it is listed under Warnings.",
        "",
        END,
    ]
    return "\n".join(out)


def write_results(text: str) -> None:
    """Put our section into RESULTS.md: between our markers, else right under the title."""
    import lsp_bench

    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if BEGIN not in current and current.startswith("# syncdsl CLI benchmark results"):
        # The old layout: the whole top of the file up to the first other section was ours.
        cut = current.find("<!-- yaml-suite: begin")
        current = "# syncdsl benchmark results\n\n" + (current[cut:] if cut != -1 else "")
    if not current.startswith("# "):
        current = "# syncdsl benchmark results\n\n" + current
    RESULTS.write_text(current, encoding="utf-8")
    lsp_bench.write_section(text, BEGIN, END)


def run_sweep(tools: dict[str, Tool], runs: int, scenarios: dict[str, Scenario]) -> dict[str, dict[str, float]]:
    """Median wall time per file size for the plot: the extra sizes, plus the scenarios' own files."""
    keys = ("syncdsl", "yamllint", "check-jsonschema")
    files = sized_files(SWEEP_SIZES)
    sweep: dict[str, dict[str, float]] = {k: {} for k in keys if tools[k].ready}
    for lines, path in sorted(files.items()):
        sc = Scenario(f"sweep-{lines}", f"{lines:,} lines", [path], runs, keys)
        run_scenario(sc, tools)
        for key in sweep:
            value = median_wall(sc, key)
            if value is not None:
                sweep[key][str(lines)] = value
    for name in ("cold", "5k", "50k"):
        sc = scenarios[name]
        for key in sweep:
            value = median_wall(sc, key)
            if value is not None:
                sweep[key][str(sc.lines)] = value
    return sweep


# --- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=21, help="repetitions of the cold-start scenario")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the other scenarios")
    parser.add_argument("--schema", type=Path, help="JSON Schema for check-jsonschema instead of `syncdsl schema`")
    parser.add_argument("--no-lsp", action="store_true", help="skip the language-server benchmark")
    parser.add_argument("--no-sizes", action="store_true", help="skip the file-size sweeps (the plot's data)")
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
    installed = install_info()
    print(f"syncdsl from {installed['file']} (editable: {installed['editable']})")
    notes += [f"Non-default options: `{' '.join(sys.argv[1:])}`."] if sys.argv[1:] else []

    everyone = ("syncdsl", "yamllint", "check-jsonschema")
    first_lines = small[0].read_bytes().count(b"\n")
    scenarios = {
        "cold": Scenario(
            "cold",
            f"cold start, 1 file of {first_lines} lines",
            small[:1],
            args.cold_runs,
            ("syncdsl", "syncdsl-fmt", "yamllint", "check-jsonschema"),
        ),
        "corpus": Scenario(
            "corpus",
            f"corpus, {len(small):,} files",
            small,
            args.runs,
            ("syncdsl", "syncdsl-j1", "syncdsl-j2", "yamllint", "check-jsonschema"),
        ),
        "5k": Scenario("5k", "one 5,000-line file", [big5], args.runs, everyone),
        "50k": Scenario("50k", "one 50,000-line file", [big50], args.runs, everyone),
        "5k-broken": Scenario(
            "5k-broken",
            "one 5,000-line file with a half-typed `[` in its middle",
            [broken_copy(big5)],
            args.runs,
            everyone,
            expect_clean=False,
        ),
    }
    for sc in scenarios.values():
        run_scenario(sc, tools)

    warnings: list[str] = [f"{t.label}: {t.status}" for t in tools.values() if not t.ready]
    if installed.get("editable") != "False":
        warnings.append(f"syncdsl was not a regular wheel install ({installed}): run `make bench`")
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

    sweep = {} if args.no_sizes else run_sweep(tools, args.runs, scenarios)

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

    lsp: dict[str, object] | None = None
    if not args.no_lsp:
        import lsp_bench

        if lsp_bench.YAML_LS.exists():
            print("\n== language server", flush=True)
            lsp_sizes = {} if args.no_sizes else sized_files(LSP_SIZES)
            lsp = lsp_bench.collect(sizes=lsp_sizes)
        else:
            warnings.append("yaml-language-server is not installed (npm install in bench/): LSP targets not measured")

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if load[0] > 0.5 * cpus:
        warnings.append(
            f"the machine was busy when the benchmark started (1-minute load {load[0]:.2f} on {cpus} CPUs):"
            " absolute times are inflated and noisier; the ratios, taken in the same run, much less so"
        )
    elapsed = time.perf_counter() - t0
    text = report(scenarios, tools, machine(), profile, imports, warnings, notes, started, elapsed, load_start,
                  sweep, installed, lsp)
    OUT.mkdir(exist_ok=True)
    raw = {
        sc.key: {k: [{"wall": s.wall, "rss_kb": s.rss_kb, "rc": s.rc} for s in v] for k, v in sc.samples.items()}
        for sc in scenarios.values()
    }
    lines_of = {sc.key: sc.lines for sc in scenarios.values()}
    (OUT / "results.json").write_text(
        json.dumps({"samples": raw, "lines": lines_of, "sweep": sweep, "profile": profile, "lsp": lsp}, indent=1),
        encoding="utf-8",
    )
    print("\n== targets")
    for what, value, met in target_rows(scenarios, tools, lsp):
        print(f"   {what:<100} {value:>28}  {_verdict_cell(met)}")
    if args.no_write:
        print("\n" + text)
    else:
        write_results(text)
        if lsp is not None:
            import lsp_bench

            shown = "make bench" if os.environ.get("MAKELEVEL") else "python bench/run.py"
            lsp_bench.write_section(lsp_bench.report(lsp, f"{shown} (runs `{_shown_python()} bench/run.py`)"),
                                    after=END)
        print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
