"""The canonical layout of a syncdsl file, keeping every comment, anchor and scalar as written.

Layout (what ``syncdsl fmt`` produces):

- 2-space indentation; a block sequence is indented under its key (``key:`` then
  ``  - item``, so the ``-`` sits 2 columns in and the item's content 4); a
  mapping inside a sequence starts on the dash line (``- context_id: x``).
- Key order: ``version``, ``policies``, ``contexts`` at the top; ``extends``
  then the sections in the SDK's order inside a policy; fields in the SDK's
  dataclass order inside a section and a white list; ``context_id``, ``path``,
  ``policy``, ``beta_wait_for_completion`` in a context. A merge key (``<<``)
  comes first; unknown keys follow the known ones in their written order.
  Policies and contexts themselves keep their order.
- Comments: a comment on its own line belongs to the entry below it, and moves
  with it; a comment at the end of a line belongs to the entry on that line; a
  comment indented under a block after its last entry stays at the end of that
  block; the comment block at the top of the file stays at the top (when
  blank lines split it, the part right above the first key moves with that
  key). An end-of-line comment gets two spaces before its ``#`` (one layout,
  whatever the input's spacing: comments aligned by hand are not kept
  aligned, as with ruff). Blank lines between entries are kept; runs of them
  collapse to one. Trailing spaces go, except inside scalars.
- Scalars are copied as written (style, escapes, block scalars re-indented),
  except that quotes are dropped where they are not needed: a one-line quoted
  string that reads back as the same string when plain, and that no YAML 1.1
  reader would take for a boolean, number or null (``"/data"`` -> ``/data``,
  ``"true"`` stays). Quotes that are needed keep the user's quote style.
- Flow collections (``[a, b]``, ``{k: v}``) stay on one line with ``, `` and
  ``: ``; one that spans several lines or holds a comment becomes block style
  (so its comments keep their place). The document root is always block style.
- Anchors, aliases, merge keys and tags are kept; line endings (LF/CRLF), a
  BOM and the presence of a final newline are kept; ``---``/``...`` markers,
  directives and the comments around them are copied unchanged. Each document
  of a multi-document file is formatted on its own; a document that is not a
  mapping, or that uses explicit ``?`` keys, non-scalar keys or keys written
  over several lines, is left as is.

How: the text is read as a YAML event stream from the parser the linter
picks for it (:mod:`syncdsl.yaml_events`: libyaml, or the YAML 1.2 parser
where libyaml rejects or misreads the text), so ``fmt`` accepts exactly what
``lint`` accepts; events carry exact code-point offsets, so every scalar is
copied from the source and every comment is found in the text between the
tokens, with its position. ruamel's round-trip loader is not used: its comment
attachment (a comment belongs to the previous key, at any depth) moves
comments to the wrong key when keys are reordered. The small emitter below
only ever moves whole entries and changes whitespace. As a last line of
defence the result is parsed again and must give the same data and the same
comments as the input; otherwise formatting is retried without reordering,
and then refused with :class:`FormatError`. ``fmt`` of formatted text
changes nothing.
"""

from __future__ import annotations

import gc
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from typing import Any

from syncdsl.document import Limits, ParsedFile, parse, resolve_plain
from syncdsl.model import SECTIONS, WhiteList
from syncdsl.nodes import to_data
from syncdsl.records import field, fields, record
from syncdsl.schema import BROWSER_CONTEXT, CONTEXT, MOUNT, ROOT


class FormatError(ValueError):
    """The text cannot be formatted (a syntax error, an input limit); the message is one line."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, code: str = "SD001") -> None:
        super().__init__(message)
        self.line = line  # 0-based, when the problem has a position
        self.column = column
        self.code = code


# --- canonical key orders ------------------------------------------------------------------------

# The language's own order of keys: syncdsl.schema is the one definition of them.
ROOT_ORDER = tuple(f.name for f in ROOT.fields)
POLICY_ORDER = ("extends", *SECTIONS)
CONTEXT_ORDER = tuple(f.name for f in CONTEXT.fields)
_ORDERS: dict[str, tuple[str, ...]] = {
    "root": ROOT_ORDER,
    "policy": POLICY_ORDER,
    "context": CONTEXT_ORDER,
    "mount": tuple(f.name for f in MOUNT.fields),
    "browser": tuple(f.name for f in BROWSER_CONTEXT.fields),
    **{f"browser:{f.name}": tuple(g.name for g in f.fields) for f in BROWSER_CONTEXT.fields if f.type == "mapping"},
    "whitelist": tuple(f.name for f in fields(WhiteList)),
}
_ORDERS.update({f"section:{name}": tuple(f.name for f in fields(cls)) for name, cls in SECTIONS.items()})

INDENT = 2

# --- the tree read from the parser's events --------------------------------------------------------


@record(eq=False)
class _Node:
    kind: str  # "scalar", "alias", "map" or "seq"
    start: int
    end: int
    anchor: str | None = None
    tag: str | None = None
    style: str | None = None  # scalars: None plain, "'", '"', "|", ">"
    value: str = ""  # scalars: the value; aliases: the anchor name
    flow: bool = False
    entries: list[_Entry] = field(default_factory=list)
    block: bool = False  # collections: written in block style
    trailing: list[str] = field(default_factory=list)  # comment lines after the last entry
    role: str = ""
    parent: _Entry | None = None

    @property
    def is_empty_scalar(self) -> bool:
        return self.kind == "scalar" and self.value == "" and not self.style

    @property
    def has_props(self) -> bool:
        return bool(self.anchor or self.tag)


@record(eq=False)
class _Entry:
    key: _Node | None  # None for a sequence item
    value: _Node
    parent: _Node
    depth: int
    start: int = 0  # offset of the key, of the `-` of a block item, or of a flow item
    content_end: int = 0  # offset just after the last character of the entry
    leading: list[str] = field(default_factory=list)
    eol: str | None = None


@record
class _Doc:
    root: _Node | None
    body_start: int
    body_end: int
    mid_line: bool  # the body starts on the `---` line


@record
class _Comment:
    offset: int
    line: int
    column: int
    text: str
    full_line: bool


_PROPS = re.compile(r"(?:[&!][^\s]*\s+)+")
_DASH = re.compile(r"^[ ]*-(?=[ \n]|$)", re.M)


def _tag_text(tag: str) -> str:
    core = "tag:yaml.org,2002:"
    if tag.startswith(core):
        return "!!" + tag[len(core) :]
    if tag.startswith("!"):
        return tag
    return f"!<{tag}>"


def _props(node: _Node) -> str:
    parts = []
    if node.anchor:
        parts.append("&" + node.anchor)
    if node.tag:
        parts.append(_tag_text(node.tag))
    return " ".join(parts)


def _events(text: str) -> list[Any]:
    """The YAML event stream of ``text``, from the parser the linter picks for it (:mod:`syncdsl.yaml_events`)."""
    from syncdsl.yaml_events import events

    try:
        return events(text)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a syntax error
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        if mark is not None:
            raise FormatError(problem, mark.line, mark.column) from None
        raise FormatError(problem) from None


class _Reader:
    """Builds documents, entries and comments from one text (LF line endings)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.opaque: list[tuple[int, int]] = []  # scalar and alias spans: a `#` inside is not a comment
        self.keep_lines: set[int] = set()  # lines that belong to a keep-chomping block scalar
        self.docs: list[_Doc] = []
        self.unsupported: set[int] = set()  # id() of roots of documents left as written
        self._read()
        self.opaque.sort()
        self._opaque_starts = [s for s, _ in self.opaque]

    # positions
    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    def column_of(self, offset: int) -> int:
        return offset - self.line_starts[self.line_of(offset)]

    def line_text(self, line: int) -> str:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    # events -> tree
    def _read(self) -> None:
        from ruamel.yaml import events as ev

        stack: list[tuple[_Node, _Node | None]] = []  # (collection, pending key)
        doc_start = 0
        mid_line = False
        root: _Node | None = None
        root_unsupported = False

        def add(node: _Node) -> None:
            nonlocal root
            if not stack:
                root = node
                return
            coll, pending = stack[-1]
            if coll.kind == "seq":
                coll.entries.append(_Entry(None, node, coll, 0))
            elif pending is None:
                stack[-1] = (coll, node)
            else:
                coll.entries.append(_Entry(pending, node, coll, 0))
                stack[-1] = (coll, None)

        for event in _events(self.text):
            start, end = event.start_mark.index, event.end_mark.index
            if isinstance(event, ev.DocumentStartEvent):
                root, root_unsupported, mid_line = None, False, False
                doc_start = self.docs[-1].body_end if self.docs else 0
                if event.explicit:
                    line_end = self.text.find("\n", end)
                    line_end = len(self.text) if line_end == -1 else line_end
                    rest = self.text[end:line_end].strip()
                    if not rest or rest.startswith("#"):
                        doc_start = min(line_end + 1, len(self.text))
                    else:
                        doc_start, mid_line = end, True
            elif isinstance(event, ev.DocumentEndEvent):
                self.docs.append(_Doc(root, doc_start, start, mid_line))
                if root is not None and root_unsupported:
                    self.unsupported.add(id(root))
            elif isinstance(event, ev.ScalarEvent):
                style = event.style or None
                node = _Node("scalar", start, end, event.anchor, event.tag, style, event.value)
                self.opaque.append((start, end))
                if style == "|" or style == ">":
                    header = self.text[start:end].split("\n", 1)[0]
                    if "+" in _PROPS.sub("", header, count=1).split("#", 1)[0]:
                        self.keep_lines.update(range(self.line_of(start), self.line_of(max(start, end - 1)) + 1))
                if stack and stack[-1][0].kind == "map" and stack[-1][1] is None:
                    # An explicit `?` key, or a key written over several lines (only a flow mapping
                    # allows that, and such a mapping may become block style): left as written.
                    if self._explicit_key(start) or "\n" in self.text[start:end]:
                        root_unsupported = True
                add(node)
            elif isinstance(event, ev.AliasEvent):
                self.opaque.append((start, end))
                if stack and stack[-1][0].kind == "map" and stack[-1][1] is None and self._explicit_key(start):
                    root_unsupported = True
                add(_Node("alias", start, end, value=event.anchor))
            elif isinstance(event, ev.CollectionStartEvent):
                kind = "map" if isinstance(event, ev.MappingStartEvent) else "seq"
                node = _Node(kind, start, end, event.anchor, event.tag, flow=bool(event.flow_style))
                if stack and stack[-1][0].kind == "map" and stack[-1][1] is None:
                    root_unsupported = True  # a mapping or sequence used as a key
                add(node)
                stack.append((node, None))
            elif isinstance(event, ev.CollectionEndEvent):
                node, _ = stack.pop()
                node.end = end

    def _explicit_key(self, offset: int) -> bool:
        """Whether the key at ``offset`` is written after a `?` indicator."""
        i = offset - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        return i >= 0 and self.text[i] == "?"

    # comments
    def in_opaque(self, offset: int) -> bool:
        i = bisect_right(self._opaque_starts, offset) - 1
        return i >= 0 and offset < self.opaque[i][1]

    def comments(self, start: int = 0, end: int | None = None) -> list[_Comment]:
        end = len(self.text) if end is None else end
        out: list[_Comment] = []
        text = self.text
        skip_to = start
        for m in re.finditer("#", text[start:end]):
            i = start + m.start()
            if i < skip_to or (i > 0 and text[i - 1] not in " \t\n") or self.in_opaque(i):
                continue
            stop = text.find("\n", i)
            stop = len(text) if stop == -1 else stop
            skip_to = stop
            line = self.line_of(i)
            column = i - self.line_starts[line]
            full = not text[self.line_starts[line] : i].strip()
            out.append(_Comment(i, line, column, text[i:stop].rstrip(), full))
        return out


# --- comment attachment -------------------------------------------------------------------------


def _is_block(node: _Node) -> bool:
    return node.kind in ("map", "seq") and node.block


class _Layout:
    """Decides block/flow, entry positions and where every comment of one document goes."""

    def __init__(self, reader: _Reader, doc: _Doc, root: _Node, reorder: bool) -> None:
        self.r = reader
        self.doc = doc
        self.root = root
        self.reorder = reorder
        self.comments = reader.comments(doc.body_start, doc.body_end)
        self._comment_offsets = [c.offset for c in self.comments]
        self.header: list[str] = []
        self.header_blank = True  # a blank line between the header and what follows it
        self.flat: list[_Entry] = []
        self._decide_block(root, is_root=True)
        self._walk(root, 0)
        self._assign_roles(root, "root")
        self._attach()

    def _decide_block(self, node: _Node, is_root: bool = False) -> None:
        if node.kind not in ("map", "seq"):
            return
        if not node.entries:
            node.block = False
        elif not node.flow or is_root:
            node.block = True
        else:
            spans_lines = self.r.line_of(node.start) != self.r.line_of(max(node.start, node.end - 1))
            i = bisect_right(self._comment_offsets, node.start)
            holds_comment = i < len(self._comment_offsets) and self._comment_offsets[i] < node.end
            node.block = spans_lines or holds_comment
        for e in node.entries:
            e.value.parent = e
            if e.key is not None:
                self._decide_block(e.key)
            self._decide_block(e.value)

    def _walk(self, coll: _Node, depth: int) -> None:
        """Entry starts and ends, in document order (pre-order), for block collections."""
        prev_end = coll.start
        for e in coll.entries:
            e.depth = depth
            if e.key is not None:
                e.start = e.key.start
            elif coll.flow:
                e.start = e.value.start
            else:
                e.start = self._dash(coll, prev_end, first=e is coll.entries[0])
            self.flat.append(e)
            if _is_block(e.value):
                self._walk(e.value, depth + 1)
                e.content_end = e.value.entries[-1].content_end
            elif e.value.is_empty_scalar and not e.value.has_props:
                e.content_end = e.key.end if e.key is not None else e.start + 1
            else:
                e.content_end = e.value.start + len(self.r.text[e.value.start : e.value.end].rstrip())
            prev_end = e.content_end

    def _dash(self, coll: _Node, after: int, first: bool) -> int:
        text = self.r.text
        if first and text.startswith("-", coll.start):
            return coll.start
        m = _DASH.search(text, after if not first else coll.start)
        if m is None:  # cannot happen for a well-formed block sequence
            return after
        return m.end() - 1

    def _assign_roles(self, node: _Node, role: str) -> None:
        node.role = role
        for e in node.entries:
            name = e.key.value if e.key is not None and e.key.kind == "scalar" else None
            v = e.value
            child = ""
            if role == "root" and name == "policies" and v.kind == "map":
                for p in v.entries:
                    if p.value.kind == "map":
                        self._assign_roles(p.value, "policy")
                continue
            if role == "root" and name in ("contexts", "mounts") and v.kind == "seq":
                for item in v.entries:
                    if item.value.kind == "map":
                        self._assign_roles(item.value, "context" if name == "contexts" else "mount")
                continue
            if role == "root" and name == "browser_context":
                child = "browser"
            elif role == "browser" and f"browser:{name}" in _ORDERS:
                child = f"browser:{name}"
            elif role == "context" and name == "policy":
                child = "policy"
            elif role == "policy" and name in SECTIONS:
                child = f"section:{name}"
            elif role == "section:bw_list" and name == "white_lists" and v.kind == "seq":
                for item in v.entries:
                    if item.value.kind == "map":
                        self._assign_roles(item.value, "whitelist")
                continue
            if child and v.kind == "map":
                self._assign_roles(v, child)

    # where comments go
    def _ancestors(self, e: _Entry | None) -> list[_Node]:
        out: list[_Node] = []
        coll = e.parent if e is not None else None
        while coll is not None:
            out.append(coll)
            coll = coll.parent.parent if coll.parent is not None else None
        return out

    def _attach(self) -> None:
        r = self.r
        starts = [e.start for e in self.flat]
        # Entries that can own an end-of-line comment, by line; entries whose value spans lines.
        self._by_line: dict[int, list[_Entry]] = {}
        multiline: list[_Entry] = []
        for e in self.flat:
            if _is_block(e.value):
                self._by_line.setdefault(r.line_of(e.start), []).append(e)
                continue
            end_line = r.line_of(max(e.start, e.content_end - 1))
            self._by_line.setdefault(end_line, []).append(e)
            if end_line != r.line_of(e.start):
                multiline.append(e)
        leading: dict[int, list[_Comment]] = {}
        trailing: dict[int, list[_Comment]] = {}
        for c in self.comments:
            if not c.full_line:
                owner = self._eol_owner(c)
                if owner is not None:
                    owner.eol = c.text
                    continue
            inside = [e for e in multiline if e.start < c.offset < e.content_end]
            if inside:
                target = max(inside, key=lambda e: e.depth)
                leading.setdefault(id(target), []).append(c)
                continue
            i = bisect_right(starts, c.offset)
            nxt = self.flat[i] if i < len(self.flat) else None
            prev = self.flat[i - 1] if i > 0 else None
            open_colls = {id(a) for a in self._ancestors(nxt)} if nxt is not None else set()
            home: _Node | None = None
            for coll in self._ancestors(prev):
                if id(coll) in open_colls:
                    break
                if r.column_of(coll.entries[0].start) <= c.column:
                    home = coll
                    break
            if home is None and nxt is None:
                home = self.root
            if home is not None:
                trailing.setdefault(id(home), []).append(c)
            elif nxt is not None:
                leading.setdefault(id(nxt), []).append(c)
        first = self.root.entries[0]
        head = self._header_comments(leading.get(id(first), []), first)
        if head:
            taken = {id(c) for c in head}
            leading[id(first)] = [c for c in leading[id(first)] if id(c) not in taken]
            self.header = self._lines(head, None)
            while self.header and self.header[0] == "":
                self.header.pop(0)
            self.header_blank = self._is_blank(head[-1].line + 1)
        for e in self.flat:
            e.leading = self._lines(leading.get(id(e), []), e.start)
        if head:  # the blank line that ended the header is the header's, not the first key's
            while first.leading and first.leading[0] == "":
                first.leading.pop(0)
        for coll in [self.root] + [e.value for e in self.flat if _is_block(e.value)]:
            coll.trailing = self._lines(trailing.get(id(coll), []), None)

    def _header_comments(self, comments: list[_Comment], first: _Entry) -> list[_Comment]:
        """The comments at the top of the document that stay there whatever key comes first.

        Above the root's anchor or tag: all of them. Otherwise the comment block at
        the top is the header; when blank lines split it, the last part (the one
        right above the first key, with no blank line between) stays with that key.
        """
        top = [c for c in comments if c.offset < first.start]
        if not top:
            return []
        if self.root.has_props:
            return [c for c in top if c.offset < self.root.start]
        cut = 0
        for i in range(1, len(top)):
            if self._blank_before(top[i].line):
                cut = i
        if self._blank_before(self.r.line_of(first.start)):
            cut = len(top)
        return top[:cut] if cut else top

    def _is_blank(self, line: int) -> bool:
        r = self.r
        return line < len(r.line_starts) and not r.line_text(line).strip() and line not in r.keep_lines

    def _eol_owner(self, c: _Comment) -> _Entry | None:
        r = self.r
        best: _Entry | None = None
        for e in self._by_line.get(c.line, ()):
            if _is_block(e.value):
                hit = r.line_of(e.start) == c.line and e.start < c.offset
            else:
                hit = r.line_of(max(e.start, e.content_end - 1)) == c.line and e.content_end <= c.offset
            if hit and (best is None or e.depth >= best.depth):
                best = e
        return best

    def _blank_before(self, line: int) -> bool:
        r = self.r
        return line > 0 and not r.line_text(line - 1).strip() and (line - 1) not in r.keep_lines

    def _lines(self, comments: list[_Comment], entry_start: int | None) -> list[str]:
        out: list[str] = []
        before = [c for c in comments if entry_start is None or c.offset < entry_start]
        after = [c for c in comments if entry_start is not None and c.offset > entry_start]
        for c in before:
            if self._blank_before(c.line) and (not out or out[-1] != ""):
                out.append("")
            out.append(c.text)
        if entry_start is not None and self._blank_before(self.r.line_of(entry_start)) and (not out or out[-1] != ""):
            out.append("")
        out.extend(c.text for c in after)
        return out


# --- the emitter -------------------------------------------------------------------------------------

_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_PLAIN_SAFE = re.compile(r"[A-Za-z_/][A-Za-z0-9_./@+-]*\Z")


def _unquoted(body: str, node: _Node) -> str:
    """The plain form of a quoted scalar when quotes are not needed; else the scalar as written."""
    if node.style not in ("'", '"') or "\n" in body or len(body) < 2:
        return body
    value = node.value
    if body[1:-1] != value or not _PLAIN_SAFE.match(value) or value.lower() in _YAML11_WORDS:
        return body
    if resolve_plain(value) != value:
        return body
    return value


class _Emitter:
    def __init__(self, reader: _Reader, reorder: bool) -> None:
        self.r = reader
        self.reorder = reorder
        self._memo: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        # (list, its length, node) just after a block scalar was written: what follows must not join it.
        # (the list itself, not its id: a freed list's id is reused; it is kept alive here on purpose).
        self._scalar_end: tuple[list[str], int, _Node] | None = None

    def ordered(self, coll: _Node) -> list[_Entry]:
        order = _ORDERS.get(coll.role) if self.reorder and coll.kind == "map" else None
        if not order:
            return coll.entries
        rank = {name: i for i, name in enumerate(order)}

        def key(e: _Entry) -> int:
            k = e.key
            if k is None or k.kind != "scalar":
                return len(order)
            if k.value == "<<" and not k.style:
                return -1
            return rank.get(k.value, len(order))

        return self._constrained_sort(coll.entries, key)

    def _names(self, node: _Node | None) -> tuple[frozenset[str], frozenset[str]]:
        """(anchors defined, aliases used) in a subtree."""
        if node is None:
            return frozenset(), frozenset()
        memo = self._memo.get(id(node))
        if memo is not None:
            return memo
        anchors = {node.anchor} if node.anchor else set()
        aliases = {node.value} if node.kind == "alias" else set()
        for e in node.entries:
            for part in (e.key, e.value):
                a, b = self._names(part)
                anchors |= a
                aliases |= b
        memo = (frozenset(anchors), frozenset(aliases))
        self._memo[id(node)] = memo
        return memo

    def _constrained_sort(self, entries: list[_Entry], rank: Callable[[_Entry], int]) -> list[_Entry]:
        """Sort by rank (stable), except that an entry using an alias stays after the entry defining it."""
        names = [(self._names(e.key)[0] | self._names(e.value)[0], self._names(e.key)[1] | self._names(e.value)[1])
                 for e in entries]
        defined: dict[str, list[int]] = {}  # anchor -> the entries defining it, in order
        for i, (anchors, _) in enumerate(names):
            for anchor in anchors:
                defined.setdefault(anchor, []).append(i)
        needs = [{j for a in aliases for j in defined.get(a, ()) if j < i} for i, (_, aliases) in enumerate(names)]
        placed: set[int] = set()
        out: list[_Entry] = []

        # An entry's anchors come first, pulled up with it (depth first, without a recursive
        # closure: that would be a reference cycle left for the collector, which is off here).
        for first in sorted(range(len(entries)), key=lambda i: (rank(entries[i]), i)):
            stack = [(first, False)]
            while stack:
                i, ready = stack.pop()
                if ready:
                    out.append(entries[i])
                    continue
                if i in placed:
                    continue
                placed.add(i)
                stack.append((i, True))
                stack.extend((j, False) for j in sorted(needs[i], key=lambda j: (rank(entries[j]), j), reverse=True))
        return out

    # scalars
    def scalar(self, node: _Node, new_col: int, old_col: int) -> str:
        props = _props(node)
        if node.kind == "alias":
            return "*" + node.value
        if node.is_empty_scalar:
            return props
        body = self.r.text[node.start : node.end]
        if node.has_props:
            m = _PROPS.match(body)
            if m:
                body = body[m.end() :]
        if node.style in ("|", ">"):
            body = self._block_scalar(body, new_col, old_col)
        elif "\n" in body:
            first, *rest = body.split("\n")
            pad = " " * (new_col + INDENT)
            body = "\n".join([first] + [pad + line.lstrip(" \t") if line.strip(" \t") else "" for line in rest])
        else:
            body = _unquoted(body, node)
        return f"{props} {body}" if props else body

    def _block_scalar(self, body: str, new_col: int, old_col: int) -> str:
        if body.endswith("\n"):
            body = body[:-1]
        header, *lines = body.split("\n")
        indicator = _PROPS.sub("", header, count=1).split("#", 1)[0]
        digits = [ch for ch in indicator if ch.isdigit()]
        content = [line for line in lines if line.strip()]
        if digits:
            old_indent = old_col + int(digits[0])
        elif content:
            old_indent = min(len(line) - len(line.lstrip(" ")) for line in content)
        else:
            old_indent = old_col + INDENT
        # An explicit indentation indicator is relative to the owner's column: shift with it.
        # Otherwise the content moves to 2 columns past the owner, keeping its inner indentation.
        new_indent = old_indent + new_col - old_col if digits else new_col + INDENT
        out = []
        for line in lines:
            if not line.strip(" ") and len(line) <= old_indent:
                out.append("")
            else:
                out.append(" " * new_indent + line[old_indent:])
        if "+" not in indicator:
            while out and out[-1] == "":
                out.pop()
        return "\n".join([header] + out)

    def key_text(self, key: _Node, col: int) -> str:
        if key.kind == "alias":
            return f"*{key.value} "  # `*a:` would read as the alias `a:`
        if key.is_empty_scalar and key.has_props:
            return self.scalar(key, col, col) + " "  # an empty key with a tag: `!:` would read as the tag `!:`
        return self.scalar(key, col, col)

    def inline(self, node: _Node, new_col: int, old_col: int) -> str:
        if node.kind in ("scalar", "alias"):
            return self.scalar(node, new_col, old_col)
        props = _props(node)
        flow = self.flow(node, new_col)
        return f"{props} {flow}" if props else flow

    def flow(self, node: _Node, col: int) -> str:
        parts = []
        for e in self.ordered(node):
            value = self.inline(e.value, col, col)
            if e.key is None:
                parts.append(value)
            else:
                key = self.key_text(e.key, col)
                parts.append(f"{key}: {value}" if value else key.rstrip())
        inner = ", ".join(parts)
        return f"[{inner}]" if node.kind == "seq" else f"{{{inner}}}"

    # block collections
    def block(self, coll: _Node, indent: int, out: list[str]) -> None:
        for i, e in enumerate(self.ordered(coll)):
            lead = e.leading
            if i == 0:
                while lead and lead[0] == "":
                    lead = lead[1:]
            self._comment_lines(lead, indent, out)
            if coll.kind == "map":
                self.pair(e, indent, out)
            else:
                self.item(e, indent, out)
            if e.value.kind == "scalar" and e.value.style in ("|", ">"):
                self._scalar_end = (out, len(out), e.value)
        self._comment_lines(coll.trailing, indent, out)

    def _keeps(self, node: _Node) -> bool:
        header = self.r.text[node.start : node.end].split("\n", 1)[0]
        return "+" in _PROPS.sub("", header, count=1).split("#", 1)[0]

    def _comment_lines(self, lines: list[str], indent: int, out: list[str]) -> None:
        pad = " " * indent
        for line in lines:
            if line:
                out.append(pad + line)
            elif not self._after_scalar(out) or not self._keeps(self._scalar_end[2]):  # type: ignore[index]
                out.append("")  # (a blank line right after `|+` would join its value)

    def _after_scalar(self, out: list[str]) -> bool:
        end = self._scalar_end
        return end is not None and end[0] is out and end[1] == len(out)

    def _with_eol(self, line: str, e: _Entry) -> str:
        """``line`` plus the entry's end-of-line comment, two spaces after the content (as ruff does)."""
        return f"{line}  {e.eol}" if e.eol else line

    def pair(self, e: _Entry, indent: int, out: list[str]) -> None:
        assert e.key is not None
        head = " " * indent + self.key_text(e.key, indent) + ":"
        v = e.value
        if _is_block(v):
            props = _props(v)
            out.append(self._with_eol(head + (f" {props}" if props else ""), e))
            self.block(v, indent + INDENT, out)
            return
        text = self.inline(v, indent, self.r.column_of(e.start))
        out.append(self._with_eol(head + (f" {text}" if text else ""), e))

    def item(self, e: _Entry, indent: int, out: list[str]) -> None:
        v = e.value
        pad = " " * indent
        if _is_block(v):
            props = _props(v)
            first = self.ordered(v)[0]
            if props or e.eol or any(first.leading):
                out.append(self._with_eol(pad + "-" + (f" {props}" if props else ""), e))
                self.block(v, indent + INDENT, out)
                return
            sub: list[str] = []
            self.block(v, indent + INDENT, sub)
            sub[0] = pad + "- " + sub[0][indent + INDENT :]
            out.extend(sub)
            if self._after_scalar(sub):
                self._scalar_end = (out, len(out), self._scalar_end[2])  # type: ignore[index]
            return
        text = self.inline(v, indent, self.r.column_of(e.start))
        out.append(self._with_eol(pad + "-" + (f" {text}" if text else ""), e))

    def document(self, layout: _Layout) -> tuple[list[str], bool]:
        """The lines of one document, and whether they must end with a line break.

        A block scalar that ended with a line break in the input needs one after it
        even at the end of a file without a final newline, or its value would change.
        """
        out = list(layout.header)
        if out and layout.header_blank:
            out.append("")
        props = _props(layout.root)
        if props:
            out.append(props)
        self.block(layout.root, 0, out)
        needs_break = False
        if self._after_scalar(out):
            node = self._scalar_end[2]  # type: ignore[index]
            needs_break = self.r.text[node.start : node.end].endswith("\n")
        return out, needs_break


# --- the pipeline ------------------------------------------------------------------------------------


def _formattable(reader: _Reader, doc: _Doc) -> bool:
    root = doc.root
    return (
        root is not None
        and root.kind == "map"
        and bool(root.entries)
        and id(root) not in reader.unsupported
        and all(e.key is not None and e.key.kind in ("scalar", "alias") for e in root.entries)
    )


def _render(text: str, reorder: bool, reader: _Reader | None = None) -> str:
    reader = reader or _Reader(text)
    emitter = _Emitter(reader, reorder)
    out: list[str] = []
    pos = 0
    for doc in reader.docs:
        if not _formattable(reader, doc) or doc.root is None:
            continue
        layout = _Layout(reader, doc, doc.root, reorder)
        lines, needs_break = emitter.document(layout)
        region = text[doc.body_start : doc.body_end]
        out.append(text[pos : doc.body_start])
        body = "\n".join(lines)
        if doc.mid_line:
            body = "\n" + body
        if region.endswith("\n") or needs_break:
            body += "\n"
        out.append(body)
        pos = doc.body_end
    out.append(text[pos:])
    return "".join(out)


def _canonical(value: Any) -> Any:
    """Data made comparable: NaN equals NaN, and bools never equal 0/1."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return {_canonical_key(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _canonical_key(key: Any) -> Any:
    return ("bool", key) if isinstance(key, bool) else key


def _snapshot(
    text: str, limits: Limits, reader: _Reader | None = None, parsed: ParsedFile | None = None
) -> tuple[list[Any], Counter[str]] | None:
    """What formatting must keep: the data of every document and every comment."""
    parsed = parsed or parse(text, limits)
    if parsed.diagnostics:
        return None
    data = [_canonical(to_data(d.root)) for d in parsed.documents]
    return data, Counter(c.text for c in (reader or _Reader(text)).comments())


def comments_of(text: str) -> list[str]:
    """Every comment of a YAML text (``# ...``, trailing blanks stripped), in order; for tests and checks."""
    text = _normalise(text)
    return [c.text for c in _Reader(text).comments()]


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_parses(text: str, limits: Limits | None = None) -> ParsedFile:
    """Raise :class:`FormatError` (with SD001/SD004 and the position) unless ``text`` parses."""
    parsed = parse(text, limits or Limits())
    if parsed.diagnostics:
        d = parsed.diagnostics[0]
        raise FormatError(d.message, d.span.start.line, d.span.start.column, d.code)
    return parsed


def format_text(text: str, limits: Limits | None = None) -> str:
    """The canonical layout of ``text``; raises :class:`FormatError` when it does not parse.

    Line endings (the first one found is used throughout), a leading BOM and the
    presence of a final newline are kept.
    """
    # The event lists and trees are many small objects that all live until the end: the cyclic
    # collector would rescan them again and again (most of the time on files of many documents).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _format_text(text, limits)
    finally:
        if enabled:
            gc.enable()


def _format_text(text: str, limits: Limits | None) -> str:
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    m = re.search(r"\r\n|\r|\n", body)
    newline = m.group(0) if m else "\n"
    body = _normalise(body)
    try:
        body.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FormatError(f"the text is not valid Unicode: {exc.reason}") from None
    limits = limits or Limits()
    parsed = check_parses(body, limits)
    reader = _Reader(body)
    before = _snapshot(body, limits, reader, parsed)
    if before is None:  # pragma: no cover - check_parses() let it through
        raise FormatError("the text does not parse")
    result = None
    for reorder in (True, False):
        # The first attempt reuses the reader; a layout run changes its tree, so a retry reads afresh.
        candidate = _render(body, reorder, reader if reorder else None)
        if candidate == body or _snapshot(candidate, limits) == before:
            result = candidate
            break
    if result is None:
        raise FormatError("formatting would change the data or lose a comment; the text is left as it is (a bug)")
    if newline != "\n":
        result = result.replace("\n", newline)
    return ("\ufeff" if bom else "") + result


__all__ = ["FormatError", "check_parses", "comments_of", "format_text"]
