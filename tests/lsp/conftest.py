"""End-to-end harness: the real ``syncdsl lsp`` process driven by pytest-lsp.

Each test module gets one server per replayed editor (Neovim 0.11 and VS Code
1.65 capabilities from pytest-lsp's recordings) and opens its own documents,
so a server start is paid once per module, not per test. The client records
every ``publishDiagnostics`` with its version so tests can wait for exactly
the result of the edit they made.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

# The project's own command, started the way an editor starts it.
SERVER = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main(['lsp']))"]
# A short debounce keeps the suite fast; the debounce itself is tested with the default.
ENV = {**os.environ, "SYNCDSL_LSP_DEBOUNCE": "0.02"}
EDITORS = {"neovim": "neovim@v0.11.0", "vscode": "visual-studio-code@v1.65.2"}
WAIT = 15.0  # seconds; a bound for a hung server, never reached by a working one

# A folder without any syncdsl configuration above it, so project settings never leak in.
WORKSPACE = Path(tempfile.mkdtemp(prefix="syncdsl-lsp-")).resolve()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


class RecordingClient(LanguageClient):
    """A test client that keeps every published diagnostics notification."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self._published_changed: asyncio.Event | None = None
        self.versions: dict[str, int] = {}
        self.initialized_with: types.InitializeResult | None = None

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.published.append(params)
        self.diagnostics[params.uri] = params.diagnostics
        if self._published_changed is not None:
            self._published_changed.set()

    async def published_for(self, uri: str, version: int | None, timeout: float = WAIT) -> list[types.Diagnostic]:
        """The diagnostics published for ``uri`` at ``version`` (waiting for them)."""
        async def wait() -> list[types.Diagnostic]:
            while True:
                for params in reversed(self.published):
                    if params.uri == uri and params.version == version:
                        return list(params.diagnostics)
                self._published_changed = asyncio.Event()
                await self._published_changed.wait()

        return await asyncio.wait_for(wait(), timeout)

    async def next_published(self, uri: str, since: int, timeout: float = WAIT) -> types.PublishDiagnosticsParams:
        """The first diagnostics published for ``uri`` after the first ``since`` notifications."""

        async def wait() -> types.PublishDiagnosticsParams:
            while True:
                for params in self.published[since:]:
                    if params.uri == uri:
                        return params
                self._published_changed = asyncio.Event()
                await self._published_changed.wait()

        return await asyncio.wait_for(wait(), timeout)

    # document helpers

    def open(self, name: str, text: str, version: int = 1) -> str:
        uri = (WORKSPACE / name).as_uri()
        self.versions[uri] = version
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="syncdsl", version=version, text=text)
            )
        )
        return uri

    def edit(self, uri: str, *changes: types.TextDocumentContentChangeEvent) -> int:
        version = self.versions[uri] + 1
        self.versions[uri] = version
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=list(changes),
            )
        )
        return version

    def close(self, uri: str) -> None:
        self.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    async def pull(self, uri: str) -> list[types.Diagnostic]:
        report = await self.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport), report
        return list(report.items)

    async def diagnostics_of(self, uri: str) -> list[types.Diagnostic]:
        """Current diagnostics by whichever model the editor uses: pulled (Neovim) or pushed (VS Code)."""
        if self.capabilities is not None and self.capabilities.text_document and (
            self.capabilities.text_document.diagnostic is not None
        ):
            return await self.pull(uri)
        return await self.published_for(uri, self.versions[uri])


def _record(ls: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    ls.record(params)


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
    register_lsp_features(client, features)
    return client


def change(
    line: int, character: int, end_line: int, end_character: int, text: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, character), types.Position(end_line, end_character)), text=text
    )


def rng(line: int, character: int, end_line: int, end_character: int) -> types.Range:
    return types.Range(types.Position(line, character), types.Position(end_line, end_character))


def config(env: dict[str, str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=env or ENV)


async def start(client: RecordingClient, capabilities: types.ClientCapabilities) -> None:
    client.initialized_with = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")],
        )
    )


@pytest_lsp.fixture(config=config(), scope="module", params=sorted(EDITORS))
async def editor(lsp_client: RecordingClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A server driven with a real editor's capabilities (once per editor per module)."""
    await start(lsp_client, client_capabilities(EDITORS[request.param]))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config(), scope="module")
async def vscode(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    """VS Code 1.65: UTF-16 positions, pushed diagnostics."""
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config(), scope="module")
async def neovim(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    """Neovim 0.11: offers UTF-8 first, pulls diagnostics."""
    await start(lsp_client, client_capabilities(EDITORS["neovim"]))
    yield
    await lsp_client.shutdown_session()
