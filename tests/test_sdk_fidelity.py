"""Export against the real SDK: every sample and good fixture, and hand-built SDK objects.

Ground truth is the request the installed wuying-agentbay-sdk 0.22.3 builds
(tests/agentbay_sdk.py), compared with ``syncdsl export`` output; the
objects are built with the SDK's own classes from the resolved model.
"""

from __future__ import annotations

import json
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import syncdsl
import syncdsl.config
from syncdsl.cli import cli
from syncdsl.sdk import from_sdk, to_sdk
from tests.agentbay_sdk import (
    SDK_VERSION,
    BWList,
    ContextDirectory,
    ContextSync,
    DeletePolicy,
    DownloadPolicy,
    ExtractPolicy,
    Lifecycle,
    MappingPolicy,
    RecyclePolicy,
    SyncPolicy,
    UploadMode,
    UploadPolicy,
    WhiteList,
    agentbay,
    sdk_dict_json,
    sdk_request,
    sdk_session_request,
)

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.sync.yaml"))
GOOD_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "rules").glob("*/good.sync.yaml"))
CASES = SAMPLES + GOOD_FIXTURES


def _export(path: Path, *extra: str) -> Any:
    result = CliRunner().invoke(cli, ["export", str(path), "--all-documents", *extra])
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def _service(document: syncdsl.Document) -> ContextDirectory:
    """The service, knowing every context the document names (each with a fixed id)."""
    return ContextDirectory({name: f"SdkCtx-{zlib.crc32(name.encode()):08x}" for name, _ in document.context_names})


def test_the_installed_sdk_is_the_pinned_one() -> None:
    assert version("wuying-agentbay-sdk") == SDK_VERSION


def test_there_is_something_to_compare() -> None:
    assert len(SAMPLES) >= 5
    assert len(GOOD_FIXTURES) >= 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(ROOT)))
def test_export_equals_the_sdk_request(path: Path) -> None:
    document = syncdsl.load(path, all_documents=True)
    service = _service(document)
    objects = document.to_sdk(service.client)
    assert all(type(o) is agentbay.ContextSync for o in objects)
    assert sdk_dict_json(objects) == sdk_request(objects)  # the SDK's bind path serialises syncs the same way
    params = document.to_session_params(service.client)
    assert all(type(o) is agentbay.BetaContextMount for o in params.beta_context_mounts)
    expected = sdk_session_request(params)["persistence_data_list"]
    assert document.to_wire(service.client) == expected
    if document.context_names:  # no ids offline: JSON export refuses, naming the contexts
        result = CliRunner().invoke(cli, ["export", str(path), "--all-documents"])
        assert (result.exit_code, result.stdout) == (2, "")
        assert "not exported as JSON: contexts named by `context_name`" in result.stderr
    else:
        assert json.loads(_export(path)) == expected


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_export_builds_the_same_sdk_objects(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = _export(path, "--format", "python")
    document = syncdsl.load(path, all_documents=True)
    service = _service(document)
    monkeypatch.setattr(agentbay, "AgentBay", lambda *args, **kwargs: service.client)  # what the code creates
    namespace: dict[str, Any] = {}
    exec(compile(code, f"<export of {path.name}>", "exec"), namespace)
    again = _service(document).client
    assert namespace["context_syncs"] == document.to_sdk(again)
    built = namespace.get("session_params") or agentbay.CreateSessionParams(context_syncs=namespace["context_syncs"])
    assert sdk_session_request(built) == sdk_session_request(document.to_session_params(again))


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(ROOT)))
def test_from_sdk_round_trip_on_every_sample(path: Path) -> None:
    whole = syncdsl.load(path, all_documents=True)
    for model in whole.models:  # each YAML document is one session
        document = syncdsl.Document(whole.parsed, [model])
        client = _service(document).client
        params = document.to_session_params(client)
        text = from_sdk(params)
        assert syncdsl.lint(text) == []
        again = syncdsl.load(text)
        assert again.to_wire() == sdk_session_request(params)["persistence_data_list"]
        assert again.to_session_params().image_id == params.image_id
        assert again.to_sdk() == document.to_sdk(client)
        assert again.to_sdk_mounts() == document.to_sdk_mounts(client)


# --- hand-written SDK objects ---------------------------------------------------------------

HAND_BUILT: dict[str, list[Any]] = {
    "no policy": [ContextSync("SdkCtx-1", "/home/wuying/data")],
    "default policy": [ContextSync("SdkCtx-1", "/home/wuying/data", SyncPolicy())],
    "archive with excludes": [
        ContextSync(
            "SdkCtx-1",
            "/home/wuying/data",
            SyncPolicy(
                upload_policy=UploadPolicy(upload_mode=UploadMode.ARCHIVE, archive_exclude_paths=["logs", "tmp/x"])
            ),
        )
    ],
    "file mode drops archive excludes": [
        ContextSync(
            "SdkCtx-1", "/home/wuying/data", SyncPolicy(upload_policy=UploadPolicy(archive_exclude_paths=["logs"]))
        )
    ],
    "mapping policy": [
        ContextSync(
            "SdkCtx-1", "/home/wuying/data", SyncPolicy(mapping_policy=MappingPolicy(path="C:\\Users\\me\\data"))
        )
    ],
    "empty mapping path": [ContextSync("SdkCtx-1", "/home/wuying/data", SyncPolicy(mapping_policy=MappingPolicy()))],
    "white lists with regex flags": [
        ContextSync(
            "SdkCtx-1",
            "/home/wuying",
            SyncPolicy(
                bw_list=BWList(
                    white_lists=[
                        WhiteList(path="project-.*", is_path_regex=True),
                        WhiteList(path="/docs", exclude_paths=[r".*\.tmp$"], is_exclude_regex=True),
                        WhiteList(path="/src", exclude_paths=["/build"]),
                    ]
                )
            ),
        )
    ],
    "no white lists at all": [ContextSync("SdkCtx-1", "/home/wuying/data", SyncPolicy(bw_list=BWList()))],
    "wait flags": [
        ContextSync("SdkCtx-1", "/home/wuying/a", beta_wait_for_completion=False),
        ContextSync("SdkCtx-2", "/home/wuying/b", SyncPolicy(), beta_wait_for_completion=True),
        ContextSync("SdkCtx-3", "/home/wuying/c", SyncPolicy()),
    ],
    "every section": [
        ContextSync(
            "SdkCtx-1",
            "/home/wuying/data",
            SyncPolicy(
                upload_policy=UploadPolicy(auto_upload=False, upload_mode=UploadMode.ARCHIVE),
                download_policy=DownloadPolicy(auto_download=False),
                delete_policy=DeletePolicy(sync_local_file=False),
                extract_policy=ExtractPolicy(extract=True, delete_src_file=False, extract_current_folder=True),
                recycle_policy=RecyclePolicy(lifecycle=Lifecycle.LIFECYCLE_3DAYS, paths=["/home/wuying/data/cache"]),
                bw_list=BWList(white_lists=[WhiteList(path="/keep")]),
                mapping_policy=MappingPolicy(path="D:\\data"),
            ),
        )
    ],
    "shared and single-use policies": [
        ContextSync("SdkCtx-1", "/home/wuying/a", SyncPolicy(recycle_policy=RecyclePolicy(Lifecycle.LIFECYCLE_1DAY))),
        ContextSync("SdkCtx-2", "/home/wuying/b", SyncPolicy(recycle_policy=RecyclePolicy(Lifecycle.LIFECYCLE_1DAY))),
        ContextSync("SdkCtx-3", "/home/wuying/c", SyncPolicy(download_policy=DownloadPolicy(auto_download=False))),
        ContextSync("SdkCtx-4", "/home/wuying/d", SyncPolicy(recycle_policy=RecyclePolicy(Lifecycle.LIFECYCLE_1DAY))),
    ],
    "awkward strings": [
        ContextSync("123", "/home/wuying/it's here"),
        ContextSync("true", "/home/wuying/#not a comment"),
        ContextSync("SdkCtx: colon", "/home/wuying/数据 😀"),
        ContextSync(" padded ", "/home/wuying/\"quoted\""),
        ContextSync("null", "C:\\Users\\me"),
    ],
}


@pytest.mark.parametrize("name", list(HAND_BUILT))
def test_hand_built_objects_round_trip_through_from_sdk(name: str, tmp_path: Path) -> None:
    objects = HAND_BUILT[name]
    expected = sdk_request(objects)
    text = from_sdk(objects)
    file = tmp_path / "migrated.sync.yaml"
    file.write_text(text, encoding="utf-8")
    assert json.loads(_export(file)) == expected
    assert syncdsl.load(text).to_sdk() == objects


def test_archive_excludes_reach_the_wire_only_in_archive_mode() -> None:
    archive, file_mode = HAND_BUILT["archive with excludes"], HAND_BUILT["file mode drops archive excludes"]
    assert sdk_request(archive)[0]["policy"]["uploadPolicy"]["archiveExcludePaths"] == ["logs", "tmp/x"]
    assert "archiveExcludePaths" not in sdk_request(file_mode)[0]["policy"]["uploadPolicy"]
    # ... but the SDK object keeps them, so from_sdk writes them (and lint flags SD201)
    text = from_sdk(file_mode)
    assert "archive_exclude_paths: [logs]" in text
    assert [d.code for d in syncdsl.lint(text)] == ["SD201"]


def test_mapping_policy_is_sent_only_when_set() -> None:
    assert "mappingPolicy" not in sdk_request(HAND_BUILT["default policy"])[0]["policy"]
    assert sdk_request(HAND_BUILT["empty mapping path"])[0]["policy"]["mappingPolicy"] == {"path": ""}


def test_document_to_sdk_equals_hand_built_objects() -> None:
    document = syncdsl.load(
        """\
version: 1
policies:
  base:
    upload_policy: {upload_mode: Archive, archive_exclude_paths: [logs]}
    recycle_policy: {lifecycle: Lifecycle_30Days, paths: [/home/wuying/data/cache]}
  strict:
    extends: base
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: strict
  - context_id: SdkCtx-2
    path: /home/wuying/web
    policy:
      bw_list:
        white_lists:
          - {path: "static/.*", is_path_regex: true}
      mapping_policy: {path: 'C:\\web'}
    beta_wait_for_completion: false
  - context_id: SdkCtx-3
    path: /home/wuying/plain
"""
    )
    assert document.to_sdk() == [
        ContextSync(
            "SdkCtx-1",
            "/home/wuying/data",
            SyncPolicy(
                upload_policy=UploadPolicy(upload_mode=UploadMode.ARCHIVE, archive_exclude_paths=["logs"]),
                delete_policy=DeletePolicy(sync_local_file=False),
                recycle_policy=RecyclePolicy(Lifecycle.LIFECYCLE_30DAYS, ["/home/wuying/data/cache"]),
            ),
        ),
        ContextSync(
            "SdkCtx-2",
            "/home/wuying/web",
            SyncPolicy(
                bw_list=BWList([WhiteList(path="static/.*", is_path_regex=True)]),
                mapping_policy=MappingPolicy("C:\\web"),
            ),
            beta_wait_for_completion=False,
        ),
        ContextSync("SdkCtx-3", "/home/wuying/plain"),
    ]


def test_to_sdk_uses_the_sdk_enums_and_classes() -> None:
    [sync] = to_sdk(syncdsl.load("version: 1\ncontexts:\n  - {context_id: a, path: /a, policy: {}}\n").contexts)
    assert type(sync.policy) is agentbay.SyncPolicy
    assert sync.policy.upload_policy.upload_mode is agentbay.UploadMode.FILE
    assert sync.policy.recycle_policy.lifecycle is agentbay.Lifecycle.LIFECYCLE_FOREVER


WILDCARDS = """\
version: 1
contexts:
  - context_id: a
    path: /home/wuying/a
    policy:
      recycle_policy: {paths: [/home/wuying/a/*.log]}
  - context_id: b
    path: /home/wuying/b
    policy:
      bw_list: {white_lists: [{path: /reports/*}]}
  - context_id: c
    path: /home/wuying/c
    policy:
      bw_list: {white_lists: [{path: /src, exclude_paths: ["/build/[x]"]}]}
"""


def test_export_refuses_what_the_sdk_itself_rejects_even_when_lint_is_silenced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.sync.yaml").write_text(WILDCARDS, encoding="utf-8")
    (tmp_path / ".syncdsl.toml").write_text('ignore = ["SD101", "SD102", "SD103"]\n', encoding="utf-8")
    document = syncdsl.load(WILDCARDS, config=syncdsl.config.Config(ignore=("SD101", "SD102", "SD103")))
    for context in document.contexts:  # the ground truth: the SDK's own __post_init__ refuses each one
        with pytest.raises(ValueError, match="Wildcard patterns are not supported"):
            to_sdk([context])
    result = CliRunner().invoke(cli, ["export", "w.sync.yaml"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: w.sync.yaml: context `a`: the SDK rejects wildcard recycle path `/home/wuying/a/*.log`\n"
        "error: w.sync.yaml: context `b`: the SDK rejects wildcard white list path `/reports/*`"
        " without is_path_regex\n"
        "error: w.sync.yaml: context `c`: the SDK rejects wildcard exclude path `/build/[x]`"
        " without is_exclude_regex\n"
        "error: w.sync.yaml: not exported: the SDK would refuse to build these objects\n"
    )
