"""Confirming libyaml's syntax errors from the last restart point gives what the whole-file confirmation gave.

``yaml_events.rejected_from_restart`` lets the conformant parser read only a
window (synthetic openers for the enclosing block collections, then the text
from the last restart key on). These tests break the samples and a generated
5,000-line file at random, seeded, and check for every broken text that the
parse result (diagnostics, documents) and the formatter's event stream are
exactly what they are when the whole file is confirmed; and that the shortcut
was taken often enough for that to mean something.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from syncdsl import yaml_events
from syncdsl.document import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.sync.yaml"))
LARGE = ROOT / "bench" / "corpus" / "large-5k.sync.yaml"
# What typing inserts on the way to a valid file, and what breaks YAML.
PIECES = ["[", "]", "{", "}", '"', "'", ",", ": ", ":", "- ", "-", "#", "&a ", "*a", "!", "|", ">", "? ", "\t", "  ",
          "\n", "\n  ", "x", "%", "@", "`", "key: [a, b", "- {path: ", "'unclosed", '"a\\q"']


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.6:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif choice < 0.8:
            text = text[:at] + text[at + rng.randint(1, 12) :]
        else:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i][: rng.randint(0, len(lines[i]))])
            text = "\n".join(lines)
    return text


def _cases() -> list[tuple[str, str]]:
    rng = random.Random(20261201)
    out: list[tuple[str, str]] = []
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        out += [(f"{sample.name}#{i}", _mutate(text, rng)) for i in range(30)]
    large = LARGE.read_text(encoding="utf-8") if LARGE.exists() else ""
    lines = large.split("\n")
    for i in range(40):
        start = rng.randrange(max(1, len(lines) - 400))
        out.append((f"large-5k#{i}", _mutate("\n".join(lines[start : start + 400]), rng)))
    for i in range(4):
        out.append((f"large-5k-whole#{i}", _mutate(large, rng)))
    return out


CASES = _cases()


def _outcome(text: str) -> tuple[object, ...]:
    parsed = parse(text)
    try:
        events = [(type(e).__name__, e.start_mark.index, e.end_mark.index) for e in yaml_events.events(text)]
    except Exception as exc:  # noqa: BLE001 - the formatter's view: which error, and where
        mark = getattr(exc, "problem_mark", None)
        events = [(type(exc).__name__, str(exc), getattr(mark, "index", None))]
    return (
        [(d.code, d.severity, d.message, d.span) for d in parsed.diagnostics],
        [(doc.span, [(d.code, d.message, d.span) for d in doc.diagnostics]) for doc in parsed.documents],
        events,
    )


def test_windowed_confirmation_equals_whole_file_confirmation(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[bool] = []
    real = yaml_events.rejected_from_restart

    def counted(text: str) -> bool:
        verdict = real(text)
        taken.append(verdict)
        return verdict

    mismatches = []
    for name, text in CASES:
        monkeypatch.setattr(yaml_events, "rejected_from_restart", counted)
        fast = _outcome(text)
        monkeypatch.setattr(yaml_events, "rejected_from_restart", lambda _text: False)
        whole = _outcome(text)
        if fast != whole:
            mismatches.append(name)
    assert mismatches == []
    # Not vacuous: libyaml rejected many of the texts, and the window decided for most of those.
    assert len(taken) >= 300
    assert sum(taken) >= len(taken) // 2


def test_window_keeps_the_columns_of_the_enclosing_collections() -> None:
    text = "version: 1\ncontexts:\n  - context_id: a\n    policy:\n      extends: x\n      bad: [oops\n"
    assert yaml_events._restart_window(text) == "_:\n  -\n    _:\n      bad: [oops\n"
    assert yaml_events.rejected_from_restart(text) is True


def test_no_window_at_the_top_of_the_file() -> None:
    assert yaml_events._restart_window("a: [oops\n") is None  # the window would be the whole text
    assert yaml_events.rejected_from_restart("a: [oops\n") is False
    assert yaml_events._restart_window("p:\n  q: 1\nr: [oops\n") == "r: [oops\n"


def test_an_anchor_or_tag_hides_the_columns_beneath_it() -> None:
    # The anchored mapping is the key's own mapping: its line is copied, so its column is not needed.
    assert yaml_events._restart_window("a: &x\n  b: 1\n  c: [oops\n") == "_:\n  c: [oops\n"
    # An anchored ancestor: the last restart point is above it.
    text = "top: 1\na: &x\n  b:\n    c: 1\n    d: [oops\n"
    assert yaml_events._restart_window(text) == "_:\n  b:\n    c: 1\n    d: [oops\n"
    assert yaml_events._restart_window("top: 1\na: !!map\n  b:\n    d: [oops\n") == "_:\n  b:\n    d: [oops\n"


def test_a_tab_or_a_window_that_parses_is_undecided() -> None:
    assert yaml_events.rejected_from_restart("a:\n  b: 1\n  c:\n\t- 1\n") is False
    assert yaml_events.rejected_from_restart("a:\n  b: 1\n  c: \"x\n") is True
