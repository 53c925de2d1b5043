"""The syncdsl language server: pygls plumbing, the open documents and their lint results.

Handlers (in :mod:`lsp_server.features`) stay thin: find the document, ask
:class:`SyncDslServer` for its analysis or call the core, convert. This
module owns what is shared between them:

- the document store (incremental sync applied in the client's position encoding);
- the analysis cache: one :class:`Analysis` (lint result + converted diagnostics)
  per open document and version, computed on a single background thread so the
  event loop keeps answering completion and hover while a large file is linted;
  each document's :class:`~syncdsl.incremental.IncrementalLinter` re-parses only
  the policies or contexts an edit touched (the result is a full lint's, see
  :mod:`syncdsl.incremental`), and once a result is out it readies the next one;
- the push of diagnostics: a change to an idle document is linted at once; the
  changes that arrive while its lint runs are coalesced into one more lint of
  the newest text when that one ends; a result is published only if the
  document has not changed since it was snapshotted (stale work is dropped,
  never shown). An optional debounce (``SYNCDSL_LSP_DEBOUNCE`` seconds, default
  0) waits that long after the last change before linting;
- settings from ``workspace/configuration`` over the project's config file;
- the never-crash policy: a failing handler is logged to the client with its
  traceback and answered with an error; the server keeps serving;
- every request gets a response: one whose params do not match the protocol
  (``line: -1``, ``character: 2**31``, ``textDocument: 5``) is answered with
  InvalidParams (-32602) naming the bad field. pygls itself only logs such a
  message (its reader loop catches the deserialisation error), so the client
  would wait forever.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import logging
import os
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from lsp_server.convert import LineIndex, to_lsp_diagnostics
from lsp_server.documents import DocumentStore, OpenDocument
from syncdsl.config import Config, ConfigError, ConfigResolver, parse_code_list
from syncdsl.diagnostics import Severity
from syncdsl.incremental import IncrementalLinter
from syncdsl.linter import LintResult, lint_source
from syncdsl.records import field, record, replace

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# Seconds to wait after the last change before linting; 0 lints an idle document at once (edits that
# arrive while a lint runs are coalesced into the next one either way).
DEFAULT_DEBOUNCE = 0.0
SETTINGS_SECTION = "syncdsl"


@record
class Analysis:
    """One document version linted under one configuration."""

    key: tuple[Any, ...]
    version: int | None
    result: LintResult
    index: LineIndex
    diagnostics: list[types.Diagnostic]

    @property
    def result_id(self) -> str:
        return ":".join(str(k) for k in self.key)


@record
class Settings:
    """The client's ``syncdsl`` settings; None means "use the project's config file"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, Severity] = field(default_factory=dict)

    def over(self, base: Config) -> Config:
        return replace(
            base,
            select=base.select if self.select is None else self.select,
            ignore=base.ignore if self.ignore is None else self.ignore,
            severity={**base.severity, **self.severity},
        )


class _Answered:
    """A request that was already answered with an error while it was read; nothing more to do."""

    jsonrpc = ""


_ANSWERED = _Answered()


def _invalid_params_message(method: str, exc: BaseException) -> str:
    """``Invalid params for textDocument/hover: ... @ $.params.position`` - which field, and why."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc

    def why(error: BaseException, expected: type | None) -> str:
        if isinstance(error, ValueError) and str(error):
            return " ".join(str(error).split())
        from cattrs.v import format_exception

        return format_exception(error, expected)

    try:
        from cattrs.v import transform_error

        details = transform_error(cause, format_exception=why)
    except Exception:  # noqa: BLE001 - not a cattrs error: say what it is
        details = [f"{type(cause).__name__}: {cause}"]
    shown = "; ".join(details)[:500]
    return f"Invalid params for {method}: {shown}" if shown else f"Invalid params for {method}"


class SyncDslProtocol(LanguageServerProtocol):
    """Routes document sync to :class:`DocumentStore` instead of pygls's workspace.

    It also answers requests that pygls cannot read (see the module docstring).
    """

    _server: SyncDslServer

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except Exception as exc:
            if not (isinstance(data, dict) and "jsonrpc" in data and "method" in data and "id" in data):
                raise  # a notification or a response: nobody waits for an answer (pygls logs it)
            msg_id = data["id"]
            if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
                msg_id = None  # JSON-RPC: an id that cannot be read is answered with null
            method = str(data.get("method"))
            message = _invalid_params_message(method, exc)
            error = JsonRpcInvalidParams(message).to_response_error()
            self._send_response(msg_id, error=error)  # type: ignore[arg-type]
            self._server.log(f"syncdsl: {message}", types.MessageType.Warning)
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        super().handle_message(message)

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):  # type: ignore[no-untyped-def]
        result = yield from super().lsp_initialize(params)
        self._server.documents.encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):  # type: ignore[no-untyped-def]
        self._server.documents.open(params.text_document)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):  # type: ignore[no-untyped-def]
        self._server.documents.change(params)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):  # type: ignore[no-untyped-def]
        self._server.documents.close(params.text_document.uri)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class SyncDslServer(LanguageServer):
    def __init__(
        self, debounce: float = DEFAULT_DEBOUNCE, protocol_cls: type[SyncDslProtocol] = SyncDslProtocol
    ) -> None:
        from syncdsl import __version__

        super().__init__(
            "syncdsl",
            __version__,
            protocol_cls=protocol_cls,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.documents = DocumentStore()
        self.debounce = debounce
        self.settings = Settings()
        self.generation = 0  # bumped whenever settings or config files change
        self._resolver = ConfigResolver()
        self._config_errors: set[str] = set()
        self._analyses: dict[str, Analysis] = {}
        self._inflight: dict[str, tuple[tuple[Any, ...], asyncio.Future[Analysis]]] = {}
        # Per open document: the last plain parse, for re-parsing only what an edit touched.
        self._incremental: dict[str, IncrementalLinter] = {}
        self._pending: dict[str, asyncio.Task[None]] = {}
        # The task of each document whose lint has started (past its debounce): changes it sees coalesce.
        self._linting: dict[str, asyncio.Task[None]] = {}
        self._lint_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="syncdsl-lint")
        self._settings_loaded: asyncio.Event | None = None
        # Warnings found before the client could be told (lsp_server.fast_start); sent once initialized.
        self.startup_notes: list[str] = []

    # --- client capabilities ---------------------------------------------------------------

    def capability(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.client_capabilities
        for part in dotted.split("."):
            node = getattr(node, part, None)
            if node is None:
                return default
        return node

    @property
    def pull_diagnostics(self) -> bool:
        """Clients that pull diagnostics get no pushed ones (they would show twice)."""
        return self.capability("text_document.diagnostic") is not None

    # --- initialize answered early (lsp_server.fast_start) ---------------------------------------

    def _run_initialize(self, raw_params: dict[str, Any]) -> types.InitializeResult:
        """Take ``initialize`` params in as pygls does (workspace, client capabilities, encoding); its result."""
        protocol = self.protocol
        try:
            params = protocol._converter.structure(raw_params, types.InitializeParams)
        except Exception as exc:  # noqa: BLE001 - already answered: carry on with what can be read
            self.startup_notes.append(
                f"syncdsl: cannot read the initialize params ({_invalid_params_message('initialize', exc)});"
                " using default client capabilities"
            )
            params = types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
        steps = protocol.lsp_initialize(params)
        try:
            step = next(steps)
            while True:  # a user handler for initialize (none is registered today)
                handler, args, _ = step
                step = steps.send(handler(*args))
        except StopIteration as done:
            result: types.InitializeResult = done.value
        return result

    def computed_initialize_result(self, raw_params: dict[str, Any]) -> dict[str, Any]:
        """The ``initialize`` result pygls computes for these params, as JSON."""
        unstructured: dict[str, Any] = self.protocol._converter.unstructure(self._run_initialize(raw_params))
        return json.loads(json.dumps(unstructured))

    def adopt_initialize(self, raw_params: dict[str, Any], sent: dict[str, Any]) -> None:
        """Set up as if pygls had answered ``initialize``, which was answered with ``sent`` already."""
        computed = self.computed_initialize_result(raw_params)
        if computed != sent:
            self.startup_notes.append(
                "syncdsl: the capabilities answered at start-up differ from the server's own;"
                " run `python -m lsp_server.fast_start --write`"
                f" (sent {json.dumps(sent, sort_keys=True)}, computed {json.dumps(computed, sort_keys=True)})"
            )

    # --- errors ------------------------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # noqa: BLE001 - logging must never be the thing that fails
            log.exception("cannot log to the client")

    def failed(self, method: str, exc: BaseException) -> JsonRpcInternalError:
        """Log a handler's exception to the client and make the error to answer with."""
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.log(f"syncdsl: {method} failed: {exc!r}\n{trace}", types.MessageType.Error)
        error = JsonRpcInternalError(f"syncdsl: {method} failed: {type(exc).__name__}: {exc}")
        error.reported = True  # type: ignore[attr-defined]
        return error

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Handler errors were already logged by `guarded`; anything else (a malformed
        # message, an error while sending) is logged here instead of popping up a window.
        if getattr(error, "reported", False):
            return
        self.log(f"syncdsl: internal error ({getattr(source, '__name__', source)}): {error!r}", types.MessageType.Error)

    # --- configuration ------------------------------------------------------------------------

    def config_for(self, doc: OpenDocument) -> Config:
        base = Config()
        try:
            if doc.path is not None:
                base = self._resolver.for_file(Path(doc.path))
            elif self.workspace.root_path:
                base = self._resolver.for_directory(Path(self.workspace.root_path))
        except ConfigError as exc:
            message = str(exc)
            if message not in self._config_errors:
                self._config_errors.add(message)
                self.log(f"syncdsl: {message}; using the default configuration", types.MessageType.Warning)
        return self.settings.over(base)

    async def load_settings(self) -> None:
        raw: Any = None
        if self.capability("workspace.configuration"):
            try:
                params = types.ConfigurationParams(items=[types.ConfigurationItem(section=SETTINGS_SECTION)])
                values = await asyncio.wait_for(self.workspace_configuration_async(params), timeout=5)
                raw = values[0] if values else None
            except Exception as exc:  # noqa: BLE001 - a client that cannot answer leaves the defaults
                self.log(f"syncdsl: cannot read settings: {exc!r}", types.MessageType.Warning)
        self.apply_settings(raw)

    def apply_settings(self, raw: Any) -> None:
        settings = Settings()
        problems: list[str] = []
        if isinstance(raw, dict):
            for key in ("select", "ignore"):
                value = raw.get(key)
                if value is None:
                    continue
                items = [value] if isinstance(value, str) else value
                try:
                    setattr(settings, key, parse_code_list(str(v) for v in items))
                except ValueError as exc:
                    problems.append(f"`syncdsl.{key}`: {exc}")
            severity = raw.get("severity") or {}
            if isinstance(severity, dict):
                for code, level in severity.items():
                    try:
                        (known,) = parse_code_list([str(code)])
                        settings.severity[known] = Severity(str(level).lower())
                    except ValueError as exc:
                        problems.append(f"`syncdsl.severity.{code}`: {exc}")
        for problem in problems:
            self.log(f"syncdsl: ignoring setting {problem}", types.MessageType.Warning)
        self.settings = settings
        self.generation += 1
        if self._settings_loaded is not None:
            self._settings_loaded.set()

    def config_changed(self) -> None:
        """Settings or config files changed: forget cached configs and results, lint again."""
        self._resolver = ConfigResolver()
        self._config_errors.clear()
        self.generation += 1
        if self.pull_diagnostics:
            if self.capability("workspace.diagnostics.refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for doc in self.documents:
            self.schedule_lint(doc.uri, 0)

    async def settings_ready(self) -> None:
        if self._settings_loaded is None:
            self._settings_loaded = asyncio.Event()
        try:
            await asyncio.wait_for(self._settings_loaded.wait(), timeout=5)
        except asyncio.TimeoutError:
            self._settings_loaded.set()

    def expect_settings(self) -> None:
        self._settings_loaded = asyncio.Event()

    # --- analysis -----------------------------------------------------------------------------

    def _key(self, doc: OpenDocument) -> tuple[Any, ...]:
        return (doc.version, self.generation, hash(doc.text))

    def cached(self, doc: OpenDocument) -> Analysis | None:
        found = self._analyses.get(doc.uri)
        return found if found is not None and found.key == self._key(doc) else None

    async def analysis(self, doc: OpenDocument) -> Analysis:
        """The lint result of the document as it is now (computed once per version)."""
        key = self._key(doc)
        found = self._analyses.get(doc.uri)
        if found is not None and found.key == key:
            return found
        inflight = self._inflight.get(doc.uri)
        if inflight is not None and inflight[0] == key:
            return await asyncio.shield(inflight[1])
        config = self.config_for(doc)
        loop = asyncio.get_running_loop()
        linter = self._incremental.get(doc.uri)
        if linter is None:
            linter = self._incremental[doc.uri] = IncrementalLinter()
        future = loop.run_in_executor(
            self._lint_thread, _analyse, key, doc.uri, doc.text, doc.version, doc.path, config, doc.encoding, linter
        )
        future.add_done_callback(_retrieve)  # a dropped (stale) lint's failure must not warn at exit
        self._inflight[doc.uri] = (key, future)
        try:
            result = await asyncio.shield(future)
        finally:
            if self._inflight.get(doc.uri, (None, None))[1] is future:
                del self._inflight[doc.uri]
        if self.documents.get(doc.uri) is doc and self._key(doc) == key:
            self._analyses[doc.uri] = result
            doc.adopt_index(result.index)  # the next change is applied without splitting the text again
        return result

    def schedule_lint(self, uri: str, delay: float | None = None) -> None:
        """Lint ``uri`` and push the result unless it went stale.

        With no lint pending for ``uri`` one starts now (after ``delay``, the debounce,
        when it is positive). A lint that is still waiting out its debounce is restarted.
        A lint that is already running is left alone: when it ends it sees that the
        text changed, drops its result and lints the newest text, so every change that
        arrived meanwhile costs one lint in all.
        """
        self._analyses.pop(uri, None)  # stale now; keeping its tree alive only slows the collector
        if self.pull_diagnostics:
            return
        pending = self._pending.get(uri)
        if pending is not None and not pending.done():
            if self._linting.get(uri) is pending:
                return
            pending.cancel()
        wait = self.debounce if delay is None else delay
        self._pending[uri] = asyncio.ensure_future(self._lint_soon(uri, wait))

    async def _lint_soon(self, uri: str, delay: float) -> None:
        task = asyncio.current_task()
        assert task is not None
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self.settings_ready()
            self._linting[uri] = task
            while True:
                doc = self.documents.get(uri)
                if doc is None:
                    return
                analysis = await self.analysis(doc)
                if self.documents.get(uri) is doc and analysis.key == self._key(doc):
                    self.text_document_publish_diagnostics(
                        types.PublishDiagnosticsParams(
                            uri=uri, diagnostics=analysis.diagnostics, version=analysis.version
                        )
                    )
                    self.prepare_next_edit(uri)
                    return
                # The text (or the settings) changed while it was linted: lint the newest state.
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a background failure is logged, never fatal
            self.failed(f"lint of {uri}", exc)
        finally:
            if self._linting.get(uri) is task:
                del self._linting[uri]
            if self._pending.get(uri) is task:
                del self._pending[uri]

    def prepare_next_edit(self, uri: str) -> None:
        """After a publish, while the user reads: ready the next edit's re-parse (see IncrementalParser.prepare)."""
        linter = self._incremental.get(uri)
        if linter is not None and linter.needs_preparing:
            try:
                future = asyncio.get_running_loop().run_in_executor(self._lint_thread, linter.prepare)
            except RuntimeError:  # shutting down: nothing more to prepare for
                return
            future.add_done_callback(_retrieve)

    def forget(self, uri: str) -> None:
        self._incremental.pop(uri, None)
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._analyses.pop(uri, None)
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def shutdown(self) -> None:
        for pending in self._pending.values():
            pending.cancel()
        self._pending.clear()
        self._lint_thread.shutdown(wait=False, cancel_futures=True)
        super().shutdown()


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def _analyse(
    key: tuple[Any, ...],
    uri: str,
    text: str,
    version: int | None,
    path: str | None,
    config: Config,
    encoding: str,
    linter: IncrementalLinter | None = None,
) -> Analysis:
    """Runs on the lint thread: lint, then convert for the client (both pure).

    With ``linter`` (the document's, used only on this thread) the parse re-uses the tree of
    what the edit did not touch; the result is the same as ``lint_source``'s
    (:mod:`syncdsl.incremental`).

    The new tree is tens of thousands of objects that live as long as the analysis
    is cached. Left to the cyclic collector, every later collection would rescan
    them (10-60 ms on a 5,000-line file), so they are frozen as soon as they exist.
    They hold no reference cycles, so reference counting still frees them when the
    analysis is dropped; cyclic garbage frozen along the way is reclaimed by a full
    collection every ``_COLLECT_EVERY`` analyses.
    """
    global _analyses
    enabled = gc.isenabled()
    gc.disable()
    try:
        _analyses += 1
        if _analyses % _COLLECT_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        result = lint_source(text, path, config) if linter is None else linter.lint(text, path, config, lint_source)
        source = result.source
        # The core's line starts are the client's (both break at \r\n, \r, \n) unless the core dropped a BOM.
        index = LineIndex(text, encoding, source.line_starts if source.text == text else None)
        return Analysis(key, version, result, index, to_lsp_diagnostics(result.diagnostics, index, uri))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


_COLLECT_EVERY = 64
_analyses = 0


def guarded(method: str, notification: bool = False) -> Callable[[F], F]:
    """Never let a handler's exception escape unlogged; requests answer with an error."""

    def decorate(fn: F) -> F:
        if asyncio.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(ls: SyncDslServer, params: Any) -> Any:
                try:
                    return await fn(ls, params)
                except (JsonRpcException, asyncio.CancelledError):
                    raise
                except Exception as exc:  # noqa: BLE001
                    error = ls.failed(method, exc)
                    if notification:
                        return None
                    raise error from exc

            return run_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def run(ls: SyncDslServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except JsonRpcException:
                raise
            except Exception as exc:  # noqa: BLE001
                error = ls.failed(method, exc)
                if notification:
                    return None
                raise error from exc

        return run  # type: ignore[return-value]

    return decorate


def build_server(debounce: float | None = None, protocol_cls: type[SyncDslProtocol] = SyncDslProtocol) -> SyncDslServer:
    """A server with every handler registered: cheap, so a WebSocket listener builds one per client."""
    if debounce is None:
        debounce = float(os.environ.get("SYNCDSL_LSP_DEBOUNCE", DEFAULT_DEBOUNCE))
    server = SyncDslServer(debounce, protocol_cls)
    from lsp_server.features import register_all

    register_all(server)
    return server


def warm_up() -> None:
    """Load every rule now rather than on the first keystroke, then keep the long-lived objects
    of the imports out of the cyclic collector, which otherwise rescans them during every lint.

    Called once per process, before any client's objects exist (they must stay collectable)."""
    from syncdsl.rules import all_rules

    all_rules()
    gc.collect()
    gc.freeze()


def create_server(debounce: float | None = None) -> SyncDslServer:
    server = build_server(debounce)
    warm_up()
    return server
