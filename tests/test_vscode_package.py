"""The VS Code extension builds from source into a .vsix that carries the server, and starts it on the user's Python.

The build is the real one (tests/vscode_build.py: ``npm run package``, that is
tsc --noEmit, eslint, the node:test unit tests of the server-command and
settings logic, the esbuild bundle, ``scripts/bundle_server.py`` filling
``bundled/libs`` with syncdsl and its dependencies from this checkout, ``vsce
package``); it runs once per test session so the package checked here is
always the one the sources make. Without npm the tests skip, except in CI,
where they fail.

The smoke tests unpack the .vsix and activate its bundle in node against a
stand-in ``vscode`` module (test/smoke/vscode.js), with a Python that has
neither syncdsl nor pygls installed: the bundled server must be all it needs.
tests/test_vscode_e2e.py does the same in a real VS Code (code-server).
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

import syncdsl
from tests.lsp_stdio import StdioClient
from tests.vscode_build import build_vsix

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "editor" / "vscode"

# Everything the .vsix holds besides the bundled Python packages: the manifest, the bundle, the static
# contributions and the server's launcher. No sources, no node_modules, no tests, no maps.
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
    "extension/bundled/tool/lsp_launcher.py",
}
LIBS = "extension/bundled/libs/"
# The server's own packages and every runtime dependency, including the backports Python 3.10 needs.
EXPECTED_LIBS = {
    "syncdsl/__init__.py",
    "syncdsl/cli/lsp_cmd.py",
    "syncdsl/templates/starter.sync.yaml",
    "lsp_server/server.py",
    "pygls/__init__.py",
    "lsprotocol/types.py",
    "ruamel/yaml/__init__.py",
    "cerberus/__init__.py",
    "click/__init__.py",
    "attrs/__init__.py",
    "cattrs/__init__.py",
    "websockets/__init__.py",
    "tomli/__init__.py",
    "exceptiongroup/__init__.py",
    "typing_extensions.py",
    "bundle.json",
}
C_PARSER_PYTHONS = ("310", "311", "312", "313", "314")

NODE_BUILTINS = {
    "assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path", "stream", "string_decoder",
    "timers", "tty", "url", "util", "worker_threads", "zlib", "readline", "http", "https", "process",
}  # fmt: skip


@pytest.fixture(scope="session")
def manifest_source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def vsix_path() -> Path:
    return build_vsix()


@pytest.fixture(scope="session")
def vsix(vsix_path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(vsix_path)


@pytest.fixture(scope="session")
def extension_dir(vsix: zipfile.ZipFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .vsix unpacked, as VS Code installs it (its `extension/` folder)."""
    out = tmp_path_factory.mktemp("vsix")
    vsix.extractall(out)
    return out / "extension"


@pytest.fixture(scope="session")
def manifest(vsix: zipfile.ZipFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(vsix.read("extension/package.json"))
    return data


def test_package_holds_the_bundle_the_contributions_and_the_server(vsix: zipfile.ZipFile, vsix_path: Path) -> None:
    names = set(vsix.namelist())
    assert {n for n in names if not n.startswith(LIBS)} == EXPECTED_FILES
    libs = {n.removeprefix(LIBS) for n in names if n.startswith(LIBS)}
    assert EXPECTED_LIBS <= libs, EXPECTED_LIBS - libs
    assert not [n for n in names if "node_modules" in n or n.endswith((".ts", ".map", ".pyc"))]
    assert not [n for n in libs if "__pycache__" in n or n.startswith(("bin/", "syncdsl/web/", "tests/"))]
    # One C parser per supported CPython on the build platform, side by side (on Linux x86-64, where CI builds).
    if sys.platform == "linux" and os.uname().machine == "x86_64":
        parsers = {n for n in libs if n.startswith("_ruamel_yaml.cpython-")}
        assert parsers == {f"_ruamel_yaml.cpython-{v}-x86_64-linux-gnu.so" for v in C_PARSER_PYTHONS}
    assert vsix_path.stat().st_size < 6_000_000  # about 2 MB today; a jump means something big slipped in


def test_bundled_server_is_this_checkout(extension_dir: Path) -> None:
    """The bundle holds this checkout's syncdsl and lsp_server (built from it, not fetched from PyPI)."""
    bundled = extension_dir / "bundled" / "libs"
    for package in ("syncdsl", "lsp_server"):
        ours = {p.relative_to(ROOT) for p in (ROOT / package).rglob("*.py")}
        theirs = {p.relative_to(bundled) for p in (bundled / package).rglob("*.py")}
        assert ours == theirs
    assert (bundled / "syncdsl" / "schema.py").read_bytes() == (ROOT / "syncdsl" / "schema.py").read_bytes()
    record = json.loads((bundled / "bundle.json").read_text(encoding="utf-8"))
    assert record["resolved_for_python"] == "3.10"
    assert record["packages"]["syncdsl"] == syncdsl.__version__
    assert {"pygls", "lsprotocol", "ruamel_yaml", "ruamel_yaml_clib", "tomli", "exceptiongroup"} <= set(
        record["packages"]
    )


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


def test_commands_settings_and_editor_defaults(manifest: dict[str, Any]) -> None:
    commands = {(c["command"], c["category"], c["title"]) for c in manifest["contributes"]["commands"]}
    assert commands == {
        ("syncdsl.restartServer", "syncdsl", "Restart server"),
        ("syncdsl.showServerLog", "syncdsl", "Show server log"),
    }
    settings = manifest["contributes"]["configuration"]["properties"]
    assert set(settings) == {
        "syncdsl.importStrategy",
        "syncdsl.interpreter",
        "syncdsl.server.path",
        "syncdsl.select",
        "syncdsl.ignore",
        "syncdsl.severity",
        "syncdsl.trace.server",
    }
    assert settings["syncdsl.importStrategy"]["enum"] == ["useBundled", "fromEnvironment"]
    assert settings["syncdsl.importStrategy"]["default"] == "useBundled"
    assert settings["syncdsl.select"]["default"] is None  # null: the project's config file decides
    assert settings["syncdsl.severity"]["additionalProperties"]["enum"] == ["error", "warning", "info"]
    assert settings["syncdsl.server.path"]["scope"] == "machine-overridable"
    # Keys are strings to VS Code's YAML grammar: without this, completion would not open while typing them.
    defaults = manifest["contributes"]["configurationDefaults"]["[syncdsl]"]
    assert defaults["editor.quickSuggestions"] == {"other": "on", "comments": "off", "strings": "on"}
    assert defaults["editor.insertSpaces"] is True


def test_bundle_is_self_contained(vsix: zipfile.ZipFile) -> None:
    bundle = vsix.read("extension/dist/extension.js").decode("utf-8")
    required = set(re.findall(r"""require\(["']([^"']+)["']\)""", bundle))
    external = {r.removeprefix("node:") for r in required} - NODE_BUILTINS
    assert external == {"vscode"}, external  # vscode-languageclient and our modules are inlined
    for needle in ("syncdsl.restartServer", "syncdsl.showServerLog", "lsp_launcher.py", "SYNCDSL_IMPORT_STRATEGY"):
        assert needle in bundle
    assert "ms-python.python" in bundle


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


# --- the packaged extension, activated in node ------------------------------------------------------

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
ERROR, INFORMATION = 0, 2  # vscode.DiagnosticSeverity
# UTF-16 ranges: `é` is one code unit, so SD101 starts at character 35. SD303 is `info` by the settings.
EXPECTED_DIAGNOSTICS = [
    ("SD303", INFORMATION, [2, 2, 2, 10]),
    ("SD101", ERROR, [4, 35, 4, 59]),
    ("SD301", ERROR, [9, 12, 9, 19]),
]


def _base_python() -> Path:
    """The interpreter this virtual environment was made from: it has neither syncdsl nor pygls."""
    base = Path(getattr(sys, "_base_executable", sys.executable))
    if not base.is_file() or Path(sys.prefix) in base.parents:
        base = Path(sys.base_prefix) / "bin" / "python3"
    return base


def _clean_path(bin_dir: Path) -> str:
    """PATH with `bin_dir` first and without this virtual environment (its `python3` has syncdsl)."""
    venv_bin = str(Path(sys.executable).parent)
    rest = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    return os.pathsep.join([str(bin_dir), *rest])


@pytest.fixture(scope="session")
def plain_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `bin` folder whose `python3` is a Python without syncdsl (the user's Python on PATH)."""
    base = _base_python()
    bin_dir = tmp_path_factory.mktemp("plain-bin")
    check = subprocess.run([str(base), "-c", "import syncdsl"], capture_output=True, text=True, cwd=bin_dir)
    assert check.returncode != 0, f"{base} must not have syncdsl installed for this test"
    (bin_dir / "python3").symlink_to(base)
    return bin_dir


@pytest.fixture(scope="session")
def no_c_parser_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `python3` (a wrapper script) on which ruamel.yaml.clib cannot load, as where it has no build."""
    folder = tmp_path_factory.mktemp("no-clib")
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(
        "import sys\nsys.modules['_ruamel_yaml'] = None\nsys.modules['_ruamel_yaml_clibz'] = None\n", encoding="utf-8"
    )
    wrapper = folder / "python3"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{folder / "site"}" exec "{_base_python()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def _activate(
    extension_dir: Path, workspace: Path, sample: Path, options: dict[str, Any], bin_dir: Path
) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None
    driver = EXT / "test" / "smoke" / "activate.js"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("SYNCDSL_")}
    proc = subprocess.run(
        [node, str(driver), str(extension_dir), str(workspace), str(sample), json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
        env={**env, "PATH": _clean_path(bin_dir), "SYNCDSL_LSP_DEBOUNCE": "0.02"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    got: dict[str, Any] = json.loads(proc.stdout)
    return got


def _workspace(tmp_path: Path) -> tuple[Path, Path]:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    sample = workspace / "team.sync.yaml"
    sample.write_text(SAMPLE, encoding="utf-8")
    return workspace, sample


SETTINGS = {"syncdsl": {"severity": {"SD303": "info"}, "select": None}}


def _assert_ran_cleanly(got: dict[str, Any]) -> None:
    assert [(d["code"], d["severity"], d["range"]) for d in got["diagnostics"]] == EXPECTED_DIAGNOSTICS
    assert got["commands"] == ["syncdsl.restartServer", "syncdsl.showServerLog"]
    assert got["messages"] == ["show output syncdsl"]  # "Show server log" showed the output channel; no error popped up
    assert got["afterDeactivate"] == "$(circle-slash) syncdsl"
    # A restart and the final stop are normal exits, logged as such; nothing is logged as an error.
    assert got["output"].count("[syncdsl] the server stopped (exit code 0)") == 2, got["output"]
    assert "[Error" not in got["output"] and "exited with code" not in got["output"], got["output"]
    assert "Traceback" not in got["output"], got["output"]


def test_packaged_extension_runs_the_bundled_server_on_python3_from_path(
    extension_dir: Path, plain_python: Path, tmp_path: Path
) -> None:
    """No setting and no install: the bundled server on the `python3` found on PATH, which has no syncdsl.

    It proves, without downloading VS Code: activation registers the two commands and the status bar item; the
    server really starts from the .vsix's own files; the client's `workspace/configuration` answer (through the
    extension's middleware) carries the `syncdsl.severity` setting; diagnostics reach VS Code's diagnostic
    collection with UTF-16 ranges; "Restart server" starts a second server; deactivation stops it.
    """
    workspace, sample = _workspace(tmp_path)
    got = _activate(extension_dir, workspace, sample, {"settings": SETTINGS}, plain_python)
    launcher = extension_dir / "bundled" / "tool" / "lsp_launcher.py"
    where = f"python3 {launcher} (from PATH, useBundled)"
    assert got["running"] == {
        "id": "syncdsl.status",
        "text": "$(check) syncdsl",
        "command": "syncdsl.showServerLog",
        "tooltip": f"syncdsl language server: running\n{where}\nClick to show the server log.",
    }
    assert got["started"] == [f"[syncdsl] starting {where}"] * 2
    (server_line, *_) = got["server"]
    assert server_line.startswith(f"syncdsl 0.1.0 bundled ({extension_dir / 'bundled' / 'libs' / 'syncdsl'})")
    assert "importStrategy useBundled, YAML parser: libyaml (C)" in server_line
    _assert_ran_cleanly(got)


def test_the_python_extensions_interpreter_is_used_when_present(
    extension_dir: Path, plain_python: Path, tmp_path: Path
) -> None:
    workspace, sample = _workspace(tmp_path)
    interpreter = str(_base_python())
    got = _activate(
        extension_dir, workspace, sample, {"settings": SETTINGS, "pythonExtension": interpreter}, plain_python
    )
    assert got["started"][0].startswith(f"[syncdsl] starting {interpreter} ")
    assert got["started"][0].endswith("(from Python extension, useBundled)")
    assert f"({interpreter})" in got["server"][0]
    _assert_ran_cleanly(got)


def test_from_environment_prefers_the_interpreters_own_syncdsl(
    extension_dir: Path, plain_python: Path, tmp_path: Path
) -> None:
    workspace, sample = _workspace(tmp_path)
    settings = {"syncdsl": {**SETTINGS["syncdsl"], "interpreter": sys.executable, "importStrategy": "fromEnvironment"}}
    got = _activate(extension_dir, workspace, sample, {"settings": settings}, plain_python)
    assert got["started"][0].endswith("(from syncdsl.interpreter, fromEnvironment)")
    assert f"syncdsl 0.1.0 from the environment ({ROOT / 'syncdsl'})" in got["server"][0]
    _assert_ran_cleanly(got)


def test_without_the_c_parser_the_bundled_server_gives_the_same_diagnostics(
    extension_dir: Path, plain_python: Path, no_c_parser_python: Path, tmp_path: Path
) -> None:
    workspace, sample = _workspace(tmp_path)
    settings = {"syncdsl": {**SETTINGS["syncdsl"], "interpreter": str(no_c_parser_python)}}
    got = _activate(extension_dir, workspace, sample, {"settings": settings}, plain_python)
    assert "YAML parser: pure Python (ruamel.yaml.clib does not load on this Python)" in got["server"][0]
    _assert_ran_cleanly(got)


def _old_python() -> str | None:
    """A real interpreter older than 3.10 on this machine, if there is one (pyenv's shims are not)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [str(p) for p in sorted(pyenv.glob("3.[6-9].*/bin/python3"))]
    candidates += [p for p in (shutil.which(f"python3.{minor}") for minor in (9, 8, 7, 6)) if p]
    for candidate in candidates:
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info < (3, 10))"], capture_output=True, text=True
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


def _assert_one_failure(got: dict[str, Any], reason: str) -> None:
    errors = [m for m in got["messages"] if m.startswith("error: ")]
    assert len(errors) == 1, got["messages"]  # one message, not the client's and ours
    assert errors[0].startswith("error: syncdsl: the language server could not start (")
    assert reason in errors[0], errors[0]
    assert got["status"] == "$(error) syncdsl"
    assert reason in got["tooltip"]


def test_a_missing_interpreter_gives_one_clear_message(extension_dir: Path, plain_python: Path, tmp_path: Path) -> None:
    workspace, sample = _workspace(tmp_path)
    settings = {"syncdsl": {"interpreter": str(tmp_path / "nowhere" / "python3")}}
    got = _activate(extension_dir, workspace, sample, {"settings": settings, "expectFailure": True}, plain_python)
    _assert_one_failure(got, f"{tmp_path / 'nowhere' / 'python3'} (from syncdsl.interpreter) does not exist")


def test_no_python_on_path_gives_one_clear_message(extension_dir: Path, tmp_path: Path) -> None:
    workspace, sample = _workspace(tmp_path)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    node = shutil.which("node")
    assert node is not None
    (empty / "node").symlink_to(node)
    driver = EXT / "test" / "smoke" / "activate.js"
    proc = subprocess.run(
        [str(empty / "node"), str(driver), str(extension_dir), str(workspace), str(sample), '{"expectFailure": true}'],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": str(empty), "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    _assert_one_failure(json.loads(proc.stdout), "no `python3` on PATH: install Python 3.10 or newer")


def test_a_too_old_python_gives_one_clear_message(extension_dir: Path, plain_python: Path, tmp_path: Path) -> None:
    old = _old_python()
    if old is None:
        pytest.skip("no Python older than 3.10 on this machine")
    workspace, sample = _workspace(tmp_path)
    got = _activate(
        extension_dir,
        workspace,
        sample,
        {"settings": {"syncdsl": {"interpreter": old}}, "expectFailure": True},
        plain_python,
    )
    _assert_one_failure(got, "the language server needs Python 3.10 or newer")


# --- the bundled server over stdio, without the C parser -------------------------------------------

FORMAT_ME = """\
contexts:
  - path: /home/wuying/data
    context_id: SdkCtx-0123abcd
    policy: standrd
version: 1
"""
BROKEN = "version: 1\ncontexts: [\n"


def _serve(python: Path | str, extension_dir: Path, tmp_path: Path, text: str) -> tuple[list[Any], Any]:
    """Diagnostics and formatting edits of `text` from the bundled server started on `python`."""
    launcher = extension_dir / "bundled" / "tool" / "lsp_launcher.py"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("SYNCDSL_")}
    client = StdioClient([str(python), str(launcher)], cwd=tmp_path, env={**env, "SYNCDSL_LSP_DEBOUNCE": "0.02"})
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "fmt.sync.yaml").as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "syncdsl", "version": 1, "text": text}},
        )
        diagnostics = client.wait_for_notification("textDocument/publishDiagnostics", uri)["params"]["diagnostics"]
        edits = client.request(
            "textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}
        )
    finally:
        client.close()
    return diagnostics, edits


def test_without_the_c_parser_the_bundled_server_lints_and_formats_the_same(
    extension_dir: Path, no_c_parser_python: Path, tmp_path: Path
) -> None:
    with_c = _serve(_base_python(), extension_dir, tmp_path, FORMAT_ME)
    assert [d["code"] for d in with_c[0]] == ["SD301"] and with_c[1], with_c
    assert _serve(no_c_parser_python, extension_dir, tmp_path, FORMAT_ME) == with_c


def test_without_the_c_parser_a_syntax_error_is_reported_the_same(
    extension_dir: Path, no_c_parser_python: Path, tmp_path: Path
) -> None:
    with_c, _ = _serve(_base_python(), extension_dir, tmp_path, BROKEN)
    without_c, _ = _serve(no_c_parser_python, extension_dir, tmp_path, BROKEN)
    assert [d["code"] for d in with_c] == ["SD001"]
    assert [(d["code"], d["range"]["start"]) for d in without_c] == [(d["code"], d["range"]["start"]) for d in with_c]
    assert "clib" not in without_c[0]["message"], without_c[0]["message"]
