"""A FIFO (or any non-regular file) named like a syncdsl file never blocks a command (issue 9).

Named on the command line it is an error (exit 2, one line); found while
walking a folder it is skipped with a warning and the other files are still
checked. Each command runs in a subprocess with a timeout: the old code
blocked forever in ``open()``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")

COMMAND = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main())"]
GOOD = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n"
TIMEOUT = 30  # seconds; a working command takes well under one


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [*COMMAND, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`syncdsl {' '.join(args)}` blocked on a FIFO")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "x.sync.yaml")
    (tmp_path / "good.sync.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--no-config", "x.sync.yaml"),
        ("lint", "--no-config", "--fix", "x.sync.yaml"),
        ("fmt", "--no-config", "x.sync.yaml"),
        ("fmt", "--no-config", "--check", "x.sync.yaml"),
        ("export", "--no-config", "x.sync.yaml"),
        ("explain", "--no-config", "x.sync.yaml"),
    ],
)
def test_a_fifo_named_on_the_command_line_is_exit_2(folder: Path, args: tuple[str, ...]) -> None:
    result = _run(folder, *args)
    assert result.returncode == 2, result
    assert "x.sync.yaml" in result.stderr and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "not a regular file" in line]) == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("lint", "--no-config", "."), 0),
        (("lint", "--no-config", "--fix", "."), 0),
        (("fmt", "--no-config", "--check", "."), 0),
        (("fmt", "--no-config", "."), 0),
    ],
)
def test_a_fifo_found_in_a_folder_is_skipped_with_a_warning(
    folder: Path, args: tuple[str, ...], code: int
) -> None:
    result = _run(folder, *args)
    assert result.returncode == code, result
    assert "warning: skipping x.sync.yaml: not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_is_not_counted_as_a_file(folder: Path) -> None:
    result = _run(folder, "fmt", "--no-config", "--check", ".")
    assert "1 file already formatted" in result.stdout + result.stderr


def test_a_symlink_to_a_fifo_is_refused_too(folder: Path) -> None:
    (folder / "link.sync.yaml").symlink_to(folder / "x.sync.yaml")
    result = _run(folder, "lint", "--no-config", "link.sync.yaml")
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_read_regular_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    from syncdsl.cli.files import NotRegularFileError, read_regular

    os.mkfifo(tmp_path / "p")
    with pytest.raises(NotRegularFileError):
        read_regular(str(tmp_path / "p"))  # opened non-blocking: refused, not waited on
    (tmp_path / "f").write_bytes(b"abc")
    assert read_regular(str(tmp_path / "f")) == b"abc"
    assert read_regular(str(tmp_path / "f"), limit=1) == b"ab"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lint", "--config", "fifo.toml", "good.sync.yaml"), "error: fifo.toml: cannot read: not a regular file"),
        (
            ("lint", "--no-config", "--baseline", "fifo.json", "good.sync.yaml"),
            "error: fifo.json: cannot read baseline: not a regular file",
        ),
    ],
)
def test_a_fifo_given_as_configuration_or_baseline_is_exit_2(
    folder: Path, args: tuple[str, ...], message: str
) -> None:
    os.mkfifo(folder / "fifo.toml")
    os.mkfifo(folder / "fifo.json")
    result = _run(folder, *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")
