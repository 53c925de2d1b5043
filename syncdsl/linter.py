"""parse -> schema -> rules -> configuration -> suppressions -> sorted diagnostics."""

from __future__ import annotations

import gc
from importlib import import_module
from typing import TYPE_CHECKING

from syncdsl.config import Config
from syncdsl.diagnostics import Diagnostic, Span
from syncdsl.document import ParsedFile, Source, YamlDocument, parse
from syncdsl.records import field, record, replace
from syncdsl.rules import RULE_MODULES
from syncdsl.rules.base import RuleContext

if TYPE_CHECKING:
    from syncdsl.model import Model

# Rules whose findings the document layer and the schema make; their modules replay them.
_PARSER_CODES = frozenset({"SD001", "SD002", "SD003", "SD004", "SD005"})
_SCHEMA_CODES = frozenset({"SD010", "SD011", "SD012", "SD013", "SD014"})


@record
class LintResult:
    parsed: ParsedFile
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: str | None = None
    # One per YAML document, in order: what the rules saw, so callers reuse its model.
    contexts: list[RuleContext] = field(default_factory=list)

    @property
    def source(self) -> Source:
        return self.parsed.source

    def model_of(self, document: YamlDocument) -> Model:
        """The model the rules resolved for ``document`` (built now if no rule needed it)."""
        for ctx in self.contexts:
            if ctx.document is document:
                return ctx.model
        raise ValueError("the document is not one of this result's")


def lint_source(data: bytes | str, path: str | None = None, config: Config | None = None) -> LintResult:
    """Lint one file's bytes or text; never raises for bad input."""
    # The tree is many small objects that all live until the end: the cyclic
    # collector would rescan them again and again for nothing (up to half the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_source(data, path, config)
    finally:
        if enabled:
            gc.enable()


def lint_parsed(parsed: ParsedFile, path: str | None = None, config: Config | None = None) -> LintResult:
    """Everything :func:`lint_source` does after parsing, for a file already parsed (under ``config.limits``).

    ``lint_source(data)`` is ``lint_parsed(parse(data, config.limits))``: the incremental
    re-analysis (:mod:`syncdsl.incremental`) hands in a tree equal to what :func:`parse` gives.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_parsed(parsed, path, config or Config())
    finally:
        if enabled:
            gc.enable()


def _lint_source(data: bytes | str, path: str | None, config: Config | None) -> LintResult:
    config = config or Config()
    return _lint_parsed(parse(data, config.limits), path, config)


def _lint_parsed(parsed: ParsedFile, path: str | None, config: Config) -> LintResult:
    found: list[Diagnostic] = list(parsed.diagnostics)
    contexts: list[RuleContext] = []
    for document in parsed.documents:
        ctx = RuleContext(parsed.source, document, parse_findings=list(document.diagnostics), config=config)
        contexts.append(ctx)
        found.extend(_lint_document(ctx, document, config))
    found = [_configured(d, config) for d in found if config.is_enabled(d.code)]
    if "syncdsl" in parsed.source.text:  # no directive can exist otherwise: skip the import (cold start)
        from syncdsl.suppressions import apply_suppressions

        found = apply_suppressions(parsed, found, config)
    found.sort(key=lambda d: d.sort_key)
    return LintResult(parsed, found, path, contexts)


def _lint_document(ctx: RuleContext, document: YamlDocument, config: Config) -> list[Diagnostic]:
    source = ctx.source
    if ctx.root is not None:
        from syncdsl.schema import validate

        ctx.schema_findings = validate(ctx.root, source)
    out: list[Diagnostic] = []
    found = {d.code for d in ctx.parse_findings} | {d.code for d in ctx.schema_findings}
    for name in RULE_MODULES:
        code = name[:5].upper()
        if code == "SD900" or not config.is_enabled(code):
            continue  # SD900 runs with the suppressions, after every other rule
        if code in _PARSER_CODES or code in _SCHEMA_CODES:
            if code not in found:
                continue  # a replaying rule with nothing to replay: not even imported (cold start)
        elif ctx.root is None:
            continue
        out.extend(import_module(f"syncdsl.rules.{name}").check(ctx))
    if document.shared:
        out = [_without_shared_edits(d, document.shared) for d in out]
    if any(d.fix is not None for d in out):
        from syncdsl.fixes import is_noop

        # A fix whose edits leave the text as it is (`!!str true` -> `true`) is not offered at all.
        out = [replace(d, fix=None) if d.fix is not None and is_noop(d.fix.edits, source) else d for d in out]
    return out


def _without_shared_edits(d: Diagnostic, shared: set[Span]) -> Diagnostic:
    """Drop a fix that would edit text an alias also refers to: it would change other keys too."""
    if d.fix is None:
        return d
    for edit in d.fix.edits:
        if any(s.start <= edit.span.start and edit.span.end <= s.end for s in shared):
            return replace(d, fix=None)
    return d


def _configured(d: Diagnostic, config: Config) -> Diagnostic:
    severity = config.severity_of(d.code, d.severity)
    return d if severity is d.severity else d.with_severity(severity)


def lint(text: str | bytes, path: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    return lint_source(text, path, config).diagnostics
