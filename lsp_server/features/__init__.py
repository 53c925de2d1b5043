"""LSP handlers, one module per group of features; each registers itself on the server."""

from __future__ import annotations

from lsp_server.server import SyncDslServer


def register_all(server: SyncDslServer) -> None:
    from lsp_server.features import actions, diagnostics, language, navigation

    for module in (diagnostics, language, actions, navigation):
        module.register(server)
