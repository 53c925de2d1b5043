"""What a rule sees and how it reports.

A rule is a module with ``CODE``, ``NAME``, ``SEVERITY``, a Markdown docstring
(headings: What it does / Why is this bad? / Example / Use instead / Fix safety)
and ``check(ctx: RuleContext) -> Iterator[Diagnostic]``. Rules never compute
positions: every span comes from a node of the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from syncdsl.config import Config
from syncdsl.diagnostics import Diagnostic, Fix, Related, Severity, Span
from syncdsl.document import Source, YamlDocument
from syncdsl.nodes import MappingNode
from syncdsl.records import field, record

if TYPE_CHECKING:
    from syncdsl.model import Model


class Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: Severity
    __doc__: str | None

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]: ...


@record
class RuleContext:
    source: Source
    document: YamlDocument
    # Findings already made by the document layer (SD002-SD005) and the schema (SD010-SD014).
    parse_findings: list[Diagnostic] = field(default_factory=list)
    schema_findings: list[Diagnostic] = field(default_factory=list)
    # The configuration in force (rules read settings such as `writable-roots` from it).
    config: Config = field(default_factory=Config)

    @property
    def root(self) -> MappingNode | None:
        root = self.document.root
        return root if isinstance(root, MappingNode) else None

    @cached_property
    def model(self) -> Model:
        from syncdsl.model import build_model

        return build_model(self.root, self.source)


def diagnostic(
    rule: ModuleType | Rule,
    span: Span,
    message: str,
    fix: Fix | None = None,
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    return Diagnostic(rule.CODE, rule.NAME, rule.SEVERITY, message, span, fix, related)


def replay(ctx: RuleContext, code: str) -> Iterator[Diagnostic]:
    """Yield the findings an earlier layer made for ``code`` (parser and schema rules)."""
    for d in ctx.parse_findings:
        if d.code == code:
            yield d
    for d in ctx.schema_findings:
        if d.code == code:
            yield d
