"""The document layer: bytes in, a YAML tree with exact spans out.

Everything about raw input lives here: encodings (UTF-8 with or without BOM,
UTF-16/32 by BOM), line endings, the input limits (size, nesting depth, alias
expansion), YAML syntax errors, duplicate keys, tags and non-string keys.
Rules only ever see :mod:`syncdsl.nodes` trees.

Parsing goes through one function, :func:`parse`, which builds the tree in
one pass over an event stream from :mod:`syncdsl.yaml_events`: libyaml's (C,
about ten times faster) for every file first; ruamel.yaml's pure-Python parser
with YAML 1.2 fixes when libyaml reports a syntax error (to confirm the error
or read the valid file it rejected) and for text holding a construct libyaml
would silently misread (``&id:1``, ``[?x]``). Nesting depth and alias
expansion are counted as the events arrive, without recursion, so the limits
hold whichever parser runs. Scalars are resolved here (the YAML 1.2 core
schema), never by a parser.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right

from syncdsl import yaml_events
from syncdsl.diagnostics import Diagnostic, Position, Related, Severity, Span
from syncdsl.nodes import MERGE_KEY, MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.records import field, record

# Hard ceiling for the configurable depth limit: past it the C composer's
# recursion and Python's own recursion limit become a risk.
MAX_DEPTH_CEILING = 500


@record(frozen=True)
class Limits:
    max_file_size: int = 5_000_000  # bytes
    max_depth: int = 100  # nesting levels of mappings and sequences
    max_aliases: int = 10_000  # nodes added by expanding aliases


@record
class Source:
    """Decoded text and what is needed to write it back unchanged."""

    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
            self._line_starts = starts
        return self._line_starts

    def position_at(self, offset: int) -> Position:
        starts = self.line_starts
        line = bisect_right(starts, offset) - 1
        return Position(line, offset - starts[line])

    def offset_of(self, pos: Position) -> int:
        starts = self.line_starts
        if pos.line >= len(starts):
            return len(self.text)
        return min(starts[pos.line] + pos.column, len(self.text))

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if line >= len(starts):
            return ""
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        return self.text[starts[line] : end].rstrip("\r\n")


@record
class YamlDocument:
    """One YAML document of a file (files may hold several, separated by ``---``)."""

    root: Node | None
    span: Span
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Spans of nodes that an alias refers to: their text belongs to several keys at once.
    shared: set[Span] = field(default_factory=set)


@record
class ParsedFile:
    source: Source
    documents: list[YamlDocument]
    # Findings that belong to the file rather than one document (SD001, SD004).
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.all_diagnostics())

    def all_diagnostics(self) -> list[Diagnostic]:
        out = list(self.diagnostics)
        for doc in self.documents:
            out.extend(doc.diagnostics)
        return out


class DecodeError(ValueError):
    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.position = position


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# libyaml (YAML 1.1) also breaks lines on NEL, LS and PS; editors and the LSP do not.
_EXTRA_BREAKS = re.compile("[\x85\u2028\u2029]")

_NAMES = {
    "SD001": "yaml-syntax",
    "SD002": "duplicate-key",
    "SD003": "unsupported-yaml",
    "SD004": "input-limit",
    "SD005": "not-a-config",
}


def _diag(code: str, span: Span, message: str, related: tuple[Related, ...] = ()) -> Diagnostic:
    return Diagnostic(code, _NAMES[code], Severity.ERROR, message, span, None, related)


def _point(pos: Position) -> Span:
    return Span(pos, pos)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_NUL_MESSAGE = "NUL byte in file: this looks like a binary file, not YAML"


def decode(data: bytes) -> Source:
    """Decode bytes by BOM (UTF-8 without one); raise DecodeError with a position."""
    encoding, bom = "utf-8", False
    body = data
    for mark, name in _BOMS:
        if data.startswith(mark):
            encoding, bom, body = name, True, data[len(mark) :]
            break
    if not bom and b"\x00" in body:
        prefix = body[: body.index(b"\x00")].decode(encoding, errors="replace")
        where = Source(prefix).position_at(len(prefix))
        raise DecodeError(_NUL_MESSAGE, where)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode(encoding, errors="replace")
        where = Source(good).position_at(len(good))
        bad = body[exc.start : exc.start + 1].hex()
        raise DecodeError(f"invalid {encoding.upper()} (byte 0x{bad}): {exc.reason}", where) from None
    return _source(text, encoding, bom)


def _source(text: str, encoding: str = "utf-8", bom: bool = False) -> Source:
    if text.startswith("\ufeff"):
        text, bom = text[1:], True
    lf = text.find("\n")  # the first line break decides the file's line endings
    newline = "\r\n" if lf > 0 and text[lf - 1] == "\r" else "\n"
    return Source(text, encoding, bom, newline)


def parse(data: bytes | str, limits: Limits = Limits()) -> ParsedFile:
    """Parse raw bytes or text into documents; never raises for bad input."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > limits.max_file_size:
        src = Source("")
        msg = f"file is {size:,} bytes, over the {limits.max_file_size:,}-byte limit (max-file-size)"
        return ParsedFile(src, [], [_diag("SD004", _point(Position(0, 0)), msg)])
    if isinstance(data, str):
        source = _source(data)
        try:
            source.text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: not text any encoder can write
            where = source.position_at(exc.start)
            msg = f"invalid character U+{ord(source.text[exc.start]):04X} (a lone surrogate): not valid Unicode text"
            return ParsedFile(source, [], [_diag("SD001", _point(where), msg)])
        if "\x00" in source.text:
            where = source.position_at(source.text.index("\x00"))
            return ParsedFile(source, [], [_diag("SD001", _point(where), _NUL_MESSAGE)])
    else:
        try:
            source = decode(data)
        except DecodeError as exc:
            return ParsedFile(Source(""), [], [_diag("SD001", _point(exc.position), str(exc))])
    return _Builder(source, limits).run()


# --- scalars: the YAML 1.2 core schema -------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

CORE_TAG_PREFIX = "tag:yaml.org,2002:"
_CORE_TAGS = {CORE_TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}
_CORE_TAGS.add("!")
# Anchor and tag properties before a node's content, each followed by blanks or the line end.
_PROPERTIES = re.compile(r"(?:[&!][^\s]*(?:[ \t]+|(?=[\r\n])|$))+")


# First characters of every plain scalar that is not a string (null, bool, int, float).
_NON_STRING_START = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(text: str) -> str | int | float | bool | None:
    if not text:
        return None
    if text[0] not in _NON_STRING_START:  # most values: paths, ids, enum names
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def _tagged_value(tag: str, text: str) -> str | int | float | bool | None:
    kind = tag[len(CORE_TAG_PREFIX) :] if tag.startswith(CORE_TAG_PREFIX) else ""
    value = resolve_plain(text)
    if kind == "str" or tag == "!":
        return text
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "null" and value is None:
        return None
    return text


# --- composition ---------------------------------------------------------------------


class _LimitExceeded(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


# tuple.__new__ skips the Python-level __new__ of a NamedTuple: the parser makes ~3 per node.
_new_tuple = tuple.__new__


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("node", "start", "anchor", "size", "key", "first", "is_seq")

    def __init__(self, node: MappingNode | SequenceNode, start: Position, anchor: str | None, is_seq: bool) -> None:
        self.node = node
        self.is_seq = is_seq
        self.start = start
        self.anchor = anchor
        self.size = 1
        self.key: Node | None = None  # a mapping's key waiting for its value
        # First key node per key: string keys by value, other scalars by (type, value).
        self.first: dict[object, Node] = {}


class _Builder:
    """Builds the tree straight from the C parser's event stream, in one pass.

    No recursion (so no depth can crash it), nesting and alias expansion are
    counted as they happen, and every alias has its own position.
    """

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.max_depth = max(1, min(limits.max_depth, MAX_DEPTH_CEILING))
        self.extra_breaks = bool(_EXTRA_BREAKS.search(source.text))
        self.remap = self.extra_breaks
        # The parsers' end-of-input mark can sit on a line after the last one (no final newline).
        self.last_line = source.text.count("\n") if "\r" not in source.text else len(source.line_starts) - 1
        self._reset()

    def _reset(self) -> None:
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.shared: set[Span] = set()
        self.expanded = 0

    def pos(self, mark: object) -> Position:
        if self.remap:
            return self.source.position_at(min(mark.index, len(self.source.text)))  # type: ignore[attr-defined]
        if mark.line > self.last_line:  # type: ignore[attr-defined]
            return self.source.position_at(len(self.source.text))
        return _new_tuple(Position, (mark.line, mark.column))  # type: ignore[attr-defined]

    def run(self) -> ParsedFile:
        # libyaml first, unless the text holds a construct that it would read differently from YAML 1.2
        # (or accept although it is invalid); the conformant parser then decides alone.
        # Without libyaml (ruamel.yaml.clib not loadable on this Python) the conformant parser reads every file.
        has_c = yaml_events.c_parser_available()
        trust_c = has_c and not yaml_events.c_parser_may_misread(self.source.text)
        if trust_c:
            first = self._parse(conformant=False)
            if isinstance(first, ParsedFile):
                return self._finish(first)
            c_error = first
            if yaml_events.rejected_from_restart(self.source.text):
                # The conformant parser rejects the text too (read from the last restart point before the
                # error, not as a tab used as indentation): libyaml's message stands, as below.
                self.remap = self.extra_breaks
                result = ParsedFile(self.source, [])
                result.diagnostics.append(self._syntax_error(c_error, True))
                return result
        # libyaml rejects the text, or cannot be trusted with it: the conformant parser reads it.
        second = self._parse(conformant=True)
        if isinstance(second, ParsedFile):
            return self._finish(second)
        if not trust_c:
            # libyaml's outcome only for its message, when it rejects the text too.
            c_outcome = self._parse(conformant=False) if has_c else second
            c_error = c_outcome if isinstance(c_outcome, Exception) else second
        # The message is libyaml's where both reject the text (familiar, and what 0.1.0 said), except
        # where the conformant parser knows better: a tab used as indentation.
        error = second if yaml_events.is_tab_indentation(second) else c_error
        from_c = error is not second
        self.remap = self.extra_breaks or not from_c
        result = ParsedFile(self.source, [])
        result.diagnostics.append(self._syntax_error(error, from_c))
        return result

    def _parse(self, conformant: bool) -> ParsedFile | Exception:
        """The file read by one parser, or that parser's error (input limits are findings, not errors)."""
        self._reset()
        # The pure-Python reader counts columns its own way (a BOM inside the text adds none): use offsets.
        self.remap = self.extra_breaks or conformant
        result = ParsedFile(self.source, [])
        make_parser = yaml_events.conformant_parser if conformant else yaml_events.c_parser
        parser = None
        try:
            parser = make_parser(self.source.text)  # the pure-Python reader checks characters here
            self._events(parser, result)
        except _LimitExceeded as exc:
            result.documents = []
            result.diagnostics.append(exc.diagnostic)
        except Exception as exc:  # noqa: BLE001 - every parser failure is a syntax error
            return exc
        finally:
            if parser is not None:
                parser.dispose()
        return result

    def _finish(self, result: ParsedFile) -> ParsedFile:
        if result.diagnostics:
            return result
        if not result.documents:
            end = self.source.position_at(len(self.source.text))
            empty = YamlDocument(None, Span(Position(0, 0), end))
            empty.diagnostics.append(
                _diag(
                    "SD005",
                    _point(Position(0, 0)),
                    "the file is empty; expected a mapping with `version` and `contexts`",
                )
            )
            result.documents.append(empty)
        return result

    def _events(self, parser: object, result: ParsedFile) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentEndEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        get_event = parser.get_event  # type: ignore[attr-defined]
        stack: list[_Frame] = []
        diagnostics: list[Diagnostic] = []
        root: list[tuple[Node, int]] = []
        doc_start = Position(0, 0)
        max_depth = self.max_depth
        scalar = self._scalar
        check_key = self._check_key
        remap = self.remap
        last_line = self.last_line
        # get_event() gives None once the stream has ended: one C call per event instead of two.
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent:  # the common case, with _scalar's plain path and _add inlined
                if remap or event.tag is not None or event.anchor is not None:
                    node = scalar(event, diagnostics)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (node, 1)
                else:
                    start_mark = event.start_mark
                    end_mark = event.end_mark
                    value = event.value
                    style = event.style or ""
                    span = _new_tuple(
                        Span,
                        (
                            _new_tuple(Position, (start_mark.line, start_mark.column)),
                            _new_tuple(Position, (end_mark.line, end_mark.column))
                            if end_mark.line <= last_line
                            else self.pos(end_mark),
                        ),
                    )
                    if style or (value and value[0] not in _NON_STRING_START):
                        node = ScalarNode(span, value, style)
                    else:
                        node = ScalarNode(span, resolve_plain(value), style)
                if not stack:
                    root.append((node, 1))
                    continue
                parent = stack[-1]
                parent.size += 1
                if parent.is_seq:
                    parent.node.items.append(node)  # type: ignore[union-attr]
                elif parent.key is None:
                    parent.key = node
                else:
                    key = parent.key
                    parent.key = None
                    parent.node.pairs.append((key, node))  # type: ignore[union-attr]
                    # _check_key's common case: a new string key (not `<<`) is only recorded.
                    name = key.value if type(key) is ScalarNode else None
                    if type(name) is str and name != MERGE_KEY and name not in parent.first:
                        parent.first[name] = key
                    else:
                        check_key(parent, key, diagnostics)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                start = self.pos(mark) if remap else _new_tuple(Position, (mark.line, mark.column))
                if len(stack) >= max_depth:
                    msg = f"nesting deeper than {max_depth} levels (max-depth)"
                    raise _LimitExceeded(_diag("SD004", _point(start), msg))
                tag = None if event.tag is None else self._collection_tag(event, diagnostics)
                flow = bool(event.flow_style)
                empty = _new_tuple(Span, (start, start))
                collection: MappingNode | SequenceNode = (
                    MappingNode(empty, [], flow, tag)
                    if kind is MappingStartEvent
                    else SequenceNode(empty, [], flow, tag)
                )
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                stack.append(_Frame(collection, start, event.anchor, kind is SequenceStartEvent))
            elif kind is AliasEvent:
                self._alias(event, stack, root, diagnostics)
            elif kind is DocumentStartEvent:
                doc_start = self.pos(event.start_mark)
                diagnostics = []
                root = []
                self.anchors.clear()
                self.open_anchors.clear()
                self.shared = set()
                self.expanded = 0
            elif kind is DocumentEndEvent:
                top = root[0][0] if root else None
                result.documents.append(self._document(top, Span(doc_start, self.pos(event.end_mark)), diagnostics))
            elif stack and (
                kind is MappingEndEvent or kind is SequenceEndEvent or event.__class__.__name__.endswith("EndEvent")
            ):
                frame = stack.pop()
                done = frame.node
                mark = event.end_mark
                end = (
                    _new_tuple(Position, (mark.line, mark.column))
                    if not remap and mark.line <= last_line
                    else self.pos(mark)
                )
                done.span = _new_tuple(Span, (frame.start, end))
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (done, frame.size)
                self._add(stack, root, done, frame.size, diagnostics)

    def _add(
        self, stack: list[_Frame], root: list[tuple[Node, int]], node: Node, size: int, diags: list[Diagnostic]
    ) -> None:
        if not stack:
            root.append((node, size))
            return
        parent = stack[-1]
        parent.size += size
        container = parent.node
        if isinstance(container, SequenceNode):
            container.items.append(node)
            return
        key = parent.key
        if key is None:
            parent.key = node
            return
        parent.key = None
        container.pairs.append((key, node))
        self._check_key(parent, key, diags)

    def _check_key(self, frame: _Frame, key: Node, diags: list[Diagnostic]) -> None:
        value = getattr(key, "value", None)
        if type(value) is str:  # the common case: a string scalar key
            if value == MERGE_KEY and key.style == "":  # type: ignore[attr-defined]
                return
            ident: object = value
        elif not isinstance(key, ScalarNode):
            diags.append(_diag("SD003", key.span, "complex (mapping or list) keys are not supported"))
            return
        else:
            diags.append(
                _diag("SD003", key.span, f"non-string key `{_key_text(self.source, key)}`: keys must be strings")
            )
            ident = (type(value), value)
        prior = frame.first.get(ident)
        if prior is None:
            frame.first[ident] = key
            return
        diags.append(
            _diag(
                "SD002",
                key.span,
                f"duplicate key `{value}` (first defined on line {prior.span.start.line + 1})",
                (Related(prior.span, f"`{value}` first defined here"),),
            )
        )

    def _alias(self, event: object, stack: list[_Frame], root: list[tuple[Node, int]], diags: list[Diagnostic]) -> None:
        name = event.anchor  # type: ignore[attr-defined]
        at = Span(self.pos(event.start_mark), self.pos(event.end_mark))  # type: ignore[attr-defined]
        if name in self.open_anchors:
            raise _LimitExceeded(_diag("SD003", at, "recursive alias: a node contains an alias to itself"))
        hit = self.anchors.get(name)
        if hit is None:
            raise _LimitExceeded(_diag("SD001", at, f"undefined alias `*{name}`: no anchor `&{name}` before it"))
        node, size = hit
        self.expanded += size
        self.shared.add(node.span)
        if self.expanded > self.limits.max_aliases:
            msg = (
                f"aliases expand to more than {self.limits.max_aliases:,} nodes (max-aliases);"
                " this looks like an alias bomb"
            )
            raise _LimitExceeded(_diag("SD004", at, msg))
        self._add(stack, root, node, size, diags)

    def _properties(self, start_mark: object) -> tuple[bool, int]:
        """(has an explicit tag, length of the anchor/tag properties before the content)."""
        text = self.source.text
        index = start_mark.index  # type: ignore[attr-defined]
        if index >= len(text) or text[index] not in "&!":
            return False, 0
        m = _PROPERTIES.match(text, index)
        if not m:
            return False, 0
        tagged = any(part.startswith("!") for part in m.group(0).split())
        rest = m.end()
        if rest < len(text) and text[rest] in "\r\n":
            return tagged, 0
        return tagged, rest - index

    def _scalar(self, event: object, diags: list[Diagnostic]) -> ScalarNode:
        start_mark = event.start_mark  # type: ignore[attr-defined]
        end_mark = event.end_mark  # type: ignore[attr-defined]
        if self.remap:
            start, end = self.pos(start_mark), self.pos(end_mark)
        else:  # the hot path of every parse: build the tuples directly
            start = _new_tuple(Position, (start_mark.line, start_mark.column))
            end = (
                _new_tuple(Position, (end_mark.line, end_mark.column))
                if end_mark.line <= self.last_line
                else self.pos(end_mark)
            )
        value: str = event.value  # type: ignore[attr-defined]
        style = event.style or ""  # type: ignore[attr-defined]
        tag = event.tag  # type: ignore[attr-defined]
        if tag is None and event.anchor is None:  # type: ignore[attr-defined]
            scalar = resolve_plain(value) if style == "" else value
            return ScalarNode(_new_tuple(Span, (start, end)), scalar, style)
        tagged, skip = self._properties(start_mark)
        span = Span(Position(start.line, start.column + skip), end) if skip else Span(start, end)
        if tag is None or not tagged:
            scalar = resolve_plain(value) if style == "" else value
            return ScalarNode(span, scalar, style)
        if tag not in _CORE_TAGS:
            full = Span(start, end)
            diags.append(
                _diag("SD003", full, f"unsupported tag `{_short_tag(tag)}`: only plain YAML values are allowed")
            )
            return ScalarNode(span, value, style, tag)
        return ScalarNode(span, _tagged_value(tag, value), style, tag)

    def _collection_tag(self, event: object, diags: list[Diagnostic]) -> str | None:
        tag = event.tag  # type: ignore[attr-defined]
        if tag is None:
            return None
        if tag not in _CORE_TAGS:
            # Underline the tag as written (`!!python/...`), not the whole collection.
            text, index = self.source.text, event.start_mark.index  # type: ignore[attr-defined]
            m = _PROPERTIES.match(text, index)
            props = m.group(0) if m else ""
            token = next((t for t in props.split() if t.startswith("!")), "")
            at = index + props.find(token) if token else index
            where = Span(self.source.position_at(at), self.source.position_at(at + len(token)))
            diags.append(
                _diag("SD003", where, f"unsupported tag `{_short_tag(tag)}`: only plain YAML values are allowed")
            )
        return tag

    def _document(self, root: Node | None, span: Span, diagnostics: list[Diagnostic]) -> YamlDocument:
        doc = YamlDocument(root, span, diagnostics, self.shared)
        if isinstance(root, MappingNode):
            return doc
        if root is None or isinstance(root, ScalarNode) and root.value is None:
            kind = "empty"
        else:
            kind = "a list" if isinstance(root, SequenceNode) else "a scalar"
        where = root.span if root is not None else _point(span.start)
        diagnostics.append(
            _diag("SD005", where, f"the document is {kind}; expected a mapping with `version` and `contexts`")
        )
        return doc

    def _syntax_error(self, exc: Exception, from_c: bool) -> Diagnostic:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None)
        context = getattr(exc, "context", None)
        if mark is not None and problem:
            message = problem if not context else f"{problem} ({context})"
            return _diag("SD001", _point(self._clamp(self.pos(mark))), message)
        position = getattr(exc, "position", None)
        reason = getattr(exc, "reason", None)
        if isinstance(position, int) and reason:
            char = getattr(exc, "character", None)
            what = f"character #x{char:04x}: " if isinstance(char, int) else ""
            if from_c:  # libyaml's reader counts UTF-8 bytes, not characters
                prefix = self.source.text.encode("utf-8", "surrogatepass")[:position]
                position = len(prefix.decode("utf-8", "ignore"))
            return _diag("SD001", _point(self.source.position_at(position)), f"unacceptable {what}{reason}")
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _diag("SD001", _point(Position(0, 0)), first)

    def _clamp(self, pos: Position) -> Position:
        """The parser's end-of-input mark may sit on a line past the last one."""
        last = len(self.source.line_starts) - 1
        if pos.line <= last:
            return pos
        return Position(last, len(self.source.line_text(last)))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(CORE_TAG_PREFIX) :] if tag.startswith(CORE_TAG_PREFIX) else tag


def _key_text(source: Source, node: ScalarNode) -> str:
    start = source.offset_of(node.span.start)
    end = source.offset_of(node.span.end)
    return source.text[start:end] or repr(node.value)
