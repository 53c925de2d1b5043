"""``syncdsl plan``: the outcome of every file of folder trees built here, checked against the guides' examples.

Each tree is made in ``tmp_path`` at test time. The guide examples are the
configurations of ``tests/fixtures/guides`` (one per guide section); for each
one the test says, file by file, what the guide says the example syncs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from syncdsl.linter import lint_source
from syncdsl.plan import ScanProgress, human_size, plan
from syncdsl.session_paths import context_paths
from tests.cli_helpers import run

GUIDES = Path(__file__).parent / "fixtures" / "guides"


def make_tree(root: Path, files: dict[str, str]) -> Path:
    """Files (relative paths, ``/`` separated) with their text; a name ending in ``/`` is an empty folder."""
    for rel, text in files.items():
        path = root / rel
        if rel.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def outcomes(config: Path | str, root: Path, *args: str) -> dict[str, str]:
    """file -> "<category> | <sync rule>[ | <recycle label>]" from the JSON plan."""
    result = run("plan", str(config), "--root", str(root), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_id = {o["id"]: o for o in data["outcomes"]}
    out = {}
    for f in data["files"]:
        o = by_id[f["outcome"]]
        text = f"{o['category']} | {o['sync']['rules'][0]['rule']}"
        if o["recycle"] is not None and o["recycle"]["outcome"] == "recycled":
            text += f" | {o['recycle']['label']}"
        out[f["path"]] = text
    return out


# --- the guides' examples ------------------------------------------------------------------

HOME_TREE = {
    "src/app.py": "print('hi')\n",
    "src/lib/util.py": "x = 1\n",
    "src/node_modules/left-pad/index.js": "module.exports = 1\n",
    "src/dist/bundle.js": "bundle\n",
    "config/settings.json": "{}\n",
    "srcfoo/readme.txt": "a folder whose name only starts like src\n",
    "node_modules/top.js": "not under /src\n",
    "notes.txt": "notes\n",
}

SRC = "white list `/src` -> /home/wuying/src"
CONFIG = "white list `/config` -> /home/wuying/config"
NOT_LISTED = "under no white-list entry (`/src`, `/config`)"


def test_selective_directory_sync(tmp_path: Path) -> None:
    # data-persistence.md "Selective Directory Sync": /src (without /node_modules) and /config of /home/wuying.
    root = make_tree(tmp_path / "home", HOME_TREE)
    assert outcomes(GUIDES / "dp-selective-directory-sync.sync.yaml", root) == {
        "config/settings.json": f"uploaded as a file | {CONFIG}",
        "node_modules/top.js": f"not synced | {NOT_LISTED}",
        "notes.txt": f"not synced | {NOT_LISTED}",
        "src/app.py": f"uploaded as a file | {SRC}",
        "src/dist/bundle.js": f"uploaded as a file | {SRC}",
        "src/lib/util.py": f"uploaded as a file | {SRC}",
        "src/node_modules/left-pad/index.js": "not synced | exclude `/node_modules` of white list `/src` -> "
        "/home/wuying/src/node_modules",
        "srcfoo/readme.txt": f"not synced | {NOT_LISTED}",
    }


def test_use_whitelists_best_practice_excludes_build_output_too(tmp_path: Path) -> None:
    # context-sync-use-case.md best practice 3: /src minus /node_modules and /dist, and /config.
    root = make_tree(tmp_path / "home", HOME_TREE)
    got = outcomes(GUIDES / "cs-whitelists.sync.yaml", root)
    assert got["src/dist/bundle.js"] == (
        "not synced | exclude `/dist` of white list `/src` -> /home/wuying/src/dist"
    )
    assert [p for p, o in got.items() if o.startswith("uploaded")] == [
        "config/settings.json", "src/app.py", "src/lib/util.py"
    ]


def test_whitelist_repeating_the_mount_persists_nothing(tmp_path: Path) -> None:
    # data-persistence.md troubleshooting "Issue 2": `/home/wuying/src` under mount /home/wuying means
    # /home/wuying/home/wuying/src, so the real src/ folder is not synced.
    root = make_tree(tmp_path / "home", HOME_TREE)
    got = outcomes(GUIDES / "dp-issue2-whitelist-repeats-mount.sync.yaml", root)
    assert set(got.values()) == {"not synced | under no white-list entry (`/home/wuying/src`)"}
    make_tree(root, {"home/wuying/src/x.py": "only this doubled path would be synced\n"})
    got = outcomes(GUIDES / "dp-issue2-whitelist-repeats-mount.sync.yaml", root)
    assert got["home/wuying/src/x.py"] == (
        "uploaded as a file | white list `/home/wuying/src` -> /home/wuying/home/wuying/src"
    )


def test_regex_white_list_and_regex_excludes(tmp_path: Path) -> None:
    # data-persistence.md "Regex Support in WhiteList": project-.* under the mount, minus record.* and
    # downloads.* inside each matched folder.
    root = make_tree(tmp_path / "home", {
        "project-alpha/src/main.py": "a\n",
        "project-alpha/recordings/r1.mp4": "r\n",
        "project-alpha/record-2024/r2.mp4": "r\n",
        "project-alpha/src/recordings/kept.txt": "a nested folder: the exclusion is relative to project-alpha\n",
        "project-beta/downloads/x.zip": "d\n",
        "project-beta/README.md": "b\n",
        "myproject-x/file.txt": "the pattern must match the whole name\n",
        "other/f.txt": "o\n",
    })
    wl = "white list regex `project-.*` (matched under /home/wuying)"
    assert outcomes(GUIDES / "dp-regex-whitelist.sync.yaml", root) == {
        "myproject-x/file.txt": "not synced | under no white-list entry (`project-.*`)",
        "other/f.txt": "not synced | under no white-list entry (`project-.*`)",
        "project-alpha/record-2024/r2.mp4": "not synced | exclude regex `record.*` of white list regex `project-.*`",
        "project-alpha/recordings/r1.mp4": "not synced | exclude regex `record.*` of white list regex `project-.*`",
        "project-alpha/src/main.py": f"uploaded as a file | {wl}",
        "project-alpha/src/recordings/kept.txt": f"uploaded as a file | {wl}",
        "project-beta/README.md": f"uploaded as a file | {wl}",
        "project-beta/downloads/x.zip": "not synced | exclude regex `downloads.*` of white list regex `project-.*`",
    }


def test_archive_exclude_prefixes(tmp_path: Path) -> None:
    # data-persistence.md "Hybrid Storage with Archive Exclude Paths": output/, config.json and logs/ are
    # uploaded one by one, everything else goes into the archive; `logs/` does not catch logs.txt.
    root = make_tree(tmp_path / "ws", {
        "output/report.csv": "1\n",
        "config.json": "{}\n",
        "config.json.bak": "a prefix, not a name: caught by config.json\n",
        "logs/app.log": "l\n",
        "logs.txt": "not under logs/\n",
        "src/a.py": "a\n",
    })
    got = outcomes(GUIDES / "dp-archive-exclude-paths.sync.yaml", root)
    assert {p: o.split(" | ")[0] for p, o in got.items()} == {
        "config.json": "uploaded as a file outside the archive",
        "config.json.bak": "uploaded as a file outside the archive",
        "logs.txt": "packed into the archive",
        "logs/app.log": "uploaded as a file outside the archive",
        "output/report.csv": "uploaded as a file outside the archive",
        "src/a.py": "packed into the archive",
    }
    # A bare `logs` is a prefix of `logs.txt` too (the guide's reason to end folder prefixes with `/`).
    config = tmp_path / "bare.sync.yaml"
    config.write_text(
        "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /tmp/workspace\n    policy:\n"
        "      upload_policy: {upload_mode: Archive, archive_exclude_paths: [logs]}\n",
        encoding="utf-8",
    )
    got = outcomes(config, root)
    assert got["logs.txt"].split(" | ")[0] == "uploaded as a file outside the archive"
    assert got["src/a.py"].split(" | ")[0] == "packed into the archive"


def test_archive_excludes_outside_archive_mode_change_nothing(tmp_path: Path) -> None:
    config = tmp_path / "file-mode.sync.yaml"
    config.write_text(
        "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /tmp/workspace\n    policy:\n"
        "      upload_policy: {archive_exclude_paths: [logs/]}\n",
        encoding="utf-8",
    )
    root = make_tree(tmp_path / "ws", {"logs/a.log": "a\n", "b.txt": "b\n"})
    assert {o.split(" | ")[0] for o in outcomes(config, root).values()} == {"uploaded as a file"}


RECYCLE = """\
version: 1
contexts:
  - context_id: SdkCtx-1
    path: /tmp/cache
    policy:
      recycle_policy:
        lifecycle: Lifecycle_3Days
        paths: [/tmp/cache/logs, /tmp]
"""


@pytest.mark.parametrize(
    ("reading", "logs", "tmp"),
    [
        # auto: /tmp/cache/logs lies inside the mount (an in-session path); /tmp does not (read relative: tmp/)
        ("auto", True, True),
        ("absolute", True, False),  # /tmp is outside the mount: covers nothing here
        ("mount", False, True),  # /tmp/cache/logs would be /tmp/cache/tmp/cache/logs
    ],
)
def test_recycle_path_readings(tmp_path: Path, reading: str, logs: bool, tmp: bool) -> None:
    config = tmp_path / "recycle.sync.yaml"
    config.write_text(RECYCLE, encoding="utf-8")
    root = make_tree(tmp_path / "cache", {"logs/a.log": "a\n", "tmp/t": "t\n", "keep/k": "k\n"})
    got = outcomes(config, root, "--recycle-paths", reading)
    deleted = {p for p, o in got.items() if o.endswith("| deleted 3 days after upload")}
    assert deleted == {p for p, want in (("logs/a.log", logs), ("tmp/t", tmp)) if want}
    text = run("plan", str(config), "--root", str(root), "--recycle-paths", reading).stdout
    assert f"note: recycle paths ({reading}): " in text


def test_recycle_paths_of_the_guide(tmp_path: Path) -> None:
    # data-persistence.md "Path-Specific Cleanup": three days for /tmp/cache and /tmp/logs only (mount /tmp).
    root = make_tree(tmp_path / "tmp", {"cache/a": "a\n", "logs/b": "b\n", "data/c": "c\n"})
    got = outcomes(GUIDES / "dp-recycle-path-specific.sync.yaml", root)
    assert got == {
        "cache/a": "uploaded as a file | white list `\"\"` -> /tmp | deleted 3 days after upload",
        "data/c": "uploaded as a file | white list `\"\"` -> /tmp",
        "logs/b": "uploaded as a file | white list `\"\"` -> /tmp | deleted 3 days after upload",
    }


# --- exact text output -----------------------------------------------------------------------------

HOME_TEXT = """\
{config}:10: context `SdkCtx-c2a4e6f8b0d1` mounted at /home/wuying, its inline policy
local folder {root} read as /home/wuying

./                     8 files  109 B
├── config/             1 file    3 B  [1]
├── node_modules/       1 file   15 B  [2]
├── notes.txt                     6 B  [2]
├── src/               4 files   44 B
│   ├── app.py                   12 B  [3]
│   ├── dist/           1 file    7 B  [3]
│   ├── lib/            1 file    6 B  [3]
│   └── node_modules/   1 file   19 B  [4]
└── srcfoo/             1 file   41 B  [2]

outcomes:
  [1] synced, uploaded as a file, kept forever, downloaded at session start: 1 file, 3 B
      sync      white list `/config` -> /home/wuying/config ({config}:19)
      upload    upload_mode File (SDK default)
      recycle   lifecycle Lifecycle_Forever (SDK default)
      download  auto_download true ({config}:14)
  [2] not synced: 3 files, 62 B
      sync      under no white-list entry (`/src`, `/config`) ({config}:17)
  [3] synced, uploaded as a file, kept forever, downloaded at session start: 3 files, 25 B
      sync      white list `/src` -> /home/wuying/src ({config}:17)
      upload    upload_mode File (SDK default)
      recycle   lifecycle Lifecycle_Forever (SDK default)
      download  auto_download true ({config}:14)
  [4] not synced: 1 file, 19 B
      sync      exclude `/node_modules` of white list `/src` -> /home/wuying/src/node_modules ({config}:18)

totals:
  uploaded as a file  4 files   28 B
  not synced          4 files   81 B
  all                 8 files  109 B
"""


def test_text_output_of_the_selective_sync_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path / "home", HOME_TREE)
    config = tmp_path / "guide.sync.yaml"
    config.write_text((GUIDES / "dp-selective-directory-sync.sync.yaml").read_text(encoding="utf-8"), "utf-8")
    result = run("plan", "guide.sync.yaml", "--root", "home")
    assert result.exit_code == 0, result.output
    assert result.stdout == HOME_TEXT.format(config="guide.sync.yaml", root="home")


TEAM = """\
version: 1
policies:
  base:
    upload_policy:
      upload_mode: Archive
      archive_exclude_paths: [reports/]
    recycle_policy:
      lifecycle: Lifecycle_30Days
      paths: [/cache]
  build:
    extends: base
    download_policy: {auto_download: false}
    bw_list:
      white_lists:
        - path: /out
          exclude_paths: [tmp.*]
          is_exclude_regex: true
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/build
    policy: build
  - context_id: SdkCtx-2
    path: /home/wuying/other
    policy: base
"""

TEAM_TEXT = """\
team.sync.yaml:19: context `SdkCtx-1` mounted at /home/wuying/build, policy `build`
local folder build read as /home/wuying/build
regex: {regex}
note: recycle paths (auto): an entry inside the mount path is read as an in-session absolute path, any other \
entry as relative to the mount (the guides do not say which)

./                4 files  8 B
├── cache/         1 file  2 B  [1]
└── out/          3 files  6 B
    ├── a.bin              2 B  [2]
    ├── reports/   1 file  2 B  [2]
    └── tmp-1/     1 file  2 B  [3]

outcomes:
  [1] not synced: 1 file, 2 B
      sync      under no white-list entry (`/out`) (team.sync.yaml:15, policy `build`)
  [2] synced, packed into the archive, kept forever (no recycle path covers it), not downloaded at session start: \
2 files, 4 B
      sync      white list `/out` -> /home/wuying/build/out (team.sync.yaml:15, policy `build`)
      upload    upload_mode Archive (team.sync.yaml:5, policy `base` via build -> base)
      recycle   lifecycle Lifecycle_30Days (team.sync.yaml:8, policy `base` via build -> base)
                recycle paths [/cache] (team.sync.yaml:9, policy `base` via build -> base)
      download  auto_download false (team.sync.yaml:12, policy `build`)
  [3] not synced: 1 file, 2 B
      sync      exclude regex `tmp.*` of white list `/out` (team.sync.yaml:16, policy `build`)

totals:
  packed into the archive  2 files  4 B
  not synced               2 files  4 B
  all                      4 files  8 B
"""


def test_text_output_through_extends_with_archive_recycle_and_regex_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdsl.session_paths import REGEX_FLAVOUR

    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.sync.yaml").write_text(TEAM, encoding="utf-8")
    # reports/ is an archive prefix relative to the mount: out/reports/ is not under it.
    make_tree(tmp_path / "build", {"out/a.bin": "a\n", "out/reports/r.txt": "r\n", "out/tmp-1/t": "t\n",
                                   "cache/c": "c\n"})
    result = run("plan", "team.sync.yaml", "--context", "SdkCtx-1", "--root", "build")
    assert result.exit_code == 0, result.output
    assert result.stdout == TEAM_TEXT.format(regex=REGEX_FLAVOUR)


def test_json_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.sync.yaml").write_text(TEAM, encoding="utf-8")
    make_tree(tmp_path / "other", {"reports/r.txt": "r\n", "cache/c.bin": "cc\n"})
    result = run("plan", "team.sync.yaml", "--context", "SdkCtx-2", "--root", "other", "--format", "json")
    data = json.loads(result.stdout)
    assert data["context"] == {"context_id": "SdkCtx-2", "context_name": None, "path": "/home/wuying/other",
                               "line": 22, "policy": "base"}
    assert data["root"] == str(tmp_path / "other")
    assert (data["regex_flavour"], data["recycle_reading"]) == (None, "auto")
    assert data["files"] == [
        {"path": "cache/c.bin", "in_session": "/home/wuying/other/cache/c.bin", "bytes": 3, "symlink": False,
         "outcome": 1},
        {"path": "reports/r.txt", "in_session": "/home/wuying/other/reports/r.txt", "bytes": 2, "symlink": False,
         "outcome": 2},
    ]
    first = data["outcomes"][0]
    assert (first["category"], first["files"], first["bytes"]) == ("packed into the archive", 1, 3)
    assert first["recycle"] == {
        "outcome": "recycled",
        "label": "deleted 30 days after upload",
        "rules": [
            {"rule": "lifecycle Lifecycle_30Days",
             "source": {"policy": "base", "file": "team.sync.yaml", "line": 8, "column": 18, "via": []}},
            {"rule": "recycle path `/cache` (read as relative to the mount) -> /home/wuying/other/cache",
             "source": {"policy": "base", "file": "team.sync.yaml", "line": 9, "column": 15, "via": []}},
        ],
    }
    assert data["outcomes"][1]["upload"] == {
        "outcome": "outside-archive",
        "label": "uploaded as a file outside the archive",
        "rules": [{"rule": "archive exclude `reports/` -> prefix /home/wuying/other/reports/",
                   "source": {"policy": "base", "file": "team.sync.yaml", "line": 6, "column": 31, "via": []}}],
    }
    assert data["totals"] == [
        {"category": "packed into the archive", "files": 1, "bytes": 3},
        {"category": "uploaded as a file outside the archive", "files": 1, "bytes": 2},
    ]
    assert data["unreadable"] == []


def test_uploads_off_and_archives_not_unpacked(tmp_path: Path) -> None:
    config = tmp_path / "c.sync.yaml"
    config.write_text(
        "version: 1\ncontexts:\n  - context_id: a\n    path: /tmp/a\n    policy:\n"
        "      upload_policy: {auto_upload: false}\n"
        "  - context_id: b\n    path: /tmp/b\n    policy:\n"
        "      upload_policy: {upload_mode: Archive}\n      extract_policy: {extract: false}\n",
        encoding="utf-8",
    )
    root = make_tree(tmp_path / "r", {"f.txt": "f\n"})
    data = json.loads(run("plan", str(config), "--context", "a", "--root", str(root), "--format", "json").stdout)
    assert [(o["category"], o["upload"]["label"]) for o in data["outcomes"]] == [
        ("synced, not uploaded", "not uploaded")
    ]
    data = json.loads(run("plan", str(config), "--context", "b", "--root", str(root), "--format", "json").stdout)
    assert data["outcomes"][0]["download"]["label"] == "downloaded in the archive, not unpacked"


def test_an_empty_white_list_is_read_as_the_whole_mount_and_says_so(tmp_path: Path) -> None:
    config = tmp_path / "c.sync.yaml"
    config.write_text(
        "version: 1\ncontexts:\n  - context_id: a\n    path: /tmp/browser_fingerprint\n    policy:\n"
        "      bw_list: {white_lists: []}\n",
        encoding="utf-8",
    )
    root = make_tree(tmp_path / "r", {"fp.json": "{}\n"})
    result = run("plan", str(config), "--root", str(root))
    assert "note: `white_lists: []` names no entry; the guides do not say" in result.stdout
    assert "[1] synced, uploaded as a file" in result.stdout


# --- the walk ----------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "home", {"src/a.py": "a\n"})
    outside = make_tree(tmp_path / "outside", {"big.bin": "x" * 100})
    os.symlink(outside, root / "src" / "linked-dir")
    os.symlink(root, root / "src" / "loop")  # a cycle: followed, it would never end
    result = run("plan", str(GUIDES / "dp-selective-directory-sync.sync.yaml"), "--root", str(root), "--format",
                 "json")
    files = {f["path"]: (f["symlink"], f["bytes"] > 0) for f in json.loads(result.stdout)["files"]}
    assert files == {"src/a.py": (False, True), "src/linked-dir": (True, True), "src/loop": (True, True)}
    text = run("plan", str(GUIDES / "dp-selective-directory-sync.sync.yaml"), "--root", str(root), "--expand").stdout
    assert "linked-dir (symlink, not followed)" in text


def test_a_very_deep_tree_needs_no_recursion(tmp_path: Path) -> None:
    rel = "/".join(["d"] * 900)
    root = make_tree(tmp_path / "deep", {rel + "/leaf.txt": "x\n"})
    result = run("plan", str(GUIDES / "dp-archive-exclude-paths.sync.yaml"), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "./  1 file  2 B  [1]" in result.stdout


def test_empty_folders_unreadable_folders_and_depth(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "home", {**HOME_TREE, "src/empty/": ""})
    config = str(GUIDES / "dp-selective-directory-sync.sync.yaml")
    text = run("plan", config, "--root", str(root), "--depth", "0").stdout
    assert "./  8 files  109 B  [1]x1 [2]x3 [3]x3 [4]x1" in text
    text = run("plan", config, "--root", str(root), "--expand").stdout
    assert "│   ├── empty/" in text and "empty" in text.split("│   ├── empty/")[1].split("\n")[0]
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        locked = root / "src" / "lib"
        locked.chmod(0)
        try:
            result = run("plan", config, "--root", str(root))
        finally:
            locked.chmod(0o755)
        assert "warning: src/lib: unreadable (permission denied); not planned" in result.stdout


def test_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "two.sync.yaml"
    config.write_text(
        "version: 1\ncontexts:\n  - {context_id: SdkCtx-aa, path: /tmp/a, policy: {}}\n"
        "  - {context_id: SdkCtx-bb, path: /tmp/b}\n",
        encoding="utf-8",
    )
    root = make_tree(tmp_path / "r", {"x": "x"})
    cases = {
        (): "the file lists 2 contexts (`SdkCtx-aa` at /tmp/a, `SdkCtx-bb` at /tmp/b); choose one with --context",
        ("--context", "SdkCtx-ab"): "no context `SdkCtx-ab`; did you mean `SdkCtx-aa`?",
        ("--context", "SdkCtx-bb"): "context `SdkCtx-bb` has no policy: the SDK sends none and the service "
        "decides; what it syncs then is not documented, so there is nothing to plan",
        ("--context", "SdkCtx-aa", "--mount", "/tmp/b"): "`SdkCtx-aa` is not mounted at /tmp/b (it is at /tmp/a)",
    }
    for args, message in cases.items():
        result = run("plan", str(config), "--root", str(root), *args)
        assert (result.exit_code, result.stderr) == (2, f"error: {config}: {message}\n")
    result = run("plan", str(config), "--root", str(tmp_path / "missing"), "--context", "SdkCtx-aa")
    assert (result.exit_code, result.stderr) == (2, f"error: {tmp_path / 'missing'}: no such directory\n")
    assert run("plan", str(config), "--context", "SdkCtx-aa").exit_code == 2  # --root is required


def test_a_file_with_lint_errors_is_planned_with_a_note(tmp_path: Path) -> None:
    config = tmp_path / "c.sync.yaml"
    config.write_text("version: 1\ncontexts:\n  - {context_id: a, path: /tmp/a, policy: {}, colour: red}\n", "utf-8")
    result = run("plan", str(config), "--root", str(make_tree(tmp_path / "r", {"x": "x"})))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"note: {config} has 1 lint error; the plan may change once they are fixed")


def test_plan_reads_paths_as_session_paths_does(tmp_path: Path) -> None:
    """Every synced file's in-session path lies under the absolute path session_paths gives its white list."""
    path = GUIDES / "dp-selective-directory-sync.sync.yaml"
    result = lint_source(path.read_bytes(), str(path))
    model = result.model_of(result.parsed.documents[0])
    context = model.contexts[0]
    meanings = {f"white list `{p.value}` -> {p.absolute}": p.absolute for p in context_paths(model, context)
                if p.kind == "white list path"}
    planned = plan(model, context, str(make_tree(tmp_path / "h", HOME_TREE)), str(path))
    from syncdsl.plan import files_of
    from syncdsl.session_paths import join

    synced = [(f, f.decision.sync.rules[0].rule) for f in files_of(planned.tree) if f.decision.synced]
    assert synced
    for f, rule in synced:
        assert join(context.path or "", f.rel).startswith(meanings[rule] + "/")


def test_progress_is_shown_only_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    clock = iter([0.0, 0.1, 0.5, 0.55, 0.7])
    monkeypatch.setattr("syncdsl.plan.time.monotonic", lambda: next(clock))
    stream = io.StringIO()
    progress = ScanProgress(stream)  # started at 0.0
    progress(1024)  # 0.1 s: too early
    progress(2048)  # 0.5 s: shown
    progress(3072)  # 0.55 s: too soon after the last redraw
    progress(4096)  # 0.7 s
    progress.close()
    assert stream.getvalue() == "\rplan: 2,048 files read\rplan: 4,096 files read\r\x1b[K"


def test_human_size() -> None:
    assert [human_size(n) for n in (0, 1023, 1024, 1536, 5 * 1024**3)] == ["0 B", "1023 B", "1.0 KiB", "1.5 KiB",
                                                                           "5.0 GiB"]


def test_an_unreadable_folder_is_reported_and_the_rest_planned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a chmod does not lock a folder, so the refusal is simulated where plan lists folders."""
    root = make_tree(tmp_path / "home", HOME_TREE)
    real = os.scandir

    def scandir(path: str):  # type: ignore[no-untyped-def]
        if str(path).endswith(os.sep + "lib"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("syncdsl.plan.os.scandir", scandir)
    result = run("plan", str(GUIDES / "dp-selective-directory-sync.sync.yaml"), "--root", str(root))
    assert result.exit_code == 0
    assert "│   ├── lib/                           unreadable: permission denied\n" in result.stdout
    assert result.stdout.endswith("warning: src/lib: unreadable (permission denied); not planned\n")
    data = json.loads(run("plan", str(GUIDES / "dp-selective-directory-sync.sync.yaml"), "--root", str(root),
                          "--format", "json").stdout)
    assert data["unreadable"] == [{"path": "src/lib", "error": "permission denied"}]
    assert len(data["files"]) == 7


def test_a_context_mount_has_nothing_to_plan(tmp_path: Path) -> None:
    config = tmp_path / "m.sync.yaml"
    config.write_text("version: 1\nmounts:\n  - {context_id: SdkCtx-m, path: /tmp/m}\n", encoding="utf-8")
    root = make_tree(tmp_path / "r", {"x": "x"})
    result = run("plan", str(config), "--root", str(root), "--context", "SdkCtx-m")
    assert (result.exit_code, result.stderr) == (
        2, f"error: {config}: `SdkCtx-m` is a context mount (at /tmp/m): a mount has no sync policy, its folder is "
        "the context's storage itself, so there is nothing to plan per file\n")
    result = run("plan", str(config), "--root", str(root))
    assert result.stderr == f"error: {config}: the file lists no context syncs (only context mounts, which have no " \
                            "sync policy)\n"


def test_the_browser_context_is_not_planned_and_says_why(tmp_path: Path) -> None:
    config = tmp_path / "b.sync.yaml"
    config.write_text("version: 1\nimage_id: browser_latest\ncontexts:\n  - {context_id: SdkCtx-1, path: /tmp/d, "
                      "policy: {}}\nbrowser_context:\n  context_id: SdkCtx-b\n", encoding="utf-8")
    result = run("plan", str(config), "--root", str(make_tree(tmp_path / "r", {"x": "x"})), "--context", "SdkCtx-b")
    assert (result.exit_code, result.stderr) == (
        2, f"error: {config}: `SdkCtx-b` is the browser context: the SDK makes its context syncs itself, at fixed "
        "paths (`syncdsl explain` lists them); plan covers the contexts the file lists\n")
