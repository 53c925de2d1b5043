"""Baselines: fingerprints that survive line shifts, counted duplicates, the file format, ``lint --baseline``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from syncdsl.baseline import (
    Baseline,
    BaselineError,
    Entry,
    dumps,
    entries_for,
    fingerprint,
    key_path,
    loads,
    read,
    relative_path,
)
from syncdsl.cli import cli
from syncdsl.diagnostics import Diagnostic
from syncdsl.linter import lint_source

TEAM = """\
version: 1
policies:
  old:
    recycle_policy: {lifecycle: Lifecycle_1Day}
  standard:
    recycle_policy:
      paths: [/home/wuying/data/cache, /home/wuying/data/cache]
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: standard
  - context_id: SdkCtx-2
    path: /home/wuying/data/inner
    policy:
      bw_list:
        white_lists:
          - path: /docs
            exclude_paths: [/docs/elsewhere]
"""

# The same findings after unrelated edits: comments, blank lines, a new context at the top.
SHIFTED = TEAM.replace("version: 1\n", "# team config\n\nversion: 1\n").replace(
    "contexts:\n", "contexts:\n  - context_id: SdkCtx-0\n    path: /home/wuying/zero\n"
)


def _found(text: str) -> tuple[list[Diagnostic], list[str]]:
    result = lint_source(text, "team.sync.yaml")
    return result.diagnostics, [fingerprint(d, result.parsed) for d in result.diagnostics]


def test_the_sample_has_the_findings_this_test_is_about() -> None:
    diagnostics, _ = _found(TEAM)
    assert [d.code for d in diagnostics] == ["SD303", "SD111", "SD305", "SD206"]


def test_key_paths_name_context_and_white_list_items_not_their_index() -> None:
    result = lint_source(TEAM, "team.sync.yaml")
    root = result.parsed.documents[0].root
    assert [key_path(root, d.span) for d in result.diagnostics] == [
        "policies.old",
        "policies.standard.recycle_policy.paths[]",
        "contexts[context_id=SdkCtx-2].path",
        "contexts[context_id=SdkCtx-2].policy.bw_list.white_lists[path=/docs].exclude_paths[]",
    ]


def test_fingerprints_survive_line_shifts() -> None:
    before, prints_before = _found(TEAM)
    after, prints_after = _found(SHIFTED)
    assert [d.span.start.line for d in after] != [d.span.start.line for d in before]
    assert prints_after == prints_before
    assert all(re.fullmatch(r"[0-9a-f]{16}", p) for p in prints_before)
    assert len(set(prints_before)) == len(prints_before)


def test_fingerprints_change_with_the_offending_text() -> None:
    _, prints = _found(TEAM)
    _, other = _found(TEAM.replace("/elsewhere", "/somewhere-else"))
    assert other[:3] == prints[:3]
    assert other[3] != prints[3]


def test_a_baseline_hides_each_recorded_finding_once() -> None:
    result = lint_source(TEAM, "team.sync.yaml")
    baseline = Baseline(entries_for("team.sync.yaml", result.parsed, result.diagnostics))
    shifted = lint_source(SHIFTED, "team.sync.yaml")
    assert baseline.filter("team.sync.yaml", shifted.parsed, shifted.diagnostics) == []


def test_duplicates_are_counted() -> None:
    two = TEAM.replace("[/home/wuying/data/cache, /home/wuying/data/cache]",
                       "[/home/wuying/data/cache, /home/wuying/data/cache, /home/wuying/data/cache]")
    one = lint_source(TEAM, "team.sync.yaml")
    three = lint_source(two, "team.sync.yaml")
    assert [d.code for d in three.diagnostics].count("SD111") == 2
    baseline = Baseline(entries_for("team.sync.yaml", one.parsed, one.diagnostics))
    new = baseline.filter("team.sync.yaml", three.parsed, three.diagnostics)
    assert [(d.code, d.span.start.column) for d in new] == [("SD111", 64)]


def test_entries_belong_to_their_file() -> None:
    result = lint_source(TEAM, "team.sync.yaml")
    baseline = Baseline(entries_for("other.sync.yaml", result.parsed, result.diagnostics))
    assert baseline.filter("team.sync.yaml", result.parsed, result.diagnostics) == result.diagnostics


def test_file_format_round_trips_sorted() -> None:
    entries = [Entry("b.sync.yaml", "SD303", "00000000000000ff", "policy `x` is never used"),
               Entry("a.sync.yaml", "SD111", "0000000000000001", "dup")]
    text = dumps(entries)
    assert json.loads(text) == {
        "version": 1,
        "entries": [
            {"path": "a.sync.yaml", "code": "SD111", "fingerprint": "0000000000000001", "message": "dup"},
            {"path": "b.sync.yaml", "code": "SD303", "fingerprint": "00000000000000ff",
             "message": "policy `x` is never used"},
        ],
    }
    assert text.endswith("}\n")
    assert loads(text, "b.json") == sorted(entries, key=lambda e: e.path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "x.json: not a baseline file: invalid JSON (Expecting property name enclosed in double quotes:"
              " line 1 column 2 (char 1))"),
        ('{"version": 2, "entries": []}', 'x.json: not a syncdsl baseline (expected {"version": 1, "entries": [...]})'),
        ('{"version": 1, "entries": [{"path": "a"}]}',
         "x.json: entry 1 needs string `path`, `code` and `fingerprint`"),
    ],
)
def test_bad_baseline_files_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(BaselineError) as info:
        loads(text, "x.json")
    assert str(info.value) == message


def test_missing_baseline_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError) as info:
        read(tmp_path / "none.json")
    assert str(info.value) == f"{tmp_path / 'none.json'}: baseline file not found (create it with --write-baseline)"


def test_paths_are_relative_to_the_baseline_folder(tmp_path: Path) -> None:
    assert relative_path(str(tmp_path / "conf" / "a.sync.yaml"), tmp_path / "baseline.json") == "conf/a.sync.yaml"
    assert relative_path(str(tmp_path / "a.sync.yaml"), tmp_path / "ci" / "baseline.json") == "../a.sync.yaml"


# --- the command line -------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "team.sync.yaml").write_text(TEAM, encoding="utf-8")
    return tmp_path


def test_write_baseline_records_every_finding(project: Path) -> None:
    result = run("lint", "conf", "--write-baseline", "baseline.json")
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote 4 findings to baseline baseline.json\n"
    assert result.stdout == ""  # never "All checks passed!" after recording findings
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    diagnostics, prints = _found(TEAM)
    expected = sorted(
        ({"path": "conf/team.sync.yaml", "code": d.code, "fingerprint": p, "message": d.message}
         for d, p in zip(diagnostics, prints, strict=True)),
        key=lambda e: (e["code"], e["fingerprint"]),
    )
    assert data == {"version": 1, "entries": expected}


def test_baseline_reports_only_new_findings(project: Path) -> None:
    assert run("lint", "conf", "--write-baseline", "baseline.json").exit_code == 0
    quiet = run("lint", "conf", "--baseline", "baseline.json")
    assert (quiet.exit_code, quiet.stdout) == (0, "No new problems.\n4 findings hidden by the baseline.\n")
    (project / "conf" / "team.sync.yaml").write_text(SHIFTED + "    beta_wait_for_completion: false\n"
                                                     "  - context_id: SdkCtx-3\n    path: '  '\n",
                                                     encoding="utf-8")
    new = run("lint", "conf", "--baseline", "baseline.json", "--no-show-source")
    assert new.exit_code == 1
    assert new.stdout == (
        "conf/team.sync.yaml:25:11: SD013 [error] blank value for required key `path`: only whitespace\n"
        "Found 1 problem (1 error, 0 warnings).\n"
        "4 findings hidden by the baseline.\n"
    )


def test_baseline_from_another_folder_matches_the_same_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("lint", "conf/team.sync.yaml", "--write-baseline", "ci/baseline.json").exit_code == 0
    monkeypatch.chdir(project / "conf")
    result = run("lint", "team.sync.yaml", "--baseline", "../ci/baseline.json")
    assert (result.exit_code, result.stdout) == (0, "No new problems.\n4 findings hidden by the baseline.\n")


def test_bad_baseline_is_exit_2(project: Path) -> None:
    (project / "baseline.json").write_text("[]", encoding="utf-8")
    result = run("lint", "conf", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stderr == (
        'error: baseline.json: not a syncdsl baseline (expected {"version": 1, "entries": [...]})\n'
    )


def test_standard_input_cannot_be_baselined(project: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", "-", "--write-baseline", "b.json"], input=TEAM)
    assert (result.exit_code, result.stderr) == (
        2, "error: --baseline and --write-baseline need files, not standard input\n"
    )
    assert not (project / "b.json").exists()
