"""Safe writes: never a broken, half-written or lost file, whatever goes wrong."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import syncdsl.cli.fmt_cmd  # noqa: F401 - imported before any fork below
from syncdsl.cli import cli
from syncdsl.document import decode
from syncdsl.safe_write import WriteError, encode, safe_write

GOOD = "version: 1\ncontexts: []\n"
UNFORMATTED = "contexts: []\nversion: 1\n"


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_text("old: 1\n")
    safe_write(target, GOOD)
    assert target.read_text() == GOOD
    assert _entries(tmp_path) == ["a.sync.yaml"]


def test_creates_a_new_file_with_the_default_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.sync.yaml"
    umask = os.umask(0o022)
    try:
        safe_write(target, GOOD)
    finally:
        os.umask(umask)
    assert target.read_text() == GOOD
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_keeps_the_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_text(UNFORMATTED)
    os.chmod(target, mode)
    safe_write(target, GOOD)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text() == GOOD


def test_refuses_text_that_does_not_parse_and_leaves_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_bytes(b"version: 1\r\ncontexts: []\r\n")
    before = target.read_bytes()
    with pytest.raises(WriteError) as info:
        safe_write(target, "version: 1\ncontexts: [\n")
    assert str(info.value) == (
        f"{target}: not written: the new text does not parse "
        "(3:1: SD001 did not find expected node content (while parsing a flow node))"
    )
    assert target.read_bytes() == before
    assert _entries(tmp_path) == ["a.sync.yaml"]


def test_a_failure_while_writing_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_text(UNFORMATTED)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(WriteError) as info:
        safe_write(target, GOOD)
    assert str(info.value) == f"{target}: cannot write: no space left on device"
    assert target.read_text() == UNFORMATTED
    assert _entries(tmp_path) == ["a.sync.yaml"]


def test_a_failing_rename_leaves_the_original_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_text(UNFORMATTED)

    def fail(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError):
        safe_write(target, GOOD)
    assert target.read_text() == UNFORMATTED
    assert _entries(tmp_path) == ["a.sync.yaml"]


def test_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        safe_write(tmp_path, GOOD)
    assert str(info.value) == f"{tmp_path}: cannot write: not a regular file"


def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.sync.yaml"
    real.write_text(UNFORMATTED)
    link = tmp_path / "link.sync.yaml"
    link.symlink_to(real)
    safe_write(link, GOOD)
    assert link.is_symlink()
    assert real.read_text() == GOOD


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\0\0"),
    ],
)
def test_keeps_encoding_and_bom(tmp_path: Path, encoding: str, mark: bytes) -> None:
    original = mark + UNFORMATTED.replace("\n", "\r\n").encode(encoding)
    source = decode(original)
    assert (source.encoding, source.bom) == (encoding, True)
    target = tmp_path / "a.sync.yaml"
    target.write_bytes(original)
    safe_write(target, GOOD.replace("\n", "\r\n"), source)
    assert target.read_bytes() == mark + GOOD.replace("\n", "\r\n").encode(encoding)
    assert encode("x", source) == mark + "x".encode(encoding)


def test_text_that_cannot_be_encoded_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.sync.yaml"
    target.write_text(GOOD)
    with pytest.raises(WriteError):
        safe_write(target, "version: 1\ncontexts: []\nx: \udc80\n")
    assert target.read_text() == GOOD


# --- a read-only folder ------------------------------------------------------------------------------


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder nobody but root may write to, reachable by any user (``tmp_path`` is private to root)."""
    outer = Path(tempfile.mkdtemp(prefix="syncdsl-ro-"))
    os.chmod(outer, 0o755)
    folder = outer / "locked"
    folder.mkdir()
    (folder / "a.sync.yaml").write_text(UNFORMATTED)
    os.chmod(folder / "a.sync.yaml", 0o666)
    os.chmod(folder, 0o555)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
        outer.rmdir()


def _as_unprivileged(action: Callable[[], str]) -> str:
    """Run ``action`` as a user without root's power to ignore permissions, and return its result.

    Root writes into a read-only folder regardless, so when the tests run as
    root a forked child drops to ``nobody`` first. Everything it needs is
    imported before the fork.
    """
    if os.geteuid() != 0:
        return action()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        status = 0
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = action()
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent
            result = f"child failed: {type(exc).__name__}: {exc}"
            status = 1
        os.write(write_end, result.encode("utf-8", "replace"))
        os.close(write_end)
        os._exit(status)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8")


def test_read_only_folder_gives_a_one_line_error(read_only_folder: Path) -> None:
    target = read_only_folder / "a.sync.yaml"

    def attempt() -> str:
        try:
            safe_write(target, GOOD)
        except WriteError as exc:
            return str(exc)
        return "written"

    message = _as_unprivileged(attempt)
    assert message == f"{target}: cannot write: permission denied in folder {read_only_folder}"
    assert target.read_text() == UNFORMATTED
    assert _entries(read_only_folder) == ["a.sync.yaml"]


def test_fmt_in_a_read_only_folder_exits_2_with_one_line(read_only_folder: Path) -> None:
    target = read_only_folder / "a.sync.yaml"

    def run() -> str:
        result = CliRunner().invoke(cli, ["fmt", str(target)])
        return f"{result.exit_code}\n{result.stderr}{result.stdout}"

    assert _as_unprivileged(run).splitlines() == [
        "2",
        f"error: {target}: cannot write: permission denied in folder {read_only_folder}",
        "0 files reformatted, 0 files left unchanged, 1 file with errors",
    ]
    assert target.read_text() == UNFORMATTED
    assert _entries(read_only_folder) == ["a.sync.yaml"]
