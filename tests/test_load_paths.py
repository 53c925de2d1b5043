"""``syncdsl.load`` of a string that names a missing file says so instead of parsing the name as YAML (issue 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import syncdsl

GOOD = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n"


@pytest.mark.parametrize("name", ["missing.sync.yaml", "missing.yml", "conf/missing.sync.yaml"])
def test_a_missing_path_string_is_no_such_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(name)
    assert str(caught.value) == f"{name}: cannot read: No such file or directory"
    assert caught.value.diagnostics == []  # not parsed: no SD005 for a string that is a file name


def test_an_existing_path_string_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.sync.yaml").write_text(GOOD, encoding="utf-8")
    assert syncdsl.load("team.sync.yaml").path == "team.sync.yaml"


def test_a_folder_or_a_fifo_is_refused_without_blocking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir.sync.yaml").mkdir()
    with pytest.raises(syncdsl.SyncDslError, match=r"^dir\.sync\.yaml: cannot read: Is a directory$"):
        syncdsl.load("dir.sync.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.sync.yaml")
        with pytest.raises(syncdsl.SyncDslError, match=r"^pipe\.sync\.yaml: cannot read: not a regular file$"):
            syncdsl.load("pipe.sync.yaml")


def test_yaml_text_is_still_text() -> None:
    from syncdsl.api import looks_like_path

    assert len(syncdsl.load(GOOD).contexts) == 1
    assert not looks_like_path(GOOD)
    assert not looks_like_path("version: 1")
    assert looks_like_path("a.sync.yaml") and looks_like_path("x.yml")
