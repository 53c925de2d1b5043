"""The Python API: syncdsl.load, syncdsl.lint, Document."""

from __future__ import annotations

from pathlib import Path

import pytest

import syncdsl
from syncdsl.model import ContextSync, Lifecycle, MappingPolicy, UploadMode

TEAM = """\
version: 1
policies:
  standard:
    upload_policy: {upload_mode: Archive, archive_exclude_paths: [logs]}
    recycle_policy: {lifecycle: Lifecycle_30Days, paths: [/home/wuying/cache]}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: standard
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/tmp
    policy:
      extends: standard
      mapping_policy: {path: 'C:\\Users\\dev'}
    beta_wait_for_completion: false
  - context_id: SdkCtx-nopolicy
    path: /home/wuying/plain
"""


def test_load_text_resolves_contexts_to_sdk_shaped_objects() -> None:
    doc = syncdsl.load(TEAM)
    first, second, third = doc.contexts
    assert isinstance(first, ContextSync) and first.policy is not None
    assert (first.context_id, first.path) == ("SdkCtx-0123abcd", "/home/wuying/data")
    assert first.beta_wait_for_completion is None
    assert first.policy.upload_policy.upload_mode is UploadMode.ARCHIVE
    assert first.policy.recycle_policy.lifecycle is Lifecycle.LIFECYCLE_30DAYS
    assert first.policy.mapping_policy is None
    assert second.policy is not None and second.policy.mapping_policy == MappingPolicy("C:\\Users\\dev")
    assert second.beta_wait_for_completion is False
    assert third.policy is None


def test_to_wire_is_the_sdk_request_shape() -> None:
    wire = syncdsl.load(TEAM).to_wire()
    assert wire[2] == {"context_id": "SdkCtx-nopolicy", "path": "/home/wuying/plain"}
    assert wire[1]["beta_wait_for_completion"] is False
    assert wire[1]["policy"]["mappingPolicy"] == {"path": "C:\\Users\\dev"}
    assert wire[0]["policy"]["uploadPolicy"] == {
        "autoUpload": True,
        "uploadStrategy": "UploadBeforeResourceRelease",
        "uploadMode": "Archive",
        "archiveExcludePaths": ["logs"],
    }
    assert "mappingPolicy" not in wire[0]["policy"]


def test_load_reads_paths(tmp_path: Path) -> None:
    path = tmp_path / "team.sync.yaml"
    path.write_text(TEAM, encoding="utf-8")
    assert syncdsl.load(path).path == str(path)
    assert syncdsl.load(str(path)).to_wire() == syncdsl.load(TEAM).to_wire()


def test_load_raises_with_the_first_error_and_all_diagnostics() -> None:
    bad = TEAM.replace("/home/wuying/cache]", "/home/wuying/cache/*.tmp]")
    bad = bad.replace("policy: standard", "policy: standrd")
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(bad)
    assert str(caught.value) == (
        "<text>:5:59: SD101 wildcard `*` in recycle path `/home/wuying/cache/*.tmp`: recycle paths must be exact"
        " (and 1 more)"
    )
    assert [d.code for d in caught.value.diagnostics] == ["SD101", "SD301"]


def test_load_refuses_several_documents_unless_asked() -> None:
    two = TEAM + "---\n" + TEAM.replace("SdkCtx-", "Other-").replace("/home/wuying/", "/mnt/")
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(two)
    assert str(caught.value) == "<text>: holds 2 YAML documents; pass all_documents=True"
    assert len(syncdsl.load(two, all_documents=True).contexts) == 6


def test_unreadable_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(tmp_path / "missing.sync.yaml")
    assert str(caught.value).endswith("missing.sync.yaml: cannot read: No such file or directory")


def test_lint_never_raises_on_bad_input() -> None:
    assert [d.code for d in syncdsl.lint(b"\x89PNG\r\n\x1a\n\x00\x00")] == ["SD001"]
    assert [d.code for d in syncdsl.lint("")] == ["SD005"]
    assert syncdsl.lint(TEAM) == []
