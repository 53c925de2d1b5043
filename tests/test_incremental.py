"""The incremental re-analysis equals a full lint, after every step of random edit sequences.

Each sequence starts from a sample (or a generated 5,000-line file) and applies random
edits: characters and lines inserted, deleted and replaced, lines indented and dedented,
values flipped, and earlier edits undone (so YAML is broken and then repaired). After
every step the parse must equal ``parse`` (tree, spans, findings, source) and the lint
must equal ``lint_source`` exactly (codes, messages, spans, severities, fixes, related).
The seed is fixed and the steps are bounded.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from syncdsl.config import Config
from syncdsl.document import Limits, ParsedFile, parse
from syncdsl.incremental import IncrementalLinter, IncrementalParser
from syncdsl.linter import lint_parsed, lint_source
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.sync.yaml"))
SEED = 20261201

# Characters an edit inserts: YAML's indicators, line breaks, blanks, and plain text.
ALPHABET = "ab z09:-#'\"[]{},|>&*!?%\n\n  \t._/"
WORDS = [
    "true",
    "false",
    "  ",
    "- ",
    ": ",
    "policy: ",
    "extends: base",
    "path: /tmp/x",
    "# note",
    "null",
    "'",
    "{",
    "[",
]


def same_tree(a: Node | None, b: Node | None) -> bool:
    """Structural equality with spans, values (and their types), styles, tags and flow styles."""
    if a is None or b is None:
        return a is b
    if type(a) is not type(b) or a.span != b.span or a.tag != b.tag:
        return False
    if isinstance(a, ScalarNode):
        assert isinstance(b, ScalarNode)
        if type(a.value) is not type(b.value) or a.style != b.style:
            return False
        return a.value == b.value or (a.value != a.value and b.value != b.value)  # NaN
    if isinstance(a, MappingNode):
        assert isinstance(b, MappingNode)
        return (
            a.flow == b.flow
            and len(a.pairs) == len(b.pairs)
            and all(same_tree(k, k2) and same_tree(v, v2) for (k, v), (k2, v2) in zip(a.pairs, b.pairs, strict=True))
        )
    assert isinstance(a, SequenceNode) and isinstance(b, SequenceNode)
    return (
        a.flow == b.flow
        and len(a.items) == len(b.items)
        and all(same_tree(x, y) for x, y in zip(a.items, b.items, strict=True))
    )


def assert_same_parse(got: ParsedFile, want: ParsedFile) -> None:
    g, w = got.source, want.source
    assert (g.text, g.encoding, g.bom, g.newline) == (w.text, w.encoding, w.bom, w.newline)
    assert g.line_starts == w.line_starts
    assert got.diagnostics == want.diagnostics
    assert len(got.documents) == len(want.documents)
    for g, w in zip(got.documents, want.documents, strict=True):
        assert g.span == w.span
        assert g.diagnostics == w.diagnostics
        assert g.shared == w.shared
        assert same_tree(g.root, w.root)


def generated_file(lines: int = 5000) -> str:
    """A file of about ``lines`` lines: policies with ``extends`` chains, contexts, and some findings."""
    out = ["# generated for tests/test_incremental.py", "version: 1", "", "policies:"]
    contexts = ["", "contexts:"]
    n = 0
    while len(out) + len(contexts) < lines - 20:
        out += [
            f"  # workspace {n}",
            f"  base-{n}:",
            "    upload_policy:",
            f"      auto_upload: {'true' if n % 2 else 'false'}",
            "      upload_mode: Archive",
            "      archive_exclude_paths: [.cache, tmp]",
            "    recycle_policy:",
            "      lifecycle: Lifecycle_3Days",
            "      paths:",
            f"        - /home/wuying/ws-{n}/cache",
            f"        - /home/wuying/ws-{n}/*.tmp",
            f"  strict-{n}:",
            f"    extends: base-{n}",
            "    delete_policy: {sync_local_file: false}",
            "    bw_list:",
            "      white_lists:",
            "        - path: /current",
            "          exclude_paths: [/debug, /trace]",
            "        - path: '.*\\.(csv|parquet)$'",
            "          is_path_regex: true",
        ]
        contexts += [
            f"  # contexts of workspace {n}",
            f"  - context_id: SdkCtx-{n:06x}a",
            f"    path: /home/wuying/ws-{n}/src",
            f"    policy: strict-{n}",
            f"  - context_id: SdkCtx-{n:06x}b",
            f"    path: /home/wuying/ws-{n}/{'src' if n % 7 == 3 else 'logs'}",  # a duplicate mount now and then
            f"    policy: {'missing' if n % 40 == 5 else f'base-{n}'}",  # an undefined policy now and then
            "    beta_wait_for_completion: true",
        ]
        n += 1
    return "\n".join(out + contexts) + "\n"


# YAML that exercises the scanner's corners: block scalars (kept, stripped, at an item's end),
# multi-line quoted and plain scalars, flow collections over lines, a comment at column 0
# inside a mapping, anchors and tags, empty values, an indentless sequence, non-ASCII text.
TRICKY = """---
# héllo ✓ 𝄞 header
version: 1
policies:
  lit:
    note: |
      first line
        indented more

      after a blank
    folded: >-
      a
      b
# a comment at column 0 inside the policies
  keep:
    text: |+
      kept

  quoted:
    q: "a multi-line
      double-quoted string"
    s: 'single
      quoted'
  flowy:
    upload_policy: {auto_upload: true,
      upload_mode: Archive}
    list: [a, b,
      c]
  anchored:
    base: &base {x: 1}
    tagged: !!str 123
  empty:
  plain:
    multi: a plain
      scalar over lines
    last:
contexts:
- context_id: a
  path: /tmp/a
  policy: lit
-   context_id: b
    path: /tmp/b
- context_id: c
  path: |
    /tmp/c
- context_id: d
  path:
"""


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end + 1


def random_edit(text: str, rng: random.Random) -> tuple[int, int, str]:
    """(start, end, replacement): one random edit of ``text``."""
    if not text:
        return 0, 0, rng.choice(WORDS)
    at = rng.randrange(len(text) + 1)
    kind = rng.randrange(10)
    if kind == 0:  # insert a character
        return at, at, rng.choice(ALPHABET)
    if kind == 1:  # insert a word
        return at, at, rng.choice(WORDS)
    if kind == 2:  # delete a few characters
        return at, min(len(text), at + rng.randint(1, 4)), ""
    if kind == 3:  # replace a character
        return at, min(len(text), at + 1), rng.choice(ALPHABET)
    start, end = _line_bounds(text, min(at, len(text) - 1))
    line = text[start:end]
    if kind == 4:  # delete a line
        return start, end, ""
    if kind == 5:  # duplicate a line
        return end, end, line if line.endswith("\n") else "\n" + line
    if kind == 6:  # indent or dedent a line
        if line.startswith("  ") and rng.random() < 0.5:
            return start, start + 2, ""
        return start, start, "  "
    if kind == 7:  # move a line from elsewhere here
        s2, e2 = _line_bounds(text, rng.randrange(len(text)))
        moved = text[s2:e2]
        return start, start, moved if moved.endswith("\n") else moved + "\n"
    if kind == 8:  # flip a boolean or change a digit on the line
        for old, new in (("true", "false"), ("false", "true")):
            if old in line:
                i = start + line.index(old)
                return i, i + len(old), new
        digits = [i for i, ch in enumerate(line) if ch.isdigit()]
        if digits:
            i = start + rng.choice(digits)
            return i, i + 1, str(rng.randrange(10))
        return at, at, "x"
    # a line break in the middle of a line (and the text after it moved to a new line)
    return at, at, "\n" + " " * rng.choice((0, 2, 4, 6))


def run_sequence(
    text: str, steps: int, rng: random.Random, config: Config | None = None, check_full: bool = True
) -> dict[str, int]:
    """Edit ``text`` ``steps`` times; after each edit the incremental results must equal full ones.

    A step the incremental linter parsed in full is ``lint_source`` by construction; with
    ``check_full=False`` it is not linted a second time (broken 5,000-line texts are slow to parse).
    """
    config = config or Config()
    linter = IncrementalLinter()
    undo: list[tuple[int, int, str]] = []
    counts: dict[str, int] = {}
    for step in range(steps + 1):
        if step:
            if undo and rng.random() < 0.5:  # repair: undo the last edit
                start, end, replacement = undo.pop()
            else:
                start, end, replacement = random_edit(text, rng)
                undo.append((start, start + len(replacement), text[start:end]))
            text = text[:start] + replacement + text[end:]
        got = linter.lint(text, "x.sync.yaml", config)
        how = linter.parser.last
        counts[how] = counts.get(how, 0) + 1
        if how == "full" and not check_full:
            continue
        want = lint_source(text, "x.sync.yaml", config)
        assert_same_parse(got.parsed, want.parsed)
        assert got.diagnostics == want.diagnostics, f"step {step} ({how})"
    return counts


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_random_edits_of_a_sample_lint_as_a_full_lint(path: Path) -> None:
    rng = random.Random(f"{SEED}:{path.name}")
    counts = run_sequence(path.read_text(encoding="utf-8"), 60, rng)
    assert sum(counts.values()) == 61


def test_random_edits_of_a_5000_line_file_lint_as_a_full_lint() -> None:
    rng = random.Random(SEED)
    text = generated_file()
    assert text.count("\n") >= 4900
    counts = run_sequence(text, 60, rng, check_full=False)
    # Most random edits land inside one policy or context: the incremental path must be the common one.
    assert counts.get("item", 0) >= 20, counts


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_of_tricky_yaml_lint_as_a_full_lint(seed: int) -> None:
    counts = run_sequence(TRICKY, 60, random.Random(seed))
    assert sum(counts.values()) == 61


def test_the_samples_together_splice_often() -> None:
    """The incremental path is taken on ordinary files, not only on the generated one."""
    rng = random.Random(SEED + 1)
    total: dict[str, int] = {}
    for path in SAMPLES:
        for how, n in run_sequence(path.read_text(encoding="utf-8"), 15, rng).items():
            total[how] = total.get(how, 0) + n
    assert total.get("item", 0) + total.get("root-item", 0) >= len(SAMPLES) * 3, total


EDITS: list[tuple[str, str, str]] = [
    # (what, old, new): each must be spliced and equal the full parse.
    ("flip a value", "      auto_upload: false\n", "      auto_upload: true\n"),
    ("add a line to a policy", "      upload_mode: Archive\n", "      upload_mode: Archive\n      extra_key: 1\n"),
    ("remove a line of a policy", "      lifecycle: Lifecycle_3Days\n", ""),
    ("rename a policy", "  strict-3:\n", "  strict-3b:\n"),
    ("edit a context", "    path: /home/wuying/ws-3/src\n", "    path: /home/wuying/ws-3/src2\n"),
    ("empty value at the end of an item", "    beta_wait_for_completion: true\n", "    beta_wait_for_completion:\n"),
    ("a comment between items", "  # workspace 4\n", "  # workspace four, renamed\n    # and a second line\n"),
    ("a new policy", "  strict-3:\n", "  extra: {}\n  strict-3:\n"),
    (
        "a new context",
        "  - context_id: SdkCtx-000003a\n",
        "  - context_id: new\n    path: /n\n  - context_id: SdkCtx-000003a\n",
    ),
    ("a policy removed", "  strict-3:\n    extends: base-3\n", "  base-3-again:\n"),
]


@pytest.mark.parametrize(("what", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_typical_edits_are_spliced(what: str, old: str, new: str) -> None:
    text = generated_file(400)
    parser = IncrementalParser()
    parser.parse(text, Limits())
    assert old in text, what
    edited = text.replace(old, new, 1)
    got = parser.parse(edited, Limits())
    assert parser.last in ("item", "items"), what
    assert_same_parse(got, parse(edited))
    assert lint_parsed(got).diagnostics == lint_source(edited).diagnostics


FALLBACKS: list[tuple[str, str, str]] = [
    # (what, old, new): each must be parsed in full (and so equal the full parse trivially).
    ("a duplicate policy name", "  strict-3:\n", "  strict-2:\n"),
    ("a dedented line", "      upload_mode: Archive\n", "upload_mode: Archive\n"),
    ("an alias", "    extends: base-3\n", "    extends: *x\n"),
    ("a tab", "      upload_mode: Archive\n", "      upload_mode:\tArchive\n"),
    ("a syntax error", "      upload_mode: Archive\n", "      upload_mode: [Archive\n"),
]


@pytest.mark.parametrize(("what", "old", "new"), FALLBACKS, ids=[e[0] for e in FALLBACKS])
def test_edits_that_cannot_be_proven_local_are_parsed_in_full(what: str, old: str, new: str) -> None:
    text = generated_file(400)
    parser = IncrementalParser()
    parser.parse(text, Limits())
    edited = text.replace(old, new, 1)
    assert edited != text, what
    got = parser.parse(edited, Limits())
    assert parser.last == "full", what
    assert_same_parse(got, parse(edited))


def test_edits_in_several_items_re_parse_those_items() -> None:
    """Edits coalesced while a lint ran: the items from the first edited to the last are re-parsed together."""
    text = generated_file(400)
    parser = IncrementalParser()
    parser.parse(text, Limits())
    edited = text.replace("auto_upload: true", "auto_upload: false", 3)
    edited = edited.replace("    policy: strict-1\n", "    policy: strict-2\n")
    got = parser.parse(edited, Limits())
    assert parser.last == "full"  # policies and contexts both changed: about the whole text
    assert_same_parse(got, parse(edited))
    parser.parse(text, Limits())
    edited = text.replace("auto_upload: true", "auto_upload: false", 3)
    got = parser.parse(edited, Limits())
    assert parser.last == "items"
    assert_same_parse(got, parse(edited))


def test_a_root_entry_is_re_parsed_when_no_item_of_its_value_holds_the_edit() -> None:
    text = generated_file(400)
    parser = IncrementalParser()
    parser.parse(text, Limits())
    edited = text.replace("version: 1\n", "version: 2\n# a note\n", 1)
    got = parser.parse(edited, Limits())
    assert parser.last == "root-item"
    assert_same_parse(got, parse(edited))


def test_a_broken_text_keeps_the_last_plain_base() -> None:
    """Typing through a syntax error: the repaired text is spliced into the last plain tree."""
    text = generated_file(400)
    parser = IncrementalParser()
    parser.parse(text, Limits())
    broken = text.replace("      upload_mode: Archive\n", "      upload_mode: [Archive\n", 1)
    parser.parse(broken, Limits())
    assert parser.last == "full"
    repaired = text.replace("      upload_mode: Archive\n", "      upload_mode: [Archive]\n", 1)
    got = parser.parse(repaired, Limits())
    assert parser.last == "item"
    assert_same_parse(got, parse(repaired))


def test_the_limits_are_those_of_the_whole_text() -> None:
    """``max-depth`` counts the levels above the re-parsed item."""
    text = "version: 1\npolicies:\n  p:\n    upload_policy:\n      auto_upload: true\n"
    deeper = text.replace("auto_upload: true", "auto_upload: {a: {b: 1}}")
    for depth in range(1, 8):
        limits = Limits(max_depth=depth)
        parser = IncrementalParser()
        parser.parse(text, limits)
        assert_same_parse(parser.parse(deeper, limits), parse(deeper, limits))


def test_other_configurations() -> None:
    """Settings change what is reported, never what is re-parsed."""
    rng = random.Random(SEED + 2)
    config = Config(select=("SD1", "SD3"), limits=Limits(max_depth=6))
    counts = run_sequence(generated_file(600), 20, rng, config)
    assert sum(counts.values()) == 21
