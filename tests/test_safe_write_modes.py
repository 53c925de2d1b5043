"""``fmt`` and ``--fix`` keep a file's setuid and setgid bits (issue 9).

Changing a file's owner clears those bits, so the owner is restored first and
the mode after it. Needs root: only root can give the temporary file away.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from syncdsl.document import Source
from syncdsl.safe_write import safe_write
from tests.cli_helpers import run

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")

UNFORMATTED = "contexts: []\nversion: 1\n"
FIXABLE = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n" \
    "    policy: {upload_policy: {upload_mode: archive}}\n"
MODES = [0o4755, 0o2755, 0o6750, 0o1777, 0o640]


@pytest.mark.parametrize("mode", MODES, ids=oct)
def test_safe_write_keeps_every_mode_bit(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "a.sync.yaml"
    path.write_text(UNFORMATTED, encoding="utf-8")
    os.chown(path, 1234, 5678)
    os.chmod(path, mode)
    safe_write(path, "version: 1\ncontexts: []\n", Source(UNFORMATTED))
    info = os.stat(path)
    assert stat.S_IMODE(info.st_mode) == mode
    assert (info.st_uid, info.st_gid) == (1234, 5678)


@pytest.mark.parametrize("command", [("fmt",), ("lint", "--fix")])
def test_fmt_and_fix_keep_setuid_and_setgid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.sync.yaml"
    path.write_text(UNFORMATTED if command == ("fmt",) else FIXABLE, encoding="utf-8")
    os.chown(path, 1234, 5678)
    os.chmod(path, 0o6755)
    before = path.read_bytes()
    run(*command, "--no-config", "a.sync.yaml")
    assert path.read_bytes() != before  # it was rewritten
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o6755
