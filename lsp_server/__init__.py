"""The syncdsl language server (pygls): thin LSP handlers over the ``syncdsl`` core.

Started by ``syncdsl lsp``; see :mod:`lsp_server.server` for the shared
machinery and :mod:`lsp_server.features` for the handlers.
"""

from __future__ import annotations

from lsp_server.server import SyncDslServer, create_server

__all__ = ["SyncDslServer", "create_server"]
