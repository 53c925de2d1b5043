"""`browser_context`: the syncs the SDK adds for it, exactly as the real SDK sends them; from_sdk, export, explain.

Ground truth is ``AgentBay.create`` of the SDK's own ``CreateSessionParams(browser_context=BrowserContext(...))``
(tests/agentbay_sdk.py, network stubbed): syncdsl's wire form of the same file must equal that request, and
the objects syncdsl builds must make the SDK send it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import syncdsl
from syncdsl.completion import complete
from syncdsl.diagnostics import Position
from syncdsl.schema import json_schema
from syncdsl.sdk import from_sdk
from tests.agentbay_sdk import ContextDirectory, agentbay, sdk_session_request
from tests.cli_helpers import run, team_file
from tests.fixture_format import render_diagnostics

BROWSER_ID = "SdkCtx-6b0e2f9a4c18"
EXTENSIONS_ID = "SdkCtx-2d7c5a0e8f61"
FINGERPRINT_ID = "SdkCtx-e59a13c7d402"
EXTENSION_IDS = ["ext_4f1c0b9e2a7d4c83b6e5f0a1d2c3b4a5.zip", "ext_9a8b7c6d5e4f40312a1b0c9d8e7f6a5b.zip"]

# syncdsl text -> the CreateSessionParams a user of the SDK writes for the same session.
CASES: dict[str, tuple[str, Any]] = {
    "standard": (
        f"version: 1\nbrowser_context:\n  context_id: {BROWSER_ID}\n",
        lambda: agentbay.CreateSessionParams(browser_context=agentbay.BrowserContext(BROWSER_ID)),
    ),
    "minimal without upload, on browser_latest": (
        f"version: 1\nimage_id: browser_latest\nbrowser_context:\n  context_id: {BROWSER_ID}\n"
        "  auto_upload: false\n  sync_mode: minimal\n",
        lambda: agentbay.CreateSessionParams(
            image_id="browser_latest",
            browser_context=agentbay.BrowserContext(
                BROWSER_ID, auto_upload=False, sync_mode=agentbay.BrowserSyncMode.MINIMAL
            ),
        ),
    ),
    "everything, with a sync and a mount of the user's": (
        f"""\
version: 1
contexts:
  - context_id: SdkCtx-9a1c3e5b7d20
    path: /home/wuying/project
mounts:
  - context_id: SdkCtx-77aa00bb11cc
    path: /tmp/shared
browser_context:
  context_id: {BROWSER_ID}
  extension_option:
    context_id: {EXTENSIONS_ID}
    extension_ids: [{", ".join(EXTENSION_IDS)}]
  fingerprint_context:
    context_id: {FINGERPRINT_ID}
""",
        lambda: agentbay.CreateSessionParams(
            context_syncs=[agentbay.ContextSync.new("SdkCtx-9a1c3e5b7d20", "/home/wuying/project")],
            beta_context_mounts=[agentbay.BetaContextMount.new("SdkCtx-77aa00bb11cc", "/tmp/shared")],
            browser_context=agentbay.BrowserContext(
                BROWSER_ID,
                extension_option=agentbay.ExtensionOption(EXTENSIONS_ID, list(EXTENSION_IDS)),
                fingerprint_context=agentbay.BrowserFingerprintContext(FINGERPRINT_ID),
            ),
        ),
    ),
}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[str, Any]:
    text, build = CASES[request.param]
    return text, build()


def test_the_file_lints_clean(case: tuple[str, Any]) -> None:
    text, _ = case
    assert render_diagnostics(syncdsl.lint(text)) == ""


def test_wire_is_what_the_sdk_sends_for_its_own_browser_context(case: tuple[str, Any]) -> None:
    text, params = case
    doc = syncdsl.load(text)
    expected = sdk_session_request(params)
    assert doc.to_wire() == expected["persistence_data_list"]
    assert sdk_session_request(doc.to_session_params()) == expected
    assert doc.browser_syncs() == [s for s in doc.browser_syncs()]  # stable
    helper_paths = {"/tmp/extensions/", "/tmp/browser_fingerprint", "/tmp/agentbay_browser"}
    assert [w["path"] for w in doc.to_wire() if w["path"] in helper_paths] == [s.path for s in doc.browser_syncs()]


def test_from_sdk_writes_the_browser_context_and_not_the_syncs_it_makes(case: tuple[str, Any]) -> None:
    text, params = case
    written = from_sdk(params)
    assert written.split("\n", 1)[1] == text
    assert syncdsl.lint(written) == []


def test_cli_json_and_python_export(case: tuple[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, params = case
    team_file(tmp_path, monkeypatch, text)
    result = run("export", "team.sync.yaml")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == sdk_session_request(params)["persistence_data_list"]
    code = run("export", "team.sync.yaml", "--format", "python").stdout
    namespace: dict[str, Any] = {}
    exec(compile(code, "<export>", "exec"), namespace)
    assert sdk_session_request(namespace["session_params"]) == sdk_session_request(params)


NAMED = """\
version: 1
image_id: linux_latest
browser_context:
  context_name: my-browser-profile
  create: true
  sync_mode: minimal
  fingerprint_context:
    context_name: my-fingerprint
"""


def test_names_in_a_browser_context_are_resolved_once_each() -> None:
    service = ContextDirectory({"my-fingerprint": FINGERPRINT_ID})
    doc = syncdsl.load(NAMED)
    assert doc.context_names == [("my-browser-profile", True), ("my-fingerprint", False)]
    params = doc.to_session_params(service.client)
    assert params.browser_context.fingerprint_context.fingerprint_context_id == FINGERPRINT_ID
    created = service.known["my-browser-profile"]
    assert [(w["path"], w["context_id"]) for w in doc.to_wire(service.client)] == [
        ("/tmp/browser_fingerprint", FINGERPRINT_ID), ("/tmp/agentbay_browser", created)
    ]
    assert sdk_session_request(params)["persistence_data_list"] == doc.to_wire(service.client)
    assert service.requests[:2] == [("my-browser-profile", True), ("my-fingerprint", False)]


def test_explain_lists_the_syncs_the_sdk_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team_file(tmp_path, monkeypatch, NAMED)
    assert run("explain", "team.sync.yaml").stdout == (
        "team.sync.yaml:4: browser context named `my-browser-profile`\n"
        "  id looked up when the session is built: agent_bay.context.get(name='my-browser-profile', create=True);"
        " created when no context has this name\n"
        "  the SDK syncs the browser's data itself, at fixed paths\n"
        "  auto_upload: true   SDK default\n"
        "  sync_mode: minimal  set at team.sync.yaml:6\n"
        "  context syncs the SDK adds:\n"
        "    /tmp/browser_fingerprint <- context named `my-fingerprint`: the browser fingerprint, download only\n"
        "    /tmp/agentbay_browser <- context named `my-browser-profile`: the browser's profile (3 files, minimal"
        " mode), uploaded when the session ends\n"
    )
    [info] = json.loads(run("explain", "team.sync.yaml", "--format", "json").stdout)
    assert (info["kind"], info["path"], info["context_name"]) == ("browser", None, "my-browser-profile")
    assert [s["path"] for s in info["sdk_syncs"]] == ["/tmp/browser_fingerprint", "/tmp/agentbay_browser"]


def test_what_a_browser_context_needs() -> None:
    text = "version: 1\nbrowser_context:\n  create: true\n  extension_option:\n    context_id: x\n"
    assert render_diagnostics(syncdsl.lint(text)) == (
        "3:3-3:9 SD013 [error] missing required key `context_id` or `context_name` in `browser_context`\n"
        "5:5-5:15 SD013 [error] missing required key `extension_ids` in `browser_context.extension_option`\n"
    )
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors({"version": 1, "browser_context": {"context_name": "p"}})) == []
    assert list(validator.iter_errors({"version": 1, "browser_context": {"context_name": "p", "sync_mode": "full"}}))


def test_completion_in_a_browser_context() -> None:
    text = "version: 1\nbrowser_context:\n  context_name: p\n  \n"
    assert [c.label for c in complete(text, Position(3, 2))] == [
        "create", "auto_upload", "sync_mode", "extension_option", "fingerprint_context"
    ]
    values = complete("version: 1\nbrowser_context:\n  sync_mode: \n", Position(2, 13))
    assert [c.label for c in values] == ["minimal", "standard"]
