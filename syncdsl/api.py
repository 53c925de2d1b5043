"""The Python API: ``syncdsl.load`` and ``syncdsl.lint``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syncdsl.config import Config
from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.document import ParsedFile
from syncdsl.model import ContextSync, Model, context_to_wire


class SyncDslError(Exception):
    """Raised by :func:`load` when a document has error-level findings."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
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
        return [m.context_sync(c) for m in self.models for c in m.contexts]

    def to_wire(self) -> list[dict[str, Any]]:
        return [context_to_wire(c) for c in self.contexts]

    def to_sdk(self) -> list[Any]:
        from syncdsl.sdk import to_sdk

        return to_sdk(self.contexts)


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
