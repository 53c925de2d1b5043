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


def events(text: str) -> list[Any]:
    """Every event of ``text``: libyaml's, or the conformant parser's where libyaml fails or may misread.

    Where libyaml fails and the conformant parser confirms it, libyaml's error is
    raised (its familiar message), unless the conformant parser found a tab used
    as indentation; text that libyaml may misread raises the conformant parser's error.
    """
    if c_parser_available() and not c_parser_may_misread(text):
        try:
            return _drain(c_parser(text))
        except Exception as c_error:  # noqa: BLE001 - confirmed or overruled below
            try:
                return _drain(conformant_parser(text))
            except Exception as error:  # noqa: BLE001 - both parsers reject the text
                if is_tab_indentation(error):
                    raise
                raise c_error from None
    return _drain(conformant_parser(text))


def _drain(parser: Any) -> list[Any]:
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
    "events",
    "is_tab_indentation",
]
