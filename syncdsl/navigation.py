"""Policy and context names as symbols: outline, definition, references, rename; and the "disable here" edit.

Everything works on the resolver's model (:mod:`syncdsl.model`), so a name
means the same here as in SD301/SD303: a definition is a key under
``policies``, a reference is a ``policy:`` or ``extends:`` value.

Context names (``context_name:`` values) are a second namespace: the context
itself lives in the service, so the "definition" is the first entry that may
create it (``create: true``), else the first entry that names it, and every
other entry naming it is a reference. A name carries its namespace
(:class:`SymbolName`, a ``str``), so ``definition_of(model, occurrence.name)``
never mixes a policy with a context of the same spelling.
"""

from __future__ import annotations

import re
from typing import Literal

from syncdsl.diagnostics import Edit, Position, Span
from syncdsl.document import ParsedFile, Source
from syncdsl.model import Model
from syncdsl.nodes import ScalarNode
from syncdsl.records import field, record
from syncdsl.schema import POLICY_NAME_PATTERN

_NAME = re.compile(POLICY_NAME_PATTERN)


Namespace = Literal["policy", "context"]


class SymbolName(str):
    """A name with the namespace it belongs to; equal to the plain string it spells."""

    namespace: Namespace

    def __new__(cls, text: str, namespace: Namespace = "policy") -> SymbolName:
        name = super().__new__(cls, text)
        name.namespace = namespace
        return name


def namespace_of(name: str) -> Namespace:
    return name.namespace if isinstance(name, SymbolName) else "policy"


@record(frozen=True)
class Occurrence:
    name: str  # a SymbolName
    span: Span  # the name itself, quotes excluded
    kind: Literal["definition", "reference"]

    @property
    def namespace(self) -> Namespace:
        return namespace_of(self.name)


def _name_span(node: ScalarNode) -> Span:
    """The span of a scalar's text without its quotes (one-line quoted scalars)."""
    span = node.span
    if node.style in ("'", '"') and span.start.line == span.end.line and span.end.column - span.start.column >= 2:
        return Span(Position(span.start.line, span.start.column + 1), Position(span.end.line, span.end.column - 1))
    return span


def occurrences(model: Model) -> list[Occurrence]:
    """Every definition and reference of a policy name, in document order, each place once."""
    out: list[Occurrence] = []
    seen: set[Span] = set()

    def add(name: str, node: ScalarNode, kind: Literal["definition", "reference"], space: Namespace = "policy") -> None:
        if node.span in seen:
            return
        seen.add(node.span)
        out.append(Occurrence(SymbolName(name, space), _name_span(node), kind))

    for decl in model.all_policies:
        if decl.name is not None and decl.key is not None:
            add(decl.name, decl.key, "definition")
        if decl.extends is not None:
            add(decl.extends.name, decl.extends.node, "reference")
    for context in model.contexts:
        if context.policy_ref is not None:
            add(context.policy_ref.name, context.policy_ref.node, "reference")
    named = [e for e in model.named() if e.by_name and isinstance(e.context_name_node, ScalarNode)]
    definitions: dict[str, int] = {}
    for entry in sorted(named, key=lambda e: not e.create):  # an entry that may create the context comes first
        definitions.setdefault(entry.context_name or "", id(entry))
    for entry in named:
        assert isinstance(entry.context_name_node, ScalarNode) and entry.context_name is not None
        kind: Literal["definition", "reference"] = (
            "definition" if definitions[entry.context_name] == id(entry) else "reference"
        )
        add(entry.context_name, entry.context_name_node, kind, "context")
    out.sort(key=lambda o: o.span)
    return out


def occurrence_at(model: Model, pos: Position) -> Occurrence | None:
    return next((o for o in occurrences(model) if o.span.contains(pos)), None)


def _same(o: Occurrence, name: str) -> bool:
    return o.name == name and o.namespace == namespace_of(name)


def definition_of(model: Model, name: str) -> Occurrence | None:
    """The definition of ``name`` (a policy name, or a :class:`SymbolName` of either namespace)."""
    return next((o for o in occurrences(model) if _same(o, name) and o.kind == "definition"), None)


def references_of(model: Model, name: str, include_definition: bool = True) -> list[Occurrence]:
    return [o for o in occurrences(model) if _same(o, name) and (include_definition or o.kind == "reference")]


class RenameError(ValueError):
    """A rename that cannot be done; the message says why in one line."""


def rename_edits(model: Model, pos: Position, new_name: str) -> list[Edit]:
    """Edits renaming the policy name at ``pos`` everywhere it is defined or used."""
    at = occurrence_at(model, pos)
    if at is None:
        raise RenameError("no policy or context name here")
    if at.namespace == "context":
        return _rename_context(model, at, new_name)
    if not _NAME.match(new_name):
        raise RenameError(
            f"`{new_name}` is not a valid policy name (letters, digits, `_` and `-`, starting with a letter)"
        )
    if new_name != at.name and new_name in model.policies:
        raise RenameError(f"a policy named `{new_name}` already exists")
    return [Edit(o.span, new_name) for o in references_of(model, at.name)]


# Context names that a rename writes in place of the old text, plain or inside the old quotes alike.
_CONTEXT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _rename_context(model: Model, at: Occurrence, new_name: str) -> list[Edit]:
    if not _CONTEXT_NAME.fullmatch(new_name):
        raise RenameError(
            f"`{new_name}` cannot be written in place: rename to a name of letters, digits, `.`, `_` and `-`"
        )
    if new_name != at.name and any(o.namespace == "context" and o.name == new_name for o in occurrences(model)):
        raise RenameError(f"a context named `{new_name}` is already used in this file")
    return [Edit(o.span, new_name) for o in references_of(model, at.name)]


# --- outline ---------------------------------------------------------------------------------


@record
class Symbol:
    name: str
    detail: str
    kind: Literal["namespace", "policy", "section", "list", "context"]
    span: Span  # the whole entry
    selection: Span  # its name
    children: list[Symbol] = field(default_factory=list)


def _section_symbols(model: Model, node: object) -> list[Symbol]:
    from syncdsl.nodes import MappingNode

    out: list[Symbol] = []
    if not isinstance(node, MappingNode):
        return out
    for key, value in node.pairs:
        if isinstance(key, ScalarNode) and isinstance(key.value, str) and key.value != "extends":
            out.append(Symbol(key.value, "", "section", Span(key.span.start, value.span.end), key.span))
    return out


def outline(parsed: ParsedFile, models: list[Model]) -> list[Symbol]:
    """``policies`` (each policy and its sections), ``contexts`` and ``mounts`` (each entry), per document."""
    from syncdsl.nodes import MappingNode

    out: list[Symbol] = []
    for doc, model in zip(parsed.documents, models, strict=False):
        root = doc.root
        if not isinstance(root, MappingNode):
            continue
        for key, value in root.pairs:
            if not isinstance(key, ScalarNode):
                continue
            whole = Span(key.span.start, value.span.end)
            if key.value == "policies":
                group = Symbol("policies", f"{len(model.policies)} policies", "namespace", whole, key.span)
                for decl in model.all_policies:
                    if decl.name is None or decl.key is None:
                        continue
                    detail = f"extends {decl.extends.name}" if decl.extends is not None else ""
                    entry = Symbol(
                        decl.name, detail, "policy", Span(decl.key.span.start, decl.node.span.end), decl.key.span
                    )
                    entry.children = _section_symbols(model, decl.node)
                    group.children.append(entry)
                out.append(group)
            elif key.value == "contexts":
                group = Symbol("contexts", f"{len(model.contexts)} contexts", "list", whole, key.span)
                for c in model.contexts:
                    name = c.context_id or c.context_name or f"context #{c.index + 1}"
                    policy = c.policy_ref.name if c.policy_ref is not None else "inline policy" if c.inline else ""
                    detail = " ".join(x for x in (c.path or "", f"({policy})" if policy else "") if x)
                    written = c.context_id_node or c.context_name_node
                    selection = written.span if written is not None else c.node.span
                    entry = Symbol(name, detail, "context", c.node.span, selection)
                    if c.inline is not None:
                        entry.children = _section_symbols(model, c.inline.node)
                    group.children.append(entry)
                out.append(group)
            elif key.value == "mounts":
                group = Symbol("mounts", f"{len(model.mounts)} mounts", "list", whole, key.span)
                for mount in model.mounts:
                    name = mount.context_id or mount.context_name or f"mount #{mount.index + 1}"
                    written = mount.context_id_node or mount.context_name_node
                    selection = written.span if written is not None else mount.node.span
                    group.children.append(Symbol(name, mount.path or "", "context", mount.node.span, selection))
                out.append(group)
    return out


# --- "disable this code on this line" ------------------------------------------------------


def disable_edit(parsed: ParsedFile, line: int, code: str) -> Edit | None:
    """The edit adding ``code`` to the suppression comment of ``line`` (creating one).

    None where a comment cannot go: the line ends inside a multi-line scalar,
    where a ``#`` would become part of the value.
    """
    from syncdsl.suppressions import _comment_start, _directives, _scalar_test

    source: Source = parsed.source
    text = source.line_text(line)
    inside = _scalar_test(parsed, {line})
    if inside(line, len(text)) and _continues_below(parsed, line):
        return None
    for directive in _directives(parsed):
        if directive.line == line and not directive.file_wide and directive.codes:
            if any(c.code == code for c in directive.codes):
                return None
            end = directive.codes[-1].end
            return Edit(Span(Position(line, end), Position(line, end)), f",{code}")
    comment = _comment_start(text, line, inside)
    stripped = len(text.rstrip())
    if comment is not None:
        return Edit(Span(Position(line, stripped), Position(line, stripped)), f"  # syncdsl: disable={code}")
    return Edit(Span(Position(line, stripped), Position(line, len(text))), f"  # syncdsl: disable={code}")


def _continues_below(parsed: ParsedFile, line: int) -> bool:
    """Whether some scalar spans from ``line`` onto a later line."""
    from syncdsl.nodes import MappingNode, SequenceNode

    stack = [d.root for d in parsed.documents if d.root is not None]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        span = node.span
        if span.end.line < line or span.start.line > line:
            continue
        if isinstance(node, ScalarNode):
            if span.start.line <= line < span.end.line and span.end.column > 0:
                return True
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)
        elif isinstance(node, MappingNode):
            for k, v in node.pairs:
                stack.extend((k, v))
    return False
