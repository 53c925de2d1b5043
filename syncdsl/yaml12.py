"""ruamel.yaml's pure-Python scanner and parser, with the rules that differ from YAML 1.2 fixed.

Used through :func:`syncdsl.yaml_events.conformant_parser`, and imported only
when that parser runs (libyaml reads most files alone). It yields ruamel's
event types, with the marks libyaml would give, so the document layer builds
the same tree with the same spans from either parser.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import tokens
from ruamel.yaml.events import AliasEvent, DocumentStartEvent, ScalarEvent
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import Reader
from ruamel.yaml.scanner import Scanner, ScannerError

from syncdsl.yaml_events import TAB_INDENT_MESSAGE

_BREAKS = "\r\n\x85\u2028\u2029"
_END = "\0" + _BREAKS
_BLANK_OR_END = " \t" + _END
_FLOW_INDICATORS = ",[]{}"


class TabIndentationError(ScannerError):
    """A tab where YAML needs indentation spaces; its mark is the tab."""


def _tab_error(mark: Any) -> TabIndentationError:
    return TabIndentationError(None, None, TAB_INDENT_MESSAGE, mark)


class _ConformantScanner(Scanner):
    """ruamel.yaml's scanner with YAML 1.2 rules where it differs from the spec.

    - Tabs separate tokens anywhere (``key:\\tvalue``, ``-\\t-1``, a tab-only blank
      line); only a tab in front of a block indicator or a block mapping key on its
      line is indentation, and that is :class:`TabIndentationError`.
    - Implicit keys of a flow mapping may span lines (``{ "a"\\n: b }``).
    - In flow context ``?`` is the key indicator only before a blank or a flow
      indicator; ``?x`` is a plain scalar, as in block context.
    - ``[ : v ]`` is a single pair with an empty key.
    - After a quoted or flow-collection key the value may be adjacent (``["a":b]``).
    - Tag shorthands end at flow indicators (``{ a: !!str, b: c }``).
    - ``%YAML 1.3`` is accepted (the spec asks for a warning, not an error); tabs may
      separate a directive's parts and follow a block scalar's header.
    - Leading empty lines of a block scalar are checked as the spec says, a whitespace
      line with a tab inside its indentation is an error, and its last line ends with a
      line break even at the end of the file.
    - A line inside a multi-line flow collection is indented more than the block
      around it (libyaml does not check; the closing bracket may sit at the block's column).
    """

    # The mark of the first tab in the whitespace just before the next token, on its line.
    _tab: Any = None
    _verbatim_tag = False

    # -- whitespace, comments and tabs

    def scan_to_next_token(self) -> Any:
        reader = self.reader
        if reader.index == 0 and reader.peek() == "\ufeff":
            reader.forward()
        self._tab = None
        crossed = False  # whether a line break was passed
        while True:
            ch = reader.peek()
            while ch == " " or ch == "\t":
                if ch == "\t" and self._tab is None:
                    self._tab = reader.get_mark()
                reader.forward()
                ch = reader.peek()
            if ch == "#":
                while reader.peek() not in _END:
                    reader.forward()
            if not self.scan_line_break():
                if crossed and self.flow_level and reader.column <= self.indent and reader.peek() not in "]}\0":
                    raise ScannerError(
                        "while scanning a flow collection",
                        None,
                        "a line inside a flow collection must be indented more than the block around it",
                        reader.get_mark(),
                    )
                return None
            crossed = True
            self._tab = None
            if not self.flow_level:
                self.allow_simple_key = True

    def _refuse_tab(self) -> None:
        if self._tab is not None and not self.flow_level:
            raise _tab_error(self._tab)

    def save_possible_simple_key(self) -> None:
        saves = self.allow_simple_key  # otherwise the key pending on this level (if any) stays as it is
        super().save_possible_simple_key()
        key = self.possible_simple_keys.get(self.flow_level)
        if saves and key is not None:
            key.tab = self._tab  # type: ignore[attr-defined]

    def fetch_block_entry(self) -> None:
        self._refuse_tab()
        super().fetch_block_entry()

    def fetch_key(self) -> None:
        self._refuse_tab()
        super().fetch_key()

    def fetch_value(self) -> None:
        key = self.possible_simple_keys.get(self.flow_level)
        if not self.flow_level:
            if key is not None:
                if getattr(key, "tab", None) is not None:
                    raise _tab_error(key.tab)
            else:
                self._refuse_tab()
        elif key is None and self.flow_context[-1] == "[" and self.allow_simple_key:
            # `[ : v ]`: a single-pair mapping whose key is empty.
            mark = self.reader.get_mark()
            self.tokens.append(tokens.KeyToken(mark, mark))
        super().fetch_value()

    # -- keys

    def stale_possible_simple_keys(self) -> None:
        reader = self.reader
        for level in list(self.possible_simple_keys):
            key = self.possible_simple_keys[level]
            # A flow mapping's implicit key may span lines; every key is limited to 1024 characters,
            # which also bounds the tokens held back while a key is pending.
            multi_line = level > 0 and self.flow_context[level - 1] == "{"
            if (key.line != reader.line and not multi_line) or reader.index - key.index > 1024:
                if key.required:
                    raise ScannerError(
                        "while scanning a simple key", key.mark, "could not find expected ':'", reader.get_mark()
                    )
                del self.possible_simple_keys[level]

    def check_key(self) -> Any:
        following = self.reader.peek(1)
        if following in _BLANK_OR_END:
            return True
        return bool(self.flow_level) and following in _FLOW_INDICATORS

    def check_value(self) -> Any:
        following = self.reader.peek(1)
        if following in _BLANK_OR_END:
            return True
        if not self.flow_level:
            return False
        if following in _FLOW_INDICATORS:
            return True
        # `"json like":value`, `[a]:b`: after a quoted or flow-collection key the value may be adjacent.
        last = self.tokens[-1] if self.tokens else None
        if isinstance(last, (tokens.FlowSequenceEndToken, tokens.FlowMappingEndToken)):
            return True
        return isinstance(last, tokens.ScalarToken) and not last.plain

    def check_plain(self) -> Any:
        reader = self.reader
        ch = reader.peek()
        if ch not in "\0 \t\r\n\x85\u2028\u2029-?:,[]{}#&*!|>'\"%@`":
            return True
        if ch not in "-?:":
            return False
        following = reader.peek(1)
        if following in _BLANK_OR_END:
            return False
        return not (self.flow_level and following in _FLOW_INDICATORS)

    # -- plain scalars: tabs are whitespace inside and between their lines

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        reader = self.reader
        length = 0
        while reader.peek(length) in " \t":
            length += 1
        whitespace = reader.prefix(length)
        reader.forward(length)
        if reader.peek() not in _BREAKS:
            return [whitespace] if whitespace else []
        line_break = self.scan_line_break()
        self.allow_simple_key = True
        if self._at_document_marker():
            return None
        breaks = []
        while True:
            ch = reader.peek()
            # A tab may follow the indentation of a continuation line, not stand in for it.
            if ch == " " or (ch == "\t" and (self.flow_level or reader.column >= indent or self._rest_is_blank())):
                reader.forward()
            elif ch in _BREAKS:
                breaks.append(self.scan_line_break())
                if self._at_document_marker():
                    return None
            else:
                break
        chunks = []
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks

    def _at_document_marker(self) -> bool:
        reader = self.reader
        return reader.prefix(3) in ("---", "...") and reader.peek(3) in _BLANK_OR_END

    # -- tags and directives

    def scan_tag(self) -> Any:
        reader = self.reader
        start_mark = reader.get_mark()
        handle: str | None
        if reader.peek(1) == "<":  # verbatim: !<tag:example.com,2000:app/foo>
            reader.forward(2)
            self._verbatim_tag = True
            try:
                suffix = self.scan_tag_uri("tag", start_mark)
            finally:
                self._verbatim_tag = False
            if reader.peek() != ">":
                raise ScannerError(
                    "while parsing a tag", start_mark, f"expected '>' but found {reader.peek()!r}", reader.get_mark()
                )
            reader.forward()
            handle = None
        else:  # a shorthand: !suffix, !!suffix, !name!suffix, or the non-specific tag ! alone
            n = 1
            while (ch := reader.peek(n)) != "!" and ch not in _BLANK_OR_END and ch not in _FLOW_INDICATORS:
                n += 1
            if reader.peek(n) == "!":
                handle = self.scan_tag_handle("tag", start_mark)
                suffix = self.scan_tag_uri("tag", start_mark)
            else:
                reader.forward()
                if n == 1:
                    handle, suffix = None, "!"
                else:
                    handle, suffix = "!", self.scan_tag_uri("tag", start_mark)
        ch = reader.peek()
        if ch not in _BLANK_OR_END and not (self.flow_level and ch in _FLOW_INDICATORS):
            raise ScannerError("while scanning a tag", start_mark, f"expected ' ', but found {ch!r}", reader.get_mark())
        return tokens.TagToken((handle, suffix), start_mark, reader.get_mark())

    def scan_tag_uri(self, name: Any, start_mark: Any) -> Any:
        reader = self.reader
        stop = _FLOW_INDICATORS if name == "tag" and not self._verbatim_tag else ""
        chunks = []
        length = 0
        ch = reader.peek()
        while ch.isascii() and (ch.isalnum() or ch in "-;/?:@&=+$,_.!~*'()[]%#") and ch not in stop:
            if ch == "%":
                chunks.append(reader.prefix(length))
                reader.forward(length)
                length = 0
                chunks.append(self.scan_uri_escapes(name, start_mark))
            else:
                length += 1
            ch = reader.peek(length)
        if length:
            chunks.append(reader.prefix(length))
            reader.forward(length)
        if not chunks:
            raise ScannerError(
                f"while parsing an {name}", start_mark, f"expected URI, but found {ch!r}", reader.get_mark()
            )
        return "".join(chunks)

    def scan_yaml_directive_value(self, start_mark: Any) -> Any:
        reader = self.reader
        while reader.peek() in " \t":
            reader.forward()
        major = self.scan_yaml_directive_number(start_mark)
        if reader.peek() != ".":
            raise ScannerError(
                "while scanning a directive",
                start_mark,
                f"expected a digit or '.', but found {reader.peek()!r}",
                reader.get_mark(),
            )
        reader.forward()
        minor = self.scan_yaml_directive_number(start_mark)
        if reader.peek() not in _BLANK_OR_END:
            raise ScannerError(
                "while scanning a directive",
                start_mark,
                f"expected a digit or ' ', but found {reader.peek()!r}",
                reader.get_mark(),
            )
        self.yaml_version = (major, minor)
        return self.yaml_version

    def scan_directive_ignored_line(self, start_mark: Any) -> None:
        self._rest_of_line(start_mark, "while scanning a directive")

    def _rest_of_line(self, start_mark: Any, context: str) -> None:
        """Blanks (tabs too), then a comment or the line end, then the line break; else a ScannerError."""
        reader = self.reader
        while reader.peek() in " \t":
            reader.forward()
        if reader.peek() == "#":
            while reader.peek() not in _END:
                reader.forward()
        if reader.peek() not in _END:
            raise ScannerError(
                context,
                start_mark,
                f"expected a comment or a line break, but found {reader.peek()!r}",
                reader.get_mark(),
            )
        self.scan_line_break()

    # -- block scalars

    _in_block_scalar = False

    def scan_block_scalar(self, style: Any, rt: bool | None = False) -> Any:
        self._in_block_scalar = True
        try:
            return super().scan_block_scalar(style, rt)
        finally:
            self._in_block_scalar = False

    def scan_line_break(self) -> Any:
        if self._in_block_scalar and self.reader.peek() == "\0":
            # The last line of a block scalar ends with a line break, even at the end of the file (once).
            self._in_block_scalar = False
            return "\n"
        return super().scan_line_break()

    def scan_block_scalar_indentation(self) -> Any:
        """Leading empty lines; the indentation of the first text line decides the scalar's."""
        reader = self.reader
        chunks = []
        most = 0  # the most spaces on a leading empty line
        end_mark = reader.get_mark()
        while True:
            while reader.peek() == " ":
                reader.forward()
            ch = reader.peek()
            if ch in _BREAKS:
                most = max(most, reader.column)
                chunks.append(self.scan_line_break())
                end_mark = reader.get_mark()
                continue
            break
        column = reader.column
        if ch == "\t" and column <= self.indent and self._rest_is_blank():
            raise _tab_error(reader.get_mark())
        if ch != "\0" and column > self.indent and most > column:
            raise ScannerError(
                "while scanning a block scalar",
                None,
                "a leading empty line has more spaces than the first line of text",
                reader.get_mark(),
            )
        return chunks, max(most, column) if ch != "\0" else most, end_mark

    def scan_block_scalar_indicators(self, start_mark: Any) -> Any:
        """The header's chomping (+ keep, - strip) and indentation (1-9) indicators, in either order."""
        reader = self.reader
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            ch = reader.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
            elif ch in "0123456789" and increment is None:
                if ch == "0":
                    raise ScannerError(
                        "while scanning a block scalar",
                        start_mark,
                        "expected indentation indicator in the range 1-9, but found 0",
                        reader.get_mark(),
                    )
                increment = int(ch)
            else:
                break
            reader.forward()
        if reader.peek() not in _BLANK_OR_END:
            raise ScannerError(
                "while scanning a block scalar",
                start_mark,
                f"expected chomping or indentation indicators, but found {reader.peek()!r}",
                reader.get_mark(),
            )
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> Any:
        # The rest of a block scalar's header line: blanks (tabs too), then a comment or the line end.
        self._rest_of_line(start_mark, "while scanning a block scalar")
        return None

    def scan_block_scalar_breaks(self, indent: int) -> Any:
        chunks, end_mark = super().scan_block_scalar_breaks(indent)
        reader = self.reader
        if reader.peek() == "\t" and reader.column < indent and self._rest_is_blank():
            raise _tab_error(reader.get_mark())
        return chunks, end_mark

    def _rest_is_blank(self) -> bool:
        reader = self.reader
        n = 0
        while reader.peek(n) in " \t":
            n += 1
        return reader.peek(n) in _END


class _ConformantParser(Parser):
    """ruamel.yaml's parser, with libyaml's marks where the two differ, so spans do not depend on the parser."""

    def parse_node(self, block: bool = False, indentless_sequence: bool = False) -> Any:
        # A node with properties starts at the first of them, whichever order they are in (`!t &a x`).
        first = self.scanner.peek_token()
        event = super().parse_node(block, indentless_sequence)
        if isinstance(first, (tokens.AnchorToken, tokens.TagToken)) and not isinstance(event, AliasEvent):
            event.start_mark = first.start_mark
        return event

    def parse_block_mapping_value(self) -> Any:
        # An empty value (`key:` then the next key) sits just after its `:`.
        token = self.scanner.peek_token()
        event = super().parse_block_mapping_value()
        if (
            isinstance(token, tokens.ValueToken)
            and isinstance(event, ScalarEvent)
            and event.start_mark is event.end_mark
        ):
            event.start_mark = event.end_mark = token.end_mark
        return event

    def parse_flow_mapping_value(self) -> Any:
        # An empty value (`{a:}`) sits where the next token starts.
        token = self.scanner.peek_token()
        event = super().parse_flow_mapping_value()
        if (
            isinstance(token, tokens.ValueToken)
            and isinstance(event, ScalarEvent)
            and event.start_mark is event.end_mark
        ):
            event.start_mark = event.end_mark = self.scanner.peek_token().start_mark
        return event

    def parse_document_start(self) -> Any:
        # An explicit document starts at its first directive, if it has any.
        first = self.scanner.peek_token()
        event = super().parse_document_start()
        if isinstance(first, tokens.DirectiveToken) and isinstance(event, DocumentStartEvent):
            event.start_mark = first.start_mark
        return event

    def parse_implicit_document_start(self) -> Any:
        # `...` with no document before it (a stream of only `...`, or `...` twice) ends nothing.
        while self.scanner.check_token(tokens.DocumentEndToken):
            self.scanner.get_token()
        return super().parse_implicit_document_start()


class ConformantLoader(Reader, _ConformantScanner, _ConformantParser):
    """Reader, scanner and parser in one object, as ruamel's own loaders compose them."""

    processing_version = (1, 2)
    comment_handling = None

    def __init__(self, text: str) -> None:
        self._resolver = self
        Reader.__init__(self, text, loader=self)
        _ConformantScanner.__init__(self, loader=self)
        _ConformantParser.__init__(self, loader=self)

    def dispose(self) -> None:
        self.reset_parser()
