"""Shared helpers of the rules that compare contexts with each other (SD304-SD306).

They agree on which contexts take part (those whose field is a non-empty
string), on which one counts as the first of equal values (document order),
and on where a repeat is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from syncdsl.diagnostics import Span
from syncdsl.model import ContextDecl, Model
from syncdsl.nodes import Node

Field = Literal["path", "context_id", "context_name"]


@dataclass(frozen=True)
class Written:
    """A context's ``path``, ``context_id`` or ``context_name`` as written: its string value and the value's node."""

    context: ContextDecl
    value: str
    node: Node


@dataclass(frozen=True)
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
    """The contexts whose ``field`` is a non-empty string, in document order."""
    for context in model.contexts:
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
