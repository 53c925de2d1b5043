"""Baselines: record today's findings so that ``lint --baseline`` reports only new ones.

A finding is identified by its file (relative to the baseline file's folder),
its code and a fingerprint that survives edits elsewhere in the file: a hash
of the code, the YAML key path of the offending node (list items of contexts
and white lists named by their ``context_id`` / ``path``, other list items
unnumbered, so inserting an item does not renumber the rest) and the
offending source text with whitespace collapsed. Line and column are left
out on purpose, and so is the message (some messages quote line numbers).

Identical findings (same file, code and fingerprint) are counted: a baseline
with two of them hides two, and a third one is new.

File format (JSON, sorted for stable diffs)::

    {"version": 1,
     "entries": [{"path": "conf/team.sync.yaml", "code": "SD303",
                  "fingerprint": "9f2c4e1a0b7d3e55", "message": "..."}]}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from syncdsl.diagnostics import Diagnostic, Position, Span
from syncdsl.document import ParsedFile, Source
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode, scalar_text
from syncdsl.records import record

if TYPE_CHECKING:
    from syncdsl.cli.files import Target
    from syncdsl.cli.runner import FileOutcome

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message is one line."""


@record(frozen=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)


# --- fingerprints -----------------------------------------------------------------------


def _item_segment(item: Node) -> str:
    if isinstance(item, MappingNode):
        for name in ("context_id", "path"):
            text = scalar_text(item.get(name))
            if text is not None:
                return f"[{name}={text}]"
    return "[]"


def key_path(root: Node | None, span: Span) -> str:
    """The YAML path of the node whose key or value is at ``span`` (e.g. ``policies.std.recycle_policy.paths[]``).

    Descends only into nodes that contain the span's start, so aliases cost nothing extra.
    """
    path: list[str] = []
    node = root
    target = span.start
    seen: set[int] = set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if node.span == span:
            break
        nxt: Node | None = None
        if isinstance(node, MappingNode):
            for key, value in node.pairs:
                if key.span == span or (key.span.start <= target < key.span.end):
                    path.append(_key_text(key))
                    return ".".join(path).replace(".[", "[")
                if _contains(value.span, target):
                    path.append(_key_text(key))
                    nxt = value
                    break
        elif isinstance(node, SequenceNode):
            for item in node.items:
                if _contains(item.span, target):
                    path.append(_item_segment(item))
                    nxt = item
                    break
        node = nxt
    return ".".join(path).replace(".[", "[")


def _key_text(key: Node) -> str:
    return str(key.value) if isinstance(key, ScalarNode) else "?"


def _contains(span: Span, pos: Position) -> bool:
    return span.start <= pos < span.end or span.start == pos


def _offending_text(source: Source, span: Span) -> str:
    start, end = source.offset_of(span.start), source.offset_of(span.end)
    text = source.text[start:end] if end > start else source.line_text(span.start.line)
    return " ".join(text.split())


def _document_index(parsed: ParsedFile, pos: Position) -> int:
    for i, doc in enumerate(parsed.documents):
        if doc.span.start <= pos <= doc.span.end:
            return i
    return 0


def fingerprint(diagnostic: Diagnostic, parsed: ParsedFile) -> str:
    index = _document_index(parsed, diagnostic.span.start)
    root = parsed.documents[index].root if parsed.documents else None
    where = key_path(root, diagnostic.span)
    if index:
        where = f"#{index}:{where}"
    text = _offending_text(parsed.source, diagnostic.span)
    digest = hashlib.sha256("\0".join((diagnostic.code, where, text)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def entries_for(path: str, parsed: ParsedFile, diagnostics: Iterable[Diagnostic]) -> list[Entry]:
    return [Entry(path, d.code, fingerprint(d, parsed), d.message) for d in diagnostics]


def relative_path(file: str, baseline_file: Path) -> str:
    """``file`` relative to the baseline file's folder, with ``/`` separators."""
    base = os.path.dirname(os.path.abspath(baseline_file))
    rel = os.path.relpath(os.path.abspath(file), base)
    return rel.replace(os.sep, "/")


# --- the file -------------------------------------------------------------------------------


def dumps(entries: Iterable[Entry]) -> str:
    ordered = sorted(entries, key=lambda e: (e.path, e.code, e.fingerprint, e.message))
    body = {
        "version": VERSION,
        "entries": [{"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "message": e.message}
                    for e in ordered],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def loads(text: str, where: str) -> list[Entry]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"{where}: not a baseline file: invalid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{where}: not a syncdsl baseline (expected {{\"version\": 1, \"entries\": [...]}})")
    out: list[Entry] = []
    for i, item in enumerate(data["entries"]):
        fields = ("path", "code", "fingerprint")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in fields):
            raise BaselineError(f"{where}: entry {i + 1} needs string `path`, `code` and `fingerprint`")
        message = item.get("message", "")
        out.append(Entry(item["path"], item["code"], item["fingerprint"], message if isinstance(message, str) else ""))
    return out


def read(path: Path) -> list[Entry]:
    from syncdsl.reading import read_regular

    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BaselineError(f"{path}: cannot read baseline: {reason.lower()}") from None
    return loads(text, str(path))


def write(path: Path, entries: Iterable[Entry]) -> None:
    from syncdsl.export import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, dumps(entries))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {(exc.strerror or str(exc)).lower()}") from None


class Baseline:
    """A loaded baseline that hides each recorded finding once per entry."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.remaining: Counter[tuple[str, str, str]] = Counter(e.key for e in entries)

    def filter(self, path: str, parsed: ParsedFile, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        """The findings of one file (``path`` relative to the baseline) that the baseline does not hold."""
        kept: list[Diagnostic] = []
        for d in diagnostics:
            key = (path, d.code, fingerprint(d, parsed))
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
                continue
            kept.append(d)
        return kept


# --- `lint --baseline` / `--write-baseline` --------------------------------------------------


class BaselineRun:
    """What ``syncdsl lint`` does with baselines, kept here so the command only calls in.

    The lint runner keeps no parse trees (outcomes cross process boundaries), so
    files are parsed again here to fingerprint their findings; the C parser
    makes that cheap. Standard input cannot be read twice, so it is refused.
    """

    def __init__(self, baseline: Path | None, write_to: Path | None) -> None:
        self.write_to = write_to
        self.baseline_file = baseline
        self.baseline = Baseline(read(baseline)) if baseline is not None and write_to is None else None
        self.hidden = 0  # findings the baseline held back (after apply)
        self.recorded = 0  # findings written to the baseline (after apply, when writing)

    def apply(self, targets: Sequence[Target], outcomes: Sequence[FileOutcome]) -> tuple[list[FileOutcome], str | None]:
        """Outcomes with baselined findings removed (all of them when writing), and a note for stderr."""
        from syncdsl.document import parse
        from syncdsl.records import replace

        anchor = self.write_to or self.baseline_file
        assert anchor is not None
        entries: list[Entry] = []
        kept: list[FileOutcome] = []
        for target, outcome in zip(targets, outcomes, strict=True):
            diagnostics = outcome.diagnostics
            if outcome.error or not diagnostics:
                kept.append(outcome)
                continue
            path = target.path
            if path is None:
                raise BaselineError("--baseline and --write-baseline need files, not standard input")
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise BaselineError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
            parsed = parse(data, target.config.limits)
            rel = relative_path(path, anchor)
            if self.write_to is not None:
                entries.extend(entries_for(rel, parsed, diagnostics))
                kept.append(replace(outcome, diagnostics=[]))
            elif self.baseline is not None:
                new = self.baseline.filter(rel, parsed, diagnostics)
                self.hidden += len(diagnostics) - len(new)
                kept.append(replace(outcome, diagnostics=new))
        if self.write_to is None:
            return kept, None
        write(self.write_to, entries)
        self.recorded = len(entries)
        noun = "finding" if len(entries) == 1 else "findings"
        return kept, f"wrote {len(entries)} {noun} to baseline {self.write_to}"
