"""The YAML event streams behind :mod:`syncdsl.document` and :mod:`syncdsl.formatter`.

Two parsers give the same event types (ruamel.yaml's ``ScalarEvent``,
``MappingStartEvent``, … with start and end marks):

- :func:`c_parser`, libyaml through ruamel.yaml.clib: fast, used for every
  file first. It implements YAML 1.1 and rejects or misreads some valid
  YAML 1.2 (tabs as separators, ``:`` and ``?`` inside flow scalars,
  multi-line keys in flow mappings, anchors such as ``&id:1``).
- :func:`conformant_parser`, ruamel.yaml's pure-Python parser with its
  scanner and parser rules brought in line with YAML 1.2 (:mod:`syncdsl.yaml12`,
  imported only when it runs). It is about
  ten times slower, so it only runs where the C parser cannot be trusted:
  when the C parser reports a syntax error (to confirm it or read the file
  correctly), and on text that :func:`c_parser_may_misread` flags.

Both are plain event sources: nothing here builds Python objects from the
YAML, resolves scalars or follows aliases.
"""

from __future__ import annotations

import re
import sys
from typing import Any

TAB_INDENT_MESSAGE = "tab character used for indentation; YAML indents with spaces"

# Constructs that libyaml reads differently from YAML 1.2 without reporting an error:
# - an anchor or alias name running on past where libyaml stops it (`&id:1`, `*a?b`);
# - a `?` that starts a plain scalar at the beginning of a flow entry (`[?x]`, `{ ?a: b }`);
# and invalid YAML that libyaml accepts:
# - a lone `-` as a flow entry (`[-]`), a tag ending in `,` outside a flow (`- !!str, x`);
# - `#` right after a block scalar header (`>#`), whitespace-only lines starting a block scalar
#   (which must not be more indented than its first text line);
# - a directive (`%YAML 1.1#...`);
# - a line of a multi-line flow collection starting at column 0 (`flow: [a,\nb]`).
# One pattern per first character, run only when that character occurs: a literal first character
# lets the regex engine skip ahead quickly, so the whole check costs a few milliseconds on a
# 50,000-line file.
_C_MISREADS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (first, re.compile(pattern))
    for first, pattern in (
        ("&", r"&[0-9A-Za-z_-]+[:?%@`]"),
        ("*", r"\*[0-9A-Za-z_-]+[:?%@`]"),
        ("[", r"\[[ \t]*-[ \t]*[,\]]"),
        (",", r",[ \t]*-[ \t]*[,\]]"),
        ("!", r"![^ \t\r\n,\[\]{}]*,"),
        ("|", r"\|[0-9+-]*(?:#|[ \t]*(?:#[^\r\n]*)?\r?\n[ \t]*\r?\n)"),
        (">", r">[0-9+-]*(?:#|[ \t]*(?:#[^\r\n]*)?\r?\n[ \t]*\r?\n)"),
        ("[", r"\[\r?\n[^ \t\r\n\]}#]"),
        ("{", r"\{\r?\n[^ \t\r\n\]}#]"),
        (",", r",\r?\n[^ \t\r\n\]}#]"),
        ("%", r"(?:^|\n)%"),
    )
)
_FLOW_KEY_QUESTION = re.compile(r"\?[^ \t\r\n,\[\]{}]")
_FLOW_ENTRY_START = re.compile(r"[\[{,][ \t\r\n]*$")


def c_parser_may_misread(text: str) -> bool:
    """Whether libyaml may read ``text`` as different data than YAML 1.2 says, or accept it wrongly.

    Cheap and conservative (it may flag text libyaml reads correctly: that text only
    costs the slower parser).
    """
    for first, pattern in _C_MISREADS:
        if first in text and pattern.search(text) is not None:
            return True
    if "?" in text:
        for m in _FLOW_KEY_QUESTION.finditer(text):
            if _FLOW_ENTRY_START.search(text, max(0, m.start() - 200), m.start()):
                return True
    # A block scalar running to the end of a file without a final line break: YAML 1.2 ends its
    # last line with a line break anyway, libyaml does not.
    return text[-1:] not in ("\n", "\r", "") and ("|" in text or ">" in text)


_C_AVAILABLE: bool | None = None


def c_parser_available() -> bool:
    """Whether libyaml's parser (ruamel.yaml.clib) loads on this Python; without it the conformant one reads all."""
    global _C_AVAILABLE
    if _C_AVAILABLE is None:
        try:
            from ruamel.yaml.cyaml import CParser  # noqa: F401
        except ImportError:
            _C_AVAILABLE = False
        else:
            _C_AVAILABLE = True
    return _C_AVAILABLE


def c_parser(text: str) -> Any:
    """libyaml's parser over ``text``; ``get_event()`` gives None after the last event; call ``dispose()``."""
    from ruamel.yaml.cyaml import CParser

    return CParser(text)


def conformant_parser(text: str) -> Any:
    """The YAML 1.2 parser over ``text``, with the same interface as :func:`c_parser`."""
    from syncdsl.yaml12 import ConformantLoader

    return ConformantLoader(text)


def is_tab_indentation(error: BaseException) -> bool:
    """Whether ``error`` is the conformant parser's report of a tab used as indentation."""
    yaml12 = sys.modules.get("syncdsl.yaml12")
    return yaml12 is not None and isinstance(error, yaml12.TabIndentationError)


def rejected_from_restart(text: str) -> bool:
    """Whether the conformant parser rejects ``text``, judged from the last restart point before libyaml's error.

    Call only where libyaml rejected ``text`` and :func:`c_parser_may_misread` did not flag it.
    Confirming libyaml's error used to mean running the conformant parser (ten times slower) from
    the top of the file to the error: on a 5,000-line file with a half-typed ``[`` in its middle,
    150 ms of the 190 ms a lint took. Instead:

    - libyaml's events up to its error give the last *restart point*: a key of a block mapping,
      first on its line after spaces only, inside block collections only, none of them in a key;
    - the conformant parser reads only a *window*: for each collection around that key but its own
      mapping, a line that opens a collection of the same kind at the same column (``_:`` or ``-``),
      then the text from the key's line to the end.

    In the window the conformant parser meets the text from the restart point on in the state it
    would be in after reading the whole prefix: the same nesting of block collections at the same
    columns, each waiting for a value or item, and a key next. Its reading of the prefix can only
    differ from libyaml's where the text holds a construct the two read differently, and those are
    what :func:`c_parser_may_misread` flags; for the text it does not flag, syncdsl already takes
    libyaml's events as the YAML 1.2 reading of the whole file. Parsing does not look back across
    the restart point (anchors are resolved later, by the tree builder; directives are flagged).

    True means the window is rejected other than for a tab used as indentation, so the whole text
    is rejected too and libyaml's message stands. False means undecided (no restart point, a
    tab, or a window that parses): the caller runs the conformant parser on the whole text.
    """
    window = _restart_window(text)
    if window is None:
        return False
    try:
        drain(conformant_parser(window))
    except Exception as error:  # noqa: BLE001 - the verdict is all that is wanted
        return not is_tab_indentation(error)
    return False


def _restart_window(text: str) -> str | None:
    from ruamel.yaml.events import (
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    # One frame per open collection: [is_mapping, column or None, flow, next_child_is_key, child_is_key].
    stack: list[list[Any]] = []
    best: tuple[int, str] | None = None
    parser = c_parser(text)
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, NodeEvent):
                parent = stack[-1] if stack else None
                is_key = parent is not None and parent[0] and parent[3]
                if parent is not None and parent[0]:
                    parent[3] = not parent[3]
                if parent is not None:
                    parent[4] = is_key
                if is_key and type(event) is ScalarEvent and not parent[2]:  # type: ignore[index]
                    mark = event.start_mark
                    line_start = text.rfind("\n", 0, mark.index) + 1
                    if text[line_start : mark.index].strip(" ") == "" and all(
                        not f[2] and not f[4] and f[1] is not None for f in stack[:-1]
                    ):
                        header = "".join(" " * f[1] + ("_:\n" if f[0] else "-\n") for f in stack[:-1])
                        best = (line_start, header)
                if isinstance(event, CollectionStartEvent):
                    is_mapping = type(event) is MappingStartEvent
                    # A block collection's start mark is its indentation column, unless an anchor or a tag
                    # comes first: then its column is unknown here and nothing inside it is a restart point.
                    known = event.anchor is None and event.tag is None
                    column = event.start_mark.column if known else None
                    stack.append([is_mapping, column, bool(event.flow_style), True, False])
            elif isinstance(event, DocumentStartEvent):
                stack = []
            elif type(event).__name__ in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
    except Exception:  # noqa: BLE001 - libyaml's error: the events before it are what counts
        pass
    finally:
        parser.dispose()
    if best is None or best[0] == 0 and not best[1]:
        return None  # the restart point is the top of the file: the window would be the whole text
    return best[1] + text[best[0] :]


def events(text: str) -> list[Any]:
    """Every event of ``text``: libyaml's, or the conformant parser's where libyaml fails or may misread.

    Where libyaml fails and the conformant parser confirms it, libyaml's error is
    raised (its familiar message), unless the conformant parser found a tab used
    as indentation; text that libyaml may misread raises the conformant parser's error.
    """
    if c_parser_available() and not c_parser_may_misread(text):
        try:
            return drain(c_parser(text))
        except Exception as c_error:  # noqa: BLE001 - confirmed or overruled below
            if rejected_from_restart(text):
                raise c_error from None
            try:
                return drain(conformant_parser(text))
            except Exception as error:  # noqa: BLE001 - both parsers reject the text
                if is_tab_indentation(error):
                    raise
                raise c_error from None
    return drain(conformant_parser(text))


def drain(parser: Any) -> list[Any]:
    """Every event ``parser`` gives, then ``dispose()`` (also when it raises)."""
    try:
        out = []
        while (event := parser.get_event()) is not None:
            out.append(event)
        return out
    finally:
        parser.dispose()


__all__ = [
    "TAB_INDENT_MESSAGE",
    "c_parser",
    "c_parser_available",
    "c_parser_may_misread",
    "conformant_parser",
    "drain",
    "events",
    "is_tab_indentation",
    "rejected_from_restart",
]
