"""syncdsl: a YAML dialect and toolchain for AgentBay context-sync configuration.

Exports load lazily so that ``syncdsl lint`` starts fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Document", "SyncDslError", "from_sdk", "lint", "load", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("load", "lint", "Document", "SyncDslError"):
        from syncdsl import api

        return getattr(api, name)
    if name == "from_sdk":
        from syncdsl.sdk import from_sdk

        return from_sdk
    raise AttributeError(f"module 'syncdsl' has no attribute {name!r}")
