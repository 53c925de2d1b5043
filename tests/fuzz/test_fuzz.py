"""Fuzzing in the suite: hypothesis drives lint, fmt, --fix and export with the promises of invariants.py.

Three kinds of input: valid documents written in many styles
(tests/yaml_gen.py), the samples from samples/ with random edits (lines
dropped, repeated or swapped, characters inserted or replaced), and raw
bytes and text. Each test runs a fixed set of examples (``derandomize``: the
same every run, so CI is deterministic); the example counts keep this file
under about a minute on a 2-core machine. The atheris target
(tests/fuzz/fuzz_lint.py, ``make fuzz``) explores further, outside CI.

Inputs that once broke a promise are replayed first, as ``@example`` s.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fuzz.invariants import check
from tests.yaml_gen import yaml_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.sync.yaml"))
SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]
CORPUS = sorted((Path(__file__).resolve().parent / "corpus").iterdir())

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# Found by the atheris target (and minimised): each broke a promise once.
FOUND = [
    # --fix renamed a key onto `policies` while an old duplicate went away: a policy was lost.
    b"version: 1\npolcies:\n  a:\n    delete_policy: {sync_local_file: false}\npolicis:\n  b:\n"
    b"    dle: false}\npolicis:\n ",
    # fmt was not idempotent with a tag on the root and a comment above the first key.
    b"!\n#\n\ny:",
    # fmt refused a flow mapping whose key spans two lines (as a block key it would not parse).
    b"{h\np}",
    b"a: {h\n  p: 1}\n",
    # fmt wrote an empty key with a tag or an anchor as `!:` (the tag `!:`).
    b"! :",
    b"! : 1\nb: 2\n",
    b"&a : 1\nb: *a\n",
    b"x: {! : 1, !!str : 2}\n",
]

# What a person does to a file by mistake, or a fuzzer on purpose.
PIECES = [
    "\n", " ", "  ", "\t", "-", "- ", ":", ": ", "#", "# c", "&a ", "*a", "<<: *a", "!!str ", "[", "]", "{", "}",
    ",", "'", '"', "|", ">", "?", "---\n", "...\n", "\ufeff", "\r\n", "\x00", "é", "polcies", "policis",
    "is_exclude_regx: true", "is_exclude_regex: true", "paths: [/a, /a]", "upload_mode: archive", "*.log",
    "extends: ", "policy: ", "version: 1\n", "contexts:\n", "  - context_id: x\n    path: /d\n",
]


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            lines = [""]
        op = draw(st.sampled_from(["drop", "repeat", "swap", "insert", "replace", "dedent", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line
        elif op == "indent":
            lines[i] = "  " + line
        else:
            at = draw(st.integers(0, len(line)))
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=3))
            end = at if op == "insert" else min(len(line), at + draw(st.integers(1, 4)))
            lines[i] = line[:at] + piece + line[end:]
    return "".join(lines)


@settings(FUZZ, max_examples=400)
@given(yaml_text(encodings=True, aliases=True))
def test_valid_documents(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=1000)
@given(mutated_sample())
@example(SAMPLE_TEXTS[0])
def test_mutated_samples(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=3000)
@given(st.binary(max_size=300))
@example(b"")
@example(b"\xff\xfe\x00")
def test_raw_bytes(data: bytes) -> None:
    check(data)


@settings(FUZZ, max_examples=2000)
@given(st.text(alphabet=st.sampled_from("ab:- \n#&*![]{},'\"|>?%@`\t") | st.characters(), max_size=120))
def test_raw_text(text: str) -> None:
    check(text)


def test_inputs_found_before_and_the_atheris_seeds() -> None:
    for data in FOUND:
        check(data)
    for path in CORPUS:
        check(path.read_bytes())
