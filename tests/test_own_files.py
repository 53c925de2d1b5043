"""The project's own YAML passes its own checks, so the pre-commit hooks never rewrite what we ship.

Every sample and the starter file `syncdsl init` writes are already in `syncdsl fmt`'s layout (a user who
adds the `syncdsl-fmt` hook must not see a fresh starter file rewritten on their first commit), and both
lint without errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from syncdsl.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.sync.y*ml"))


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 6


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_is_fmt_clean(sample: Path) -> None:
    result = CliRunner().invoke(cli, ["fmt", "--diff", "--no-config", str(sample)])
    assert result.exit_code == 0, f"`syncdsl fmt` would change {sample.name}:\n{result.output}"


def test_the_init_starter_is_fmt_and_lint_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    written = runner.invoke(cli, ["init"])
    assert written.exit_code == 0, written.output
    (starter,) = tmp_path.glob("*.sync.yaml")
    fmt = runner.invoke(cli, ["fmt", "--diff", "--no-config", str(starter)])
    assert fmt.exit_code == 0, f"`syncdsl fmt` would change the starter:\n{fmt.output}"
    lint = runner.invoke(cli, ["lint", "--no-config", str(starter)])
    assert lint.exit_code == 0, lint.output
