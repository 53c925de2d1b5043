"""The installed ``syncdsl`` console script in real processes: formats, exit codes, stdin, TTY colour, imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_render import check_sarif

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TIMEOUT = 60  # generous: a run takes well under a second

BAD = """\
version: 1
contexts:
  - context_id: SdkCtx-1
    path: '      '
"""
BAD_FIRST_LINE = "bad.sync.yaml:4:11: SD013 [error] blank value for required key `path`: only whitespace"


def syncdsl_command() -> list[str]:
    """The console script beside this interpreter; the same entry point through -c if it is not installed."""
    script = Path(sys.executable).parent / ("syncdsl.exe" if os.name == "nt" else "syncdsl")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main())"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "SYNCDSL_DEBUG", "TERM")}
    env.update(extra)
    return env


def syncdsl(
    *args: str, cwd: Path | None = None, input: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*syncdsl_command(), *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        timeout=TIMEOUT,
        env=env or clean_env(),
        check=False,
    )
    out = subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )
    assert "Traceback" not in out.stderr
    return out


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    (tmp_path / "bad.sync.yaml").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_samples_are_clean_exit_0() -> None:
    out = syncdsl("lint", "samples", cwd=ROOT)
    assert (out.returncode, out.stdout, out.stderr) == (0, "All checks passed!\n", "")


def test_text_exit_1(bad_dir: Path) -> None:
    out = syncdsl("lint", "bad.sync.yaml", cwd=bad_dir)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        BAD_FIRST_LINE,
        " 4 |     path: '      '",
        "   |           ^^^^^^^^",
        "",
        "Found 1 problem (1 error, 0 warnings).",
    ]


def test_json(bad_dir: Path) -> None:
    out = syncdsl("lint", "--format", "json", "bad.sync.yaml", cwd=bad_dir)
    assert out.returncode == 1
    [item] = json.loads(out.stdout)
    assert {k: item[k] for k in ("path", "line", "column", "end_line", "end_column", "code", "fix")} == {
        "path": "bad.sync.yaml",
        "line": 4,
        "column": 11,
        "end_line": 4,
        "end_column": 19,
        "code": "SD013",
        "fix": None,
    }


def test_sarif(bad_dir: Path) -> None:
    out = syncdsl("lint", "--format", "sarif", "bad.sync.yaml", cwd=bad_dir)
    assert out.returncode == 1
    log = json.loads(out.stdout)
    check_sarif(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "SD013"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 11,
        "endLine": 4,
        "endColumn": 19,
    }


def test_github(bad_dir: Path) -> None:
    out = syncdsl("lint", "--format", "github", "bad.sync.yaml", cwd=bad_dir)
    assert out.returncode == 1
    assert out.stdout.startswith(
        "::error file=bad.sync.yaml,line=4,col=11,endLine=4,endColumn=19,title=SD013 missing-required::"
    )


def test_stdin_and_exit_2_on_missing_file(bad_dir: Path) -> None:
    out = syncdsl("lint", "--stdin-filename", "bad.sync.yaml", "-", input=BAD.encode(), cwd=bad_dir)
    assert (out.returncode, out.stdout.splitlines()[0]) == (1, BAD_FIRST_LINE)
    out = syncdsl("lint", "missing.sync.yaml", cwd=bad_dir)
    assert (out.returncode, out.stdout, out.stderr) == (2, "", "error: missing.sync.yaml: no such file or directory\n")
    out = syncdsl("lint", "--jobs", "x", cwd=bad_dir)
    assert out.returncode == 2 and out.stderr.count("\n") == 1


def test_bad_config_exit_2(bad_dir: Path) -> None:
    (bad_dir / ".syncdsl.toml").write_text("max-depth = 1000\n", encoding="utf-8")
    out = syncdsl("lint", "bad.sync.yaml", cwd=bad_dir)
    assert (out.returncode, out.stderr) == (
        2,
        "error: .syncdsl.toml: key `max-depth`: expected an integer from 1 to 500, got `1000`\n",
    )


def test_version_and_pool(bad_dir: Path) -> None:
    from syncdsl import __version__

    assert syncdsl("--version").stdout == f"syncdsl {__version__}\n"
    for n in range(30):
        (bad_dir / f"copy{n:02}.sync.yaml").write_text(BAD, encoding="utf-8")
    serial = syncdsl("lint", "--jobs", "1", "--format", "json", ".", cwd=bad_dir)
    pooled = syncdsl("lint", "--jobs", "2", "--format", "json", ".", cwd=bad_dir)
    assert (pooled.returncode, pooled.stdout) == (serial.returncode, serial.stdout)
    assert len(json.loads(pooled.stdout)) == 31


def test_broken_pipe_is_quiet(bad_dir: Path) -> None:
    for n in range(200):
        (bad_dir / f"copy{n:03}.sync.yaml").write_text(BAD, encoding="utf-8")
    proc = subprocess.Popen(
        [*syncdsl_command(), "lint", "."], cwd=bad_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env()
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, like `syncdsl lint | head -1`
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=TIMEOUT)
    assert "Traceback" not in stderr and "Exception" not in stderr


# --- terminal behaviour through a pseudo-terminal ------------------------------------------------


def _run_on_pty(args: list[str], cwd: Path, env: dict[str, str], stderr_tty: bool = False) -> tuple[bytes, bytes]:
    """Run with stdout (and optionally stderr) on a pseudo-terminal; return (tty output, piped stderr)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*syncdsl_command(), *args],
        cwd=cwd,
        stdout=slave,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    piped = proc.stderr.read() if proc.stderr else b""
    proc.wait(timeout=TIMEOUT)
    return b"".join(chunks), piped


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_and_not_with_no_color(bad_dir: Path) -> None:
    coloured, _ = _run_on_pty(["lint", "bad.sync.yaml"], bad_dir, clean_env())
    assert coloured.startswith(b"\x1b[1mbad.sync.yaml\x1b[0m:4:11: \x1b[1;31mSD013\x1b[0m")
    plain, _ = _run_on_pty(["lint", "bad.sync.yaml"], bad_dir, clean_env(NO_COLOR="1"))
    assert b"\x1b[" not in plain
    assert plain.replace(b"\r\n", b"\n").decode().splitlines()[0] == BAD_FIRST_LINE
    piped = syncdsl("lint", "bad.sync.yaml", cwd=bad_dir)
    assert "\x1b[" not in piped.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_bar_on_a_terminal_for_many_files(bad_dir: Path) -> None:
    for n in range(60):
        (bad_dir / f"copy{n:02}.sync.yaml").write_text(BAD, encoding="utf-8")
    shown, _ = _run_on_pty(["lint", "--no-show-source", "."], bad_dir, clean_env(), stderr_tty=True)
    assert b"linting 61/61 [" + b"#" * 30 + b"]" in shown
    assert b"\r\x1b[K" in shown  # the bar is erased before the findings
    few = syncdsl("lint", "bad.sync.yaml", cwd=bad_dir)
    assert "linting" not in few.stderr
    # --quiet hides the bar too.
    quiet, _ = _run_on_pty(["lint", "-q", "."], bad_dir, clean_env(), stderr_tty=True)
    assert b"linting" not in quiet
    assert quiet.rstrip().endswith(b"Found 61 problems (61 errors, 0 warnings).\x1b[0m")


# --- cold start: what `syncdsl lint` must not import ------------------------------------------------

_PROBE = """
import sys
import syncdsl.cli
after_import = set(sys.modules)
try:
    if sys.argv[1] == "click":
        syncdsl.cli.cli.main(["lint", sys.argv[2]], prog_name="syncdsl")
    else:
        syncdsl.cli.main(["lint", sys.argv[2]])
except SystemExit:
    pass
print(" ".join(sorted(after_import)))
print(" ".join(sorted(sys.modules)))
"""
HEAVY = ("pygls", "lsprotocol", "jsonschema", "cattrs", "attrs", "asyncio", "syncdsl.formatter", "syncdsl.export")


@pytest.mark.parametrize("way", ["main", "click"])
def test_lint_imports_nothing_heavy(bad_dir: Path, way: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, way, "bad.sync.yaml"],
        cwd=bad_dir,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env(),
        check=False,
    )
    at_import, at_exit = (set(line.split()) for line in proc.stdout.splitlines()[-2:])
    # importing the CLI loads neither click nor the linter
    early = ("ruamel", "click", "syncdsl.linter", "syncdsl.rules", "syncdsl.cli.")
    assert not {m for m in at_import if m.startswith(early)}
    loaded = {m for m in at_exit if m.split(".")[0] in HEAVY or m in HEAVY}
    assert loaded == set()
    # the entry point lints a plain command line without click (and without dataclasses, which imports inspect)
    without = {"click", "inspect", "dataclasses"} & at_exit
    assert without == (set() if way == "main" else {"click", "inspect"})
    assert "syncdsl.render.text" in at_exit and "syncdsl.render.sarif" not in at_exit
