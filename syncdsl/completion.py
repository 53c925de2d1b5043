"""What the cursor is on, read from the text alone, and what may be written there.

Completion runs while the user is typing, so the document is often not valid
YAML and re-parsing a large file per keystroke would be too slow. The cursor's
YAML path is therefore recovered from the lines around it: block structure by
indentation (each line's ``- `` markers and ``key:``), flow collections by a
quote- and comment-aware scan of the brackets between the block line that
opens them and the cursor. Only the lines between the cursor and its parents
are read, so the cost does not grow with the file.

What is allowed at a path comes from :mod:`syncdsl.schema` (the one
definition of the language); policy names come from the document's
``policies`` section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from syncdsl.diagnostics import Position, Span
from syncdsl.records import field, record
from syncdsl.schema import FieldSpec, field_at, markdown_doc, markdown_enum_doc

Step = str | int
CursorKind = Literal["key", "value", "item"]

# How far completion looks around the cursor; bounds for hostile input, never reached by real files.
_MAX_FLOW_LINES = 200
_MAX_FLOW_DEPTH = 64

_WORD = re.compile(r"[A-Za-z0-9_.\-/~$]*")
_WORD_BACK = re.compile(r"[A-Za-z0-9_.\-/~$]*\Z")
_LEAD = re.compile(r"^( *)((?:-(?: +|$))*)")
_PLAIN_KEY = re.compile(r"""([^\s#'"{}\[\],:&*!|>%@`-][^#]*?|-[^\s#]*?)[ \t]*:(?=[ \t]|$)""")
_QUOTED_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:(?=[ \t]|$)""")


# --- reading lines ------------------------------------------------------------------------


@record(frozen=True)
class Stop:
    """A structural element a block line starts: a ``-`` item marker or a ``key:``."""

    column: int
    kind: Literal["dash", "key"]
    key: str = ""


@record(frozen=True)
class LineShape:
    stops: tuple[Stop, ...]
    value: str  # what follows the last key's ``:`` (comment removed, stripped)
    value_column: int  # where that value starts (or the line's end)


def _scan_line(text: str) -> tuple[int, list[tuple[int, str]]]:
    """Where the line's comment starts (its length when none) and the (column, char) of brackets before it.

    Brackets inside quotes are text; so is a ``#`` inside quotes or glued to a word.
    """
    brackets: list[tuple[int, str]] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if quote == '"' and ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"" and (i == 0 or text[i - 1] in " \t[{,:"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return i, brackets
        elif ch in "{[]}":
            brackets.append((i, ch))
        i += 1
    return len(text), brackets


def _strip_comment(text: str) -> str:
    """The line without its comment."""
    return text[: _scan_line(text)[0]]


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] == '"':
        return key[1:-1]
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    return key


def shape(line: str) -> LineShape:
    """The block structure of one line: its ``-`` markers and its key, if any."""
    code = _strip_comment(line).rstrip()
    lead = _LEAD.match(code)
    assert lead is not None
    stops: list[Stop] = []
    column = len(lead.group(1))
    for dash in re.finditer(r"-(?: +|$)", lead.group(2)):
        stops.append(Stop(column + dash.start(), "dash"))
    rest_at = lead.end()
    m = _QUOTED_KEY.match(code, rest_at) or _PLAIN_KEY.match(code, rest_at)
    if m is None or rest_at >= len(code):
        return LineShape(tuple(stops), code[rest_at:].strip(), rest_at)
    stops.append(Stop(rest_at, "key", _unquote(m.group(1).strip())))
    after = m.end()
    value = code[after:]
    return LineShape(tuple(stops), value.strip(), after + len(value) - len(value.lstrip()))


class _Lines:
    """Lines of the text, split as the LSP and the core split them, shaped on demand."""

    def __init__(self, text: str) -> None:
        self.lines = re.split(r"\r\n|\r|\n", text)
        self._shapes: dict[int, LineShape] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def deeper(self, n: int, column: int) -> bool:
        """Whether line ``n`` is blank or indented past ``column`` (so it holds no stop at or before it)."""
        text = self.lines[n]
        content = text.lstrip(" ")
        return not content.strip() or len(text) - len(content) > column

    def shape(self, n: int) -> LineShape:
        found = self._shapes.get(n)
        if found is None:
            found = self._shapes[n] = shape(self.lines[n])
        return found


# --- block paths --------------------------------------------------------------------------


def _parent_path(lines: _Lines, line: int, before: Sequence[Stop], column: int, kind: str) -> list[Step] | None:
    """Path of the collection holding the element (``kind`` at ``column``) on ``line``.

    ``before`` are the stops on the same line before the element (the ``- ``
    markers of the items it opens). Returns None when the structure is not a
    mapping at the root.
    """
    steps: list[Step] = []
    while True:
        if before:
            # The element opens the collection that is the item of the marker before it.
            parent = before[-1]
            steps.append(0)
            before, column, kind = before[:-1], parent.column, "dash"
            continue
        found = False
        for n in range(line - 1, -1, -1):
            if lines.deeper(n, column):
                continue
            stops = lines.shape(n).stops
            if not stops or stops[0].column > column:
                continue
            at = next((i for i, s in enumerate(stops) if s.column == column), None)
            if at is not None and stops[at].kind == kind:
                if at == 0:
                    continue  # a sibling
                line, before, found = n, stops[:at], True  # the first sibling, after `- ` markers
                break
            if at is not None and kind == "dash" and stops[at].kind == "key":
                parent = stops[at]  # a compact sequence: `key:` then `- ` at the same column
            elif at is not None and kind == "key":
                continue  # `- ` at a key's column: a compact sequence belonging to a sibling key
            else:
                outer = [s for s in stops if s.column < column]
                if not outer:
                    continue
                parent = outer[-1]
            index = stops.index(parent)
            steps.append(parent.key if parent.kind == "key" else 0)
            line, before, column, kind, found = n, stops[:index], parent.column, parent.kind, True
            break
        if not found:
            if kind == "key":
                steps.reverse()
                return steps
            return None


def _siblings(lines: _Lines, line: int, column: int) -> set[str]:
    """Keys of the block mapping whose keys sit at ``column``, around ``line`` (which is excluded)."""
    found: set[str] = set()
    for direction in (-1, 1):
        n = line + direction
        while 0 <= n < len(lines):
            if lines.deeper(n, column):
                n += direction
                continue
            stops = lines.shape(n).stops
            n += direction
            if not stops or stops[0].column > column:
                continue
            at = next((i for i, s in enumerate(stops) if s.column == column), None)
            if at is None:
                break  # a line further out: the mapping ends here
            stop = stops[at]
            if stop.kind != "key":
                if at == 0:
                    continue  # a compact sequence under a sibling key
                break
            if at > 0 and direction == 1:
                break  # `- key:` below: the next item's mapping
            found.add(stop.key)
            if at > 0:
                break  # `- key:` above: the first key of this item's mapping
    return found


# --- flow collections ---------------------------------------------------------------------


@record
class _Frame:
    bracket: str  # "{" or "["
    path: list[Step]
    line: int
    column: int
    keys: set[str] = field(default_factory=set)
    key: str | None = None  # the key whose value is being written (mappings)
    token: str = ""


def _bracket_events(text: str) -> list[tuple[int, str]]:
    """(column, char) of brackets outside quotes and comments on one line."""
    return _scan_line(text)[1]


def _flow_anchor(lines: _Lines, line: int, column: int) -> tuple[int, int] | None:
    """The (line, column) of the outermost unclosed flow opener before the cursor, if any."""
    pending = 0
    anchor: tuple[int, int] | None = None
    cursor_indent = len(lines.lines[line]) - len(lines.lines[line].lstrip(" "))
    for n in range(line, max(-1, line - _MAX_FLOW_LINES), -1):
        text = lines.lines[n][:column] if n == line else lines.lines[n]
        events = _bracket_events(text)
        for col, ch in reversed(events):
            if ch in "}]":
                pending += 1
            elif pending:
                pending -= 1
            else:
                anchor = (n, col)
        if anchor is not None and pending == 0 and _opens_at_block_level(text, anchor, n):
            return anchor
        indent = len(text) - len(text.lstrip(" "))
        if n < line and text.strip() and indent < cursor_indent and anchor is None and pending == 0:
            return None
    return anchor


def _opens_at_block_level(text: str, anchor: tuple[int, int], n: int) -> bool:
    """Whether line ``n`` starts outside any flow collection (no closer without its opener)."""
    depth = 0
    for _, ch in _bracket_events(text):
        depth += 1 if ch in "{[" else -1
        if depth < 0:
            return False
    return True


def _flow_frames(lines: _Lines, anchor: tuple[int, int], end: Position, base: list[Step]) -> list[_Frame]:
    """Scan from the anchor opener to ``end``; the stack of open flow collections there."""
    frames: list[_Frame] = []
    line, column = anchor
    while line <= end.line:
        text = lines.lines[line]
        stop = end.column if line == end.line else len(text)
        i = column
        quote = ""
        while i < stop:
            ch = text[i]
            top = frames[-1] if frames else None
            if quote:
                if quote == '"' and ch == "\\":
                    i += 2
                    continue
                if ch == quote:
                    quote = ""
                elif top is not None:
                    top.token += ch
            elif ch in "'\"" and (i == 0 or text[i - 1] in " \t[{,:"):
                quote = ch
            elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
                break
            elif ch in "{[":
                if len(frames) >= _MAX_FLOW_DEPTH:
                    return []
                if top is None:
                    path = list(base)
                elif top.bracket == "{":
                    path = [*top.path, top.key if top.key is not None else top.token.strip()]
                else:
                    path = [*top.path, 0]
                frames.append(_Frame(ch, path, line, i))
            elif ch in "}]":
                if frames:
                    closed = frames.pop()
                    if frames and frames[-1].bracket == "{" and frames[-1].key is None:
                        frames[-1].key = closed.path[-1] if closed.path else None  # type: ignore[assignment]
                if not frames:
                    return []
            elif top is not None and ch == ",":
                if top.bracket == "{" and top.key is None and top.token.strip():
                    top.keys.add(top.token.strip())
                top.key, top.token = None, ""
            elif top is not None and ch == ":" and top.bracket == "{" and top.key is None and (
                i + 1 >= len(text) or text[i + 1] in " \t,}]"
            ):
                top.key = top.token.strip()
                top.keys.add(top.key)
                top.token = ""
            elif top is not None:
                top.token += ch
            i += 1
        line += 1
        column = 0
    return frames


def _keys_after(lines: _Lines, start: Position, depth: int) -> set[str]:
    """Keys written after the cursor in the same flow mapping (until it closes)."""
    found: set[str] = set()
    level = 0
    token = ""
    for n in range(start.line, min(len(lines), start.line + _MAX_FLOW_LINES)):
        text = lines.lines[n]
        i = start.column if n == start.line else 0
        while i < len(text):
            ch = text[i]
            if ch in "{[":
                level += 1
            elif ch in "}]":
                if level == 0:
                    return found
                level -= 1
            elif level == 0 and ch == ",":
                token = ""
            elif level == 0 and ch == ":" and (i + 1 >= len(text) or text[i + 1] in " \t,}]"):
                if token.strip():
                    found.add(_unquote(token.strip()))
                token = ""
            elif level == 0:
                token += ch
            i += 1
    return found


# --- the cursor -----------------------------------------------------------------------------


@record(frozen=True)
class Cursor:
    """Where the cursor is in the YAML structure.

    ``kind`` is "key" (a key of the mapping at ``path`` goes here), "value" (the
    value of ``path[-1]`` goes here) or "item" (a new item of the list at
    ``path``). ``replace`` is the span of the word being typed.
    """

    kind: CursorKind
    path: tuple[Step, ...]
    present: frozenset[str]
    prefix: str
    replace: Span
    flow: bool
    column: int  # where a new key or item starts (its indentation)
    # For "item" on a blank line: the mapping a key written here would also belong to.
    keys_path: tuple[Step, ...] | None = None


def _word_span(line_text: str, line: int, column: int) -> tuple[str, Span]:
    before = _WORD_BACK.search(line_text, 0, column)
    start = before.start() if before else column
    after = _WORD.match(line_text, column)
    end = after.end() if after else column
    return line_text[start:column], Span(Position(line, start), Position(line, end))


def cursor_at(text: str, pos: Position) -> Cursor | None:
    """The cursor's place in the document, or None where nothing can be completed (comments, odd layout)."""
    lines = _Lines(text)
    if pos.line >= len(lines):
        return None
    line_text = lines.lines[pos.line]
    column = min(pos.column, len(line_text))
    before = line_text[:column]
    if len(_strip_comment(before)) < len(before):
        return None  # inside a comment
    prefix, replace = _word_span(line_text, pos.line, column)
    anchor = _flow_anchor(lines, pos.line, column)
    if anchor is not None:
        return _flow_cursor(lines, anchor, Position(pos.line, column), prefix, replace)
    return _block_cursor(lines, pos.line, column, prefix, replace)


def _block_cursor(lines: _Lines, line: int, column: int, prefix: str, replace: Span) -> Cursor | None:
    line_text = lines.lines[line]
    before = line_text[:column]
    head = shape(before[: len(before) - len(prefix)] if prefix else before)
    dashes = tuple(s for s in head.stops if s.kind == "dash")
    keys = [s for s in head.stops if s.kind == "key"]
    if keys:
        # `key: |` - the value of that key.
        key = keys[-1]
        if before[head.value_column :].strip() != prefix.strip() and not _quoted_prefix(before, head.value_column):
            return None  # past a value (e.g. after a closing quote or a second word)
        path = _parent_path(lines, line, dashes, key.column, "key")
        if path is None:
            return None
        return Cursor("value", (*path, key.key), frozenset(), prefix, replace, False, key.column)
    if before[len(before) - len(prefix) :] != prefix or before[: len(before) - len(prefix)].strip(" -"):
        return None
    key_column = column - len(prefix)
    path = _parent_path(lines, line, dashes, key_column, "key")
    present = _siblings(lines, line, key_column) if not dashes else _item_keys_below(lines, line, key_column)
    if not dashes and not before.strip():
        item = _item_here(lines, line, key_column)
        if item is not None:
            keys_path = tuple(path) if path is not None else None
            return Cursor("item", tuple(item), frozenset(present), prefix, replace, False, key_column, keys_path)
    if path is None:
        return None
    spec = field_at(path)
    if not dashes and spec is not None and spec.type == "list":
        return Cursor("item", tuple(path), frozenset(), prefix, replace, False, key_column)
    return Cursor("key", tuple(path), frozenset(present), prefix, replace, False, key_column)


def _quoted_prefix(before: str, value_column: int) -> bool:
    rest = before[value_column:]
    return len(rest) >= 1 and rest[0] in "'\"" and rest.count(rest[0]) == 1


def _item_keys_below(lines: _Lines, line: int, column: int) -> set[str]:
    """Keys of a new ``- `` item's mapping written on the lines below the cursor."""
    found: set[str] = set()
    for n in range(line + 1, len(lines)):
        stops = lines.shape(n).stops
        if not stops or stops[0].column > column:
            continue
        if stops[0].column < column or stops[0].kind != "key":
            break
        found.add(stops[0].key)
    return found


def _item_here(lines: _Lines, line: int, column: int) -> list[Step] | None:
    """On a blank line at the column of a list's ``- `` markers: the list's path."""
    for n in range(line - 1, -1, -1):
        stops = lines.shape(n).stops
        if not stops:
            continue
        if stops[0].column > column:
            continue
        at = next((i for i, s in enumerate(stops) if s.column == column), None)
        if at is None or stops[at].kind != "dash":
            return None
        parent = _parent_path(lines, n, stops[:at], column, "dash")
        return parent
    return None


def _flow_cursor(lines: _Lines, anchor: tuple[int, int], pos: Position, prefix: str, replace: Span) -> Cursor | None:
    anchor_line, anchor_column = anchor
    head = shape(lines.lines[anchor_line][:anchor_column])
    dashes = tuple(s for s in head.stops if s.kind == "dash")
    keys = [s for s in head.stops if s.kind == "key"]
    if keys:
        base = _parent_path(lines, anchor_line, dashes, keys[-1].column, "key")
        if base is None:
            return None
        base.append(keys[-1].key)
    elif dashes:
        base = _parent_path(lines, anchor_line, dashes[:-1], dashes[-1].column, "dash")
        if base is None:
            return None
        base.append(0)
    else:
        base = []
    frames = _flow_frames(lines, anchor, pos, base)
    if not frames:
        return None
    top = frames[-1]
    typed = top.token.strip()
    if typed != prefix.strip() and not (typed[:1] in "'\"" and typed[1:] == prefix):
        return None
    if top.bracket == "[":
        return Cursor("value", (*top.path, 0), frozenset(), prefix, replace, True, pos.column)
    if top.key is not None:
        return Cursor("value", (*top.path, top.key), frozenset(), prefix, replace, True, pos.column)
    present = (top.keys | _keys_after(lines, replace.end, 0)) - {prefix}
    return Cursor("key", tuple(top.path), frozenset(present), prefix, replace, True, pos.column)


# --- what to offer ------------------------------------------------------------------------------


@record(frozen=True)
class Completion:
    """One suggestion; ``snippet`` (LSP snippet syntax) is used when the editor supports snippets."""

    label: str
    kind: Literal["key", "enum", "boolean", "policy", "item", "context"]
    detail: str
    documentation: str
    text: str
    snippet: str | None
    replace: Span
    sort: str


_POLICY_SECTION = re.compile(r"^policies[ \t]*:[ \t]*(?:#.*)?$", re.M)
_CHILD_KEY = re.compile(r"""^( +)((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z][A-Za-z0-9_-]*))[ \t]*:(?=[ \t]|$)""", re.M)


def policy_names(text: str) -> list[str]:
    """Names defined under the top-level block ``policies:``, in document order, without repeats."""
    names: list[str] = []
    for section in _POLICY_SECTION.finditer(text):
        end = re.compile(r"^[^\s#\r\n]", re.M).search(text, section.end() + 1)
        body = text[section.end() : end.start() if end else len(text)]
        indent: int | None = None
        for m in _CHILD_KEY.finditer(body):
            width = len(m.group(1))
            if indent is None:
                indent = width
            if width == indent:
                name = _unquote(m.group(2))
                if name not in names:
                    names.append(name)
    return names


_CONTEXT_NAME = re.compile(
    r"""(?:^|[\s{,])context_name[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#,{}\[\]][^#,{}\[\]\n]*?)[ \t]*(?=$|[,}#])""",
    re.M,
)


def context_names(text: str, skip_line: int | None = None) -> list[str]:
    """The values of every ``context_name:`` key in the text, in document order, without repeats.

    Read from the text (not the tree) for the same reason as the cursor: completion
    runs on files that are being typed. ``skip_line`` leaves out the line being edited.
    """
    names: list[str] = []
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    for m in _CONTEXT_NAME.finditer(text):
        if skip_line is not None:
            line = next(i for i in range(len(line_starts) - 1, -1, -1) if line_starts[i] <= m.start(1))
            if line == skip_line:
                continue
        name = _unquote(m.group(1).strip())
        if name and name not in names:
            names.append(name)
    return names


def _current_policy(path: tuple[Step, ...]) -> str | None:
    return path[1] if len(path) >= 2 and path[0] == "policies" and isinstance(path[1], str) else None


def complete(text: str, pos: Position) -> list[Completion]:
    """Everything that may be written at ``pos``: keys, values, policy names or a new list item."""
    cursor = cursor_at(text, pos)
    if cursor is None:
        return []
    if cursor.kind == "key":
        return _key_completions(cursor)
    if cursor.kind == "item":
        items = _item_completions(cursor)
        if cursor.keys_path is not None:
            items += _key_completions(Cursor("key", cursor.keys_path, cursor.present, cursor.prefix, cursor.replace,
                                             False, cursor.column))
        return items
    return _value_completions(cursor, text, pos.line)


def _indent(cursor: Cursor) -> str:
    return " " * cursor.column


def _key_completions(cursor: Cursor) -> list[Completion]:
    spec = field_at(cursor.path)
    if spec is None or spec.type not in ("mapping", "policy"):
        return []
    out: list[Completion] = []
    for n, f in enumerate(spec.fields):
        if f.name in cursor.present or any(other in cursor.present for other in f.excludes):
            continue
        text, snippet = _key_insert(f, cursor)
        out.append(
            Completion(f.name, "key", f.type_label, markdown_doc(f), text, snippet, cursor.replace, f"{n:02d}")
        )
    return out


def _key_insert(f: FieldSpec, cursor: Cursor) -> tuple[str, str | None]:
    """Text for a key: scalars get ``key: ``, sections open a nested block (or ``{}`` in flow)."""
    if cursor.flow:
        if f.type in ("mapping",):
            return f"{f.name}: {{}}", f"{f.name}: {{$0}}"
        if f.type == "list":
            return f"{f.name}: []", f"{f.name}: [$0]"
        return f"{f.name}: ", None
    inner = _indent(cursor) + "  "
    if f.type in ("mapping", "map"):
        return f"{f.name}:\n{inner}", f"{f.name}:\n{inner}$0"
    if f.type == "list":
        return f"{f.name}:\n{inner}- ", f"{f.name}:\n{inner}- $0"
    return f"{f.name}: ", None


def _item_completions(cursor: Cursor) -> list[Completion]:
    spec = field_at(cursor.path)
    if spec is None or spec.type != "list" or spec.items is None or spec.items.type != "mapping":
        return []
    item = spec.items
    # The first key of each group the item needs one of (`context_id` of id-or-name), then the required ones.
    firsts = {group[0] for group in item.one_of}
    wanted = [f for f in item.fields if f.required or f.name in firsts] or list(item.fields[:1])
    pad = _indent(cursor) + "  "
    text_lines: list[str] = []
    snippet_lines: list[str] = []
    for n, f in enumerate(wanted, start=1):
        lead = "- " if n == 1 else pad
        text_lines.append(f"{lead}{f.name}: ")
        snippet_lines.append(f"{lead}{f.name}: ${n}")
    snippet_lines[-1] += "$0"
    label = f"- {item.name}"
    doc = markdown_doc(item)
    return [
        Completion(
            label,
            "item",
            f"new {item.name} item",
            doc,
            "\n".join(text_lines),
            "\n".join(snippet_lines),
            cursor.replace,
            "00",
        )
    ]


def _value_completions(cursor: Cursor, text: str, line: int) -> list[Completion]:
    spec = field_at(cursor.path)
    if spec is None:
        return []
    key = cursor.path[-1] if cursor.path else ""
    if key == "context_name" and spec.type == "string":
        return [
            Completion(
                name, "context", "context name", f"context `{name}`, already named elsewhere in this file", name,
                None, cursor.replace, f"{n:04d}",
            )
            for n, name in enumerate(context_names(text, skip_line=line))
        ]
    if spec.type == "policy" or (key == "extends" and spec.type == "string"):
        own = _current_policy(cursor.path)
        names = [n for n in policy_names(text) if n != own]
        return [
            Completion(
                name, "policy", "policy", f"policy `{name}` from `policies`", name, None, cursor.replace, f"{n:04d}"
            )
            for n, name in enumerate(names)
        ]
    if spec.enum:
        out = []
        for i, value in enumerate(spec.enum):
            label = str(value)
            doc = markdown_enum_doc(spec, value) or markdown_doc(spec)
            out.append(Completion(label, "enum", spec.type_label, doc, label, None, cursor.replace, f"{i:02d}"))
        return out
    if spec.type == "boolean":
        return [
            Completion(label, "boolean", "boolean", markdown_doc(spec), label, None, cursor.replace, f"{i:02d}")
            for i, label in enumerate(("true", "false"))
        ]
    return []
