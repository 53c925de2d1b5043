"""The document layer: bytes in, a YAML tree with exact spans out.

Everything about raw input lives here: encodings (UTF-8 with or without BOM,
UTF-16/32 by BOM), line endings, the input limits (size, nesting depth, alias
expansion), YAML syntax errors, duplicate keys, tags and non-string keys.
Rules only ever see :mod:`syncdsl.nodes` trees.

Parsing goes through one function, :func:`parse`. It composes with the C
parser of ``ruamel.yaml.clib`` (about ten times faster than the pure-Python
round-trip loader) but never lets it see input it cannot survive: the C
composer recurses per nesting level, so nesting is measured first — cheaply
from the text, and exactly from the event stream when the cheap bound is too
high — and over-deep input is refused with SD004 before composition. The
round-trip loader, which keeps comments, is used only by the formatter.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from syncdsl.diagnostics import Diagnostic, Position, Related, Severity, Span
from syncdsl.nodes import MERGE_KEY, MappingNode, Node, ScalarNode, SequenceNode

try:  # the composer's node classes; the C composer builds the same ones
    from ruamel.yaml.nodes import SequenceNode as RawSequence
except ImportError:  # pragma: no cover - ruamel.yaml is a hard dependency
    raise

# Hard ceiling for the configurable depth limit: past it the C composer's
# recursion and Python's own recursion limit become a risk.
MAX_DEPTH_CEILING = 500


@dataclass(frozen=True)
class Limits:
    max_file_size: int = 5_000_000  # bytes
    max_depth: int = 100  # nesting levels of mappings and sequences
    max_aliases: int = 10_000  # nodes added by expanding aliases


@dataclass
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


@dataclass
class YamlDocument:
    """One YAML document of a file (files may hold several, separated by ``---``)."""

    root: Node | None
    span: Span
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
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
        raise DecodeError("NUL byte in file: this looks like a binary file, not YAML", where)
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
    crlf = text.find("\r\n")
    lf = text.find("\n")
    newline = "\r\n" if crlf != -1 and crlf < lf + 1 and crlf == lf - 1 else "\n"
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
        if "\x00" in source.text:
            where = source.position_at(source.text.index("\x00"))
            msg = "NUL byte in file: this looks like a binary file, not YAML"
            return ParsedFile(source, [], [_diag("SD001", _point(where), msg)])
    else:
        try:
            source = decode(data)
        except DecodeError as exc:
            return ParsedFile(Source(""), [], [_diag("SD001", _point(exc.position), str(exc))])
    return _Composer(source, limits).run()


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


def resolve_plain(text: str) -> str | int | float | bool | None:
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


def _depth_upper_bound(text: str) -> int:
    """A cheap bound that is never below the real nesting depth."""
    indent = 0
    for m in re.finditer(r"^[ \-?:]+", text, re.M):
        indent = max(indent, len(m.group(0)))
    flow = text.count("[") + text.count("{")
    return indent + flow + 2


class _Composer:
    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.max_depth = max(1, min(limits.max_depth, MAX_DEPTH_CEILING))
        self.remap = bool(_EXTRA_BREAKS.search(source.text))
        self.converted: dict[int, Node] = {}
        self.sizes: dict[int, int] = {}
        self.expanded = 0

    # positions
    def pos(self, mark: object) -> Position:
        if self.remap:
            return self.source.position_at(mark.index)  # type: ignore[attr-defined]
        return Position(mark.line, mark.column)  # type: ignore[attr-defined]

    def span(self, node: object) -> Span:
        return Span(self.pos(node.start_mark), self.pos(node.end_mark))  # type: ignore[attr-defined]

    def run(self) -> ParsedFile:
        from ruamel.yaml.cyaml import CBaseLoader

        result = ParsedFile(self.source, [])
        text = self.source.text
        try:
            if _depth_upper_bound(text) > self.max_depth:
                self._check_depth(text)
            loader = CBaseLoader(text)
            try:
                while loader.check_node():
                    raw = loader.get_node()
                    result.documents.append(self._document(raw))
            finally:
                loader.dispose()
        except _LimitExceeded as exc:
            result.documents = []
            result.diagnostics.append(exc.diagnostic)
            return result
        except Exception as exc:  # noqa: BLE001 - every parser failure becomes SD001
            result.diagnostics.append(self._syntax_error(exc))
            return result
        if not result.documents:
            end = self.source.position_at(len(text))
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

    def _syntax_error(self, exc: Exception) -> Diagnostic:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None)
        context = getattr(exc, "context", None)
        if mark is not None and problem:
            message = problem if not context else f"{problem} ({context})"
            return _diag("SD001", _point(self.pos(mark)), message)
        position = getattr(exc, "position", None)
        reason = getattr(exc, "reason", None)
        if isinstance(position, int) and reason:
            char = getattr(exc, "character", None)
            what = f"character #x{char:04x}: " if isinstance(char, int) else ""
            return _diag("SD001", _point(self.source.position_at(position)), f"unacceptable {what}{reason}")
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _diag("SD001", _point(Position(0, 0)), first)

    def _check_depth(self, text: str) -> None:
        from ruamel.yaml.cyaml import CParser
        from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

        parser = CParser(text)
        depth = 0
        try:
            while parser.check_event():
                event = parser.get_event()
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > self.max_depth:
                        msg = f"nesting deeper than {self.max_depth} levels (max-depth)"
                        raise _LimitExceeded(_diag("SD004", _point(self.pos(event.start_mark)), msg))
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
        finally:
            parser.dispose()

    def _document(self, raw: object) -> YamlDocument:
        self.converted.clear()
        self.sizes.clear()
        self.expanded = 0
        diagnostics: list[Diagnostic] = []
        root = self._convert(raw, diagnostics)
        doc = YamlDocument(root, self.span(raw), diagnostics)
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "empty" if (
                isinstance(root, ScalarNode) and root.value is None) else "a scalar"
            diagnostics.append(
                _diag("SD005", root.span, f"the document is {kind}; expected a mapping with `version` and `contexts`")
            )
        return doc

    def _convert(self, raw: object, diagnostics: list[Diagnostic], depth: int = 1) -> Node:
        key = id(raw)
        seen = self.converted.get(key)
        if seen is not None:
            return seen
        tag = raw.tag  # type: ignore[attr-defined]
        value = raw.value  # type: ignore[attr-defined]
        span = full = self.span(raw)
        explicit: str | None = None
        text = self.source.text
        index = raw.start_mark.index  # type: ignore[attr-defined]
        if index < len(text) and text[index] in "&!":
            # Node properties (anchor, tag) come first; the span starts at the content.
            m = _PROPERTIES.match(text, index)
            if m:
                if any(part.startswith("!") for part in m.group(0).split()):
                    explicit = tag
                rest = m.end()
                if isinstance(value, str) and rest < len(text) and text[rest] not in "\r\n":
                    span = Span(Position(span.start.line, span.start.column + (rest - index)), span.end)
        if explicit is None and tag not in _CORE_TAGS:
            explicit = tag
        if explicit is not None and tag not in _CORE_TAGS:
            diagnostics.append(
                _diag("SD003", full, f"unsupported tag `{_short_tag(tag)}`: only plain YAML values are allowed")
            )
        node: Node
        if isinstance(value, str):
            style = raw.style or ""  # type: ignore[attr-defined]
            if explicit is not None:
                scalar = _tagged_value(tag, value) if tag in _CORE_TAGS else value
            elif style == "":
                scalar = resolve_plain(value)
            else:
                scalar = value
            node = ScalarNode(span, scalar, style, explicit)
            self.converted[key] = node
            self.sizes[key] = 1
            return node
        if depth > self.max_depth:  # the cheap bound should have caught this
            msg = f"nesting deeper than {self.max_depth} levels (max-depth)"
            raise _LimitExceeded(_diag("SD004", _point(span.start), msg))
        flow = bool(getattr(raw, "flow_style", False))
        size = 1
        if isinstance(raw, RawSequence):
            items: list[Node] = []
            node = SequenceNode(span, items, flow, explicit)
            self.converted[key] = node
            for item in value:
                items.append(self._child(item, diagnostics, depth, span))
                size += self.sizes[id(item)]
            self.sizes[key] = size
            return node
        pairs: list[tuple[Node, Node]] = []
        node = MappingNode(span, pairs, flow, explicit)
        self.converted[key] = node
        first: dict[object, Node] = {}
        for raw_key, raw_value in value:
            k = self._child(raw_key, diagnostics, depth, span)
            v = self._child(raw_value, diagnostics, depth, k.span)
            size += self.sizes[id(raw_key)] + self.sizes[id(raw_value)]
            pairs.append((k, v))
            if not isinstance(k, ScalarNode):
                diagnostics.append(_diag("SD003", k.span, "complex (mapping or list) keys are not supported"))
                continue
            if k.value == MERGE_KEY and k.style == "":
                continue
            if not isinstance(k.value, str):
                diagnostics.append(
                    _diag("SD003", k.span, f"non-string key `{_key_text(self.source, k)}`: keys must be strings")
                )
            hashable = (type(k.value), k.value)
            prior = first.get(hashable)
            if prior is None:
                first[hashable] = k
                continue
            diagnostics.append(
                _diag(
                    "SD002",
                    k.span,
                    f"duplicate key `{k.value}` (first defined on line {prior.span.start.line + 1})",
                    (Related(prior.span, f"`{k.value}` first defined here"),),
                )
            )
        self.sizes[key] = size
        return node

    def _child(self, raw: object, diagnostics: list[Diagnostic], depth: int, at: Span) -> Node:
        if id(raw) in self.converted:
            if id(raw) not in self.sizes:
                msg = "recursive alias: a node contains an alias to itself"
                raise _LimitExceeded(_diag("SD003", at, msg))
            self.expanded += self.sizes[id(raw)]
            if self.expanded > self.limits.max_aliases:
                msg = (
                    f"aliases expand to more than {self.limits.max_aliases:,} nodes (max-aliases);"
                    " this looks like an alias bomb"
                )
                raise _LimitExceeded(_diag("SD004", at, msg))
            return self.converted[id(raw)]
        return self._convert(raw, diagnostics, depth + 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(CORE_TAG_PREFIX) :] if tag.startswith(CORE_TAG_PREFIX) else tag


def _key_text(source: Source, node: ScalarNode) -> str:
    start = source.offset_of(node.span.start)
    end = source.offset_of(node.span.end)
    return source.text[start:end] or repr(node.value)
