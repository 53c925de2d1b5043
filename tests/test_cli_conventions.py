"""The command-line conventions users know from ruff (issue 10, item 4), through the real ``syncdsl`` command.

Each test names the convention it checks: output options (``--output-format``,
``-o``, ``--exit-zero``), rule selection (``--extend-select``,
``extend-select``, ``per-file-ignores``), which files are linted (default
excludes, ``extend-exclude``, ``.gitignore``, ``--force-exclude``), fix
reporting (``[*]``, the fixable count, ``--show-fixes``, the ``rule`` table's
fix safety), coloured diffs, honest summaries and misspelt directives (SD901).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from syncdsl.cli import cli
from syncdsl.diagnostics import Applicability
from syncdsl.linter import lint
from syncdsl.render import fix_safety
from syncdsl.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "rules"

# SD303 (a warning, no fix) only.
WARN_ONLY = """\
version: 1
policies:
  old: {}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/logs
"""
WARN_LINE = "{}:3:3: SD303 [warning] unused policy `old`: no context or `extends` names it"

# SD101 (an error whose fix is a suggestion) and SD111 (a warning with a safe fix).
FIXABLE = """\
version: 1
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy:
      recycle_policy:
        paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]
"""
SD101_LINE = (
    "{}:7:17: SD101 [error] {}wildcard `*` in recycle path `/home/wuying/data/tmp/*.log`: recycle paths must be exact"
)
SD111_LINE = (
    "{}:7:67: SD111 [warning] {}duplicate path `/home/wuying/data/a` in `recycle_policy.paths` (first listed on line 7)"
)


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    base = {"NO_COLOR": "", "FORCE_COLOR": "", "SYNCDSL_DEBUG": ""}
    return CliRunner().invoke(cli, list(args), input=input, env={**base, **(env or {})}, catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def linted_paths(*args: str) -> list[str]:
    """The files `syncdsl lint --output-format json ARGS` reported, with `/` separators."""
    out = run("lint", "--output-format", "json", "--fail-on", "info", *args)
    assert out.exit_code in (0, 1), out.output
    return sorted({item["path"].replace(os.sep, "/") for item in json.loads(out.stdout)})


# --- output: --output-format (and --format), -o, --exit-zero ----------------------------------------


def test_output_format_is_the_option_and_format_its_alias(project: Path) -> None:
    write(project / "a.sync.yaml", WARN_ONLY)
    long = run("lint", "--output-format", "json", "a.sync.yaml")
    short = run("lint", "--format", "json", "a.sync.yaml")
    assert long.exit_code == short.exit_code == 0
    assert long.stdout == short.stdout
    assert [item["code"] for item in json.loads(long.stdout)] == ["SD303"]
    assert "--output-format, --format [text|json|sarif|github]" in run("lint", "--help").stdout


def test_output_file_gets_the_report_and_stdout_stays_empty(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE)
    out = run("lint", "-o", "reports/lint.json", "--output-format", "json", "a.sync.yaml")
    assert (out.exit_code, out.stdout, out.stderr) == (1, "", "")
    report = json.loads((project / "reports" / "lint.json").read_text(encoding="utf-8"))
    assert [(i["code"], i["line"], i["column"]) for i in report] == [("SD101", 7, 17), ("SD111", 7, 67)]
    # Text goes to the file without colour, even when colour is forced for the terminal.
    out = run("lint", "--output-file", "lint.txt", "--no-show-source", "a.sync.yaml", env={"FORCE_COLOR": "1"})
    assert (out.exit_code, out.stdout) == (1, "")
    assert (project / "lint.txt").read_text(encoding="utf-8") == (
        SD101_LINE.format("a.sync.yaml", "") + "\n"
        + SD111_LINE.format("a.sync.yaml", "[*] ") + "\n"
        "Found 2 problems (1 error, 1 warning).\n"
        "[*] 1 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"
    )
    out = run("lint", "-o", "a.sync.yaml/report.txt", "a.sync.yaml")  # a folder that is a file
    assert (out.exit_code, out.stdout) == (2, "")
    assert out.stderr == "error: a.sync.yaml/report.txt: cannot write: not a directory\n"


def test_exit_zero_keeps_the_report_but_not_exit_1(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE)
    failing = run("lint", "--no-show-source", "a.sync.yaml")
    passing = run("lint", "--no-show-source", "--exit-zero", "a.sync.yaml")
    assert (failing.exit_code, passing.exit_code) == (1, 0)
    assert passing.stdout == failing.stdout
    # An error (here a missing file) is still exit 2.
    assert run("lint", "--exit-zero", "missing.sync.yaml").exit_code == 2
    # and --fix --diff's "would change" exit 1 too.
    assert run("lint", "--diff", "a.sync.yaml").exit_code == 1
    assert run("lint", "--diff", "--exit-zero", "a.sync.yaml").exit_code == 0


# --- rule selection: --extend-select, extend-select, per-file-ignores --------------------------------


def test_extend_select_adds_to_the_configured_selection(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE + "policies:\n  old: {}\n")
    write(project / ".syncdsl.toml", 'select = ["SD3"]\n')
    assert [i["code"] for i in json.loads(run("lint", "--format", "json", "a.sync.yaml").stdout)] == ["SD303"]
    out = run("lint", "--format", "json", "--extend-select", "SD101", "a.sync.yaml")
    assert [i["code"] for i in json.loads(out.stdout)] == ["SD101", "SD303"]
    # --select replaces the configured list; --extend-select adds to whatever it is.
    out = run("lint", "--format", "json", "--select", "SD111", "--extend-select", "SD101", "a.sync.yaml")
    assert [i["code"] for i in json.loads(out.stdout)] == ["SD101", "SD111"]
    bad = run("lint", "--extend-select", "SD999", "a.sync.yaml")
    assert (bad.exit_code, bad.stderr) == (2, "error: --extend-select: unknown rule code `SD999`\n")
    # The configuration key does the same.
    write(project / ".syncdsl.toml", 'select = ["SD3"]\nextend-select = ["SD111"]\n')
    assert [i["code"] for i in json.loads(run("lint", "--format", "json", "a.sync.yaml").stdout)] == [
        "SD111",
        "SD303",
    ]


def test_per_file_ignores(project: Path) -> None:
    write(
        project / "pyproject.toml",
        "[tool.syncdsl.per-file-ignores]\n"
        '"legacy/*.sync.yaml" = ["SD101"]\n'
        '"!strict/**" = ["SD111"]\n',  # every file outside strict/ ignores SD111
    )
    for name in ("legacy/a.sync.yaml", "strict/b.sync.yaml", "c.sync.yaml"):
        write(project / name, FIXABLE)
    out = run("lint", "--format", "json", ".")
    found = sorted((i["path"].replace(os.sep, "/"), i["code"]) for i in json.loads(out.stdout))
    assert found == [("c.sync.yaml", "SD101"), ("strict/b.sync.yaml", "SD101"), ("strict/b.sync.yaml", "SD111")]
    # A suppression of an ignored code is not stale (no SD900): the rule cannot fire there.
    write(project / "legacy" / "a.sync.yaml", FIXABLE.replace("data/a]", "data/a]  # syncdsl: disable=SD101"))
    assert json.loads(run("lint", "--format", "json", "legacy").stdout) == []
    # Standard input with --stdin-filename follows the same patterns.
    out = run("lint", "--format", "json", "--stdin-filename", "legacy/x.sync.yaml", input=FIXABLE)
    assert json.loads(out.stdout) == []
    write(project / "pyproject.toml", '[tool.syncdsl.per-file-ignores]\n"*.sync.yaml" = ["SD1O1"]\n')
    bad = run("lint", ".")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: pyproject.toml: [tool.syncdsl] key `per-file-ignores.*.sync.yaml`: unknown rule code `SD1O1`\n",
    )
    write(project / "pyproject.toml", "[tool.syncdsl]\nper-file-ignores = []\n")
    bad = run("lint", ".")
    assert bad.stderr == (
        "error: pyproject.toml: [tool.syncdsl] key `per-file-ignores`: "
        "expected a table of file pattern = list of rule codes, got a list\n"
    )


# --- which files: default excludes, extend-exclude, .gitignore, --force-exclude ----------------------

EVERYWHERE = (
    "a.sync.yaml",
    "build/b.sync.yaml",
    "dist/c.sync.yaml",
    ".venv/lib/d.sync.yaml",
    "venv/e.sync.yaml",
    "node_modules/pkg/f.sync.yaml",
    "sub/__pycache__/g.sync.yaml",
    ".tox/h.sync.yaml",
    "sub/build/i.sync.yaml",
    "sub/j.sync.yaml",
    "legacy/k.sync.yaml",
)


def test_default_excludes_and_extend_exclude(project: Path) -> None:
    for name in EVERYWHERE:
        write(project / name, WARN_ONLY)
    assert linted_paths(".") == ["a.sync.yaml", "legacy/k.sync.yaml", "sub/j.sync.yaml"]
    # extend-exclude adds to the defaults ...
    write(project / ".syncdsl.toml", 'extend-exclude = ["legacy"]\n')
    assert linted_paths(".") == ["a.sync.yaml", "sub/j.sync.yaml"]
    # ... exclude replaces them (version-control folders are never walked).
    write(project / ".git" / "x.sync.yaml", WARN_ONLY)
    write(project / ".syncdsl.toml", 'exclude = ["legacy", "node_modules"]\n')
    assert linted_paths(".") == [
        ".tox/h.sync.yaml",
        ".venv/lib/d.sync.yaml",
        "a.sync.yaml",
        "build/b.sync.yaml",
        "dist/c.sync.yaml",
        "sub/__pycache__/g.sync.yaml",
        "sub/build/i.sync.yaml",
        "sub/j.sync.yaml",
        "venv/e.sync.yaml",
    ]
    # A folder named on the command line is walked even when it is excluded.
    (project / ".syncdsl.toml").unlink()
    assert linted_paths("build") == ["build/b.sync.yaml"]


def _git_init(folder: Path) -> None:
    if shutil.which("git") is None:
        (folder / ".git" / "info").mkdir(parents=True)  # all syncdsl looks for
        return
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})


def test_gitignore_is_respected_when_walking(project: Path) -> None:
    _git_init(project)
    write(project / ".gitignore", "generated/\n*.local.sync.yaml\n!keep.local.sync.yaml\n/top-only.sync.yaml\n")
    write(project / "sub" / ".gitignore", "# nested: relative to sub/\nscratch-*.sync.yaml\n!generated/\n")
    (project / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (project / ".git" / "info" / "exclude").write_text("private/\n", encoding="utf-8")
    names = (
        "a.sync.yaml",
        "generated/b.sync.yaml",
        "mine.local.sync.yaml",
        "keep.local.sync.yaml",
        "top-only.sync.yaml",
        "sub/top-only.sync.yaml",
        "sub/scratch-1.sync.yaml",
        "sub/generated/c.sync.yaml",
        "scratch-2.sync.yaml",
        "private/d.sync.yaml",
    )
    for name in names:
        write(project / name, WARN_ONLY)
    assert linted_paths(".") == [
        "a.sync.yaml",
        "keep.local.sync.yaml",
        "scratch-2.sync.yaml",
        "sub/generated/c.sync.yaml",  # re-included by sub/.gitignore's `!generated/`
        "sub/top-only.sync.yaml",
    ]
    # Walking a sub-folder still applies the .gitignore files above it.
    assert linted_paths("sub") == ["sub/generated/c.sync.yaml", "sub/top-only.sync.yaml"]
    assert linted_paths("--no-respect-gitignore", ".") == sorted(names)
    # A file named on the command line is linted, ignored or not ...
    assert linted_paths("mine.local.sync.yaml") == ["mine.local.sync.yaml"]
    # ... unless --force-exclude asks for the same filters as a walk.
    out = run("lint", "--force-exclude", "mine.local.sync.yaml", "generated/b.sync.yaml", "a.sync.yaml")
    assert (out.exit_code, out.stdout.splitlines()[0]) == (0, WARN_LINE.format("a.sync.yaml"))
    assert linted_paths("--force-exclude", "--no-respect-gitignore", "mine.local.sync.yaml") == [
        "mine.local.sync.yaml"
    ]


def test_gitignore_outside_a_git_work_tree_is_not_read(project: Path) -> None:
    write(project / ".gitignore", "*.sync.yaml\n")
    write(project / "a.sync.yaml", WARN_ONLY)
    assert linted_paths(".") == ["a.sync.yaml"]


def test_force_exclude_applies_exclude_to_named_files(project: Path) -> None:
    write(project / ".syncdsl.toml", 'extend-exclude = ["legacy/", "**/skip-*.sync.yaml"]\n')
    for name in ("a.sync.yaml", "legacy/old.sync.yaml", "x/skip-me.sync.yaml", "build/out.sync.yaml"):
        write(project / name, WARN_ONLY)
    named = ("a.sync.yaml", "legacy/old.sync.yaml", "x/skip-me.sync.yaml", "build/out.sync.yaml")
    assert linted_paths(*named) == sorted(named)
    assert linted_paths("--force-exclude", *named) == ["a.sync.yaml"]
    # Only excluded files named: nothing to check is not a failure (pre-commit hands over such lists).
    out = run("lint", "--force-exclude", "legacy/old.sync.yaml", "build/out.sync.yaml")
    assert (out.exit_code, out.stdout, out.stderr) == (0, "No files to check.\n", "")
    out = run("fmt", "--force-exclude", "--check", "legacy/old.sync.yaml")
    assert (out.exit_code, out.stdout, out.stderr) == (0, "", "")
    # Excluded standard input is passed through unchanged by `fmt -` and `lint --fix -`, and not linted.
    unformatted = "version: 1\ncontexts:\n  - path: /home/wuying/logs\n    context_id: SdkCtx-1\n"
    out = run("fmt", "--force-exclude", "--stdin-filename", "legacy/x.sync.yaml", "-", input=unformatted)
    assert (out.exit_code, out.stdout) == (0, unformatted)
    out = run("lint", "--fix", "--force-exclude", "--stdin-filename", "legacy/x.sync.yaml", "-", input=FIXABLE)
    assert (out.exit_code, out.stdout, out.stderr) == (0, FIXABLE, "No files to check.\n")
    out = run("lint", "--force-exclude", "--stdin-filename", "legacy/x.sync.yaml", "-", input=FIXABLE)
    assert (out.exit_code, out.stdout) == (0, "No files to check.\n")


# --- fixes: [*], the fixable count, --show-fixes, fix safety in `rule` ------------------------------


def test_fixable_markers_and_count(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE)
    out = run("lint", "a.sync.yaml")
    assert out.exit_code == 1
    assert out.stdout == (
        SD101_LINE.format("a.sync.yaml", "") + "\n"
        " 7 |         paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]\n"
        "   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "\n"
        + SD111_LINE.format("a.sync.yaml", "[*] ") + "\n"
        " 7 |         paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]\n"
        "   |                                                                   ^^^^^^^^^^^^^^^^^^^\n"
        "\n"
        "Found 2 problems (1 error, 1 warning).\n"
        "[*] 1 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"
    )
    # With --unsafe-fixes (alone: it fixes nothing) the suggestion is marked and counted too.
    out = run("lint", "--unsafe-fixes", "--no-show-source", "a.sync.yaml")
    assert out.stdout == (
        SD101_LINE.format("a.sync.yaml", "[*] ") + "\n"
        + SD111_LINE.format("a.sync.yaml", "[*] ") + "\n"
        "Found 2 problems (1 error, 1 warning).\n"
        "[*] 2 fixable with `--fix --unsafe-fixes`.\n"
    )
    # After --fix only the suggestion is left.
    out = run("lint", "--fix", "--no-show-source", "a.sync.yaml")
    assert out.stdout == (
        "Fixed 1 problem.\n"
        + SD101_LINE.format("a.sync.yaml", "") + "\n"
        "Found 1 problem (1 error, 0 warnings).\n"
        "1 fixable with `--fix --unsafe-fixes`.\n"
    )
    write(project / "b.sync.yaml", WARN_ONLY)  # no fix at all: no count
    assert run("lint", "--no-show-source", "b.sync.yaml").stdout == (
        WARN_LINE.format("b.sync.yaml") + "\nFound 1 problem (0 errors, 1 warning).\n"
    )


def test_show_fixes(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE)
    write(project / "b.sync.yaml", FIXABLE.replace("/home/wuying/data/tmp/*.log, ", ""))
    out = run("lint", "--show-fixes", "a.sync.yaml")
    assert out.stdout.splitlines()[:9] == [
        SD101_LINE.format("a.sync.yaml", ""),
        " 7 |         paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]",
        "   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "   = fix (needs --unsafe-fixes): Replace with the parent directory `/home/wuying/data/tmp`",
        "",
        SD111_LINE.format("a.sync.yaml", "[*] "),
        " 7 |         paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]",
        "   |                                                                   ^^^^^^^^^^^^^^^^^^^",
        "   = fix: Remove the duplicate path",
    ]
    out = run("lint", "--show-fixes", "--no-show-source", "a.sync.yaml")
    assert out.stdout.splitlines()[:4] == [
        SD101_LINE.format("a.sync.yaml", ""),
        "  = fix (needs --unsafe-fixes): Replace with the parent directory `/home/wuying/data/tmp`",
        SD111_LINE.format("a.sync.yaml", "[*] "),
        "  = fix: Remove the duplicate path",
    ]
    # With --fix: what was fixed, file by file.
    out = run("lint", "--fix", "--unsafe-fixes", "--show-fixes", "a.sync.yaml", "b.sync.yaml")
    assert (out.exit_code, out.stdout) == (
        0,
        "Fixed 3 problems:\n"
        "  a.sync.yaml\n"
        "    1  SD101  recycle-path-wildcard\n"
        "    1  SD111  duplicate-path\n"
        "  b.sync.yaml\n"
        "    1  SD111  duplicate-path\n"
        "All checks passed!\n",
    )


def test_fix_safety_in_the_rule_table_and_pages() -> None:
    table = run("rule").stdout.split("\n\n")[0].splitlines()
    rows = {line.split()[0]: line.split()[3] if len(line.split()) > 3 else "" for line in table[1:]}
    fix_column = {line.split()[0]: line[table[0].index("FIX") :].split(" ")[0] for line in table[1:]}
    assert fix_column["SD111"] == "always"
    assert fix_column["SD011"] == "sometimes"
    assert fix_column["SD101"] == "never"
    assert fix_column["SD303"] == ""
    assert "yes" not in fix_column.values()
    assert rows  # every rule has a row
    info = {r["code"]: r for r in json.loads(run("rule", "--format", "json").stdout)}
    assert (info["SD011"]["fixable"], info["SD011"]["fix_safety"]) == (True, "sometimes")
    assert (info["SD303"]["fixable"], info["SD303"]["fix_safety"]) == (False, None)
    assert "\nFixable: yes, always safe (`--fix` applies it)\n" in run("rule", "SD111").stdout
    assert "\nFixable: no\n" in run("rule", "SD303").stdout


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.FIXABLE], ids=lambda r: r.CODE)
def test_fix_safety_matches_the_fixes_rules_make(rule: object) -> None:
    """`always`: every fix in the rule's fixture is safe; `never`: every one is a suggestion; `sometimes`: both."""
    code = rule.CODE  # type: ignore[attr-defined]
    assert getattr(rule, "FIX_SAFETY", None) in ("always", "sometimes", "never"), f"{code} needs FIX_SAFETY"
    bad = FIXTURES / code / "bad.sync.yaml"
    kinds = {d.fix.applicability for d in lint(bad.read_bytes(), str(bad)) if d.code == code and d.fix}
    expected = {
        "always": {Applicability.SAFE},
        "never": {Applicability.SUGGESTION},
        "sometimes": {Applicability.SAFE, Applicability.SUGGESTION},
    }[fix_safety(rule)]  # type: ignore[arg-type]
    assert kinds == expected


def test_only_fixable_rules_declare_fix_safety() -> None:
    declared = sorted(r.CODE for r in all_rules() if hasattr(r, "FIX_SAFETY"))
    assert declared == sorted(r.CODE for r in all_rules() if r.FIXABLE)


# --- coloured diffs on a terminal -------------------------------------------------------------------


def test_diffs_are_coloured_when_colour_is_on(project: Path) -> None:
    write(project / "a.sync.yaml", FIXABLE)
    plain = run("lint", "--diff", "a.sync.yaml")
    assert plain.stdout == (
        "--- a/a.sync.yaml\n"
        "+++ b/a.sync.yaml\n"
        "@@ -4,4 +4,4 @@\n"
        "     path: /home/wuying/data\n"
        "     policy:\n"
        "       recycle_policy:\n"
        "-        paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]\n"
        "+        paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a]\n"
    )
    coloured = run("lint", "--diff", "a.sync.yaml", env={"FORCE_COLOR": "1"})
    assert coloured.stdout == (
        "\x1b[1m--- a/a.sync.yaml\x1b[0m\n"
        "\x1b[1m+++ b/a.sync.yaml\x1b[0m\n"
        "\x1b[36m@@ -4,4 +4,4 @@\x1b[0m\n"
        "     path: /home/wuying/data\n"
        "     policy:\n"
        "       recycle_policy:\n"
        "\x1b[31m-        paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a, /home/wuying/data/a]\x1b[0m\n"
        "\x1b[32m+        paths: [/home/wuying/data/tmp/*.log, /home/wuying/data/a]\x1b[0m\n"
    )
    assert run("lint", "--diff", "a.sync.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout == plain.stdout
    write(project / "b.sync.yaml", "version: 1\ncontexts:\n  - path: /home/wuying/logs\n    context_id: SdkCtx-1\n")
    fmt = run("fmt", "--diff", "b.sync.yaml", env={"FORCE_COLOR": "1"})
    assert fmt.stdout.splitlines()[:3] == [
        "\x1b[1m--- a/b.sync.yaml\x1b[0m",
        "\x1b[1m+++ b/b.sync.yaml\x1b[0m",
        "\x1b[36m@@ -1,4 +1,4 @@\x1b[0m",
    ]
    assert "\x1b[32m+    path: /home/wuying/logs\x1b[0m" in fmt.stdout.splitlines()
    assert "\x1b[" not in run("fmt", "--diff", "b.sync.yaml").stdout


# --- honest summaries ------------------------------------------------------------------------------


def test_no_files_to_check_is_said_not_all_checks_passed(project: Path) -> None:
    (project / "empty").mkdir()
    out = run("lint", "empty")
    assert (out.exit_code, out.stdout, out.stderr) == (
        0,
        "No files to check.\n",
        "warning: no *.sync.yaml files found in empty\n",
    )
    assert (run("lint", "-q", "empty").stdout, run("lint", "--format", "json", "empty").stdout) == ("", "[]\n")


def test_baseline_counts_what_it_hides_in_every_format(project: Path) -> None:
    write(project / "a.sync.yaml", WARN_ONLY)
    recorded = run("lint", "a.sync.yaml", "--write-baseline", "b.json")
    assert (recorded.exit_code, recorded.stdout, recorded.stderr) == (0, "", "wrote 1 finding to baseline b.json\n")
    out = run("lint", "a.sync.yaml", "--baseline", "b.json")
    assert (out.stdout, out.stderr) == ("No new problems.\n1 finding hidden by the baseline.\n", "")
    out = run("lint", "a.sync.yaml", "--baseline", "b.json", "--format", "json")
    assert (out.stdout, out.stderr) == ("[]\n", "1 finding hidden by the baseline\n")
    assert run("lint", "-q", "a.sync.yaml", "--baseline", "b.json").stdout == ""


# --- misspelt directives (SD901) ------------------------------------------------------------------


def test_a_misspelt_directive_is_reported_with_a_did_you_mean(project: Path) -> None:
    write(
        project / "a.sync.yaml",
        "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: home/wuying  # syncdsl: disabel=SD106\n",
    )
    out = run("lint", "--no-show-source", "a.sync.yaml")
    assert (out.exit_code, out.stdout) == (
        0,
        "a.sync.yaml:4:11: SD106 [warning] relative mount path `home/wuying` in context `SdkCtx-1`: "
        "the mount path must be absolute (`/…` or `C:\\…`)\n"
        "a.sync.yaml:4:26: SD901 [warning] unknown suppression directive `disabel` (did you mean `disable`?): "
        "this comment suppresses nothing\n"
        "Found 2 problems (0 errors, 2 warnings).\n"
        "1 fixable with `--fix --unsafe-fixes`.\n",
    )
    assert run("lint", "--fix", "--unsafe-fixes", "a.sync.yaml").stdout == "Fixed 1 problem.\nAll checks passed!\n"
    assert (project / "a.sync.yaml").read_text(encoding="utf-8").endswith("  # syncdsl: disable=SD106\n")


# --- python -m syncdsl ----------------------------------------------------------------------------


def test_python_dash_m_syncdsl(project: Path) -> None:
    write(project / "a.sync.yaml", WARN_ONLY)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    for module in ("syncdsl", "syncdsl.cli"):
        proc = subprocess.run(
            [sys.executable, "-m", module, "lint", "--no-show-source", "a.sync.yaml"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            0,
            WARN_LINE.format("a.sync.yaml") + "\nFound 1 problem (0 errors, 1 warning).\n",
            "",
        )
    none = subprocess.run([sys.executable, "-m", "syncdsl"], capture_output=True, text=True, timeout=60, env=env)
    assert (none.returncode, none.stdout) == (2, "")
    assert none.stderr.startswith("Usage: ") and none.stderr.endswith("error: no command given\n")
