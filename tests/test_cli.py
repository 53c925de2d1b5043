"""The ``syncdsl`` command in-process (click's CliRunner): every lint option, exit codes, rule/schema/init."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from syncdsl.cli import cli
from tests.test_render import check_sarif

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

TEAM = """\
version: 1
policies:
  logs:
    recycle_policy:
      paths: [/var/log/*.log]
  old: {}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/logs
    policy: logs
"""
WILDCARD = (
    "team.sync.yaml:5:15: SD101 [error] wildcard `*` in recycle path `/var/log/*.log`: recycle paths must be exact"
)
UNUSED = "team.sync.yaml:6:3: SD303 [warning] unused policy `old`: no context or `extends` names it"
# SD101's fix is a suggestion: the summary counts it for --unsafe-fixes.
SUGGESTED = "1 fixable with `--fix --unsafe-fixes`.\n"
# Only a warning: SD303.
WARN_ONLY = """\
version: 1
policies:
  old: {}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/logs
"""


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    base = {"NO_COLOR": "", "FORCE_COLOR": "", "SYNCDSL_DEBUG": ""}
    return CliRunner().invoke(cli, list(args), input=input, env={**base, **(env or {})}, catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with no configuration above it that counts."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- lint: output and exit codes -------------------------------------------------------------------


def test_samples_lint_clean() -> None:
    result = run("lint", str(SAMPLES))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.sync.yaml")))
def test_each_sample_gives_no_finding_at_all(sample: str) -> None:
    result = run("lint", "--format", "json", "--fail-on", "info", str(SAMPLES / sample))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_there_are_at_least_six_samples() -> None:
    assert len(list(SAMPLES.glob("*.sync.yaml"))) >= 6


def test_text_output_with_source_and_summary(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    result = run("lint", "team.sync.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{WILDCARD}\n"
        " 5 |       paths: [/var/log/*.log]\n"
        "   |               ^^^^^^^^^^^^^^\n"
        "\n"
        f"{UNUSED}\n"
        " 6 |   old: {}\n"
        "   |   ^^^\n"
        "\n"
        "Found 2 problems (1 error, 1 warning).\n"
        # SD101's fix is a suggestion: not marked [*], but counted for --unsafe-fixes.
        "1 fixable with `--fix --unsafe-fixes`.\n"
    )
    assert result.stderr == ""


def test_no_show_source(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    result = run("lint", "--no-show-source", "team.sync.yaml")
    assert result.stdout == f"{WILDCARD}\n{UNUSED}\nFound 2 problems (1 error, 1 warning).\n" + SUGGESTED


def test_json_output(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    result = run("lint", "--format", "json", "team.sync.yaml")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [(i["code"], i["line"], i["column"], i["end_line"], i["end_column"]) for i in items] == [
        ("SD101", 5, 15, 5, 29),
        ("SD303", 6, 3, 6, 6),
    ]
    assert items[1] == {
        "path": "team.sync.yaml",
        "line": 6,
        "column": 3,
        "end_line": 6,
        "end_column": 6,
        "code": "SD303",
        "name": "unused-policy",
        "severity": "warning",
        "message": "unused policy `old`: no context or `extends` names it",
        "fix": None,
    }
    assert items[0]["fix"] == {
        "applicability": "suggestion",
        "message": "Replace with the parent directory `/var/log`",
        "edits": [{"line": 5, "column": 15, "end_line": 5, "end_column": 29, "text": "/var/log"}],
    }


def test_sarif_output(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    result = run("lint", "--format", "sarif", "team.sync.yaml")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    check_sarif(log)
    from syncdsl.rules import RULE_MODULES

    driver = log["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) == len(RULE_MODULES)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], driver["rules"][r["ruleIndex"]]["id"]) for r in results] == [
        ("SD101", "error", "SD101"),
        ("SD303", "warning", "SD303"),
    ]
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "/var/log"}


def test_github_output(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    result = run("lint", "--format", "github", "team.sync.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=team.sync.yaml,line=5,col=15,endLine=5,endColumn=29,title=SD101 recycle-path-wildcard"
        "::wildcard `*` in recycle path `/var/log/*.log`: recycle paths must be exact",
        "::warning file=team.sync.yaml,line=6,col=3,endLine=6,endColumn=6,title=SD303 unused-policy"
        "::unused policy `old`: no context or `extends` names it",
    ]


def test_fail_on(project: Path) -> None:
    _write(project / "warn.sync.yaml", WARN_ONLY)
    assert run("lint", "warn.sync.yaml").exit_code == 0
    assert run("lint", "--fail-on", "warning", "warn.sync.yaml").exit_code == 1
    assert run("lint", "--fail-on", "info", "warn.sync.yaml").exit_code == 1
    assert run("lint", "--fail-on", "error", "warn.sync.yaml").exit_code == 0
    bad = run("lint", "--fail-on", "fatal", "warn.sync.yaml")
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == [
        "error: Invalid value for '--fail-on': 'fatal' is not one of 'error', 'warning', 'info'."
    ]


def test_select_and_ignore(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    out = run("lint", "--no-show-source", "--select", "SD3", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (0, f"{UNUSED}\nFound 1 problem (0 errors, 1 warning).\n")
    out = run("lint", "--no-show-source", "--ignore", "sd101", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (0, f"{UNUSED}\nFound 1 problem (0 errors, 1 warning).\n")
    out = run("lint", "--ignore", "SD101,SD303", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (0, "All checks passed!\n")
    out = run("lint", "--ignore", "SD101", "--ignore", "SD303", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (0, "All checks passed!\n")
    out = run("lint", "--no-show-source", "--select", "SD101", "--select", "SD2", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (1, f"{WILDCARD}\nFound 1 problem (1 error, 0 warnings).\n" + SUGGESTED)


def test_unknown_rule_code_is_a_usage_error(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    out = run("lint", "--select", "SD1,SD987", "team.sync.yaml")
    assert (out.exit_code, out.stdout, out.stderr) == (2, "", "error: --select: unknown rule code `SD987`\n")
    out = run("lint", "--ignore", "unused-policy", "team.sync.yaml")
    assert out.stderr == "error: --ignore: unknown rule code `UNUSED-POLICY` (did you mean `SD303`?)\n"


def test_statistics(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    _write(project / "warn.sync.yaml", WARN_ONLY)
    out = run("lint", "--statistics", ".")
    assert out.exit_code == 1
    assert out.stdout == (
        "2  SD303  unused-policy          [warning]\n"
        "1  SD101  recycle-path-wildcard  [error]\n"
        "Found 3 problems (1 error, 2 warnings).\n"
        "1 fixable with `--fix --unsafe-fixes`.\n"
    )
    out = run("lint", "--statistics", "--format", "json", ".")
    assert json.loads(out.stdout) == [
        {"code": "SD303", "name": "unused-policy", "severity": "warning", "count": 2},
        {"code": "SD101", "name": "recycle-path-wildcard", "severity": "error", "count": 1},
    ]
    out = run("lint", "--statistics", "--format", "sarif", ".")
    assert (out.exit_code, out.stderr) == (2, "error: --statistics works with --format text or json, not sarif\n")


def test_quiet(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    out = run("lint", "--quiet", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (1, "Found 2 problems (1 error, 1 warning).\n" + SUGGESTED)
    out = run("lint", "-q", str(SAMPLES))
    assert (out.exit_code, out.stdout, out.stderr) == (0, "", "")


def test_jobs_give_the_same_output_in_the_same_order(project: Path) -> None:
    for n in range(12):
        _write(project / f"d{n % 3}" / f"f{n:02}.sync.yaml", TEAM if n % 2 else WARN_ONLY)
    serial = run("lint", "--jobs", "1", "--format", "json", ".")
    pooled = run("lint", "--jobs", "2", "--format", "json", ".")
    assert serial.exit_code == pooled.exit_code == 1
    assert pooled.stdout == serial.stdout
    paths = [i["path"] for i in json.loads(serial.stdout)]
    assert paths[0] == os.path.join("d0", "f00.sync.yaml") and len(paths) == 6 + 12
    assert run("lint", "--jobs", "-1", ".").exit_code == 2


def test_auto_jobs_uses_idle_cpus_for_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from syncdsl.cli import lint_cmd, lint_run
    from syncdsl.cli.runner import POOL_THRESHOLD

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(lint_run, "_runnable_now", lambda: None)  # no instant count: the load average decides
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0), raising=False)
    assert lint_cmd.auto_jobs(POOL_THRESHOLD - 1) == 1
    assert lint_cmd.auto_jobs(POOL_THRESHOLD) == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (2.4, 0.0, 0.0), raising=False)
    assert lint_cmd.auto_jobs(1000) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (7.0, 0.0, 0.0), raising=False)
    assert lint_cmd.auto_jobs(1000) == 1
    # A load average left by work that has ended does not shrink the pool when nothing else runs now...
    monkeypatch.setattr(lint_run, "_runnable_now", lambda: 1)
    assert lint_cmd.auto_jobs(1000) == 4
    # ...and one process passing by does not either, while a real busy machine does.
    monkeypatch.setattr(lint_run, "_runnable_now", lambda: 2)
    assert lint_cmd.auto_jobs(1000) == 3
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.0, 0.0), raising=False)
    assert lint_cmd.auto_jobs(1000) == 4
    monkeypatch.setattr(lint_run, "_runnable_now", lambda: 6)
    monkeypatch.setattr(os, "getloadavg", lambda: (5.0, 0.0, 0.0), raising=False)
    assert lint_cmd.auto_jobs(1000) == 1


def test_runnable_now_reads_this_machine() -> None:
    from syncdsl.cli import lint_run

    count = lint_run._runnable_now()
    if sys.platform.startswith("linux"):
        assert count is not None and count >= 1  # this test itself is running
    else:
        assert count is None


# --- lint: inputs ------------------------------------------------------------------------------------


def test_stdin(project: Path) -> None:
    out = run("lint", "--no-show-source", "-", input=TEAM)
    assert out.exit_code == 1
    assert out.stdout.splitlines()[0] == WILDCARD.replace("team.sync.yaml", "-", 1)
    out = run("lint", "--no-show-source", "--stdin-filename", "conf/team.sync.yaml", "-", input=TEAM)
    assert out.stdout.splitlines()[0] == "conf/" + WILDCARD
    # --stdin-filename alone also reads stdin
    out = run("lint", "--format", "github", "--stdin-filename", "x.sync.yaml", input=TEAM.encode())
    assert out.stdout.startswith("::error file=x.sync.yaml,line=5,col=15,")


def test_stdin_filename_finds_the_configuration(project: Path) -> None:
    _write(project / "conf" / ".syncdsl.toml", 'ignore = ["SD101"]\n')
    out = run("lint", "--no-show-source", "--stdin-filename", "conf/team.sync.yaml", "-", input=TEAM)
    assert (out.exit_code, out.stdout.splitlines()[0]) == (0, "conf/" + UNUSED)


def test_directories_are_walked_for_sync_files(project: Path) -> None:
    _write(project / "a" / "one.sync.yaml", WARN_ONLY)
    _write(project / "a" / "b" / "two.sync.yml", WARN_ONLY)
    _write(project / "a" / "plain.yaml", TEAM)  # not a syncdsl file
    _write(project / "a" / ".git" / "x.sync.yaml", TEAM)  # never descended into
    _write(project / "a" / "node_modules" / "y.sync.yaml", TEAM)
    out = run("lint", "--format", "json", "a")
    assert sorted({i["path"] for i in json.loads(out.stdout)}) == [
        os.path.join("a", "b", "two.sync.yml"),
        os.path.join("a", "one.sync.yaml"),
    ]
    # a file named explicitly is linted whatever its name
    out = run("lint", "--format", "json", "a/plain.yaml")
    assert {i["code"] for i in json.loads(out.stdout)} == {"SD101", "SD303"}
    # the same file twice is linted once
    out = run("lint", "--format", "json", "a/one.sync.yaml", "a", "./a/one.sync.yaml")
    assert len(json.loads(out.stdout)) == 2


def test_default_path_is_the_current_directory(project: Path) -> None:
    _write(project / "warn.sync.yaml", WARN_ONLY)
    out = run("lint", "--no-show-source")
    assert out.stdout.splitlines()[0].startswith("warn.sync.yaml:3:3: SD303 [warning] ")


def test_include_and_exclude_patterns(project: Path) -> None:
    _write(project / ".syncdsl.toml", 'include = ["deploy/*.yaml"]\nexclude = ["legacy", "**/skip-*.sync.yaml"]\n')
    _write(project / "deploy" / "prod.yaml", WARN_ONLY)
    _write(project / "deploy" / "notes.yml", WARN_ONLY)
    _write(project / "legacy" / "old.sync.yaml", TEAM)
    _write(project / "x" / "skip-me.sync.yaml", TEAM)
    _write(project / "x" / "keep.sync.yaml", WARN_ONLY)
    out = run("lint", "--format", "json", ".")
    assert sorted({i["path"] for i in json.loads(out.stdout)}) == [
        os.path.join("deploy", "prod.yaml"),
        os.path.join("x", "keep.sync.yaml"),
    ]
    # an excluded file named on the command line is still linted
    out = run("lint", "--format", "json", "legacy/old.sync.yaml")
    assert out.exit_code == 1


def test_missing_file_is_exit_2_with_one_line(project: Path) -> None:
    out = run("lint", "nope.sync.yaml")
    assert (out.exit_code, out.stdout, out.stderr) == (2, "", "error: nope.sync.yaml: no such file or directory\n")


def test_directory_without_matches_is_fine(project: Path) -> None:
    (project / "empty").mkdir()
    out = run("lint", "empty")
    assert (out.exit_code, out.stderr) == (0, "warning: no *.sync.yaml files found in empty\n")


def test_unreadable_file_is_exit_2_and_others_are_still_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import syncdsl.cli.runner as runner

    _write(project / "team.sync.yaml", TEAM)
    _write(project / "locked.sync.yaml", TEAM)
    real = runner.read_target

    def read(target: runner.Target) -> bytes:
        if target.display == "locked.sync.yaml":
            raise PermissionError(13, "Permission denied", target.path)
        return real(target)

    monkeypatch.setattr(runner, "read_target", read)
    out = run("lint", "--no-show-source", "locked.sync.yaml", "team.sync.yaml")
    assert out.exit_code == 2
    assert out.stderr == "error: locked.sync.yaml: cannot read: permission denied\n"
    assert out.stdout == f"{WILDCARD}\n{UNUSED}\nFound 2 problems (1 error, 1 warning).\n" + SUGGESTED
    out = run("lint", "locked.sync.yaml")
    assert (out.exit_code, out.stdout) == (2, "")  # no "All checks passed!" when nothing could be read


def test_internal_error_in_one_file_is_one_line_without_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import syncdsl.linter

    def boom(*_args: object) -> None:
        raise RuntimeError("rule exploded\nsecond line")

    monkeypatch.setattr(syncdsl.linter, "lint_source", boom)
    _write(project / "team.sync.yaml", TEAM)
    out = run("lint", "team.sync.yaml")
    assert out.exit_code == 2
    assert out.stderr == "error: team.sync.yaml: internal error: RuntimeError: rule exploded second line\n"


# --- lint: configuration -----------------------------------------------------------------------------


def test_config_discovery_and_cli_overrides(project: Path) -> None:
    _write(project / "pyproject.toml", '[tool.syncdsl]\nignore = ["SD303"]\nseverity = { SD101 = "warning" }\n')
    _write(project / "sub" / "team.sync.yaml", TEAM)
    out = run("lint", "--format", "json", "sub")
    assert [(i["code"], i["severity"]) for i in json.loads(out.stdout)] == [("SD101", "warning")]
    assert out.exit_code == 0
    assert run("lint", "--fail-on", "warning", "sub").exit_code == 1
    # --select replaces the configured selection, --ignore adds to it
    out = run("lint", "--format", "json", "--ignore", "SD101", "sub")
    assert json.loads(out.stdout) == []
    out = run("lint", "--format", "json", "--no-config", "sub")
    assert [(i["code"], i["severity"]) for i in json.loads(out.stdout)] == [("SD101", "error"), ("SD303", "warning")]


def test_config_fail_on_and_limits(project: Path) -> None:
    _write(project / ".syncdsl.toml", 'fail-on = "warning"\nmax-file-size = 50\n')
    _write(project / "warn.sync.yaml", WARN_ONLY)
    out = run("lint", "--no-show-source", "warn.sync.yaml")
    assert out.exit_code == 1
    assert out.stdout.splitlines()[0] == (
        f"warn.sync.yaml:1:1: SD004 [error] file is {len(WARN_ONLY)} bytes, over the 50-byte limit (max-file-size)"
    )
    assert run("lint", "--fail-on", "error", "--no-config", "warn.sync.yaml").exit_code == 0
    assert run("lint", "--no-config", "warn.sync.yaml").exit_code == 0


def test_explicit_config_file(project: Path) -> None:
    _write(project / ".syncdsl.toml", 'ignore = ["SD1"]\n')
    ci = _write(project / "ci" / "strict.toml", 'fail-on = "warning"\n')
    _write(project / "warn.sync.yaml", WARN_ONLY)
    assert run("lint", "warn.sync.yaml").exit_code == 0
    assert run("lint", "--config", str(ci), "warn.sync.yaml").exit_code == 1
    out = run("lint", "--config", "ci/missing.toml", "warn.sync.yaml")
    assert (out.exit_code, out.stderr) == (2, "error: ci/missing.toml: cannot read: No such file or directory\n")
    out = run("lint", "--config", str(ci), "--no-config", "warn.sync.yaml")
    assert (out.exit_code, out.stderr) == (2, "error: --config and --no-config cannot be used together\n")


def test_bad_config_is_exit_2_naming_file_and_key(project: Path) -> None:
    _write(project / "pyproject.toml", '[tool.syncdsl]\nsellect = ["SD1"]\n')
    _write(project / "team.sync.yaml", TEAM)
    out = run("lint", "team.sync.yaml")
    assert (out.exit_code, out.stdout) == (2, "")
    assert out.stderr == "error: pyproject.toml: [tool.syncdsl] key `sellect`: unknown key (did you mean `select`?)\n"
    _write(project / "pyproject.toml", "[tool.syncdsl\n")
    out = run("lint", "team.sync.yaml")
    assert out.exit_code == 2
    assert out.stderr.startswith("error: pyproject.toml: invalid TOML: ") and out.stderr.count("\n") == 1


# --- lint: colour and pending options -----------------------------------------------------------------


def test_colour_is_off_when_not_a_tty_and_forced_by_force_color_unless_no_color(project: Path) -> None:
    _write(project / "team.sync.yaml", TEAM)
    assert "\x1b[" not in run("lint", "team.sync.yaml").stdout
    forced = run("lint", "team.sync.yaml", env={"FORCE_COLOR": "1"}).stdout
    assert forced.startswith("\x1b[1mteam.sync.yaml\x1b[0m:5:15: \x1b[1;31mSD101\x1b[0m")
    assert "\x1b[" not in run("lint", "team.sync.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    # machine formats never carry colour
    assert "\x1b[" not in run("lint", "--format", "json", "team.sync.yaml", env={"FORCE_COLOR": "1"}).stdout


# --- the group ---------------------------------------------------------------------------------------


def test_version() -> None:
    from syncdsl import __version__

    out = run("--version")
    assert (out.exit_code, out.stdout) == (0, f"syncdsl {__version__}\n")


def test_usage_errors_are_one_line() -> None:
    out = run("lint", "--frmat", "json")
    assert (out.exit_code, out.stderr) == (
        2,
        "error: No such option '--frmat'. (Did you mean one of: '--format', '--output-format'?)\n",
    )
    out = run("lnt")
    assert (out.exit_code, out.stderr) == (2, "error: no such command `lnt` (did you mean `lint`?)\n")
    out = run("lint", "--format", "xml")
    assert out.exit_code == 2 and out.stderr.count("\n") == 1 and "Usage" not in out.stderr


def test_help_lists_the_commands() -> None:
    out = run("--help")
    assert out.exit_code == 0
    for name in ("lint", "rule", "schema", "init"):
        assert f"\n  {name} " in out.stdout


def test_no_command_is_a_usage_error_with_the_help_on_stderr() -> None:
    out = run()
    help_text = run("--help").stdout
    assert (out.exit_code, out.stdout, out.stderr) == (2, "", help_text + "error: no command given\n")


def test_optional_commands_are_hidden_when_their_module_is_missing() -> None:
    import click

    from syncdsl.cli import LazyGroup

    group = LazyGroup(
        name="t",
        lazy_commands={"lint": "syncdsl.cli.lint_cmd:lint"},
        optional_commands={"ghost": "syncdsl.cli.ghost_cmd:ghost"},
    )
    ctx = click.Context(group)
    assert group.list_commands(ctx) == ["lint"]
    assert group.get_command(ctx, "ghost") is None
    assert group.get_command(ctx, "lint") is not None


# --- rule, schema, init ---------------------------------------------------------------------------


def test_rule_page() -> None:
    from syncdsl.rules import get_rule

    out = run("rule", "SD101")
    assert out.exit_code == 0
    assert out.stdout.startswith(
        "# SD101 recycle-path-wildcard\n\nSeverity: error\n"
        "Fixable: yes, never safe (a suggestion: only `--fix --unsafe-fixes` applies it)\n\n"
    )
    doc = (get_rule("SD101").__doc__ or "").strip()
    assert out.stdout.rstrip("\n").endswith(doc.splitlines()[-1].strip())
    assert "## Why is this bad?" in out.stdout
    assert run("rule", "recycle-path-wildcard").stdout == out.stdout
    assert run("rule", "sd101").stdout == out.stdout


def test_rule_json_and_table() -> None:
    from syncdsl.rules import RULE_MODULES

    info = json.loads(run("rule", "SD303", "--format", "json").stdout)
    assert {k: info[k] for k in ("code", "name", "severity", "fixable")} == {
        "code": "SD303",
        "name": "unused-policy",
        "severity": "warning",
        "fixable": False,
    }
    assert info["doc"].startswith(info["summary"])
    table, _, legend = run("rule").stdout.partition("\n\n")
    rows = table.splitlines()
    assert rows[0].split() == ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    assert [line.split()[0] for line in rows[1:]] == [m.split("_")[0].upper() for m in RULE_MODULES]
    assert legend.startswith("FIX: whether `syncdsl lint --fix` applies the rule's fix: always, sometimes")
    assert len(json.loads(run("rule", "--format", "json").stdout)) == len(RULE_MODULES)


def test_unknown_rule() -> None:
    out = run("rule", "SD1O1")
    assert (out.exit_code, out.stderr) == (2, "error: unknown rule `SD1O1` (did you mean `SD101`?)\n")
    out = run("rule", "unused-policies")
    assert out.stderr == "error: unknown rule `unused-policies` (did you mean `unused-policy`?)\n"


def test_schema_prints_the_json_schema() -> None:
    from syncdsl.schema import json_schema

    out = run("schema")
    assert out.exit_code == 0
    assert json.loads(out.stdout) == json_schema()
    assert out.stdout == json.dumps(json_schema(), indent=2) + "\n"


def test_init_writes_a_starter_that_lints_clean(project: Path) -> None:
    out = run("init")
    assert (out.exit_code, out.stdout) == (0, "Wrote contexts.sync.yaml\n")
    text = (project / "contexts.sync.yaml").read_text(encoding="utf-8")
    assert text.startswith("# AgentBay context synchronization")
    lint = run("lint", "--format", "json", "--fail-on", "info", "contexts.sync.yaml")
    assert (lint.exit_code, json.loads(lint.stdout)) == (0, [])


def test_init_refuses_to_overwrite_without_force(project: Path) -> None:
    _write(project / "contexts.sync.yaml", "mine\n")
    out = run("init")
    assert (out.exit_code, out.stderr) == (2, "error: contexts.sync.yaml: already exists (use --force to overwrite)\n")
    assert (project / "contexts.sync.yaml").read_text(encoding="utf-8") == "mine\n"
    assert run("init", "--force").exit_code == 0
    assert (project / "contexts.sync.yaml").read_text(encoding="utf-8").startswith("# AgentBay")
    assert [p.name for p in project.iterdir()] == ["contexts.sync.yaml"]  # no temporary file left


def test_init_into_a_directory_a_named_file_and_stdout(project: Path) -> None:
    (project / "conf").mkdir()
    assert run("init", "conf").stdout == f"Wrote {os.path.join('conf', 'contexts.sync.yaml')}\n"
    assert (project / "conf" / "contexts.sync.yaml").is_file()
    assert run("init", "team.sync.yaml").exit_code == 0
    printed = run("init", "-").stdout
    assert printed == (project / "team.sync.yaml").read_text(encoding="utf-8")
    out = run("init", "missing/dir/x.sync.yaml")
    assert (out.exit_code, out.stderr) == (2, "error: missing/dir: no such directory\n")
