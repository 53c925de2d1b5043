"""The context syncs the AgentBay SDK makes by itself, through syncdsl: they must lint clean and export unchanged.

Browser sessions and mobile simulation get context syncs the user never
writes: ``BrowserContext`` adds the extension and fingerprint syncs
(``agentbay/_common/params/session_params.py``), ``AgentBay.create`` adds the
browser-data sync (``_apply_browser_context`` in ``agentbay/_sync/agentbay.py``)
and the mobile-simulation sync, and ``MobileSimulateService`` adds a white
list to a user's own sync (``agentbay/_sync/mobile_simulate.py``). Each setup
below is built with the real SDK (0.22.3) and sent through the real
``AgentBay.create`` with the network client stubbed; the ``ContextSync``
objects are collected as the SDK serialised them, ``syncdsl.from_sdk`` turns
them into a document, and that document must

- lint with nothing at warning or error (what the SDK does on its own is, by
  definition, what the platform expects), and
- export to exactly the persistence entries the SDK put in its request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from loguru import logger  # the SDK's logging library

import syncdsl
from syncdsl.cli import cli
from syncdsl.diagnostics import Severity
from syncdsl.sdk import from_sdk
from tests.agentbay_sdk import BWList, ContextSync, SyncPolicy, WhiteList, agentbay

BROWSER_ID = "SdkCtx-6b0e2f9a4c18"
EXTENSIONS_ID = "SdkCtx-2d7c5a0e8f61"
FINGERPRINT_ID = "SdkCtx-e59a13c7d402"
MOBILE_ID = "SdkCtx-0f3a6c9e2b58"
USER_ID = "SdkCtx-9a1c3e5b7d20"
# Extension ids as ExtensionsService.create names the uploaded packages: f"ext_{uuid4().hex}.zip".
EXTENSION_IDS = ["ext_4f1c0b9e2a7d4c83b6e5f0a1d2c3b4a5.zip", "ext_9a8b7c6d5e4f40312a1b0c9d8e7f6a5b.zip"]

SERIOUS = (Severity.ERROR, Severity.WARNING)


class _Captured(Exception):
    """Raised by the stub network client to stop ``create`` once the request is built."""


def _client() -> Any:
    return agentbay.AgentBay(api_key="sk-syncdsl-test-not-a-real-key")


def sdk_session_syncs(params: Any, client: Any = None) -> tuple[list[Any], list[dict[str, Any]]]:
    """Run ``AgentBay.create(params)`` up to the network; return the syncs it sends, as objects and as wire entries.

    The objects are the SDK's own: ``create`` serialises every policy with
    ``json.dumps(policy, default=self._safe_serialize)``, so a spy on
    ``_safe_serialize`` receives each ``SyncPolicy`` object in request order,
    including the ones ``create`` builds internally (browser data, mobile
    simulation) that no caller ever sees.
    """
    client = client or _client()
    requests: list[Any] = []
    policies: list[Any] = []
    serialize = client._safe_serialize

    def spy(obj: Any) -> Any:
        if isinstance(obj, agentbay.SyncPolicy):
            policies.append(obj)
        return serialize(obj)

    def stub(request: Any) -> Any:
        requests.append(request)
        raise _Captured

    client._safe_serialize = spy
    client.client.create_mcp_session = stub
    logger.disable("agentbay")
    try:
        result = client.create(params)
    finally:
        logger.enable("agentbay")
    assert not result.success and len(requests) == 1, "the SDK did not reach the request stage"
    remaining = iter(policies)
    objects: list[Any] = []
    wire: list[dict[str, Any]] = []
    for item in requests[0].persistence_data_list or []:
        assert getattr(item, "type", None) in (None, ""), "context mounts are not context syncs"
        entry: dict[str, Any] = {"context_id": item.context_id, "path": item.path}
        policy = None
        if item.policy is not None:
            policy = next(remaining)
            entry["policy"] = json.loads(item.policy)
            assert json.loads(json.dumps(policy.__dict__())) == entry["policy"], "the spy saw another object"
        objects.append(agentbay.ContextSync(context_id=item.context_id, path=item.path, policy=policy))
        wire.append(entry)
    assert next(remaining, None) is None
    return objects, wire


# --- the setups -------------------------------------------------------------------------------------


def _browser(**kwargs: Any) -> Any:
    return agentbay.CreateSessionParams(image_id="browser_latest", browser_context=agentbay.BrowserContext(**kwargs))


def _mobile_internal(client: Any) -> Any:
    """``upload_mobile_info`` without a context sync: the SDK's own context at /data/agentbay_mobile_info."""
    service = agentbay.MobileSimulateService(client)
    service.set_simulate_enable(True)
    # What upload_mobile_info does once it has created the context (that part needs the network).
    service._update_context(True, MOBILE_ID, None)
    config = service.get_simulate_config()
    assert config.simulated_context_id == MOBILE_ID
    mobile = agentbay.MobileExtraConfig(simulate_config=config)
    return agentbay.CreateSessionParams(image_id="mobile_latest", extra_configs=agentbay.ExtraConfigs(mobile=mobile))


def _mobile_user_context(client: Any) -> Any:
    """``has_mobile_info`` on the user's own sync: the SDK adds `/agentbay_mobile_info/` to its white list."""
    own = ContextSync(USER_ID, "/tmp/mobile_sim", SyncPolicy(bw_list=BWList([WhiteList(path="/app-data")])))
    service = agentbay.MobileSimulateService(client)
    service.set_simulate_enable(True)
    listing = SimpleNamespace(success=True, entries=[SimpleNamespace(file_name="dev_info.json")])
    client.context.list_files = lambda *args, **kwargs: listing  # the one network call of has_mobile_info
    assert service.has_mobile_info(own)
    assert [w.path for w in own.policy.bw_list.white_lists] == ["/app-data", "/agentbay_mobile_info/"]
    config = service.get_simulate_config()
    assert config.simulated_context_id is None and config.simulate_path == "/tmp/mobile_sim/agentbay_mobile_info/"
    mobile = agentbay.MobileExtraConfig(simulate_config=config)
    return agentbay.CreateSessionParams(
        image_id="mobile_latest", context_syncs=[own], extra_configs=agentbay.ExtraConfigs(mobile=mobile)
    )


# name -> (build the CreateSessionParams with a client, the mount paths the SDK must send)
SETUPS: dict[str, tuple[Callable[[Any], Any], list[str]]] = {
    "browser STANDARD": (
        lambda _c: _browser(context_id=BROWSER_ID, auto_upload=True),
        ["/tmp/agentbay_browser"],
    ),
    "browser MINIMAL without upload": (
        lambda _c: _browser(context_id=BROWSER_ID, auto_upload=False, sync_mode=agentbay.BrowserSyncMode.MINIMAL),
        ["/tmp/agentbay_browser"],
    ),
    "browser with extensions": (
        lambda _c: _browser(
            context_id=BROWSER_ID, extension_option=agentbay.ExtensionOption(EXTENSIONS_ID, list(EXTENSION_IDS))
        ),
        ["/tmp/extensions/", "/tmp/agentbay_browser"],
    ),
    "browser with fingerprint": (
        lambda _c: _browser(
            context_id=BROWSER_ID, fingerprint_context=agentbay.BrowserFingerprintContext(FINGERPRINT_ID)
        ),
        ["/tmp/browser_fingerprint", "/tmp/agentbay_browser"],
    ),
    "browser with everything and a context of the user's": (
        lambda _c: agentbay.CreateSessionParams(
            image_id="linux_latest",
            context_syncs=[ContextSync.new(USER_ID, "/home/wuying/project")],
            browser_context=agentbay.BrowserContext(
                BROWSER_ID,
                auto_upload=True,
                sync_mode=agentbay.BrowserSyncMode.MINIMAL,
                extension_option=agentbay.ExtensionOption(EXTENSIONS_ID, list(EXTENSION_IDS)),
                fingerprint_context=agentbay.BrowserFingerprintContext(FINGERPRINT_ID),
            ),
        ),
        ["/home/wuying/project", "/tmp/extensions/", "/tmp/browser_fingerprint", "/tmp/agentbay_browser"],
    ),
    "mobile simulation, SDK context": (_mobile_internal, ["/data/agentbay_mobile_info"]),
    "mobile simulation, user's context": (_mobile_user_context, ["/tmp/mobile_sim"]),
}


@pytest.fixture(params=sorted(SETUPS), ids=lambda name: name.replace(" ", "-").replace(",", "").replace("'", ""))
def setup(request: pytest.FixtureRequest) -> tuple[list[Any], list[dict[str, Any]]]:
    build, paths = SETUPS[request.param]
    client = _client()
    objects, wire = sdk_session_syncs(build(client), client)
    assert [o.path for o in objects] == paths
    assert all(type(o) is agentbay.ContextSync for o in objects)
    return objects, wire


def test_the_sdk_helpers_yield_lint_clean_syncdsl(setup: tuple[list[Any], list[dict[str, Any]]]) -> None:
    objects, _wire = setup
    text = from_sdk(objects)
    serious = [f"{d.span.start.line + 1}: {d.code} {d.message}" for d in syncdsl.lint(text) if d.severity in SERIOUS]
    assert serious == [], text


def test_the_syncdsl_of_the_sdk_helpers_exports_the_sdk_request(
    setup: tuple[list[Any], list[dict[str, Any]]], tmp_path: Path
) -> None:
    objects, wire = setup
    text = from_sdk(objects)
    assert syncdsl.load(text).to_wire() == wire
    path = tmp_path / "helpers.sync.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(path)])
    assert result.exit_code == 0, result.output + result.stderr
    assert json.loads(result.stdout) == wire
    assert syncdsl.load(text).to_sdk() == objects


def test_the_browser_data_policy_is_the_one_the_sdk_builds() -> None:
    """The spy sees the SDK's internal browser-data policy itself, not a look-alike: check two of its details."""
    (browser,), _ = sdk_session_syncs(SETUPS["browser STANDARD"][0](None))
    white = [w.path for w in browser.policy.bw_list.white_lists]
    assert white[:3] == ["/Local State", "/Default/Cookies", "/Default/Cookies-journal"] and len(white) == 19
    assert browser.policy.upload_policy.auto_upload is True
