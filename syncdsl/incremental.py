"""Re-analysis after an edit: re-parse only the top-level items the edit touched.

Where the time of one lint goes
===============================

On ``bench/corpus/large-5k.sync.yaml`` (5,000 lines, no findings) a lint takes
about 75 ms: parsing (libyaml's events and the tree built from them) about
29 ms, the schema about 7 ms, the model (policies resolved through their
``extends`` chains) about 11 ms, the rules about 30 ms (SD201 12 ms, SD205
7 ms, the others 1 ms or less each); converting no findings for the client
costs nothing, building the client's line index 1.5 ms. The schema, the model
and most rules look across items (``extends`` chains, duplicate names and
paths, references from contexts to policies), and each of them reads the
whole tree and the whole text: reusing a part of their work would take
knowing, rule by rule, what each one depends on, which nothing in the core
states. So those run in full, always. What is reused is the parse: the tree
of every item the edit did not touch (and the line starts of the text).

What is re-parsed
=================

An *item* is one entry of the root block mapping (``version``, ``policies``,
``contexts``) or one entry of a block mapping or block sequence that is the
value of such an entry (one policy, one context). The text of an item is the
run of whole lines from its first token (its key, or its ``-``) up to the line
of the next sibling's first token (or of the next token after the parent, or
the end of the text). Comment and blank lines between two items belong to the
first of them.

:meth:`IncrementalParser.parse` finds the lines that differ between the text
it parsed last (the *base*) and the new text, picks the fewest consecutive
items of one parent whose lines hold them (one policy, or the policies from
the first edited to the last edited one, preferring the items of a root
entry's value to root entries), parses their new text on its own (the
*fragment*: it may now hold more items, or fewer) and splices the fragment's
items into the base tree in place of the old ones. The trees of the items
before the edit are reused as they are, those after it too when the edit left
the number of lines alone; otherwise they are copied with their lines
shifted. Everything after the parse (schema, model, rules, suppressions) runs
on the spliced tree as :func:`~syncdsl.linter.lint_parsed`.

Why the result is what a full lint gives
========================================

A lint is a deterministic function of the parsed file (source text, documents,
trees, findings) and the configuration: so it suffices that the spliced
:class:`~syncdsl.document.ParsedFile` equals ``parse(new_text, limits)``. The
splice is made only when all of the following hold; otherwise the new text is
parsed in full, by ``parse`` itself (always correct).

1. *The base is plain*: it was parsed under the same limits, libyaml read it
   without an error (checked once per base by running libyaml over it), it is
   one YAML document whose root is a block mapping without a tag, and the parse
   found nothing at all: no syntax error, duplicate key, unsupported tag, alias
   (so no node is shared, and no alias anywhere can refer to an anchor in the
   edited items), no input limit reached.
2. *The new text is read by libyaml*: libyaml loads;
   :func:`~syncdsl.yaml_events.c_parser_may_misread` does not flag the new text;
   it has no BOM, no ``\\r``, no NEL/LS/PS (so libyaml's lines are the core's
   lines and every position is libyaml's (line, column) as it is, in the
   fragment as in the whole), and it is within ``max-file-size``. So
   :func:`~syncdsl.document.parse` builds its tree from libyaml's events of the
   whole new text, if libyaml reads it without an error (4. and 3. show it does).
3. *The fragment stands for the items*: its first line starts with a token at
   the items' column ``n``; every later line is blank, a comment, or starts at
   column ``n`` or deeper (and is no ``---``, ``...`` or directive); no line
   holds a tab. Before the fragment, the unchanged text leaves libyaml's
   scanner in block context at the start of a line, with no scalar or flow
   collection open and the parent's indentation level ``n`` innermost (the
   items' first token is where it was, so the text before it scans as it did).
   Within the fragment the scanner never looks below level ``n``: it only pops
   levels deeper than a token's column (never below ``n`` here), pushes levels
   deeper than the innermost one, and skips comments wherever they are; block
   scalars and plain scalars end at less-indented lines alike. Reading the
   fragment on its own (where ``n`` is the outermost level), libyaml therefore
   produces the same tokens, except (a) the first token is preceded by the
   start of the fragment's root collection, and (b) the marks of what only ends
   at the next token after the fragment (the end of a block collection, an
   empty value) are the end of the fragment, ``(lines, 0)``, where in the whole
   text they are the first token after the fragment: unchanged text, at a known
   position, to which they are mapped. A block scalar's end, the one other thing
   that can sit at ``(lines, 0)``, would mean the lines after the fragment: such
   a fragment is not spliced. After the fragment the scanner is back in the state
   it entered it (its levels deeper than ``n`` closed by the next token's column,
   flow level 0, no open scalar, no simple key pending across the line), so the
   tokens after it are the base's: the base's trees of them, shifted by the lines
   the edit added or removed.
4. *The fragment parses cleanly*: libyaml reads it without an error (checked by
   running libyaml over it) and ``c_parser_may_misread`` does not flag it, so
   :func:`parse` built the fragment's tree from libyaml's events; it found
   nothing (beside the "the document is a list" that a sequence's items on their
   own get); its root is a block collection of the parent's kind without a tag,
   starting at ``(0, n)``; with the nesting limit lowered by the levels above
   the items so that ``max-depth`` counts as in the whole text.
5. *Keys stay unique*: a mapping's new keys are plain strings (not ``<<``), none
   of them twice (no SD002 in the fragment) nor a sibling's outside the
   fragment, so the new text has no duplicate key and no non-string key (the
   base had none).

Then the new text's events are the base's, with the events of the old items
replaced by those of the fragment's items (positions moved down by the
fragment's first line, end marks as in 3.), so the tree :func:`parse` builds
of them is the spliced tree and the parse finds nothing in it (1.-5.), like
the splice; the new ``Source`` is what ``parse`` makes of a ``str`` (UTF-8,
no BOM, ``\\n`` line breaks). ``tests/test_incremental.py`` checks this after
every step of random edit sequences (tree, spans, findings, source and the
whole lint).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Union

from syncdsl import yaml_events
from syncdsl.diagnostics import Position, Span
from syncdsl.document import MAX_DEPTH_CEILING, Limits, ParsedFile, Source, YamlDocument, parse
from syncdsl.nodes import MERGE_KEY, MappingNode, Node, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from syncdsl.config import Config
    from syncdsl.linter import LintResult

_Item = Union[Node, "tuple[Node, Node]"]  # a sequence's item or a mapping's pair
_EXTRA_BREAKS = ("\x85", "\u2028", "\u2029")


class IncrementalParser:
    """Parses one document's successive texts, reusing the tree of the items an edit did not touch.

    Not thread-safe: one instance per open document, used from one thread at a time.
    """

    def __init__(self) -> None:
        self._text: str | None = None
        self._parsed: ParsedFile | None = None
        self._limits: Limits | None = None
        self._libyaml_read: bool | None = None  # None: not checked yet
        # How each text was parsed: "same", "item", "root-item" or "full".
        self.last = ""

    def parse(self, text: str, limits: Limits) -> ParsedFile:
        """What ``parse(text, limits)`` gives (equal trees, findings and source)."""
        spliced = self.splice(text, limits)
        if spliced is not None:
            return spliced
        parsed = parse(text, limits)
        self.remember(text, parsed, limits)
        return parsed

    def splice(self, text: str, limits: Limits) -> ParsedFile | None:
        """``parse(text, limits)`` made from the base's tree, or None where that cannot be shown to be equal.

        A spliced result becomes the base; otherwise parse in full and hand the result to :meth:`remember`.
        """
        self.last = "full"
        if self._parsed is None or self._limits != limits:
            return None
        try:
            found = self._splice(text, limits)
        except Exception:  # noqa: BLE001 - anything unexpected: the full parse is always right
            found = None
        if found is None:
            return None
        parsed, self.last = found
        self._set_base(text, parsed, limits, True)  # read by libyaml: see the module docstring, 2.
        return parsed

    def remember(self, text: str, parsed: ParsedFile, limits: Limits) -> None:
        """``parsed`` is ``parse(text, limits)``: the base of the next splice, if it is plain."""
        if isinstance(text, str) and _plain(parsed, text):
            self._set_base(text, parsed, limits, None)

    @property
    def needs_preparing(self) -> bool:
        return self._text is not None and self._libyaml_read is None

    def prepare(self) -> None:
        """Check now (libyaml over the base) what the next splice would otherwise check first."""
        if self._text is not None and self._libyaml_read is None:
            self._libyaml_read = _libyaml_reads(self._text)

    def _set_base(self, text: str, parsed: ParsedFile, limits: Limits, libyaml_read: bool | None) -> None:
        # A text that is not plain (a syntax error while typing) keeps the last plain base: the
        # next edit that repairs it is likely still within one item of that base.
        self._text, self._parsed, self._limits, self._libyaml_read = text, parsed, limits, libyaml_read

    # --- the splice -----------------------------------------------------------------------

    def _splice(self, new: str, limits: Limits) -> tuple[ParsedFile, str] | None:
        old, base = self._text, self._parsed
        assert old is not None and base is not None
        if not _readable_whole(new, limits):
            return None
        doc = base.documents[0]
        root = doc.root
        assert isinstance(root, MappingNode)
        if new == old:
            return _parsed_file(new, root, doc.span, base.source.line_starts), "same"
        if self._libyaml_read is None:
            self._libyaml_read = _libyaml_reads(old)
        if not self._libyaml_read:
            return None
        # The changed characters: old[p:len(old) - s] became new[p:len(new) - s].
        p = _common_prefix(old, new)
        s = _common_suffix(old, new, min(len(old), len(new)) - p)
        starts = base.source.line_starts
        first_line = bisect_right(starts, p) - 1
        old_end, new_end = len(old) - s, len(new) - s
        last_line = bisect_right(starts, old_end) - 1  # its line changes too (joined, or after the edit)
        if starts[last_line] == old_end and (new_end == 0 or new[new_end - 1] == "\n"):
            # The change ends where a line starts in both texts: that line is intact. Whole lines
            # inserted there belong to the item before it (like the comments after an item).
            last_line -= 1
            first_line = min(first_line, last_line)
            if last_line < 0:
                return None
        lines = _Lines(old, starts)

        found = _items_of(root, lines, first_line, last_line)
        if found is None:
            return None
        outer, inner, n, a, b, next_column = found
        # The fragment: the new text of lines [a, b) of the old text.
        begin = starts[a]
        at_end = b >= len(starts)
        end = len(new) if at_end else len(new) - (len(old) - starts[b])
        fragment = new[begin:end]
        if 2 * len(fragment) > len(new):
            return None  # checking and parsing the fragment would cost more than parsing the whole text
        shift = fragment.count("\n") - old.count("\n", begin, len(old) if at_end else starts[b])
        parent, first, last = inner if inner is not None else (root, outer, outer)
        depth = 0 if inner is None else 1  # collections above the fragment's root in the whole tree
        parsed = _parse_fragment(fragment, n, limits, depth, kind=type(parent))
        if parsed is None:
            return None
        items, frag_root_end, frag_doc_end, frag_lines = parsed
        if isinstance(parent, MappingNode):
            # No key of the fragment is another's (the fragment parsed without SD002), nor a sibling's.
            others = {_key_value(k) for k, _ in parent.pairs[:first]}
            others.update(_key_value(k) for k, _ in parent.pairs[last + 1 :])
            if any(_key_value(k) in others for k, _ in items):  # type: ignore[misc]
                return None
        if not at_end and not _no_block_end_at(items, frag_lines):
            return None
        # The new text's line starts: the old ones before the fragment, the fragment's, the old ones after it moved.
        new_starts = starts[: a + 1]
        at = fragment.find("\n")
        while at != -1:
            new_starts.append(begin + at + 1)
            at = fragment.find("\n", at + 1)
        moved_by = len(new) - len(old)
        new_starts.extend([x + moved_by for x in starts[b + 1 :]])
        next_pos = None if at_end else Position(b + shift, next_column)

        def place(pos: Position) -> Position:
            if pos.line == frag_lines and pos.column == 0 and next_pos is not None:
                return next_pos  # where the first token after the fragment is (module docstring, 3.)
            return Position(pos.line + a, pos.column)

        new_items = [
            (_moved(i[0], place), _moved(i[1], place)) if isinstance(i, tuple) else _moved(i, place) for i in items
        ]

        def after(pos: Position) -> Position:  # a position in the unchanged text after the fragment
            return Position(pos.line + shift, pos.column) if shift else pos

        def tail(node: Node) -> Node:
            return _shifted(node, shift) if shift else node

        if at_end:  # the collections around the items end where the fragment's root ends
            root_end, doc_end = place(frag_root_end), place(frag_doc_end)
        else:
            root_end, doc_end = after(root.span.end), after(doc.span.end)
        parent_end = root_end if at_end else after(parent.span.end)
        new_parent = _replaced(parent, first, last, new_items, parent_end, tail)
        if inner is not None:  # items of a root entry's value: put the new value in that entry
            entry = root.pairs[outer]
            new_root = _replaced(root, outer, outer, [(entry[0], new_parent)], root_end, tail)
            how = "item" if first == last and len(items) == 1 else "items"
        else:
            new_root = new_parent
            how = "root-item"
        assert isinstance(new_root, MappingNode)
        return _parsed_file(new, new_root, Span(doc.span.start, doc_end), new_starts), how


class _Lines:
    """The old text's lines, by number."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def get(self, number: int) -> str:
        starts = self.starts
        end = starts[number + 1] if number + 1 < len(starts) else len(self.text)
        return self.text[starts[number] : end]

    def starts_token_at(self, number: int, column: int, dash: bool) -> bool:
        """Whether line ``number`` has its first token at ``column`` (a ``-`` if ``dash``), after spaces only."""
        line = self.get(number)
        if len(line) <= column or line[:column].strip(" ") or line[column] in " \t\r\n#":
            return False
        return not dash or line[column] == "-"


def _items_of(
    root: MappingNode, lines: _Lines, first: int, last: int
) -> tuple[int, tuple[MappingNode | SequenceNode, int, int] | None, int, int, int, int] | None:
    """The fewest consecutive items whose lines hold lines ``first``..``last``.

    (the index of the root entry holding them, (its value, the first and last index in it)
    when the items are that value's, their column, their first line, the line after them
    (``len(lines)`` at the end), the column of the first token on that line).
    """
    if root.flow or root.tag is not None or not root.pairs:
        return None
    found = _within(root, lines, first, last, len(lines), 0)
    if found is None:
        return None
    i, i_last, n, a, b, next_column = found
    value = root.pairs[i][1]
    if (
        i == i_last
        and isinstance(value, (MappingNode, SequenceNode))
        and not value.flow
        and value.tag is None
        and (value.pairs if isinstance(value, MappingNode) else value.items)
    ):
        inner = _within(value, lines, first, last, b, next_column)
        if inner is not None:
            j, j_last, n2, a2, b2, next2 = inner
            return i, (value, j, j_last), n2, a2, b2, next2
    if i != i_last:
        return None  # the text of several root entries: about the whole file, parsed in full as cheaply
    return i, None, n, a, b, next_column


def _within(
    parent: MappingNode | SequenceNode, lines: _Lines, first: int, last: int, end: int, end_column: int
) -> tuple[int, int, int, int, int, int] | None:
    """The items of ``parent`` whose lines hold lines ``first``..``last``.

    (first and last index, their column, first line, the line after them, the column of its first token).
    """
    n = parent.span.start.column
    is_seq = isinstance(parent, SequenceNode)
    heads = (
        [k.span.start for k, _ in parent.pairs]
        if isinstance(parent, MappingNode)
        else [i.span.start for i in parent.items]
    )
    starts: list[int] = []
    for pos in heads:
        if is_seq:
            # The item follows its `-` on the same line (an empty item's position is the next token's).
            if pos.column <= n + 1 or not lines.starts_token_at(pos.line, n, dash=True):
                return None
        elif pos.column != n or not lines.starts_token_at(pos.line, n, dash=False):
            return None
        if starts and pos.line <= starts[-1]:
            return None
        starts.append(pos.line)
    if starts[0] > first:
        return None
    index = bisect_right(starts, first) - 1
    index_last = bisect_right(starts, last) - 1
    after = starts[index_last + 1] if index_last + 1 < len(starts) else end
    if last >= after:
        return None
    column = n if index_last + 1 < len(starts) else end_column
    if after < len(lines) and not lines.starts_token_at(after, column, dash=False):
        return None
    return index, index_last, n, starts[index], after, column


def _parse_fragment(
    fragment: str, n: int, limits: Limits, depth: int, kind: type
) -> tuple[Sequence[_Item], Position, Position, int] | None:
    """The fragment's items, its root's and document's ends and its line count; None unless they are clean."""
    lines = fragment.split("\n")
    first = lines[0]
    if len(first) <= n or first[:n].strip(" ") or first[n] in " #" or first.startswith(("---", "...", "%")):
        return None
    if "\t" in fragment:
        return None
    for line in lines[1:]:
        body = line.lstrip(" ")
        if body and body[0] != "#" and (len(line) - len(body) < n or body.startswith(("---", "...", "%"))):
            return None
    if yaml_events.c_parser_may_misread(fragment) or not _libyaml_reads(fragment):
        return None
    max_depth = max(1, min(limits.max_depth, MAX_DEPTH_CEILING)) - depth
    if max_depth < 1:
        return None
    parsed = parse(fragment, Limits(limits.max_file_size, max_depth, limits.max_aliases))
    if parsed.diagnostics or len(parsed.documents) != 1:
        return None
    doc = parsed.documents[0]
    root = doc.root
    if doc.shared or type(root) is not kind or root is None or root.tag is not None:
        return None
    assert isinstance(root, (MappingNode, SequenceNode))
    if root.flow or root.span.start != (0, n):
        return None
    if isinstance(root, MappingNode):
        if doc.diagnostics:
            return None
        for key, _ in root.pairs:
            if type(key) is not ScalarNode or type(key.value) is not str or key.value == MERGE_KEY:
                return None
        return root.pairs, root.span.end, doc.span.end, fragment.count("\n")
    if len(doc.diagnostics) != 1 or doc.diagnostics[0].code != "SD005":
        return None  # "the document is a list": only because the fragment is the list alone
    return root.items, root.span.end, doc.span.end, fragment.count("\n")


def _no_block_end_at(items: Sequence[_Item], line: int) -> bool:
    """Whether no block scalar in ``items`` ends at ``(line, 0)`` (it would end after the fragment's lines)."""
    stack: list[Node] = []
    for item in items:
        stack.extend(item if isinstance(item, tuple) else (item,))
    while stack:
        current = stack.pop()
        if type(current) is ScalarNode:
            if current.style in ("|", ">") and current.span.end == (line, 0):
                return False
        elif type(current) is MappingNode:
            for k, v in current.pairs:
                stack.append(k)
                stack.append(v)
        elif type(current) is SequenceNode:
            stack.extend(current.items)
    return True


def _key_value(node: Node) -> object:
    return node.value if type(node) is ScalarNode else node


def _moved(node: Node, place: Callable[[Position], Position]) -> Node:
    """A copy of a fragment's node with every position put where it is in the whole text."""
    span = Span(place(node.span.start), place(node.span.end))
    if isinstance(node, ScalarNode):
        return ScalarNode(span, node.value, node.style, node.tag)
    if isinstance(node, MappingNode):
        return MappingNode(span, [(_moved(k, place), _moved(v, place)) for k, v in node.pairs], node.flow, node.tag)
    assert isinstance(node, SequenceNode)
    return SequenceNode(span, [_moved(i, place) for i in node.items], node.flow, node.tag)


_new_tuple = tuple.__new__


def _shifted(node: Node, shift: int) -> Node:
    """A copy of ``node`` ``shift`` lines further down."""
    (start_line, start_column), (end_line, end_column) = node.span
    span = _new_tuple(
        Span,
        (
            _new_tuple(Position, (start_line + shift, start_column)),
            _new_tuple(Position, (end_line + shift, end_column)),
        ),
    )
    if type(node) is ScalarNode:
        return ScalarNode(span, node.value, node.style, node.tag)
    if type(node) is MappingNode:
        pairs = [(_shifted(k, shift), _shifted(v, shift)) for k, v in node.pairs]
        return MappingNode(span, pairs, node.flow, node.tag)
    assert isinstance(node, SequenceNode)
    return SequenceNode(span, [_shifted(i, shift) for i in node.items], node.flow, node.tag)


def _replaced(
    parent: MappingNode | SequenceNode,
    first: int,
    last: int,
    items: Sequence[_Item],
    end: Position,
    tail: Callable[[Node], Node],
) -> MappingNode | SequenceNode:
    """``parent`` with items ``first``..``last`` replaced by ``items``, the rest through ``tail``, ending at ``end``."""
    span = Span(parent.span.start, end)
    if isinstance(parent, MappingNode):
        pairs = parent.pairs[:first]
        pairs.extend(items)  # type: ignore[arg-type]  # a mapping's items are pairs
        pairs.extend((tail(k), tail(v)) for k, v in parent.pairs[last + 1 :])
        return MappingNode(span, pairs, parent.flow, parent.tag)
    nodes = parent.items[:first]
    nodes.extend(items)  # type: ignore[arg-type]
    nodes.extend(tail(i) for i in parent.items[last + 1 :])
    return SequenceNode(span, nodes, parent.flow, parent.tag)


# --- whole-text checks ------------------------------------------------------------------------


def _readable_whole(text: str, limits: Limits) -> bool:
    """Module docstring, 2.: parse() would read ``text`` with libyaml, positions unmapped."""
    if not text or "\r" in text or text[0] == "\ufeff" or any(b in text for b in _EXTRA_BREAKS):
        return False
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_file_size:
        return False
    return yaml_events.c_parser_available() and not yaml_events.c_parser_may_misread(text)


def _plain(parsed: ParsedFile, text: str) -> bool:
    """Module docstring, 1. (but for the libyaml check, made later): a base to splice into."""
    if parsed.diagnostics or len(parsed.documents) != 1:
        return False
    doc = parsed.documents[0]
    root = doc.root
    if doc.diagnostics or doc.shared or type(root) is not MappingNode or root.flow or root.tag is not None:
        return False
    return bool(text) and "\r" not in text and text[0] != "\ufeff" and not any(b in text for b in _EXTRA_BREAKS)


def _libyaml_reads(text: str) -> bool:
    try:
        parser = yaml_events.c_parser(text)
    except Exception:  # noqa: BLE001
        return False
    try:
        get_event = parser.get_event
        while get_event() is not None:
            pass
    except Exception:  # noqa: BLE001 - a syntax error
        return False
    finally:
        parser.dispose()
    return True


def _parsed_file(text: str, root: MappingNode, span: Span, line_starts: list[int]) -> ParsedFile:
    # parse() of a str: encoding utf-8, no BOM, "\n" line breaks (no "\r" in the text).
    source = Source(text, "utf-8", False, "\n", line_starts)
    return ParsedFile(source, [YamlDocument(root, span, [], set())], [])


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (binary search over slice comparisons: C speed)."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while lo < hi:  # a[:lo] == b[:lo], a[:hi] != b[:hi]
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    if limit <= 0:
        return 0
    la, lb = len(a), len(b)
    lo, hi = 0, limit
    if a[la - hi :] == b[lb - hi :]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid :] == b[lb - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- linting ----------------------------------------------------------------------------------


class IncrementalLinter:
    """``lint_source`` for one document's successive texts, with its parse made incremental."""

    def __init__(self) -> None:
        self.parser = IncrementalParser()

    def lint(
        self,
        text: str,
        path: str | None = None,
        config: Config | None = None,
        full: Callable[[str, str | None, Config], LintResult] | None = None,
    ) -> LintResult:
        """``lint_source(text, path, config)``; ``full`` (default ``lint_source``) lints where nothing is reused."""
        import gc

        from syncdsl.config import Config
        from syncdsl.linter import lint_parsed, lint_source

        config = config or Config()
        enabled = gc.isenabled()
        gc.disable()
        try:
            parsed = self.parser.splice(text, config.limits)
            if parsed is not None:
                return lint_parsed(parsed, path, config)
            result = (full or lint_source)(text, path, config)
            self.parser.remember(text, result.parsed, config.limits)
            return result
        finally:
            if enabled:
                gc.enable()

    @property
    def needs_preparing(self) -> bool:
        return self.parser.needs_preparing

    def prepare(self) -> None:
        self.parser.prepare()
