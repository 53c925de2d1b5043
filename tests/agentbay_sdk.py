"""The real AgentBay SDK (wuying-agentbay-sdk 0.22.3) for fidelity tests, and its own request JSON.

Import this module before anything imports ``agentbay``: the SDK's logger
creates ``agentbay.log`` in the working directory on import unless
``AGENTBAY_LOG_FILE`` points elsewhere.

:func:`sdk_request` is the ground truth: it runs the SDK's ``AgentBay.create``
with a stub in place of the network client and returns the persistence
entries the SDK put in its ``CreateMcpSession`` request — the policy exactly as
the SDK serialises it (``json.dumps(policy, default=_safe_serialize)``, which
calls ``SyncPolicy.__dict__()``), parsed back into an object.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from typing import Any

os.environ.setdefault("AGENTBAY_LOG_FILE", os.path.join(tempfile.gettempdir(), "syncdsl-tests-agentbay.log"))
os.environ.setdefault("AGENTBAY_LOG_LEVEL", "ERROR")

import agentbay  # noqa: E402
from agentbay import (  # noqa: E402
    BWList,
    ContextSync,
    DeletePolicy,
    DownloadPolicy,
    ExtractPolicy,
    Lifecycle,
    MappingPolicy,
    RecyclePolicy,
    SyncPolicy,
    UploadMode,
    UploadPolicy,
    WhiteList,
)
from loguru import logger  # noqa: E402  (the SDK's logging library)

__all__ = [
    "BWList", "ContextSync", "DeletePolicy", "DownloadPolicy", "ExtractPolicy", "Lifecycle", "MappingPolicy",
    "RecyclePolicy", "SyncPolicy", "UploadMode", "UploadPolicy", "WhiteList", "ContextDirectory", "agentbay",
    "sdk_dict_json", "sdk_request", "sdk_session_request",
]

SDK_VERSION = "0.22.3"


class _Captured(Exception):
    """Raised by the stub client to stop ``create`` right after the request is built."""


def sdk_request(context_syncs: list[Any]) -> list[dict[str, Any]]:
    """What the SDK sends for ``context_syncs``, as syncdsl's wire shape.

    ``beta_wait_for_completion`` never leaves the client (the SDK uses it to
    decide what to wait for), so it is copied from the objects when set, which
    is what SPEC §1 asks ``export`` to add.
    """
    client = agentbay.AgentBay(api_key="sk-syncdsl-test-not-a-real-key")
    requests: list[Any] = []

    def stub(request: Any) -> Any:
        requests.append(request)
        raise _Captured

    client.client.create_mcp_session = stub
    logger.disable("agentbay")
    try:
        result = client.create(agentbay.CreateSessionParams(context_syncs=list(context_syncs)))
    finally:
        logger.enable("agentbay")
    assert not result.success and len(requests) == 1, "the SDK did not reach the request stage"
    sent = requests[0].persistence_data_list or []
    assert len(sent) == len(context_syncs)
    out: list[dict[str, Any]] = []
    for item, original in zip(sent, context_syncs, strict=True):
        entry: dict[str, Any] = {"context_id": item.context_id, "path": item.path}
        if item.policy is not None:
            entry["policy"] = json.loads(item.policy)
        if original.beta_wait_for_completion is not None:
            entry["beta_wait_for_completion"] = original.beta_wait_for_completion
        out.append(entry)
    return out


def sdk_dict_json(context_syncs: list[Any]) -> list[dict[str, Any]]:
    """The cheaper path the SDK's ``context.bind`` takes: ``json.dumps(policy.__dict__())``."""
    out: list[dict[str, Any]] = []
    for cs in context_syncs:
        entry: dict[str, Any] = {"context_id": cs.context_id, "path": cs.path}
        if cs.policy:
            entry["policy"] = json.loads(json.dumps(cs.policy.__dict__()))
        if cs.beta_wait_for_completion is not None:
            entry["beta_wait_for_completion"] = cs.beta_wait_for_completion
        out.append(entry)
    return out


# --- the context service, stubbed at the HTTP client -----------------------------------------------


class ContextDirectory:
    """The service's contexts by name, behind a real ``AgentBay`` client whose ``get_context`` call is stubbed.

    The SDK's own ``ContextService.get`` runs unchanged: it validates its
    arguments, builds the ``GetContextRequest`` and parses the response, which
    the stub builds with the SDK's own ``GetContextResponse`` model. A name that
    is missing is created only when the request allows it (``AllowCreate``), as
    the service does; otherwise the answer is the service's error shape.
    ``requests`` records ``(name, allow_create)`` of every call.
    """

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = dict(known or {})
        self.requests: list[tuple[str | None, bool | None]] = []
        self.client = agentbay.AgentBay(api_key="sk-syncdsl-test-not-a-real-key")
        self.client.client.get_context = self._get_context

    def _get_context(self, request: Any) -> Any:
        from agentbay.api.models import GetContextResponse

        self.requests.append((request.name, request.allow_create))
        name = request.name
        if name not in self.known and request.allow_create:
            self.known[name] = f"SdkCtx-{zlib.crc32(name.encode()):08x}"
        if name in self.known:
            body = {"RequestId": "req-1", "Success": True, "Data": {"Id": self.known[name], "Name": name}}
        else:
            body = {"RequestId": "req-1", "Success": False, "Code": "InvalidContext.NotFound",
                    "Message": f"context {name} not found"}
        return GetContextResponse().from_map({"headers": {}, "statusCode": 200, "body": body})


def sdk_session_request(params: Any) -> dict[str, Any]:
    """What ``AgentBay.create(params)`` sends: the image and every persistence entry, in the SDK's order.

    Context syncs come as in :func:`sdk_request`; a context mount as
    ``{"context_id", "path", "type": "mount", "mount_config": {"access_mode",
    "storage_mode", "source_path"}}`` (the attribute names of the SDK's request
    models). ``beta_wait_for_completion`` is copied from the user's own syncs.
    """
    client = agentbay.AgentBay(api_key="sk-syncdsl-test-not-a-real-key")
    requests: list[Any] = []

    def stub(request: Any) -> Any:
        requests.append(request)
        raise _Captured

    client.client.create_mcp_session = stub
    logger.disable("agentbay")
    try:
        result = client.create(params)
    finally:
        logger.enable("agentbay")
    assert not result.success and len(requests) == 1, "the SDK did not reach the request stage"
    waits = {(cs.context_id, cs.path): cs.beta_wait_for_completion for cs in params.context_syncs or []}
    out: list[dict[str, Any]] = []
    for item in requests[0].persistence_data_list or []:
        entry: dict[str, Any] = {"context_id": item.context_id, "path": item.path}
        if item.policy is not None:
            entry["policy"] = json.loads(item.policy)
        if item.type is not None:
            entry["type"] = item.type
        if item.mount_config is not None:
            mc = item.mount_config
            entry["mount_config"] = {
                "access_mode": mc.access_mode, "storage_mode": mc.storage_mode, "source_path": mc.source_path
            }
        wait = waits.get((item.context_id, item.path))
        if wait is not None and item.type is None:
            entry["beta_wait_for_completion"] = wait
        out.append(entry)
    return {"image_id": requests[0].image_id, "persistence_data_list": out}
