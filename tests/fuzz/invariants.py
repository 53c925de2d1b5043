"""What must hold for any input at all: shared by the hypothesis tests and the atheris target.

:func:`check` takes raw bytes (or text) and drives the linter, the formatter,
the fixer and the exporter in-process. It raises :class:`InvariantError`
(an ``AssertionError``) naming the broken promise; any other exception is a
crash. The checks are written independently of the code they check: the
fixer's own guard is not reused to judge the fixer.

The promises:

- ``lint`` never raises, whatever the bytes;
- a file that parses formats without error; the output parses to the same
  data, keeps every comment and is a fixed point of ``fmt``;
- a fix run (safe fixes, and suggestions too) never produces a file that does
  not parse, never adds to the findings of any code SD001-SD014 and never loses a key;
- a file without error-level findings loads and exports (JSON, unless a context is
  known only by name, and Python).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from syncdsl.diagnostics import Severity
from syncdsl.document import Limits, parse
from syncdsl.nodes import to_data

# The codes a fix must never add: the document and schema layers' findings.
GUARDED = frozenset(f"SD{n:03d}" for n in (*range(1, 6), *range(10, 15)))

LIMITS = Limits()


class InvariantError(AssertionError):
    """A promise listed in the module docstring does not hold for an input."""


def _comparable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return {_comparable_key(k): _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def _comparable_key(key: Any) -> Any:
    return ("bool", key) if isinstance(key, bool) else key


def data_of(text: str) -> list[Any] | None:
    """The data of every document, or None when the text does not parse cleanly."""
    parsed = parse(text, LIMITS)
    if parsed.diagnostics:
        return None
    return [_comparable(to_data(d.root)) for d in parsed.documents]


def key_count(value: Any) -> int:
    """How many mapping keys the data holds, at every depth."""
    if isinstance(value, dict):
        return len(value) + sum(key_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(key_count(v) for v in value)
    return 0


def guarded_findings(text: str) -> Counter[str]:
    """How many SD001-SD014 findings of each code the text has."""
    from syncdsl.linter import lint

    return Counter(d.code for d in lint(text) if d.code in GUARDED)


def check_format(text: str) -> None:
    from syncdsl.formatter import FormatError, format_text

    before = data_of(text)
    if before is None:
        return
    try:
        out = format_text(text, LIMITS)
    except FormatError as exc:
        raise InvariantError(f"fmt refused a file that parses: {exc}") from None
    after = data_of(out)
    if after != before:
        raise InvariantError("fmt changed the data")
    from syncdsl.formatter import comments_of

    if Counter(comments_of(out)) != Counter(comments_of(text)):
        raise InvariantError("fmt lost or changed a comment")
    if format_text(out, LIMITS) != out:
        raise InvariantError("fmt is not idempotent")


def check_fix(data: bytes | str) -> None:
    from syncdsl.fixes import fix_text

    result = fix_text(data, unsafe=True)
    if result.source is None or not result.changed:
        return
    original = result.source.text
    new_data = data_of(result.text)
    if new_data is None:
        broken = [d for d in parse(result.text, LIMITS).diagnostics if d.code == "SD001"]
        if broken:
            raise InvariantError(f"--fix wrote a file that does not parse: {broken[0].message}")
        return  # a limit (SD004) only: the data cannot be compared
    old_data = data_of(original)
    if old_data is not None and key_count(new_data) < key_count(old_data):
        raise InvariantError("--fix lost a key")
    added = guarded_findings(result.text) - guarded_findings(original)
    if added:
        raise InvariantError(f"--fix added findings: {sorted(added)}")


def check_export(data: bytes | str) -> None:
    from syncdsl.api import SyncDslError, load
    from syncdsl.export import export_json, export_python
    from syncdsl.linter import lint_source

    result = lint_source(data)
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        return
    if len(result.parsed.documents) != 1:
        return
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        document = load(raw)
    except SyncDslError as exc:
        raise InvariantError(f"load failed on a file without errors: {exc}") from None
    import syncdsl.export

    # JSON needs every context's id: contexts named by `context_name` are refused by design.
    refused = getattr(syncdsl.export, "UnresolvedNamesError", ())
    try:
        export_json(document)
    except refused:
        pass
    export_python(document, "fuzz.sync.yaml")


def check(data: bytes | str) -> None:
    """Every promise for one input; raises InvariantError (or crashes) when one is broken."""
    from syncdsl.linter import lint_source

    result = lint_source(data)
    if any(d.code in ("SD001", "SD004") for d in result.diagnostics):
        return  # nothing more can be done with a file that does not parse
    text = result.source.text
    check_format(text)
    check_fix(data)
    check_export(data)
