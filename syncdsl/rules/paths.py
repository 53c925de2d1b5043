"""Shared helpers of the path rules (SD101-SD111): what a path is, where paths are written, how to edit them.

What a path means in the session (mount-relative white lists and so on) is the
core's :mod:`syncdsl.session_paths`; this module re-exports its lexical helpers.
Detection follows the SDK exactly where the SDK decides (``[*?\\[\\]]`` is its
wildcard test). Edits are computed from node spans and only
ever produced when they provably leave valid YAML; otherwise a rule offers no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Edit, Fix, Position, Span
from syncdsl.document import Source, resolve_plain
from syncdsl.model import Model, PolicyDecl
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.records import record
from syncdsl.session_paths import (  # noqa: F401  (the path facts live in the core; rules import them here)
    is_absolute,
    is_posix_absolute,
    is_under,
    is_windows_absolute,
    mount_key,
    normalise,
    windows_style,
)

# --- what a path is ----------------------------------------------------------------------

# The SDK's own test (RecyclePolicy._contains_wildcard / WhiteList._contains_wildcard).
WILDCARD = re.compile(r"[*?\[\]]")


def first_wildcard(path: str) -> str | None:
    """The first wildcard character in ``path``, or None."""
    m = WILDCARD.search(path)
    return m.group(0) if m else None


def wildcard_free_parent(path: str) -> str | None:
    """The longest parent directory of ``path`` before its first wildcard, or None when there is none.

    ``/home/a/*.log`` -> ``/home/a``; ``/home/a*/b`` -> ``/home``; ``/*.log`` -> ``/``;
    ``C:\\logs\\*.txt`` -> ``C:\\logs``; ``*.log`` -> None (the only parent would be ``""``,
    which means "every path" and is never a safe stand-in).
    """
    m = WILDCARD.search(path)
    if m is None:
        return None
    head = path[: m.start()]
    seps = "/\\" if windows_style(path) else "/"
    cut = max(head.rfind(s) for s in seps)
    if cut < 0:
        return None
    parent = head[:cut].rstrip(seps)
    if parent == "":
        return path[0]  # the root itself
    if re.fullmatch(r"[A-Za-z]:", parent):
        return parent + head[len(parent)]  # a drive root keeps its separator
    return parent


# --- where paths are written -------------------------------------------------------------


@record(frozen=True)
class WhiteListEntry:
    """One ``bw_list.white_lists`` item as written.

    A flag is None when it is written with a non-boolean value: the schema
    reports that, and rules that depend on the flag stay silent.
    """

    node: MappingNode
    path: ScalarNode | None  # the `path` value when it is a string
    excludes: SequenceNode | None
    path_regex: bool | None
    exclude_regex: bool | None

    def values(self, *, regex: bool) -> Iterator[tuple[ScalarNode, str, str]]:
        """The path, then the exclude paths, whose flag says they are regexes (or, with False, literal paths).

        Each comes with what it is ("white list path", "exclude path"); a value whose flag is not a boolean is neither.
        """
        if self.path is not None and self.path_regex is regex:
            yield self.path, str(self.path.value), "white list path"
        if self.exclude_regex is regex:
            for item, value in string_items(self.excludes):
                yield item, value, "exclude path"


def _section(decl: PolicyDecl, name: str) -> MappingNode | None:
    node = decl.node.get(name)
    return node if isinstance(node, MappingNode) else None


def _sequences(model: Model, section: str, field: str) -> Iterator[SequenceNode]:
    seen: set[int] = set()
    for decl in model.all_policies:
        sec = _section(decl, section)
        value = sec.get(field) if sec is not None else None
        if isinstance(value, SequenceNode) and id(value) not in seen:
            seen.add(id(value))
            yield value


def recycle_paths(model: Model) -> Iterator[SequenceNode]:
    """Every ``recycle_policy.paths`` list in every policy, each node once (aliases are one node)."""
    return _sequences(model, "recycle_policy", "paths")


def archive_excludes(model: Model) -> Iterator[SequenceNode]:
    """Every ``upload_policy.archive_exclude_paths`` list, each node once."""
    return _sequences(model, "upload_policy", "archive_exclude_paths")


def _flag(entry: MappingNode, name: str) -> bool | None:
    node = entry.get(name)
    if node is None:
        return False
    if isinstance(node, ScalarNode) and isinstance(node.value, bool):
        return node.value
    return None


def white_list_entries(model: Model) -> Iterator[WhiteListEntry]:
    """Every white-list entry in every policy, each mapping once.

    An inherited ``white_lists`` replaces the parent's wholesale, so an entry's
    path, excludes and flags are always the ones written together here.
    """
    seen: set[int] = set()
    for lists in _sequences(model, "bw_list", "white_lists"):
        for item in lists.items:
            if not isinstance(item, MappingNode) or id(item) in seen:
                continue
            seen.add(id(item))
            path = item.get("path")
            excludes = item.get("exclude_paths")
            yield WhiteListEntry(
                item,
                path if isinstance(path, ScalarNode) and isinstance(path.value, str) else None,
                excludes if isinstance(excludes, SequenceNode) else None,
                _flag(item, "is_path_regex"),
                _flag(item, "is_exclude_regex"),
            )


def string_items(seq: SequenceNode | None) -> Iterator[tuple[ScalarNode, str]]:
    """The string items of a list with their values, each node once (a repeated alias is yielded once)."""
    if seq is None:
        return
    seen: set[int] = set()
    for item in seq.items:
        if isinstance(item, ScalarNode) and isinstance(item.value, str) and id(item) not in seen:
            seen.add(id(item))
            yield item, item.value


def written_in(container: Node, node: Node) -> bool:
    """True when ``node`` is written inside ``container``; an alias's node is written at its anchor."""
    return container.span.start <= node.span.start and node.span.end <= container.span.end


def shown(value: str) -> str:
    """A value for a message: in backticks, ``""`` for the empty string, escapes for line breaks and controls."""
    if not value:
        return '`""`'
    if not value.isprintable():
        import json

        value = json.dumps(value, ensure_ascii=False)[1:-1]
    return f"`{value}`"


# --- editing path values -------------------------------------------------------------------

_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_BAD = set(",[]{}:")
_DOUBLE_QUOTE_EXTRA = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_FIRST_BAD:
        return False
    if resolve_plain(value) != value or not value.isprintable():
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    return not (flow and any(ch in _FLOW_BAD for ch in value))


def scalar_text_for(value: str, style: str, flow: bool) -> str | None:
    """YAML text for ``value`` that keeps the original scalar style when it can.

    Plain falls back to single quotes when the value would not read back as the
    same string; block scalars (``|``, ``>``) are not rewritten (None).
    """
    if style in ("|", ">"):
        return None
    if style == "" and _plain_ok(value, flow):
        return value
    if style in ("", "'") and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    import json

    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _DOUBLE_QUOTE_EXTRA.items():
        text = text.replace(raw, escaped)
    return text


def replace_value(source: Source, node: ScalarNode, value: str, title: str) -> Fix | None:
    """A suggestion that rewrites the string ``node`` as ``value``, or None when that cannot be done safely.

    The text keeps the node's quoting style where it can, and is quoted as if in a flow collection
    (always safe); a node written with an anchor or a tag, or as a block scalar, is not rewritten.
    """
    if not bare(source, node):
        return None
    text = scalar_text_for(value, node.style, True)
    if text is None:
        return None
    return Fix(Applicability.SUGGESTION, title, (Edit(node.span, text),))


def bare(source: Source, node: Node) -> bool:
    """True when the node's text starts with its value, not an anchor (``&a``) or a tag (``!!str``).

    Replacing or deleting such a node's span would drop the anchor (breaking
    every alias to it) or the tag.
    """
    start = source.offset_of(node.span.start)
    return source.text[start : start + 1] not in ("&", "!")


def _in_order(seq: SequenceNode) -> bool:
    """Items written one after another inside the list (no alias points back elsewhere)."""
    last = seq.span.start
    for item in seq.items:
        if item.span.start < last:
            return False
        last = item.span.end
    return True


def last_line(node: Node) -> int | None:
    """The last line holding text of ``node`` (block collections end where the next token starts)."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">") and node.span.end.column == 0:
            return node.span.end.line - 1
        return node.span.end.line
    if isinstance(node, (SequenceNode, MappingNode)) and node.flow:
        return node.span.end.line
    if isinstance(node, SequenceNode):
        if not node.items:
            return node.span.start.line
        if not _in_order(node):
            return None
        return last_line(node.items[-1])
    if isinstance(node, MappingNode):
        if not node.pairs:
            return node.span.start.line
        key, value = node.pairs[-1]
        if value.span.start < key.span.end:
            return None
        return last_line(value)
    return None


_BLOCK_ITEM_PREFIX = re.compile(r"^[ \t]*-[ \t]+$")
_LINE_REST = re.compile(r"^[ \t]*(?:#.*)?$")
_FLOW_SEPARATOR = re.compile(r"^\s*,\s*$")


def repeated_nodes(seq: SequenceNode) -> set[int]:
    """The ids of the nodes that stand in ``seq`` more than once (an anchor and its aliases)."""
    seen: set[int] = set()
    repeated: set[int] = set()
    for item in seq.items:
        (repeated if id(item) in seen else seen).add(id(item))
    return repeated


def remove_item(source: Source, seq: SequenceNode, index: int, repeated: set[int] | None = None) -> Edit | None:
    """An edit that deletes ``seq.items[index]`` and leaves valid YAML, or None.

    Block lists lose the item's whole ``- item`` line(s), newline included;
    flow lists lose the item with the comma before it (or after it, for the
    first item). Only simple scalar items written in place are handled.
    ``repeated`` is :func:`repeated_nodes` of ``seq``, for callers that remove
    several items of one list (computed here otherwise).
    """
    if not 0 <= index < len(seq.items) or len(seq.items) < 2:
        return None
    item = seq.items[index]
    if not isinstance(item, ScalarNode) or item.style in ("|", ">") or not bare(source, item):
        return None
    if repeated is None:
        repeated = repeated_nodes(seq)
    if not written_in(seq, item) or id(item) in repeated:
        return None  # an alias: its span is its anchor's
    # Neighbours need no such check: the text between them and the item must be a bare comma.
    if not seq.flow:
        start, end = item.span
        if not _BLOCK_ITEM_PREFIX.match(source.line_text(start.line)[: start.column]):
            return None
        if not _LINE_REST.match(source.line_text(end.line)[end.column :]):
            return None
        return Edit(Span(Position(start.line, 0), Position(end.line + 1, 0)), "")
    if index > 0:
        before = seq.items[index - 1].span.end
        if _FLOW_SEPARATOR.match(_between(source, before, item.span.start)):
            return Edit(Span(before, item.span.end), "")
    if index + 1 < len(seq.items):
        after = seq.items[index + 1].span.start
        if _FLOW_SEPARATOR.match(_between(source, item.span.end, after)):
            return Edit(Span(item.span.start, after), "")
    return None


def keep_only(source: Source, seq: SequenceNode, keep: int) -> tuple[Edit, ...] | None:
    """Edits that leave ``seq`` holding only ``seq.items[keep]`` (as written), or None."""
    if not _in_order(seq) or not all(isinstance(i, ScalarNode) and bare(source, i) for i in seq.items):
        return None
    if seq.flow:
        items = seq.items
        gaps = [_between(source, a.span.end, b.span.start) for a, b in zip(items, items[1:], strict=False)]
        if any("#" in gap for gap in gaps):
            return None  # a comment between items would be lost
        kept = _between(source, items[keep].span.start, items[keep].span.end)
        return (Edit(Span(items[0].span.start, items[-1].span.end), kept),)
    edits = []
    repeated = repeated_nodes(seq)
    for index in range(len(seq.items)):
        if index == keep:
            continue
        edit = remove_item(source, seq, index, repeated)
        if edit is None:
            return None
        edits.append(edit)
    return tuple(edits)


def _between(source: Source, start: Position, end: Position) -> str:
    return source.text[source.offset_of(start) : source.offset_of(end)]


_FALSE_TEXT = re.compile(r"^(?:false|False|FALSE)$")


def set_flag_true(source: Source, entry: MappingNode, flag: str, anchors: tuple[str, ...]) -> Edit | None:
    """An edit that makes ``flag: true`` hold in a white-list entry, or None.

    An explicit ``flag: false`` written in the entry is rewritten in place;
    otherwise ``flag: true`` is inserted after the first of ``anchors`` written
    in the entry itself (not merged in with ``<<``, which would change every
    user of the anchor): on a new line at the key's indentation in a block
    mapping, or as ``, flag: true`` in a flow mapping.
    """
    for key, value in entry.pairs:
        if isinstance(key, ScalarNode) and key.value == flag:
            if isinstance(value, ScalarNode) and value.span.start >= key.span.end:
                if _FALSE_TEXT.match(_between(source, value.span.start, value.span.end)):
                    return Edit(value.span, "true")
            return None
    for name in anchors:
        pair = next(((k, v) for k, v in entry.pairs if isinstance(k, ScalarNode) and k.value == name), None)
        if pair is not None:
            return _insert_after(source, entry, pair[0], pair[1], f"{flag}: true")
    return None


def _insert_after(source: Source, entry: MappingNode, key: ScalarNode, value: Node, text: str) -> Edit | None:
    if value.span.start < key.span.end:
        return None  # an alias: its span is the anchor's, not this pair's
    if entry.flow:
        return Edit(Span(value.span.end, value.span.end), ", " + text)
    line = last_line(value)
    if line is None or line < key.span.start.line:
        return None
    prefix = source.line_text(key.span.start.line)[: key.span.start.column]
    if not re.match(r"^[ \t]*(?:-[ \t]+)*$", prefix):
        return None
    indent = re.sub(r"-", " ", prefix)
    if line + 1 < len(source.line_starts):
        return Edit(Span(Position(line + 1, 0), Position(line + 1, 0)), indent + text + source.newline)
    end = Position(line, len(source.line_text(line)))
    return Edit(Span(end, end), source.newline + indent + text)
