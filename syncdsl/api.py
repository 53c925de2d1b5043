"""The Python API: ``syncdsl.load`` and ``syncdsl.lint``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from syncdsl.config import Config
from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.document import ParsedFile
from syncdsl.model import (
    BetaContextMount,
    BrowserContext,
    ContextSync,
    ExtensionOption,
    FingerprintContext,
    Model,
    browser_helper_syncs,
    context_to_wire,
    mount_to_wire,
    resolve_names,
)
from syncdsl.records import field, record


class SyncDslError(Exception):
    """Raised by :func:`load` when a document has error-level findings."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@record
class Document:
    """A linted, resolved syncdsl file."""

    parsed: ParsedFile
    models: list[Model]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: str | None = None

    @property
    def model(self) -> Model:
        return self.models[0]

    @property
    def contexts(self) -> list[ContextSync]:
        """The context syncs, resolved; a context named by ``context_name`` has ``context_id == ""`` here."""
        return [m.context_sync(c) for m in self.models for c in m.contexts]

    @property
    def mounts(self) -> list[BetaContextMount]:
        """The context mounts (``mounts:``), as the SDK's ``BetaContextMount`` fields."""
        return [m.context_mount(c) for m in self.models for c in m.mounts]

    @property
    def browser_context(self) -> BrowserContext | None:
        """The ``browser_context`` (the first document's that has one), as the SDK's fields, or None."""
        return next((b for m in self.models if (b := m.browser_context()) is not None), None)

    def browser_syncs(self, agent_bay: Any = None) -> list[ContextSync]:
        """The context syncs the SDK adds for ``browser_context``, in the order it sends them (names resolved).

        Extensions and fingerprint first (``CreateSessionParams`` appends them to the user's syncs),
        the browser's profile last (``AgentBay.create`` appends it after the mounts).
        """
        browser = self._resolved(agent_bay)[2]
        if browser is None:
            return []
        before, data = browser_helper_syncs(browser)
        return [*before, data]

    @property
    def image_id(self) -> str | None:
        """The session image named by ``image_id`` (the first document's that has one), or None."""
        return next((m.image_id for m in self.models if m.image_id is not None), None)

    @property
    def context_names(self) -> list[tuple[str, bool]]:
        """Each context name the document uses, once, in order of first use, with whether to create it.

        A name used by several entries (syncs or mounts) is created when any of them says ``create: true``.
        """
        found: dict[str, bool] = {}
        entries: list[ContextSync | BetaContextMount | BrowserContext | ExtensionOption | FingerprintContext] = [
            *self.contexts, *self.mounts
        ]
        browser = self.browser_context
        if browser is not None:
            entries.extend(x for x in (browser, browser.extension_option, browser.fingerprint_context) if x)
        for entry in entries:
            if entry.unresolved and entry.context_name is not None:
                found[entry.context_name] = found.get(entry.context_name, False) or entry.create
        return list(found.items())

    def _resolved(
        self, agent_bay: Any
    ) -> tuple[list[ContextSync], list[BetaContextMount], BrowserContext | None]:
        contexts, mounts, browser = self.contexts, self.mounts, self.browser_context
        names = self.context_names
        if not names:
            return contexts, mounts, browser
        if agent_bay is None:
            shown = ", ".join(f"`{name}`" for name, _ in names)
            raise SyncDslError(
                f"{self.path or '<text>'}: contexts named by `context_name` ({shown}) have no id yet: "
                "pass an AgentBay client to look them up (`to_wire(agent_bay)`, `to_sdk(agent_bay)`)"
            )
        from syncdsl.sdk import context_id_lookup

        lookup = context_id_lookup(agent_bay, dict(names))
        browsers = resolve_names([browser] if browser is not None else [], lookup)
        return resolve_names(contexts, lookup), resolve_names(mounts, lookup), (browsers[0] if browsers else None)

    def resolved_browser_context(self, agent_bay: Any = None) -> BrowserContext | None:
        """:attr:`browser_context` with its names replaced by ids (as :meth:`resolved_contexts`)."""
        return self._resolved(agent_bay)[2]

    def resolved_contexts(self, agent_bay: Any = None) -> list[ContextSync]:
        """:attr:`contexts` with every name replaced by its id, looked up through ``agent_bay``.

        ``agent_bay`` is an ``agentbay.AgentBay`` client; it is needed only when the
        document names a context by ``context_name``. Raises :class:`SyncDslError`
        when a name is used without a client, or when the service cannot resolve it.
        """
        return self._resolved(agent_bay)[0]

    def resolved_mounts(self, agent_bay: Any = None) -> list[BetaContextMount]:
        """:attr:`mounts` with every name replaced by its id (as :meth:`resolved_contexts`)."""
        return self._resolved(agent_bay)[1]

    def to_wire(self, agent_bay: Any = None) -> list[dict[str, Any]]:
        """The persistence entries the SDK sends, in its order: the context syncs (the file's, then the
        browser context's extensions and fingerprint), the mounts, then the browser's profile.

        Names are resolved through ``agent_bay`` (see :meth:`resolved_contexts`).
        """
        contexts, mounts, browser = self._resolved(agent_bay)
        before: list[ContextSync] = []
        after: list[ContextSync] = []
        if browser is not None:
            before, data = browser_helper_syncs(browser)
            after = [data]
        return [
            *(context_to_wire(c) for c in [*contexts, *before]),
            *(mount_to_wire(m) for m in mounts),
            *(context_to_wire(c) for c in after),
        ]

    def to_sdk(self, agent_bay: Any = None) -> list[Any]:
        """``agentbay.ContextSync`` objects; names are resolved with ``agent_bay.context.get(name=..., create=...)``."""
        from syncdsl.sdk import to_sdk

        return to_sdk(self.resolved_contexts(agent_bay))

    def to_sdk_mounts(self, agent_bay: Any = None) -> list[Any]:
        """``agentbay.BetaContextMount`` objects for ``mounts:`` (names resolved as in :meth:`to_sdk`)."""
        from syncdsl.sdk import mounts_to_sdk

        return mounts_to_sdk(self.resolved_mounts(agent_bay))

    def to_session_params(self, agent_bay: Any = None) -> Any:
        """The whole ``agentbay.CreateSessionParams``: the image, context syncs, mounts and browser context,
        names resolved."""
        from syncdsl.sdk import session_params

        contexts, mounts, browser = self._resolved(agent_bay)
        return session_params(contexts, mounts, self.image_id, browser)


def looks_like_path(text: str) -> bool:
    """Whether a string given to :func:`load` names a file rather than holding YAML: one line ending in .yaml/.yml."""
    return "\n" not in text and "\r" not in text and text.strip().endswith((".yaml", ".yml"))


def _read(path_or_text: str | os.PathLike[str] | bytes) -> tuple[bytes | str, str | None]:
    if isinstance(path_or_text, bytes):
        return path_or_text, None
    if isinstance(path_or_text, os.PathLike) or looks_like_path(path_or_text):
        from syncdsl.reading import read_regular

        path = Path(path_or_text)
        try:
            return read_regular(path), str(path)
        except OSError as exc:
            raise SyncDslError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return path_or_text, None


def load(
    path_or_text: str | os.PathLike[str] | bytes, config: Config | None = None, *, all_documents: bool = False
) -> Document:
    """Parse, lint and resolve; raise :class:`SyncDslError` on any error-level finding.

    ``path_or_text`` is a path (``os.PathLike``), the file's bytes, or a string.
    A string is a path when it is one line ending in ``.yaml`` or ``.yml``
    (:func:`looks_like_path`), and YAML text otherwise. A path that cannot be
    read - it does not exist, is a folder, or is not a regular file (a FIFO is
    never opened) - raises :class:`SyncDslError` with the reason
    (``missing.sync.yaml: cannot read: No such file or directory``) and no
    diagnostics; it is never parsed as YAML.
    """
    from syncdsl.linter import lint_source

    data, path = _read(path_or_text)
    result = lint_source(data, path, config)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    where = path or "<text>"
    if errors:
        first = errors[0]
        pos = f"{first.span.start.line + 1}:{first.span.start.column + 1}"
        raise SyncDslError(
            f"{where}:{pos}: {first.code} {first.message}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
            result.diagnostics,
        )
    documents = result.parsed.documents
    if len(documents) > 1 and not all_documents:
        raise SyncDslError(f"{where}: holds {len(documents)} YAML documents; pass all_documents=True", [])
    models = [result.model_of(d) for d in documents]
    return Document(result.parsed, models, result.diagnostics, path)


def lint(text: str | bytes, path: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    from syncdsl.linter import lint_source

    return lint_source(text, path, config).diagnostics
