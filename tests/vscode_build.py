"""Build the VS Code extension's .vsix once per test run, for the package tests and the real-VS-Code test.

``npm ci`` runs first when node_modules is missing or older than package-lock.json (it needs the npm
registry); ``npm run package`` then typechecks, lints, unit-tests, bundles the client and the server
(``scripts/bundle_server.py`` with this environment's Python, which needs PyPI) and packages. Without npm
the callers skip, except in CI, where they fail.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "editor" / "vscode"
IN_CI = bool(os.environ.get("CI"))


def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        if IN_CI:
            pytest.fail("npm is not installed: .ci/run must install Node.js and npm")
        pytest.skip("npm is not installed; CI builds and checks the .vsix")
    return found


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(cmd, cwd=EXT, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL, env=env)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    )


def _needs_install() -> bool:
    marker = EXT / "node_modules" / ".package-lock.json"
    return not marker.exists() or marker.stat().st_mtime < (EXT / "package-lock.json").stat().st_mtime


@functools.cache
def _build(npm_path: str) -> Path:
    manifest = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    if _needs_install():
        # --ignore-scripts: nothing the build uses needs an install script (esbuild's binary comes as an
        # optional dependency); vsce-sign's would try to download a signing tool.
        _run([npm_path, "ci", "--ignore-scripts", "--no-audit", "--no-fund"])
    path = EXT / f"{manifest['name']}-{manifest['version']}.vsix"
    path.unlink(missing_ok=True)
    _run([npm_path, "run", "package"], env={**os.environ, "SYNCDSL_BUNDLE_PYTHON": sys.executable})
    assert path.is_file()
    return path


def build_vsix() -> Path:
    """The .vsix the sources make (built at most once per test run)."""
    return _build(npm())
