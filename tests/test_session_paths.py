"""The one model of in-session paths (syncdsl.session_paths), checked with the platform guides' own examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import syncdsl
from syncdsl.config import Config, ConfigError, load_config
from syncdsl.document import parse
from syncdsl.model import build_model
from syncdsl.nodes import MappingNode
from syncdsl.session_paths import context_paths, join, relative_key, repeated_prefix, uses
from tests.cli_helpers import run, team_file


@pytest.mark.parametrize(
    ("base", "relative", "expected"),
    [
        ("/home/wuying", "/src", "/home/wuying/src"),  # D1 "Selective Directory Sync"
        ("/home/wuying", "src", "/home/wuying/src"),  # the leading slash is optional
        ("/home/wuying/src", "/node_modules", "/home/wuying/src/node_modules"),  # excludes under the white list
        ("/tmp/extensions/", "ext_abc.zip", "/tmp/extensions/ext_abc.zip"),  # the SDK's extension helper
        ("/tmp/agentbay_browser", "/Default/Cookies", "/tmp/agentbay_browser/Default/Cookies"),
        ("/tmp/workspace", "output/", "/tmp/workspace/output/"),  # archive prefixes keep their slash
        ("/home/wuying", "", "/home/wuying"),
        ("/home/wuying", "/", "/home/wuying"),
        ("/", "data", "/data"),
        ("C:\\Users\\me\\data", "/src/app", "C:\\Users\\me\\data\\src\\app"),
    ],
)
def test_join_reads_a_path_under_its_base(base: str, relative: str, expected: str) -> None:
    assert join(base, relative) == expected


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("/home/wuying/src", "/home/wuying", "src"),  # D1 troubleshooting Issue 2
        ("home/wuying/src", "/home/wuying/", "src"),
        ("/home/wuying", "/home/wuying", ""),
        ("/home/wuyingx/src", "/home/wuying", None),  # whole segments only
        ("/src", "/home/wuying", None),
        ("/src", "/", None),  # the root is repeated by everything: never reported
        ("C:\\Users\\Me\\x", "C:\\users\\me", "x"),  # Windows compares case-insensitively
        ("/home/wuying/./src/../lib", "/home/wuying", "lib"),
    ],
)
def test_repeated_prefix(path: str, base: str, expected: str | None) -> None:
    assert repeated_prefix(path, base) == expected


def test_relative_key_folds_the_leading_slash_and_the_base_itself() -> None:
    assert [relative_key(p) for p in ("/src/", "src", "", "/", ".", "a//b")] == ["src", "src", "", "", "", "a/b"]


GUIDE = """\
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [output/, config.json]
      bw_list:
        white_lists:
          - path: /src
            exclude_paths: [/node_modules]
          - path: /config
          - path: project-.*
            is_path_regex: true
            exclude_paths: [record.*]
            is_exclude_regex: true
"""


def _model(text: str):  # type: ignore[no-untyped-def]
    parsed = parse(text)
    root = parsed.documents[0].root
    assert isinstance(root, MappingNode)
    return build_model(root, parsed.source)


def test_context_paths_of_the_guides_examples() -> None:
    model = _model(GUIDE)
    got = [(p.kind, p.value, p.regex, p.absolute, p.means, p.sent) for p in context_paths(model, model.contexts[0])]
    assert got == [
        ("white list path", "/src", False, "/home/wuying/src", "`/home/wuying/src`", True),
        ("exclude path", "/node_modules", False, "/home/wuying/src/node_modules", "`/home/wuying/src/node_modules`",
         True),
        ("white list path", "/config", False, "/home/wuying/config", "`/home/wuying/config`", True),
        ("white list path", "project-.*", True, "/home/wuying",
         "directories matching `project-.*` under `/home/wuying`", True),
        ("exclude path", "record.*", True, None,
         "directories matching `record.*` under each directory matched by `project-.*`", True),
        ("archive exclude path", "output/", False, "/home/wuying/output/",
         "files whose path starts with `/home/wuying/output/`, uploaded one by one outside the archive", True),
        ("archive exclude path", "config.json", False, "/home/wuying/config.json",
         "files whose path starts with `/home/wuying/config.json`, uploaded one by one outside the archive", True),
        ("recycle path", "", False, None, "every path of the context", True),
    ]


def test_a_policy_without_bw_list_syncs_the_whole_mount_by_the_sdk_default() -> None:
    model = _model("version: 1\ncontexts:\n  - {context_id: c, path: /tmp/data, policy: {}}\n")
    white = context_paths(model, model.contexts[0])[0]
    assert (white.value, white.node, white.absolute, white.means) == (
        "", None, "/tmp/data", "`/tmp/data` (the whole mount)"
    )


def test_archive_excludes_outside_archive_mode_are_not_sent() -> None:
    model = _model(
        "version: 1\ncontexts:\n  - context_id: c\n    path: /tmp/w\n"
        "    policy: {upload_policy: {archive_exclude_paths: [logs/]}}\n"
    )
    archive = [p for p in context_paths(model, model.contexts[0]) if p.kind == "archive exclude path"]
    assert [(p.sent, p.means) for p in archive] == [(False, "nothing: not sent, `upload_mode` is `File`")]


def test_a_shared_value_means_a_different_path_in_each_context() -> None:
    model = _model(
        "version: 1\npolicies:\n  p:\n    bw_list:\n      white_lists: [{path: /src}]\n"
        "contexts:\n  - {context_id: a, path: /home/wuying, policy: p}\n"
        "  - {context_id: b, path: /tmp/b, policy: p}\n"
    )
    [found] = [v for v in uses(model).values() if v[0][1].kind == "white list path"]
    assert [(c.context_id, m.absolute) for c, m in found] == [("a", "/home/wuying/src"), ("b", "/tmp/b/src")]


def test_explain_shows_what_each_path_means(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team_file(tmp_path, monkeypatch, GUIDE)
    result = run("explain", "team.sync.yaml")
    assert result.exit_code == 0
    tail = result.stdout.split("  in the session (mounted at /home/wuying):\n", 1)[1]
    assert tail == (
        "    white list /src -> /home/wuying/src\n"
        "    exclude /node_modules -> /home/wuying/src/node_modules\n"
        "    white list /config -> /home/wuying/config\n"
        "    white list regex 'project-.*' -> directories matching project-.* under /home/wuying\n"
        "    exclude regex 'record.*' -> directories matching record.* under each directory matched by project-.*\n"
        "    archive exclude output/ -> files whose path starts with /home/wuying/output/, uploaded one by one "
        "outside the archive\n"
        "    archive exclude config.json -> files whose path starts with /home/wuying/config.json, uploaded one "
        "by one outside the archive\n"
        "    recycle \"\" -> every path of the context (SDK default)\n"
    )
    data = json.loads(run("explain", "--format", "json", "team.sync.yaml").stdout)
    assert data[0]["paths"][0] == {
        "kind": "white list path",
        "value": "/src",
        "regex": False,
        "absolute": "/home/wuying/src",
        "means": "`/home/wuying/src`",
        "sent": True,
        "line": 11,
        "column": 19,
    }


def test_hover_on_a_white_list_shows_the_in_session_path() -> None:
    from syncdsl.diagnostics import Position
    from syncdsl.hover import hover_at

    hover = hover_at(parse(GUIDE), Position(10, 20))
    assert hover is not None
    assert hover.markdown == (
        "**white list path** `/src`\n\n- in context `SdkCtx-0123abcd` (mount `/home/wuying`): `/home/wuying/src`\n"
    )


def test_writable_roots_is_a_configuration_key(tmp_path: Path) -> None:
    config_file = tmp_path / ".syncdsl.toml"
    config_file.write_text('writable-roots = ["/data", "/home/wuying"]\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.writable_roots == ("/data", "/home/wuying")
    text = "version: 1\ncontexts:\n  - {context_id: c, path: /data/x}\n  - {context_id: d, path: /tmp/x}\n"
    assert [(d.code, d.span.start.line) for d in syncdsl.lint(text, config=config)] == [("SD112", 3)]
    assert [(d.code, d.span.start.line) for d in syncdsl.lint(text, config=Config())] == [("SD112", 2)]
    config_file.write_text('writable-roots = ["data"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"key `writable-roots`: expected absolute POSIX directories, got `data`"):
        load_config(config_file)


def test_retired_codes_are_named_as_retired(tmp_path: Path) -> None:
    config_file = tmp_path / ".syncdsl.toml"
    config_file.write_text('ignore = ["SD108"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config_file)
    assert str(raised.value).endswith(
        "key `ignore`: `SD108` (exclude-outside-whitelist) was retired in syncdsl 0.2.0: exclude paths are "
        "relative to their white-list path, so they need not repeat it (see SD206); remove it from the "
        "configuration"
    )
    text = "version: 1\ncontexts:\n  - {context_id: c, path: /tmp/x}  # syncdsl: disable=SD107\n"
    [finding] = syncdsl.lint(text)
    assert (finding.code, finding.message) == (
        "SD900",
        "suppression of a retired rule: `SD107` (relative-whitelist-path) was retired in syncdsl 0.2.0: "
        "white-list paths are relative to the mount path, so a relative path is right (see SD205)",
    )
