"""Shared helpers of the rules that compare contexts with each other (SD304-SD307).

They agree on which entries take part (those whose field is a non-empty
string), on which one counts as the first of equal values (document order:
the context syncs, then the mounts), and on where a repeat is reported.
Paths are compared across syncs and mounts (a path is bound once per
session, whichever way); ids and names only among the syncs (SD306; mounts
have their own rule, SD307, as one context may be mounted several times).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

from syncdsl.diagnostics import Span
from syncdsl.model import Model, NamedDecl
from syncdsl.nodes import Node, ScalarNode
from syncdsl.records import record

Field = Literal["path", "context_id", "context_name"]


@record(frozen=True)
class Written:
    """A context's ``path``, ``context_id`` or ``context_name`` as written: its string value and the value's node."""

    context: NamedDecl
    value: str
    node: Node


@record(frozen=True)
class Repeat:
    """A context whose field repeats that of an earlier context."""

    field: Field
    later: Written
    first: Written

    @property
    def span(self) -> Span:
        """The later value's span, or the later context's key when the value is an alias of the first one's.

        An alias's node is its anchor's, so its own span would point at the first context.
        """
        key = self.later.context.node.key_node(self.field)
        return key.span if self.later.node is self.first.node and key is not None else self.later.node.span


def written(model: Model, field: Field) -> Iterator[Written]:
    """The entries whose ``field`` is a non-empty string, in document order: for ``path`` the context syncs
    and the mounts, for ``context_id`` and ``context_name`` the context syncs."""
    entries: Iterator[NamedDecl] = model.named() if field == "path" else iter(model.contexts)
    for context in entries:
        if field == "path":
            value, node = context.path, context.path_node
        elif field == "context_id":
            value, node = context.context_id, context.context_id_node
        elif context.by_name:
            value, node = context.context_name, context.context_name_node
        else:
            continue
        if value and node is not None:
            yield Written(context, value, node)


def firsts(model: Model, field: Field, key: Callable[[str], str] = str) -> dict[str, Written]:
    """The first context per ``key(value)`` of ``field``."""
    found: dict[str, Written] = {}
    for item in written(model, field):
        found.setdefault(key(item.value), item)
    return found


def repeats(model: Model, field: Field, key: Callable[[str], str] = str) -> Iterator[Repeat]:
    """Every context whose ``key(value)`` of ``field`` an earlier context already has, with that first context."""
    found: dict[str, Written] = {}
    for item in written(model, field):
        first = found.setdefault(key(item.value), item)
        if first is not item:
            yield Repeat(field, item, first)


def beside_context_id(model: Model, key: str) -> Iterator[tuple[NamedDecl, ScalarNode, Node]]:
    """Each entry naming a context that writes ``key`` next to a ``context_id``: (entry, key, the id's node).

    An entry shared through an alias is yielded once.
    """
    seen: set[int] = set()
    for entry in model.named():
        key_node = entry.node.key_node(key)
        id_node = entry.context_id_node
        if key_node is None or id_node is None or id(entry.node) in seen:
            continue
        seen.add(id(entry.node))
        yield entry, key_node, id_node
