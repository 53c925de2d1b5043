"""In-process runs of the ``syncdsl`` command for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from syncdsl.cli import cli


def run(*args: str, stdin: str | None = None) -> Result:
    """``syncdsl ARGS`` with ``stdin`` as its standard input; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, list(args), input=stdin)


def team_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """``team.sync.yaml`` holding ``text``, in ``tmp_path`` made the working directory."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "team.sync.yaml"
    path.write_text(text, encoding="utf-8")
    return path
