"""``syncdsl diff``: resolved changes with provenance and data-risk markers, git revisions and the git diff driver.

The sample test mutates every file of ``samples/`` (a lifecycle, ``auto_upload``,
a white list, a mount path, a dropped context) and checks that the report
holds exactly the resolved fields that changed, compared independently through
``syncdsl explain --format json`` of both versions.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.cli_helpers import run
from tests.test_cli_subprocess import clean_env, syncdsl_command

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.sync.yaml"))

TEAM = """\
version: 1
policies:
  base:
    upload_policy:
      auto_upload: true
    recycle_policy:
      lifecycle: Lifecycle_30Days
  strict:
    extends: base
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: strict
  - context_id: SdkCtx-2
    path: /home/wuying/src
    policy:
      extends: base
      recycle_policy: {lifecycle: Lifecycle_90Days}
      bw_list:
        white_lists:
          - path: /app
            exclude_paths: [/node_modules]
          - path: /config
  - context_id: SdkCtx-3
    path: /tmp/scratch
    policy: base
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# --- exact output ------------------------------------------------------------------------------

NEW_TEAM = changed(
    TEAM,
    ("      lifecycle: Lifecycle_30Days", "      lifecycle: Lifecycle_1Day"),
    ("          - path: /config\n", ""),
    ("exclude_paths: [/node_modules]", "exclude_paths: [/node_modules, /dist]"),
    ("  - context_id: SdkCtx-3\n    path: /tmp/scratch\n    policy: base\n", ""),
)

TEXT = """\
--- old.sync.yaml
+++ new.sync.yaml

~ new.sync.yaml:12: context `SdkCtx-1` at /home/wuying/data (policy `strict` extends `base`)
  recycle_policy.lifecycle: Lifecycle_30Days -> Lifecycle_1Day
      before: set by policy `base` at old.sync.yaml:7 (via strict -> base)
      after:  set by policy `base` at new.sync.yaml:7 (via strict -> base)
      ! loses data: stored files are deleted 1 day after upload instead of 30 days

~ new.sync.yaml:15: context `SdkCtx-2` at /home/wuying/src (inline policy extends `base`)
  bw_list.white_lists: [/app (excluding /node_modules), /config] -> [/app (excluding /node_modules, /dist)]
      before: set by the inline policy at old.sync.yaml:22
      after:  set by the inline policy at new.sync.yaml:22
      ! loses data: /home/wuying/src/app/dist is now excluded from white list `/app`
      ! loses data: white list `/config` removed: /home/wuying/src/config is no longer persisted

- old.sync.yaml:25: context `SdkCtx-3` at /tmp/scratch (policy `base`)
    ! loses data: the context is no longer synced: files under /tmp/scratch are neither downloaded nor persisted

contexts: 2 changed, 1 removed, 0 unchanged; 4 changes that lose data
"""


def test_text_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old.sync.yaml", TEAM)
    write(tmp_path, "new.sync.yaml", NEW_TEAM)
    result = run("diff", "old.sync.yaml", "new.sync.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (1, TEXT, "")


MARKDOWN = """\
### syncdsl diff: `old.sync.yaml` → `new.sync.yaml`

**Data risk.** Contexts: 2 changed, 1 removed, 0 unchanged; 4 changes that lose data.

#### Changed: context `SdkCtx-1` at /home/wuying/data (policy `strict` extends `base`)

| field | before | after | effect |
|---|---|---|---|
| `recycle_policy.lifecycle` | `Lifecycle_30Days`<br><sub>set by policy `base` at old.sync.yaml:7 (via strict -> \
base)</sub> | `Lifecycle_1Day`<br><sub>set by policy `base` at new.sync.yaml:7 (via strict -> base)</sub> | **loses \
data**: stored files are deleted 1 day after upload instead of 30 days |

#### Changed: context `SdkCtx-2` at /home/wuying/src (inline policy extends `base`)

| field | before | after | effect |
|---|---|---|---|
| `bw_list.white_lists` | `[/app (excluding /node_modules), /config]`<br><sub>set by the inline policy at \
old.sync.yaml:22</sub> | `[/app (excluding /node_modules, /dist)]`<br><sub>set by the inline policy at \
new.sync.yaml:22</sub> | **loses data**: /home/wuying/src/app/dist is now excluded from white list `/app`<br>**loses \
data**: white list `/config` removed: /home/wuying/src/config is no longer persisted |

#### Removed: context `SdkCtx-3` at /tmp/scratch (policy `base`)

- **loses data**: the context is no longer synced: files under /tmp/scratch are neither downloaded nor persisted
"""


def test_markdown_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old.sync.yaml", TEAM)
    write(tmp_path, "new.sync.yaml", NEW_TEAM)
    result = run("diff", "--format", "markdown", "old.sync.yaml", "new.sync.yaml")
    assert (result.exit_code, result.stdout) == (1, MARKDOWN)


def test_json_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old.sync.yaml", TEAM)
    write(tmp_path, "new.sync.yaml", NEW_TEAM)
    result = run("diff", "--format", "json", "old.sync.yaml", "new.sync.yaml")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["old"], data["new"], data["changed"]) == ("old.sync.yaml", "new.sync.yaml", True)
    assert data["summary"] == {"changed": 2, "added": 0, "removed": 1, "unchanged": 0, "loses_data": 4,
                               "keeps_data_longer": 0}
    first = data["contexts"][0]
    assert {k: first[k] for k in ("status", "context_id", "context_name", "path", "old", "new", "risks")} == {
        "status": "changed", "context_id": "SdkCtx-1", "context_name": None, "path": "/home/wuying/data",
        "old": {"line": 12, "policy": "policy `strict` extends `base`"},
        "new": {"line": 12, "policy": "policy `strict` extends `base`"},
        "risks": [],
    }
    assert first["changes"] == [{
        "field": "recycle_policy.lifecycle",
        "old": "Lifecycle_30Days",
        "new": "Lifecycle_1Day",
        "old_sent": True,
        "new_sent": True,
        "old_source": {"policy": "base", "file": "old.sync.yaml", "line": 7, "column": 18, "via": ["strict", "base"]},
        "new_source": {"policy": "base", "file": "new.sync.yaml", "line": 7, "column": 18, "via": ["strict", "base"]},
        "added": [],
        "removed": [],
        "notes": [],
        "risks": [{"kind": "loses-data", "reason": "stored files are deleted 1 day after upload instead of 30 days"}],
    }]
    removed = data["contexts"][2]
    assert (removed["status"], removed["old"], removed["new"], removed["changes"]) == (
        "removed", {"line": 25, "policy": "policy `base`"}, None, []
    )


# --- exit codes and inputs -------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    old = write(tmp_path, "old.sync.yaml", TEAM)
    reformatted = write(tmp_path, "same.sync.yaml", TEAM.replace("delete_policy: {sync_local_file: false}",
                                                                 "delete_policy:\n      sync_local_file: false"))
    result = run("diff", str(old), str(reformatted))
    assert result.exit_code == 0
    assert result.stdout.endswith("\nno change in the resolved contexts (3 contexts compared)\n")
    keeps = write(tmp_path, "keeps.sync.yaml", changed(TEAM, ("Lifecycle_90Days", "Lifecycle_360Days")))
    assert run("diff", str(old), str(keeps)).exit_code == 1
    assert run("diff", "--fail-on", "risk", str(old), str(keeps)).exit_code == 1
    assert run("diff", "--fail-on", "loses-data", str(old), str(keeps)).exit_code == 0
    quiet = write(tmp_path, "quiet.sync.yaml", changed(TEAM, ("auto_upload: true", "auto_upload: true\n"
                                                              "      upload_strategy: UploadBeforeResourceRelease"),
                                                       ("path: /app", "path: app")))
    assert run("diff", "--fail-on", "risk", str(old), str(quiet)).exit_code == 0  # the same resolved values
    moved = write(tmp_path, "moved.sync.yaml", changed(TEAM, ("extends: base\n    delete", "extends: base\n"
                                                              "    download_policy: {download_strategy: DownloadAsync}"
                                                              "\n    delete")))
    assert run("diff", str(old), str(moved)).exit_code == 0  # a written default is still the default


def test_errors_are_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.sync.yaml", TEAM)
    write(tmp_path, "scalar.sync.yaml", "just text\n")
    cases = {
        ("a.sync.yaml", "missing.sync.yaml"): "error: missing.sync.yaml: no such file (write REV:path to read it "
        "from git)\n",
        ("a.sync.yaml", "HEAD:a.sync.yaml"): "error: HEAD:a.sync.yaml: not a git repository (REV:path reads a file "
        "from git)\n",
        ("a.sync.yaml", "scalar.sync.yaml"): "error: scalar.sync.yaml: not a syncdsl file: it holds no YAML mapping "
        "(SD005 at line 1: the document is a scalar; expected a mapping with `version` and `contexts`)\n",
        ("-", "-"): "error: only one of OLD and NEW can be standard input\n",
        ("a.sync.yaml",): "error: expected OLD and NEW, got 1 argument\n",
    }
    for args, message in cases.items():
        result = run("diff", *args)
        assert (result.exit_code, result.stderr) == (2, message), args


def test_dev_null_and_stdin(tmp_path: Path) -> None:
    team = write(tmp_path, "team.sync.yaml", TEAM)
    result = run("diff", "/dev/null", str(team))
    assert result.exit_code == 1
    assert result.stdout.endswith("contexts: 3 added, 0 unchanged\n")
    assert "+ " + str(team) + ":12: context `SdkCtx-1` at /home/wuying/data (policy `strict` extends `base`)" in (
        result.stdout
    )
    result = run("diff", str(team), "-", stdin=TEAM.replace("Lifecycle_90Days", "Lifecycle_Forever"))
    assert result.exit_code == 1
    assert "  recycle_policy.lifecycle: Lifecycle_90Days -> Lifecycle_Forever\n" in result.stdout
    assert "after:  set by the inline policy at <stdin>:19" in result.stdout
    assert "! keeps data longer: stored files are kept forever instead of 90 days" in result.stdout


def test_a_file_with_lint_errors_is_compared_with_a_note(tmp_path: Path) -> None:
    old = write(tmp_path, "old.sync.yaml", TEAM)
    new = write(tmp_path, "new.sync.yaml", TEAM.replace("  - context_id: SdkCtx-3\n", "  - context_id: SdkCtx-3\n"
                                                        "    colour: blue\n"))
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    assert result.stderr == f"note: {new} has 1 lint error; it is compared as far as it resolves\n"


# --- pairing and markers -------------------------------------------------------------------------


def _changes(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, list[str]]]:
    a, b = write(tmp_path, "a.sync.yaml", old), write(tmp_path, "b.sync.yaml", new)
    data = json.loads(run("diff", "--format", "json", str(a), str(b)).stdout)
    out = []
    for context in data["contexts"]:
        out.extend((context["status"], r["kind"] + ": " + r["reason"], []) for r in context["risks"])
        for c in context["changes"]:
            out.append((context["status"], c["field"], [r["kind"] + ": " + r["reason"] for r in c["risks"]]))
    return out


ONE = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying\n    policy:\n{policy}"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # a white list made deeper
            "      bw_list: {white_lists: [{path: /src}]}\n",
            "      bw_list: {white_lists: [{path: /src/app}]}\n",
            [("changed", "bw_list.white_lists", [
                "loses-data: white list `/src` narrowed to `/src/app`: the rest of /home/wuying/src is no longer "
                "persisted"])],
        ),
        (  # the whole mount (the SDK default) narrowed to one folder
            "      upload_policy: {}\n",
            "      bw_list: {white_lists: [{path: /src}]}\n",
            [("changed", "bw_list.white_lists", [
                "loses-data: white list `\"\"` narrowed to `/src`: the rest of /home/wuying is no longer persisted"])],
        ),
        (  # widened: a parent folder replaces the entry; an exclusion inside the old folder still loses data
            "      bw_list: {white_lists: [{path: /src/app}]}\n",
            "      bw_list: {white_lists: [{path: /src, exclude_paths: [/app/cache, /docs]}]}\n",
            [("changed", "bw_list.white_lists", [
                "loses-data: /home/wuying/src/app/cache is excluded by white list `/src`"])],
        ),
        (  # the same entry spelled differently, an exclusion dropped: nothing lost
            "      bw_list: {white_lists: [{path: /src, exclude_paths: [/dist]}]}\n",
            "      bw_list: {white_lists: [{path: src}]}\n",
            [("changed", "bw_list.white_lists", [])],
        ),
        (  # exclusions turned into patterns
            "      bw_list: {white_lists: [{path: /src, exclude_paths: [build]}]}\n",
            "      bw_list: {white_lists: [{path: /src, exclude_paths: [build], is_exclude_regex: true}]}\n",
            [("changed", "bw_list.white_lists", [
                "loses-data: the exclusions of white list `/src` are now read as patterns: they may exclude more"])],
        ),
        (  # deletions propagated; archive mode
            "      delete_policy: {sync_local_file: false}\n",
            "      delete_policy: {sync_local_file: true}\n      upload_policy: {upload_mode: Archive}\n",
            [("changed", "upload_policy.upload_mode", [
                "loses-data: files are packed into one archive: only archive exclusions stay reachable one by one "
                "(presigned URLs)"]),
             ("changed", "delete_policy.sync_local_file", [
                 "loses-data: files deleted in a session are now deleted from the context too"])],
        ),
        (  # a lifecycle reaching more paths, then fewer
            "      recycle_policy: {lifecycle: Lifecycle_5Days, paths: [/tmp/a]}\n",
            "      recycle_policy: {lifecycle: Lifecycle_5Days, paths: [/tmp/b]}\n",
            [("changed", "recycle_policy.paths", [
                "loses-data: Lifecycle_5Days now also applies to `/tmp/b`",
                "keeps-data-longer: Lifecycle_5Days no longer applies to `/tmp/a`"])],
        ),
        (  # recycle paths do not matter while data is kept forever
            "      recycle_policy: {paths: [/tmp/a]}\n",
            "      recycle_policy: {paths: [\"\"]}\n",
            [("changed", "recycle_policy.paths", [])],
        ),
        (  # archive excludes: not sent in File mode, so changing them changes nothing that is sent
            "      upload_policy: {archive_exclude_paths: [logs/]}\n",
            "      upload_policy: {archive_exclude_paths: [out/]}\n",
            [("changed", "upload_policy.archive_exclude_paths", [])],
        ),
        (  # an archive exclusion removed in Archive mode
            "      upload_policy: {upload_mode: Archive, archive_exclude_paths: [logs/, out/]}\n",
            "      upload_policy: {upload_mode: Archive, archive_exclude_paths: [out/]}\n",
            [("changed", "upload_policy.archive_exclude_paths", [
                "loses-data: files under the prefix /home/wuying/logs/ are now packed into the archive, no longer "
                "reachable one by one"])],
        ),
    ],
)
def test_markers(tmp_path: Path, old: str, new: str, expected: list[tuple[str, str, list[str]]]) -> None:
    assert _changes(tmp_path, ONE.format(policy=old), ONE.format(policy=new)) == expected


def test_archive_exclude_notes_say_what_is_sent(tmp_path: Path) -> None:
    a = write(tmp_path, "a.sync.yaml", ONE.format(policy="      upload_policy: {archive_exclude_paths: [logs/]}\n"))
    b = write(tmp_path, "b.sync.yaml", ONE.format(policy="      upload_policy: {archive_exclude_paths: [out/]}\n"))
    data = json.loads(run("diff", "--format", "json", str(a), str(b)).stdout)
    assert data["contexts"][0]["changes"][0]["notes"] == ["not sent either way: upload_mode is File"]


def test_pairing_by_id_or_mount_when_the_other_changed(tmp_path: Path) -> None:
    old = "version: 1\ncontexts:\n  - {context_id: SdkCtx-1, path: /home/wuying/a}\n" \
          "  - {context_id: SdkCtx-2, path: /home/wuying/b}\n"
    new = "version: 1\ncontexts:\n  - {context_id: SdkCtx-1, path: /home/wuying/moved}\n" \
          "  - {context_id: SdkCtx-9, path: /home/wuying/b}\n  - {context_id: SdkCtx-3, path: /tmp/c}\n"
    assert _changes(tmp_path, old, new) == [
        ("changed", "path", ["loses-data: mounted elsewhere: files written under /home/wuying/a are no longer "
                             "persisted, and the stored files appear under /home/wuying/moved"]),
        ("changed", "context_id", ["loses-data: another context: what the old one stores is no longer downloaded "
                                   "here, and files written now go to the new one"]),
    ]
    a, b = write(tmp_path, "a.sync.yaml", old), write(tmp_path, "b.sync.yaml", new)
    text = run("diff", str(a), str(b)).stdout
    assert f"~ {b}:3: context `SdkCtx-1` at /home/wuying/a -> /home/wuying/moved (no policy)" in text
    assert f"+ {b}:5: context `SdkCtx-3` at /tmp/c (no policy)" in text


def test_a_policy_dropped_from_a_context(tmp_path: Path) -> None:
    got = _changes(tmp_path, TEAM, TEAM.replace("    policy: base\n", ""))
    assert got == [("changed", "policy", ["loses-data: no policy is sent any more: the service decides what is "
                                          "synced (undocumented)"])]


def test_a_change_in_a_shared_policy_is_reported_for_every_context_it_reaches(tmp_path: Path) -> None:
    got = _changes(tmp_path, TEAM, TEAM.replace("auto_upload: true", "auto_upload: false"))
    assert got == [("changed", "upload_policy.auto_upload",
                    ["loses-data: nothing written in a session is uploaded any more"])] * 3


# --- every sample, mutated ---------------------------------------------------------------------------

_yaml = YAML()
_yaml.preserve_quotes = True


def _load(path: Path) -> Any:
    return _yaml.load(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml.dump(data, out)
    return out.getvalue()


def _target_policy(data: Any) -> Any:
    """The policy mapping of the first context that has one (a named policy is edited where it is defined)."""
    for context in data.get("contexts") or []:
        policy = context.get("policy")
        if isinstance(policy, str):
            return data["policies"][policy]
        if policy is not None:
            return policy
    return None


def _lifecycle(data: Any) -> None:
    policy = _target_policy(data)
    section = policy.setdefault("recycle_policy", {})
    section["lifecycle"] = "Lifecycle_Forever" if section.get("lifecycle") == "Lifecycle_1Day" else "Lifecycle_1Day"


def _no_upload(data: Any) -> None:
    policy = _target_policy(data)
    section = policy.get("upload_policy")
    if section is None:
        policy["upload_policy"] = section = {}
    section["auto_upload"] = not section.get("auto_upload", True)


def _narrow(data: Any) -> None:
    _target_policy(data)["bw_list"] = {"white_lists": [{"path": "/narrowed-only"}]}


def _first_list(data: Any) -> Any:
    """The list explain starts with: the context syncs, or the mounts of a file that has none."""
    return data.get("contexts") or data["mounts"]


def _move_mount(data: Any) -> None:
    first = _first_list(data)[0]
    first["path"] = first["path"].rstrip("/") + "/moved"


def _drop_last(data: Any) -> None:
    del (data.get("mounts") or data["contexts"])[-1]  # the last entry explain lists


def _browser_upload(data: Any) -> None:
    browser = data["browser_context"]
    browser["auto_upload"] = not browser.get("auto_upload", True)


def _read_only(data: Any) -> None:
    data["mounts"][0]["access_mode"] = "readOnly" if data["mounts"][0].get("access_mode") != "readOnly" else (
        "readWrite")


MUTATIONS: dict[str, Callable[[Any], None]] = {
    "lifecycle": _lifecycle,
    "auto_upload": _no_upload,
    "narrow-white-list": _narrow,
    "move-mount": _move_mount,
    "drop-context": _drop_last,
    "mount-access-mode": _read_only,
    "browser-auto-upload": _browser_upload,
}


def _resolved(path: Path) -> list[dict[str, Any]]:
    result = run("explain", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _expected(old: list[dict[str, Any]], new: list[dict[str, Any]], mutation: str) -> set[tuple[str, str]]:
    """(context id, field) of every resolved difference, computed from the two explain reports alone."""
    if mutation == "drop-context":
        return {(old[-1]["context_id"], "(removed)")}
    out = set()
    for a, b in zip(old, new, strict=True):
        if a["path"] != b["path"]:
            out.add((b["context_id"], "path"))
        if a.get("sdk_syncs") != b.get("sdk_syncs"):  # what the SDK adds for a browser context
            out.add((b["context_id"], "sdk_syncs"))
        fields_a = {f["field"]: (f["value"], f["sent"]) for f in a["fields"]}
        for f in b["fields"]:
            if fields_a.get(f["field"]) != (f["value"], f["sent"]):
                out.add((b["context_id"], f["field"]))
    return out


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_sample_mutated(tmp_path: Path, sample: Path, mutation: str) -> None:
    data = _load(sample)
    if mutation == "mount-access-mode":
        if not data.get("mounts"):
            pytest.skip("the sample has no context mount")
    elif mutation == "browser-auto-upload":
        if not data.get("browser_context"):
            pytest.skip("the sample has no browser context")
    elif mutation == "drop-context" and len(data.get("mounts") or data["contexts"]) == 1:
        pytest.skip("the only entry of its list, which may not be empty")
    elif mutation not in ("drop-context", "move-mount") and _target_policy(data) is None:
        pytest.skip("no context of this sample has a policy")
    MUTATIONS[mutation](data)
    mutated = write(tmp_path, "mutated.sync.yaml", _dump(data))
    expected = _expected(_resolved(sample), _resolved(mutated), mutation)
    assert expected, "the mutation must change something resolved"
    result = run("diff", "--format", "json", str(sample), str(mutated))
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    got = set()
    for context in report["contexts"]:
        if context["status"] == "removed":
            got.add((context["context_id"], "(removed)"))
        got.update((context["context_id"], c["field"]) for c in context["changes"])
    assert got == expected
    risks = [r["kind"] for c in report["contexts"] for r in c["risks"] + [r for x in c["changes"] for r in x["risks"]]]
    if mutation in ("narrow-white-list", "move-mount", "drop-context"):
        assert "loses-data" in risks
    if mutation == "mount-access-mode" and data["mounts"][0]["access_mode"] == "readOnly":
        assert "loses-data" in risks
    if mutation == "browser-auto-upload" and data["browser_context"]["auto_upload"] is False:
        assert "loses-data" in risks
    unchanged = run("diff", str(sample), str(sample))
    assert unchanged.exit_code == 0


# --- git -------------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60,
                          env=env)


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "ops").mkdir()
    write(repo / "ops", "team.sync.yaml", TEAM)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    write(repo / "ops", "team.sync.yaml", NEW_TEAM)
    git(repo, "commit", "-q", "-am", "second")
    return repo


@needs_git
def test_revisions_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    monkeypatch.chdir(repo / "ops")
    result = run("diff", "HEAD~1:ops/team.sync.yaml", "HEAD:ops/team.sync.yaml")
    assert result.exit_code == 1
    assert result.stdout == TEXT.replace("old.sync.yaml", "HEAD~1:ops/team.sync.yaml").replace(
        "new.sync.yaml", "HEAD:ops/team.sync.yaml"
    )
    # REV:./path is relative to the current folder, as git reads it; the working file is a file
    assert run("diff", "HEAD~1:./team.sync.yaml", "team.sync.yaml").exit_code == 1
    assert run("diff", "HEAD:./team.sync.yaml", "team.sync.yaml").exit_code == 0
    cases = {
        ("nope:ops/team.sync.yaml", "team.sync.yaml"): "error: nope:ops/team.sync.yaml: invalid object name 'nope'.\n",
        ("HEAD:ops/missing.sync.yaml", "team.sync.yaml"): "error: HEAD:ops/missing.sync.yaml: path "
        "'ops/missing.sync.yaml' does not exist in 'HEAD'\n",
        ("HEAD:ops", "team.sync.yaml"): "error: HEAD:ops: not a file in git (a tree)\n",
    }
    for args, message in cases.items():
        result = run("diff", *args)
        assert (result.exit_code, result.stderr) == (2, message)


@needs_git
def test_git_diff_driver(tmp_path: Path) -> None:
    """`git diff` and `git log -p --ext-diff` run syncdsl through .gitattributes and diff.syncdsl.command, for real."""
    repo = make_repo(tmp_path)
    write(repo, ".gitattributes", "*.sync.yaml diff=syncdsl\n")
    command = " ".join(f"'{part}'" for part in syncdsl_command()) + " diff"
    git(repo, "config", "diff.syncdsl.command", command)
    env = clean_env(GIT_PAGER="cat", PAGER="cat")
    shown = git(repo, "log", "-p", "--ext-diff", "-1", "--format=", "--", "ops/team.sync.yaml", env=env).stdout
    expected = TEXT.replace("--- old.sync.yaml", "diff --syncdsl a/ops/team.sync.yaml b/ops/team.sync.yaml\n"
                            "--- a/ops/team.sync.yaml").replace("old.sync.yaml", "a/ops/team.sync.yaml")
    assert shown == expected.replace("new.sync.yaml", "b/ops/team.sync.yaml")
    # A working-tree change, a new file and a file that is not syncdsl YAML.
    write(repo / "ops", "team.sync.yaml", NEW_TEAM.replace("Lifecycle_1Day", "Lifecycle_360Days"))
    write(repo, "new.sync.yaml", "version: 1\ncontexts:\n  - {context_id: SdkCtx-n, path: /tmp/n}\n")
    write(repo, "broken.sync.yaml", "key: [unclosed\n")
    git(repo, "add", "-N", "new.sync.yaml", "broken.sync.yaml")
    out = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert "! keeps data longer: stored files are deleted 360 days after upload instead of 1 day" in out.stdout
    assert "diff --syncdsl /dev/null b/new.sync.yaml\n--- /dev/null\n+++ b/new.sync.yaml\n\n" \
           "+ b/new.sync.yaml:3: context `SdkCtx-n` at /tmp/n (no policy)\n" in out.stdout
    assert "note: b/broken.sync.yaml: not a syncdsl file: it holds no YAML mapping" in out.stdout
    assert "+key: [unclosed\n" in out.stdout  # the plain line diff it falls back to
    # git diff --exit-code still says whether anything changed.
    code = subprocess.run(["git", "diff", "--exit-code", "--quiet", "--", "ops"], cwd=repo, env=env, timeout=60,
                          check=False).returncode
    assert code == 1


@needs_git
def test_the_console_script_from_git_show(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    proc = subprocess.run([*syncdsl_command(), "diff", "HEAD~1:ops/team.sync.yaml", "ops/team.sync.yaml"],
                          cwd=repo, capture_output=True, text=True, env=clean_env(), timeout=60, check=False)
    assert proc.returncode == 1
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour
    proc = subprocess.run([*syncdsl_command(), "diff", "HEAD~1:ops/team.sync.yaml", "ops/team.sync.yaml"],
                          cwd=repo, capture_output=True, text=True, env=clean_env(FORCE_COLOR="1"), timeout=60,
                          check=False)
    assert "\x1b[1;31m! loses data: \x1b[0m" in proc.stdout


def test_no_git_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    write(tmp_path, "a.sync.yaml", TEAM)
    result = run("diff", "HEAD:a.sync.yaml", "a.sync.yaml")
    assert (result.exit_code, result.stderr) == (2, "error: git is not installed (it is needed to read REV:path)\n")


# --- the recipes of docs/ci.md, run as written ------------------------------------------------------


def _doc_block(first_line: str) -> str:
    """The fenced block of docs/ci.md whose first line is ``first_line`` and that mentions syncdsl diff."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for block in text.split("```")[1::2]:
        body = block.split("\n", 1)[1]
        if body.startswith(first_line + "\n") and "syncdsl diff" in body:
            return body
    raise AssertionError(f"no block starting with {first_line!r} in docs/ci.md")


def _path_with_syncdsl(tmp_path: Path) -> str:
    """PATH with a `syncdsl` that is this checkout's console script."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "syncdsl"
    script.write_text("#!/bin/sh\nexec " + " ".join(f"'{p}'" for p in syncdsl_command()) + ' "$@"\n', "utf-8")
    script.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


@needs_git
@pytest.mark.skipif(shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists(),
                    reason="pre-commit is not installed")
def test_the_pre_commit_recipe(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    git(repo, "reset", "-q", "--hard", "HEAD~1")  # back to TEAM
    write(repo, ".pre-commit-config.yaml", _doc_block("# .pre-commit-config.yaml"))
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "hook")
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = clean_env(PATH=_path_with_syncdsl(tmp_path), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))

    def hook() -> subprocess.CompletedProcess[str]:
        git(repo, "add", "-A")
        return subprocess.run([pre_commit, "run", "--files", "ops/team.sync.yaml", "new.sync.yaml"], cwd=repo,
                              capture_output=True, text=True, env=env, timeout=300, check=False)

    write(repo / "ops", "team.sync.yaml", TEAM.replace("Lifecycle_90Days", "Lifecycle_360Days"))
    write(repo, "new.sync.yaml", "version: 1\ncontexts:\n  - {context_id: SdkCtx-n, path: /tmp/n}\n")
    kept = hook()
    assert kept.returncode == 0, kept.stdout + kept.stderr  # keeps data longer: not refused
    write(repo / "ops", "team.sync.yaml", NEW_TEAM)
    refused = hook()
    assert refused.returncode == 1
    assert "! loses data: white list `/config` removed: /home/wuying/src/config is no longer persisted" in (
        refused.stdout
    )


@needs_git
def test_the_pull_request_recipe(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)  # main holds NEW_TEAM; go back one commit to branch off TEAM
    git(repo, "branch", "-q", "-m", "feature")
    git(repo, "branch", "-q", "base", "HEAD~1")
    git(repo, "update-ref", "refs/remotes/origin/base", "base")
    write(repo, "added.sync.yaml", "version: 1\ncontexts:\n  - {context_id: SdkCtx-a, path: /tmp/a}\n")
    git(repo, "add", "added.sync.yaml")
    git(repo, "commit", "-q", "-m", "add")
    workflow = _yaml.load(_doc_block("# .github/workflows/syncdsl-diff.yml"))
    script = workflow["jobs"]["diff"]["steps"][-1]["run"]
    summary = tmp_path / "summary.md"
    env = clean_env(PATH=_path_with_syncdsl(tmp_path), BASE="origin/base", GITHUB_STEP_SUMMARY=str(summary))
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert "### syncdsl diff: `/dev/null` → `added.sync.yaml`" in text
    assert "### syncdsl diff: `origin/base:ops/team.sync.yaml` → `ops/team.sync.yaml`" in text
    assert "**loses data**: white list `/config` removed" in text


MOUNTS = """\
version: 1
mounts:
  - context_name: results
    path: /tmp/results
    access_mode: readWrite
  - context_id: SdkCtx-m2
    path: /tmp/data
    source_path: /train
"""


def test_context_mounts_are_compared_too(tmp_path: Path) -> None:
    new = changed(MOUNTS, ("access_mode: readWrite", "access_mode: readOnly"), ("/train", "/val"))
    assert _changes(tmp_path, MOUNTS, new) == [
        ("changed", "access_mode", ["loses-data: the mount is read-only now: nothing written under /tmp/results is "
                                    "persisted"]),
        ("changed", "source_path", ["loses-data: /tmp/data now shows `/val` of the context instead of `/train`: what "
                                    "was written there before is no longer seen at this path"]),
    ]
    a, b = write(tmp_path, "a.sync.yaml", MOUNTS), write(tmp_path, "b.sync.yaml", new)
    text = run("diff", str(a), str(b)).stdout
    assert f"~ {b}:3: mount named `results` at /tmp/results (mounted)\n  access_mode: readWrite -> readOnly\n" \
           f"      before: set at {a}:5\n      after:  set at {b}:5\n" in text
    data = json.loads(run("diff", "--format", "json", str(a), str(b)).stdout)
    assert [c["kind"] for c in data["contexts"]] == ["mount", "mount"]
    gone = _changes(tmp_path, MOUNTS, MOUNTS.split("  - context_id: SdkCtx-m2")[0])
    assert gone == [("removed", "loses-data: the context is no longer mounted: nothing written under /tmp/data is "
                                "persisted", [])]


def test_a_browser_context_is_compared_with_the_syncs_the_sdk_adds(tmp_path: Path) -> None:
    old = "version: 1\nimage_id: browser_latest\ncontexts:\n  - {context_id: SdkCtx-1, path: /tmp/d}\n" \
          "browser_context:\n  context_id: SdkCtx-b\n  sync_mode: standard\n"
    new = old.replace("sync_mode: standard", "sync_mode: minimal")
    got = _changes(tmp_path, old, new)
    assert [(status, key) for status, key, _ in got] == [("changed", "sdk_syncs"), ("changed", "sync_mode")]
    assert got[1][2] == ["loses-data: minimal mode keeps fewer profile files (cookies and `Local State`, not local "
                         "storage, saved logins or preferences)"]
