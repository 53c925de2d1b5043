"""The YAML tree that every rule walks: scalars, mappings and sequences with spans.

The document layer builds it once; nothing constructs Python objects from tags,
so a ``!!python/...`` tag is only ever a string on a node. Aliases are the
same node object reached twice (the tree is a DAG), and merge keys (``<<``)
are kept as written and applied by :meth:`MappingNode.effective_pairs`.
"""

from __future__ import annotations

from typing import Any, Union

from syncdsl.diagnostics import Span

ScalarValue = Union[str, int, float, bool, None]

MERGE_KEY = "<<"


class Node:
    __slots__ = ("span", "tag")

    def __init__(self, span: Span, tag: str | None = None) -> None:
        self.span = span
        # An explicit tag as written (``!!python/name:os.system``), else None.
        self.tag = tag


class ScalarNode(Node):
    __slots__ = ("value", "style")

    def __init__(self, span: Span, value: ScalarValue, style: str = "", tag: str | None = None) -> None:
        # Node.__init__ inlined: scalars are most of the nodes of every parse.
        self.span = span
        self.tag = tag
        # YAML 1.2 core-schema value: str, int, float, bool or None.
        self.value = value
        # "" plain, "'" single-quoted, '"' double-quoted, "|" literal, ">" folded.
        self.style = style

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r})"


class SequenceNode(Node):
    __slots__ = ("items", "flow")

    def __init__(self, span: Span, items: list[Node], flow: bool = False, tag: str | None = None) -> None:
        self.span = span  # Node.__init__ inlined, as in ScalarNode
        self.tag = tag
        self.items = items
        self.flow = flow

    def __repr__(self) -> str:
        return f"SequenceNode({len(self.items)} items)"


class MappingNode(Node):
    __slots__ = ("pairs", "flow", "_effective", "_index")

    def __init__(
        self, span: Span, pairs: list[tuple[Node, Node]], flow: bool = False, tag: str | None = None
    ) -> None:
        self.span = span  # Node.__init__ inlined, as in ScalarNode
        self.tag = tag
        # Pairs exactly as written, merge keys included, duplicates included.
        self.pairs = pairs
        self.flow = flow
        # Computed on first use, once the document layer has finished the tree.
        self._effective: list[tuple[ScalarNode, Node]] | None = None
        self._index: dict[str, tuple[ScalarNode, Node]] | None = None

    def __repr__(self) -> str:
        return f"MappingNode({len(self.pairs)} pairs)"

    def effective_pairs(self) -> list[tuple[ScalarNode, Node]]:
        if self._effective is None:
            self._compute_effective()
        return self._effective  # type: ignore[return-value]

    def _lookup(self) -> dict[str, tuple[ScalarNode, Node]]:
        if self._index is None:
            self._compute_effective()
        return self._index  # type: ignore[return-value]

    def _compute_effective(self) -> None:
        """Pairs with string keys after applying merge keys; the first key wins.

        Explicit keys win over merged ones; a later duplicate of an explicit key
        is skipped (the duplicate itself is reported by the document layer).
        The lookup by key is filled in the same pass: it is the set of keys seen.
        """
        index: dict[str, tuple[ScalarNode, Node]] = {}
        merged: list[MappingNode] = []
        for key, value in self.pairs:
            if not isinstance(key, ScalarNode):
                continue
            name = key.value
            if name == MERGE_KEY and key.style == "":
                if isinstance(value, MappingNode):
                    merged.append(value)
                elif isinstance(value, SequenceNode):
                    merged.extend(v for v in value.items if isinstance(v, MappingNode))
                continue
            if not isinstance(name, str) or name in index:
                continue
            index[name] = (key, value)
        for source in merged:
            for key, value in source.effective_pairs():
                name = key.value
                if isinstance(name, str) and name not in index:
                    index[name] = (key, value)
        self._effective = list(index.values())
        self._index = index

    def get(self, key: str) -> Node | None:
        hit = self._lookup().get(key)
        return hit[1] if hit else None

    def key_node(self, key: str) -> ScalarNode | None:
        hit = self._lookup().get(key)
        return hit[0] if hit else None

    def keys(self) -> list[str]:
        return list(self._lookup())


def to_data(node: Node | None) -> Any:
    """Plain Python data (dict/list/scalars) with merge keys applied.

    Callers must only pass trees that passed the document layer's alias-expansion
    limit, so the expansion here is bounded.
    """
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [to_data(item) for item in node.items]
    if isinstance(node, MappingNode):
        return {k.value: to_data(v) for k, v in node.effective_pairs()}
    raise TypeError(f"unexpected node {node!r}")


def scalar_text(node: Node | None) -> str | None:
    """The string value of a scalar node, or None if it is not a string scalar."""
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return node.value
    return None
