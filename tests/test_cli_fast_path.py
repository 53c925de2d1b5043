"""`syncdsl lint` and `syncdsl fmt` without click (syncdsl.cli.fast) equal the same commands through click.

The entry point skips click for plain command lines; these tests run each
command line both ways and compare stdout, stderr, the exit code and (fmt)
the files left behind byte for byte, check that the fast path really was
taken (or really was not), and that each click command and its options
record (``LintOptions``, ``FmtOptions``) agree on every option's name and
default.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syncdsl.cli import fmt_run, lint_run
from syncdsl.cli.fast import OptionTable
from syncdsl.cli.fmt_cmd import fmt as fmt_command
from syncdsl.cli.fmt_run import FmtOptions
from syncdsl.cli.lint_cmd import lint as lint_command
from syncdsl.cli.lint_run import LintOptions, parse_fast
from syncdsl.records import fields

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
TIMEOUT = 60


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clean and broken files in two folders, one with its own configuration, and a git-ignored file."""
    root = tmp_path_factory.mktemp("fastpath")
    (root / "a").mkdir()
    (root / "b").mkdir()
    for code in ("SD101", "SD205", "SD013"):
        shutil.copy(FIXTURES / code / "bad.sync.yaml", root / "a" / f"{code.lower()}.sync.yaml")
        shutil.copy(FIXTURES / code / "good.sync.yaml", root / "b" / f"{code.lower()}-good.sync.yaml")
    shutil.copy(FIXTURES / "SD104" / "bad.sync.yaml", root / "b" / "sd104.sync.yaml")
    (root / "b" / ".syncdsl.toml").write_text('ignore = ["SD104"]\nfail-on = "warning"\n', encoding="utf-8")
    (root / "broken.sync.yaml").write_text("contexts: [\n  - {path: \n", encoding="utf-8")
    (root / "ignored.sync.yaml").write_text("version: 1\ncontexts: 3\n", encoding="utf-8")
    (root / ".gitignore").write_text("ignored.sync.yaml\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=TIMEOUT)
    return root


# Command lines the fast path takes.
FAST = [
    ["a"],
    ["a", "b", "broken.sync.yaml"],
    ["."],
    ["b/sd104.sync.yaml"],
    ["missing.sync.yaml"],
    ["a", "missing.sync.yaml"],
    ["--output-format", "json", "a"],
    ["--format=json", "b"],
    ["--format", "sarif", "a"],
    ["--format", "github", "a", "b"],
    ["--statistics", "a"],
    ["--statistics", "--format", "json", "a"],
    ["--statistics", "--format", "sarif", "a"],  # a usage error raised by the run itself
    ["--select", "SD1", "a"],
    ["--select=SD1,SD2", "--ignore", "SD205", "a"],
    ["--extend-select", "SD013", "--select", "SD1", "a"],
    ["--ignore", "XX9", "a"],  # an unknown code: exit 2
    ["--fail-on", "warning", "b"],
    ["--fail-on=info", "--exit-zero", "a"],
    ["--exit-zero", "a"],
    ["-q", "a"],
    ["--quiet", "b"],
    ["--no-show-source", "a"],
    ["--show-source", "--no-show-source", "--show-source", "a"],
    ["--no-config", "b"],
    ["--force-exclude", "ignored.sync.yaml", "a"],
    ["ignored.sync.yaml"],
    ["--no-respect-gitignore", "."],
    ["--respect-gitignore", "."],
    ["-j", "2", "a", "b"],
    ["--jobs=1", "a"],
    ["a", "-q", "--format", "json"],
]
# Command lines it leaves to click.
SLOW = [
    ["-"],
    ["--", "a"],
    ["-h"],
    ["--help"],
    ["--format", "bogus", "a"],
    ["--format"],
    ["--fail-on", "fatal", "a"],
    ["-j", "two", "a"],
    ["-j", "-1", "a"],
    ["-j2", "a"],
    ["-j=2", "a"],
    ["--config", "x.toml", "a"],
    ["--fix", "a"],
    ["--exit-zero=yes", "a"],
    ["--bogus", "a"],
    ["-o", "out.txt", "a"],
    ["--stdin-filename", "x.sync.yaml", "-"],
]

_RUN = "import sys, syncdsl.cli as c; args = sys.argv[2:]; "
_FAST = _RUN + "sys.exit(c.main(['lint', *args]))"
_CLICK = _RUN + "sys.exit(c.cli.main(['lint', *args], prog_name='syncdsl'))"
_FMT_FAST = _RUN + "sys.exit(c.main(['fmt', *args]))"
_FMT_CLICK = _RUN + "sys.exit(c.cli.main(['fmt', *args], prog_name='syncdsl'))"


def _run(code: str, args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    proc = subprocess.run(
        [sys.executable, "-c", code, "--", *args],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("args", FAST, ids=" ".join)
def test_fast_path_equals_click(project: Path, args: list[str]) -> None:
    assert parse_fast(args) is not None
    fast = _run(_FAST, args, project)
    slow = _run(_CLICK, args, project)
    assert fast == slow
    assert b"Traceback" not in fast[2]


@pytest.mark.parametrize("args", [["a", "b", "broken.sync.yaml"], ["--format", "json", "."], ["missing.sync.yaml"]])
def test_console_script_exit_equals_click(project: Path, args: list[str]) -> None:
    """``main()`` without arguments leaves through os._exit after flushing: nothing may be lost on the way."""
    script = _run("import sys, syncdsl.cli as c; sys.argv[1:] = ['lint', *sys.argv[2:]]; c.main()", args, project)
    assert script == _run(_CLICK, args, project)
    assert len(script[1]) + len(script[2]) > 50


def test_the_cases_cover_every_exit_code_and_output(project: Path) -> None:
    seen = {_run(_FAST, args, project)[0] for args in (["b/sd101-good.sync.yaml"], ["a"], ["missing.sync.yaml"])}
    assert seen == {0, 1, 2}


@pytest.mark.parametrize("args", SLOW, ids=" ".join)
def test_other_command_lines_go_to_click(args: list[str]) -> None:
    assert parse_fast(args) is None


def test_parse_fast_values() -> None:
    assert parse_fast(["--format=json", "-q", "x", "--select", "SD1", "--select=SD2", "-j", "3", "y"]) == LintOptions(
        paths=("x", "y"), output_format="json", quiet=True, select=("SD1", "SD2"), jobs=3
    )
    assert parse_fast([]) == LintOptions()


def test_options_record_matches_the_click_command() -> None:
    # What click passes the command for an empty command line is exactly the record's defaults.
    ctx = lint_command.make_context("lint", [])
    assert LintOptions(**ctx.params) == LintOptions()
    assert set(ctx.params) == {f.name for f in fields(LintOptions)}


def _every_fast_option(table: OptionTable) -> list[list[str]]:
    lines: list[list[str]] = [[flag] for flag in table.flags]
    for flag, (_, accepted) in table.choices.items():
        lines += [[flag, value] for value in accepted] + [[f"{flag}={value}"] for value in accepted]
    lines += [[flag, "SD1", f"{flag}=SD2,SD3"] for flag in table.repeated]
    lines += [[flag, "3"] for flag in table.counts]
    return lines


@pytest.mark.parametrize("args", _every_fast_option(lint_run.OPTIONS), ids=" ".join)
def test_fast_options_parse_as_click_parses_them(args: list[str]) -> None:
    """Each option the fast path reads means there what it means to click (same field, same value)."""
    expected = LintOptions(**lint_command.make_context("lint", [*args, "x"]).params)
    assert parse_fast([*args, "x"]) == expected


# --- fmt ----------------------------------------------------------------------------------------------

FMT_FAST = [
    ["--check", "a"],
    ["--diff", "a", "b"],
    ["--check", "--diff", "a"],
    ["--check", "broken.sync.yaml", "a"],
    ["--check", "."],
    ["--check", "missing.sync.yaml"],
    ["--no-config", "--check", "b"],
    ["--force-exclude", "--check", "ignored.sync.yaml", "a"],
    ["--no-respect-gitignore", "--diff", "."],
    ["--respect-gitignore", "--check", "."],
    ["a", "b"],  # in place
    ["."],
    ["broken.sync.yaml"],
]
FMT_SLOW = [["-"], ["--config", "x.toml", "a"], ["--stdin-filename", "x.sync.yaml", "-"], ["-h"], ["--check=1", "a"],
            ["--", "a"], ["--bogus"]]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.sync.yaml"))}


@pytest.mark.parametrize("args", FMT_FAST, ids=" ".join)
def test_fmt_fast_path_equals_click(project: Path, tmp_path: Path, args: list[str]) -> None:
    assert fmt_run.parse_fast(args) is not None
    fast_dir, click_dir = tmp_path / "fast", tmp_path / "click"
    shutil.copytree(project, fast_dir, symlinks=True)
    shutil.copytree(project, click_dir, symlinks=True)
    fast = _run(_FMT_FAST, args, fast_dir)
    slow = _run(_FMT_CLICK, args, click_dir)
    assert fast == slow
    assert b"Traceback" not in fast[2]
    assert _tree(fast_dir) == _tree(click_dir)


def test_fmt_cases_rewrite_files(project: Path, tmp_path: Path) -> None:
    shutil.copytree(project, tmp_path / "p", symlinks=True)
    before = _tree(tmp_path / "p")
    code = _run(_FMT_FAST, ["a", "b"], tmp_path / "p")[0]
    assert code == 0 and _tree(tmp_path / "p") != before


@pytest.mark.parametrize("args", FMT_SLOW, ids=" ".join)
def test_other_fmt_command_lines_go_to_click(args: list[str]) -> None:
    assert fmt_run.parse_fast(args) is None


def test_fmt_options_record_matches_the_click_command() -> None:
    ctx = fmt_command.make_context("fmt", [])
    assert FmtOptions(**ctx.params) == FmtOptions()
    assert set(ctx.params) == {f.name for f in fields(FmtOptions)}


@pytest.mark.parametrize("args", _every_fast_option(fmt_run.OPTIONS), ids=" ".join)
def test_fmt_fast_options_parse_as_click_parses_them(args: list[str]) -> None:
    expected = FmtOptions(**fmt_command.make_context("fmt", [*args, "x"]).params)
    assert fmt_run.parse_fast([*args, "x"]) == expected
