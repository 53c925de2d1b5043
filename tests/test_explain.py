"""``syncdsl explain`` and the hover Markdown: exact text, the JSON shape, provenance through extends and merges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import syncdsl
from syncdsl.explain import explain_context, explain_policy
from tests.cli_helpers import run, team_file

TEAM = """\
version: 1
policies:
  standard:
    upload_policy:
      upload_mode: Archive
    recycle_policy: &keep
      lifecycle: Lifecycle_30Days
  strict:
    extends: standard
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: strict
  - context_id: SdkCtx-2
    path: /home/wuying/tmp
    policy:
      extends: standard
      recycle_policy:
        <<: *keep
        paths: [/home/wuying/tmp/cache]
      mapping_policy: {path: 'C:\\tmp'}
  - context_id: SdkCtx-3
    path: /home/wuying/plain
"""

_WHITE = '[{path: "", exclude_paths: [], is_path_regex: false, is_exclude_regex: false}]  SDK default'
_VIA_STRICT = "(via strict -> standard)"
_VIA_INLINE = "(via inline -> standard)"
TEAM_TEXT = f"""\
team.sync.yaml:12: context `SdkCtx-1` at /home/wuying/data
  policy `strict` extends `standard`
  upload_policy:
    auto_upload: true                                     SDK default
    upload_strategy: UploadBeforeResourceRelease          SDK default
    upload_mode: Archive                                  set by policy `standard` at team.sync.yaml:5 {_VIA_STRICT}
    archive_exclude_paths: []                             SDK default
  download_policy:
    auto_download: true                                   SDK default
    download_strategy: DownloadAsync                      SDK default
  delete_policy:
    sync_local_file: false                                set by policy `strict` at team.sync.yaml:10
  extract_policy:
    extract: true                                         SDK default
    delete_src_file: true                                 SDK default
    extract_current_folder: false                         SDK default
  recycle_policy:
    lifecycle: Lifecycle_30Days                           set by policy `standard` at team.sync.yaml:7 {_VIA_STRICT}
    paths: [""]                                           SDK default
  bw_list:
    white_lists: {_WHITE}
  mapping_policy:
    path: (unset)                                         SDK default; no mapping policy is sent
  in the session (mounted at /home/wuying/data):
    white list "" -> /home/wuying/data (the whole mount) (SDK default)
    recycle "" -> every path of the context (SDK default)

team.sync.yaml:15: context `SdkCtx-2` at /home/wuying/tmp
  inline policy extends `standard`
  upload_policy:
    auto_upload: true                                     SDK default
    upload_strategy: UploadBeforeResourceRelease          SDK default
    upload_mode: Archive                                  set by policy `standard` at team.sync.yaml:5 {_VIA_INLINE}
    archive_exclude_paths: []                             SDK default
  download_policy:
    auto_download: true                                   SDK default
    download_strategy: DownloadAsync                      SDK default
  delete_policy:
    sync_local_file: true                                 SDK default
  extract_policy:
    extract: true                                         SDK default
    delete_src_file: true                                 SDK default
    extract_current_folder: false                         SDK default
  recycle_policy:
    lifecycle: Lifecycle_30Days                           set by the inline policy at team.sync.yaml:7
    paths: [/home/wuying/tmp/cache]                       set by the inline policy at team.sync.yaml:21
  bw_list:
    white_lists: {_WHITE}
  mapping_policy:
    path: 'C:\\tmp'                                        set by the inline policy at team.sync.yaml:22
  in the session (mounted at /home/wuying/tmp):
    white list "" -> /home/wuying/tmp (the whole mount) (SDK default)
    recycle /home/wuying/tmp/cache -> /home/wuying/tmp/cache (the guides do not say relative to what)

team.sync.yaml:23: context `SdkCtx-3` at /home/wuying/plain
  no policy: the SDK sends none
"""


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return team_file(tmp_path, monkeypatch, TEAM)


def test_text_names_the_line_and_the_extends_chain_of_every_value(team: Path) -> None:
    result = run("explain", "team.sync.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, TEAM_TEXT, "")


def test_one_context_as_json(team: Path) -> None:
    result = run("explain", "team.sync.yaml", "--context", "SdkCtx-1", "--format", "json")
    assert result.exit_code == 0
    [info] = json.loads(result.stdout)
    assert {k: v for k, v in info.items() if k not in ("fields", "paths")} == {
        "sdk_syncs": [],
        "kind": "sync",
        "document": 1,
        "context_id": "SdkCtx-1",
        "context_name": None,
        "create": False,
        "path": "/home/wuying/data",
        "line": 12,
        "policy": {"name": "strict", "defined": True, "chain": ["strict", "standard"]},
    }
    assert info["paths"] == [
        {"kind": "white list path", "value": "", "regex": False, "absolute": "/home/wuying/data",
         "means": "`/home/wuying/data` (the whole mount)", "sent": True, "line": None, "column": None},
        {"kind": "recycle path", "value": "", "regex": False, "absolute": None,
         "means": "every path of the context", "sent": True, "line": None, "column": None},
    ]
    fields = {f["field"]: f for f in info["fields"]}
    assert list(fields)[:4] == [
        "upload_policy.auto_upload",
        "upload_policy.upload_strategy",
        "upload_policy.upload_mode",
        "upload_policy.archive_exclude_paths",
    ]
    assert len(fields) == 14
    assert fields["upload_policy.upload_mode"] == {
        "field": "upload_policy.upload_mode",
        "value": "Archive",
        "default": False,
        "sent": True,
        "source": {"policy": "standard", "file": "team.sync.yaml", "line": 5, "column": 20,
                   "via": ["strict", "standard"]},
    }
    assert fields["delete_policy.sync_local_file"]["source"] == {
        "policy": "strict", "file": "team.sync.yaml", "line": 10, "column": 38, "via": []
    }
    assert fields["bw_list.white_lists"] == {
        "field": "bw_list.white_lists",
        "value": [{"path": "", "exclude_paths": [], "is_path_regex": False, "is_exclude_regex": False}],
        "default": True,
        "sent": True,
        "source": None,
    }
    assert fields["mapping_policy.path"] == {
        "field": "mapping_policy.path", "value": None, "default": True, "sent": False, "source": None
    }


def test_inline_policy_and_no_policy_in_json(team: Path) -> None:
    result = run("explain", "team.sync.yaml", "--format", "json")
    infos = json.loads(result.stdout)
    assert [i["policy"] for i in infos] == [
        {"name": "strict", "defined": True, "chain": ["strict", "standard"]},
        {"name": None, "defined": True, "chain": ["inline", "standard"]},
        None,
    ]
    assert infos[2]["fields"] == []
    mapping = {f["field"]: f for f in infos[1]["fields"]}["mapping_policy.path"]
    assert mapping["value"] == "C:\\tmp" and mapping["sent"] is True
    assert mapping["source"] == {"policy": None, "file": "team.sync.yaml", "line": 22, "column": 30, "via": []}


def test_unknown_context_is_exit_2_with_a_suggestion(team: Path) -> None:
    result = run("explain", "team.sync.yaml", "--context", "SdkCtx-l")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: team.sync.yaml: no context `SdkCtx-l`; did you mean `SdkCtx-1`?\n"
    nothing_close = run("explain", "team.sync.yaml", "--context", "zzz")
    assert nothing_close.stderr == "error: team.sync.yaml: no context `zzz`\n"


def test_ignored_archive_excludes_are_marked_not_sent(team: Path) -> None:
    team.write_text(
        "version: 1\ncontexts:\n  - context_id: a\n    path: /home/wuying/a\n"
        "    policy:\n      upload_policy: {archive_exclude_paths: [logs]}\n",
        encoding="utf-8",
    )
    lines = run("explain", "team.sync.yaml").stdout.splitlines()
    assert lines[6] == (
        "    archive_exclude_paths: [logs]                         set by the inline policy at team.sync.yaml:6;"
        " not sent: upload_mode is File"
    )


def test_a_file_with_errors_is_explained_with_a_note(team: Path) -> None:
    team.write_text(TEAM.replace("policy: strict", "policy: strikt"), encoding="utf-8")
    result = run("explain", "team.sync.yaml", "--context", "SdkCtx-1")
    assert result.exit_code == 0
    assert result.stdout == (
        "team.sync.yaml:12: context `SdkCtx-1` at /home/wuying/data\n  policy `strikt` is not defined\n"
    )
    assert result.stderr == (
        "note: team.sync.yaml has 1 lint error; values may differ once they are fixed"
        " (run `syncdsl lint team.sync.yaml`)\n"
    )


def test_a_file_that_is_not_a_mapping_is_refused(team: Path) -> None:
    team.write_text("- just\n- a list\n", encoding="utf-8")
    result = run("explain", "team.sync.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0].startswith("team.sync.yaml:1:1: SD005 [error] ")
    assert result.stderr.splitlines()[-1] == (
        "error: team.sync.yaml: nothing to explain: the file holds no syncdsl mapping"
    )


def test_missing_file_is_one_line(team: Path) -> None:
    result = run("explain", "gone.sync.yaml")
    assert (result.exit_code, result.stderr) == (2, "error: gone.sync.yaml: cannot read: no such file or directory\n")


def test_documents_are_labelled_in_multi_document_files(team: Path) -> None:
    one = "version: 1\ncontexts:\n  - {context_id: A, path: /a}\n"
    text = one + "---\n" + one.replace("A, path: /a", "B, path: /b")
    result = run("explain", "-", stdin=text)
    assert result.stdout == (
        "--- document 1\n<stdin>:3: context `A` at /a\n  no policy: the SDK sends none\n\n"
        "--- document 2\n<stdin>:7: context `B` at /b\n  no policy: the SDK sends none\n"
    )
    assert [i["document"] for i in json.loads(run("explain", "-", "--format", "json", stdin=text).stdout)] == [1, 2]


def test_hover_markdown_for_a_context() -> None:
    model = syncdsl.load(TEAM).model
    assert explain_context(model, model.contexts[0], "") == (
        "**context `SdkCtx-1`** mounted at `/home/wuying/data`\n"
        "\n"
        "policy `strict` extends `standard`\n"
        "\n"
        "| field | value | from |\n"
        "|---|---|---|\n"
        "| `upload_policy.auto_upload` | `true` | SDK default |\n"
        "| `upload_policy.upload_strategy` | `UploadBeforeResourceRelease` | SDK default |\n"
        "| `upload_policy.upload_mode` | `Archive` | set by policy `standard` on line 5 (via strict -> standard) |\n"
        "| `upload_policy.archive_exclude_paths` | `[]` | SDK default |\n"
        "| `download_policy.auto_download` | `true` | SDK default |\n"
        "| `download_policy.download_strategy` | `DownloadAsync` | SDK default |\n"
        "| `delete_policy.sync_local_file` | `false` | set by policy `strict` on line 10 |\n"
        "| `extract_policy.extract` | `true` | SDK default |\n"
        "| `extract_policy.delete_src_file` | `true` | SDK default |\n"
        "| `extract_policy.extract_current_folder` | `false` | SDK default |\n"
        "| `recycle_policy.lifecycle` | `Lifecycle_30Days` | set by policy `standard` on line 7"
        " (via strict -> standard) |\n"
        "| `recycle_policy.paths` | `[\"\"]` | SDK default |\n"
        "| `bw_list.white_lists` | `[{path: \"\", exclude_paths: [], is_path_regex: false, is_exclude_regex: false}]`"
        " | SDK default |\n"
        "| `mapping_policy.path` | (unset) | SDK default; no mapping policy is sent |\n"
        "\n"
        "In the session:\n"
        "\n"
        "- white list \"\" -> `/home/wuying/data` (the whole mount) (SDK default)\n"
        "- recycle \"\" -> every path of the context (SDK default)\n"
    )
    assert explain_context(model, model.contexts[2], "team.sync.yaml") == (
        "**context `SdkCtx-3`** mounted at `/home/wuying/plain`\n\nno policy: the SDK sends none\n"
    )


def test_hover_markdown_for_a_policy_escapes_table_cells() -> None:
    model = syncdsl.load(
        "version: 1\npolicies:\n  p:\n    bw_list:\n      white_lists: [{path: 'a|b.*', is_path_regex: true}]\n"
        "contexts:\n  - {context_id: c, path: /c, policy: p}\n"
    ).model
    text = explain_policy(model, model.policies["p"], "x.sync.yaml")
    assert text.startswith("**policy `p`**\n\n| field | value | from |\n")
    assert (
        "| `bw_list.white_lists` | `[{path: 'a\\|b.*', exclude_paths: [], is_path_regex: true,"
        " is_exclude_regex: false}]` | set by policy `p` at x.sync.yaml:5 |\n"
    ) in text


def test_a_file_without_contexts_says_so(team: Path) -> None:
    team.write_text("version: 1\ncontexts: []\n", encoding="utf-8")
    result = run("explain", "team.sync.yaml", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr.endswith("note: team.sync.yaml lists no contexts\n")
