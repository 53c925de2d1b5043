"""The VS Code extension builds from source into a .vsix whose manifest and contents are right.

The build is the real one (``npm run package``: tsc --noEmit, eslint, the
node:test unit tests of the server-command and settings logic, the esbuild
bundle, ``vsce package``); it runs once per test session so the package checked
here is always the one the sources make. ``npm ci`` runs first when
node_modules is missing or older than package-lock.json (it needs the npm
registry). Without npm the tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "editor" / "vscode"
IN_CI = bool(os.environ.get("CI"))

# Everything the .vsix may hold: the manifest, the bundle and the static contributions. No sources,
# no node_modules, no tests, no maps.
EXPECTED_FILES = {
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/package.json",
    "extension/readme.md",
    "extension/changelog.md",
    "extension/LICENSE.txt",
    "extension/dist/extension.js",
    "extension/language-configuration.json",
    "extension/syntaxes/syncdsl.tmLanguage.json",
    "extension/syntaxes/syncdsl-suppression.injection.json",
}

NODE_BUILTINS = {
    "assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path", "stream", "string_decoder",
    "timers", "tty", "url", "util", "worker_threads", "zlib", "readline", "http", "https", "process",
}  # fmt: skip


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        if IN_CI:
            pytest.fail("npm is not installed: .ci/run must install Node.js and npm")
        pytest.skip("npm is not installed; CI builds and checks the .vsix")
    return npm


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, cwd=EXT, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    )


def _needs_install() -> bool:
    marker = EXT / "node_modules" / ".package-lock.json"
    return not marker.exists() or marker.stat().st_mtime < (EXT / "package-lock.json").stat().st_mtime


@pytest.fixture(scope="session")
def manifest_source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def vsix(manifest_source: dict[str, Any]) -> zipfile.ZipFile:
    npm = _npm()
    if _needs_install():
        # --ignore-scripts: nothing the build uses needs an install script (esbuild's binary comes as an
        # optional dependency); vsce-sign's would try to download a signing tool.
        _run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"])
    path = EXT / f"{manifest_source['name']}-{manifest_source['version']}.vsix"
    path.unlink(missing_ok=True)
    _run([npm, "run", "package"])
    assert path.is_file()
    return zipfile.ZipFile(path)


@pytest.fixture(scope="session")
def manifest(vsix: zipfile.ZipFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(vsix.read("extension/package.json"))
    return data


def test_package_holds_exactly_the_bundle_and_contributions(vsix: zipfile.ZipFile) -> None:
    names = set(vsix.namelist())
    assert names == EXPECTED_FILES
    assert not [n for n in names if "node_modules" in n or n.endswith((".ts", ".map"))]


def test_manifest_identity_and_engine(manifest: dict[str, Any], manifest_source: dict[str, Any]) -> None:
    assert manifest == manifest_source  # vsce ships package.json unchanged
    assert (manifest["name"], manifest["publisher"], manifest["version"]) == ("syncdsl", "syncdsl", "0.1.0")
    assert manifest["engines"] == {"vscode": "^1.82.0"}
    assert manifest["main"] == "./dist/extension.js"
    assert manifest["activationEvents"] == [
        "onLanguage:syncdsl",
        "workspaceContains:**/*.sync.yaml",
        "workspaceContains:**/*.sync.yml",
    ]
    # The bundle carries the client: vscode-languageclient is a dependency of the build only.
    assert set(manifest["dependencies"]) == {"vscode-languageclient"}


def test_language_grammar_and_configuration(manifest: dict[str, Any], vsix: zipfile.ZipFile) -> None:
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "syncdsl"
    assert language["extensions"] == [".sync.yaml", ".sync.yml"]
    config = json.loads(vsix.read("extension/" + language["configuration"].removeprefix("./")))
    assert config["comments"] == {"lineComment": "#"}
    assert config["brackets"] == [["{", "}"], ["[", "]"]]

    grammars = {g["scopeName"]: g for g in manifest["contributes"]["grammars"]}
    assert set(grammars) == {"source.syncdsl", "syncdsl.suppression.injection"}
    main = json.loads(vsix.read("extension/" + grammars["source.syncdsl"]["path"].removeprefix("./")))
    assert grammars["source.syncdsl"]["language"] == "syncdsl"
    assert main["scopeName"] == "source.syncdsl"
    assert main["patterns"] == [{"include": "source.yaml"}]  # VS Code's own YAML grammar does the highlighting
    injection = json.loads(vsix.read("extension/" + grammars["syncdsl.suppression.injection"]["path"][2:]))
    assert grammars["syncdsl.suppression.injection"]["injectTo"] == ["source.syncdsl"]
    (pattern,) = injection["patterns"]
    found = re.search(pattern["match"], "# syncdsl: disable=SD101,SD303")
    assert found is not None and found.group(4) == "SD101,SD303"


def test_commands_and_settings(manifest: dict[str, Any]) -> None:
    commands = {(c["command"], c["category"], c["title"]) for c in manifest["contributes"]["commands"]}
    assert commands == {
        ("syncdsl.restartServer", "syncdsl", "Restart server"),
        ("syncdsl.showServerLog", "syncdsl", "Show server log"),
    }
    settings = manifest["contributes"]["configuration"]["properties"]
    assert set(settings) == {
        "syncdsl.server.path",
        "syncdsl.interpreter",
        "syncdsl.select",
        "syncdsl.ignore",
        "syncdsl.severity",
        "syncdsl.trace.server",
    }
    assert settings["syncdsl.select"]["default"] is None  # null: the project's config file decides
    assert settings["syncdsl.severity"]["additionalProperties"]["enum"] == ["error", "warning", "info"]
    assert settings["syncdsl.server.path"]["scope"] == "machine-overridable"


def test_bundle_is_self_contained(vsix: zipfile.ZipFile) -> None:
    bundle = vsix.read("extension/dist/extension.js").decode("utf-8")
    required = set(re.findall(r"""require\(["']([^"']+)["']\)""", bundle))
    external = {r.removeprefix("node:") for r in required} - NODE_BUILTINS
    assert external == {"vscode"}, external  # vscode-languageclient and our modules are inlined
    for needle in ("syncdsl.restartServer", "syncdsl.showServerLog", "workspace virtual environment"):
        assert needle in bundle
    # The interpreter fallback runs the real CLI entry point.
    assert "from syncdsl.cli import main; sys.exit(main(['lsp']))" in bundle


def test_vsix_manifest_xml(vsix: zipfile.ZipFile) -> None:
    root = ET.fromstring(vsix.read("extension.vsixmanifest"))
    ns = {"v": "http://schemas.microsoft.com/developer/vsx-schema/2011"}
    identity = root.find("v:Metadata/v:Identity", ns)
    assert identity is not None
    assert (identity.get("Id"), identity.get("Publisher"), identity.get("Version")) == ("syncdsl", "syncdsl", "0.1.0")
    props = {p.get("Id"): p.get("Value") for p in root.iterfind("v:Metadata/v:Properties/v:Property", ns)}
    assert props["Microsoft.VisualStudio.Code.Engine"] == "^1.82.0"


def test_lock_file_is_committed_and_matches(manifest_source: dict[str, Any]) -> None:
    lock = json.loads((EXT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] == 3
    top = lock["packages"][""]
    assert top["dependencies"] == manifest_source["dependencies"]
    assert top["devDependencies"] == manifest_source["devDependencies"]
    assert lock["packages"]["node_modules/vscode-languageclient"]["version"] == "9.0.1"


SAMPLE = """\
version: 1
policies:
  standard:
    recycle_policy:
      paths: ["/home/wuying/café", /home/wuying/cache/*.tmp]
      lifecycle: Lifecycle_1Day
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: standrd
"""


def test_packaged_extension_starts_the_server_and_receives_diagnostics(vsix: zipfile.ZipFile, tmp_path: Path) -> None:
    """The .vsix's own bundle, activated by node against a stand-in `vscode` module (test/smoke/vscode.js).

    It proves, without downloading VS Code: activation registers the two commands and the status bar item; the
    server is found in the workspace's `.venv` and really started; the client's `workspace/configuration` answer
    (through the extension's middleware) carries the `syncdsl.severity` setting; diagnostics reach VS Code's
    diagnostic collection with UTF-16 ranges; "Restart server" starts a second server; deactivation stops it.
    """
    console_script = shutil.which("syncdsl", path=str(Path(sys.executable).parent))
    assert console_script is not None, "the syncdsl console script of this environment"
    workspace = tmp_path / "workspace"
    (workspace / ".venv" / "bin").mkdir(parents=True)
    (workspace / ".venv" / "bin" / "syncdsl").symlink_to(console_script)
    sample = workspace / "team.sync.yaml"
    sample.write_text(SAMPLE, encoding="utf-8")
    bundle = tmp_path / "extension.js"
    bundle.write_bytes(vsix.read("extension/dist/extension.js"))
    settings = {"syncdsl": {"severity": {"SD303": "info"}, "select": None}}

    node = shutil.which("node")
    assert node is not None
    driver = EXT / "test" / "smoke" / "activate.js"
    proc = subprocess.run(
        [node, str(driver), str(bundle), str(workspace), str(sample), json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "SYNCDSL_LSP_DEBOUNCE": "0.02"},
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    server = workspace / ".venv" / "bin" / "syncdsl"
    assert got["commands"] == ["syncdsl.restartServer", "syncdsl.showServerLog"]
    assert got["running"] == {
        "id": "syncdsl.status",
        "text": "$(check) syncdsl",
        "command": "syncdsl.showServerLog",
        "tooltip": f"syncdsl language server: running\n{server} lsp (from workspace virtual environment)\n"
        "Click to show the server log.",
    }
    assert got["started"] == [f"[syncdsl] starting {server} lsp (from workspace virtual environment)"] * 2
    error, information = 0, 2  # vscode.DiagnosticSeverity
    # UTF-16 ranges: `é` is one code unit, so SD101 starts at character 35.
    assert [(d["code"], d["severity"], d["range"]) for d in got["diagnostics"]] == [
        ("SD303", information, [2, 2, 2, 10]),
        ("SD101", error, [4, 35, 4, 59]),
        ("SD301", error, [9, 12, 9, 19]),
    ]
    assert got["messages"] == ["show output syncdsl"]  # "Show server log" showed the output channel; no error popped up
    assert got["afterDeactivate"] == "$(circle-slash) syncdsl"
