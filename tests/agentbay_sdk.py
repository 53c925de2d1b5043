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
    "RecyclePolicy", "SyncPolicy", "UploadMode", "UploadPolicy", "WhiteList", "agentbay", "sdk_dict_json",
    "sdk_request",
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
    sent = requests[0].persistence_data_list
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
