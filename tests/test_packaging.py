"""What `pip install syncdsl` gives: the distributions built from this checkout, and a fresh environment.

- The language server is a regular dependency (pygls, lsprotocol, websockets), yet `syncdsl lint` still
  imports none of it (checked with ``-X importtime``, which lists every module the interpreter imports).
- ``python -m build`` makes an sdist and, from that sdist, a wheel. Both carry the MIT LICENSE and the SPDX
  ``License-Expression``; the sdist holds what builds the wheel and no tests (the suite needs the whole
  repository: samples, fixtures, editor sources, npm, Neovim, a browser).
- The wheel installed into a new virtual environment lints a file and answers an LSP ``initialize`` over
  stdio with nothing else installed.

Building and the fresh environment need PyPI (setuptools for the build, the dependencies for the
install); without it these tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.lsp_stdio import StdioClient

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
SERVER_LIBRARIES = ("pygls", "lsprotocol", "websockets", "lsp_server", "cattrs", "attrs")

GOOD = "version: 1\ncontexts:\n  - context_id: SdkCtx-89efcdab\n    path: /home/wuying/tmp\n"
BAD = "version: 1\ncontexts:\n  - context_id: SdkCtx-89efcdab\n    path: /home/wuying/tmp\n    policy: nope\n"


def _project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]


def _name(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert found is not None, requirement
    return found.group(0).lower()


# --- the server is part of the base install, loaded only by `lsp` ----------------------------------


def test_the_language_server_libraries_are_regular_dependencies() -> None:
    project = _project()
    base = {_name(r): r for r in project["dependencies"]}
    for name in ("pygls", "lsprotocol", "websockets"):
        assert name in base and ";" not in base[name], f"{name} must be an unconditional dependency"
    # The old extra stays, empty, so `pip install 'syncdsl[lsp]'` keeps working.
    assert project["optional-dependencies"]["lsp"] == []
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]


def _imported_modules(code: str, cwd: Path) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("SYNCDSL")},
    )
    names = set()
    for line in proc.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package", the name indented by nesting depth
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    assert names, f"no -X importtime output:\n{proc.stderr[-3000:]}"
    return names


def test_lint_cold_start_imports_no_server_library(tmp_path: Path) -> None:
    (tmp_path / "bad.sync.yaml").write_text(BAD, encoding="utf-8")
    # Through the console script's entry point, with the real argv handling.
    code = "import sys; from syncdsl.cli import main; sys.exit(main(['lint', 'bad.sync.yaml']))"
    imported = _imported_modules(code, tmp_path)
    assert "syncdsl.linter" in imported  # the probe really linted
    heavy = sorted(m for m in imported if m.split(".")[0] in SERVER_LIBRARIES)
    assert heavy == []
    # ...while those libraries are installed here, so the check above means something.
    server = _imported_modules("import lsp_server.server", tmp_path)
    assert {"pygls", "lsprotocol"} <= {m.split(".")[0] for m in server}


# --- the distributions ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    # The default: an sdist, then a wheel built from that sdist (so the sdist is proven complete).
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        message = f"python -m build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        offline = "No matching distribution" in proc.stdout + proc.stderr or "ConnectionError" in proc.stderr
        if offline and not IN_CI:
            pytest.skip("building needs PyPI (setuptools): " + message[-500:])
        pytest.fail(message)
    (sdist,) = out.glob("syncdsl-*.tar.gz")
    (wheel,) = out.glob("syncdsl-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_sdist_has_the_license_and_no_tests(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
        pkg_info = tar.extractfile(next(n for n in tar.getnames() if n.endswith("/PKG-INFO") and n.count("/") == 1))
        assert pkg_info is not None
        meta = email.message_from_bytes(pkg_info.read())
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "PKG-INFO"} <= names
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    tops = {name.split("/", 1)[0] for name in names}
    assert not tops & {"tests", "editor", "samples", "bench", "docs", "scripts", "schema"}, tops
    assert {"syncdsl/templates/starter.sync.yaml", "syncdsl/web/index.html", "lsp_server/server.py"} <= names


def test_wheel_has_the_license_metadata_and_data(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = set(whl.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(whl.read(f"{info}/METADATA"))
        license_text = whl.read(f"{info}/licenses/LICENSE").decode()
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert meta["License-Expression"] == "MIT"
    requires = meta.get_all("Requires-Dist")
    unconditional = {_name(r) for r in requires if "extra ==" not in r}
    assert {"pygls", "lsprotocol", "websockets", "ruamel.yaml", "click", "cerberus"} <= unconditional
    assert {"syncdsl/py.typed", "syncdsl/templates/starter.sync.yaml", "syncdsl/web/index.html"} <= names
    assert {"lsp_server/__init__.py", "lsp_server/server.py"} <= names
    assert not [n for n in names if n.startswith(("tests/", "editor/", "samples/"))]


def test_fresh_environment_from_the_wheel_lints_and_serves_lsp(dists: dict[str, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(dists["wheel"])],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout[-4000:] + pip.stderr[-4000:]
    work = tmp_path / "work"
    work.mkdir()
    (work / "good.sync.yaml").write_text(GOOD, encoding="utf-8")
    (work / "bad.sync.yaml").write_text(BAD, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("SYNCDSL_")
    }
    syncdsl = str(bin_dir / "syncdsl")
    good = subprocess.run([syncdsl, "lint", "good.sync.yaml"], cwd=work, capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run([syncdsl, "lint", "bad.sync.yaml"], cwd=work, capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "SD301" in bad.stdout, bad.stdout + bad.stderr

    client = StdioClient([syncdsl, "lsp"], cwd=work, env={**env, "SYNCDSL_LSP_DEBOUNCE": "0.02"})
    try:
        result = client.initialize(work)
        assert result["serverInfo"]["name"] == "syncdsl"
        uri = (work / "bad.sync.yaml").as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "syncdsl", "version": 1, "text": BAD}},
        )
        note = client.wait_for_notification("textDocument/publishDiagnostics", uri)
        assert [d["code"] for d in note["params"]["diagnostics"]] == ["SD301"]
    finally:
        assert client.close() == 0
