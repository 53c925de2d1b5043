"""The syncdsl language server (pygls): thin LSP handlers over the ``syncdsl`` core.

Started by ``syncdsl lsp``; see :mod:`lsp_server.server` for the shared
machinery, :mod:`lsp_server.features` for the handlers and
:mod:`lsp_server.fast_start` for how ``initialize`` is answered before pygls
is loaded. The exports load lazily: importing this package costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lsp_server.server import SyncDslServer, create_server

__all__ = ["SyncDslServer", "create_server"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lsp_server import server

        return getattr(server, name)
    raise AttributeError(f"module 'lsp_server' has no attribute {name!r}")
