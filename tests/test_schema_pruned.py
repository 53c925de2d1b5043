"""Cerberus on the pruned document (schema._pruned) reports exactly what it reports on the whole document.

``validate`` hands cerberus the document with every conforming mapping or list
swapped for a small stand-in. These tests run ``validate`` both ways on every
rule fixture and on seeded random breakages of the samples and of a generated
5,000-line file, and compare the findings exactly.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from syncdsl import schema
from syncdsl.document import parse
from syncdsl.nodes import MappingNode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.sync.yaml"))
SAMPLES = sorted((ROOT / "samples").glob("*.sync.yaml"))
LARGE = ROOT / "bench" / "corpus" / "large-5k.sync.yaml"
# Line edits that break the schema, not the YAML: unknown and misspelt keys, wrong types, bad enum values.
BREAKS = [
    ("auto_upload: true", "auto_uplod: true"),
    ("auto_upload: true", "auto_upload: yes please"),
    ("upload_mode: Archive", "upload_mode: Archiv"),
    ("lifecycle: Lifecycle_", "lifecycle: 3 # Lifecycle_"),
    ("is_path_regex: true", "is_path_regex: [true]"),
    ("path: ", "pth: "),
    ("context_id: ", "context: "),
    ("policy: ", "policy: {upload_policy: 3} #"),
    ("exclude_paths:", "exclude_paths: 7 #"),
    ("version: 1", "version: one"),
]


def _roots(text: str) -> list[MappingNode]:
    parsed = parse(text)
    return [d.root for d in parsed.documents if isinstance(d.root, MappingNode)]


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[object], list[object]]:
    pruned, whole = [], []
    for root in _roots(text):
        source = parse(text).source
        pruned.append(schema.validate(root, source))
        with monkeypatch.context() as m:
            m.setattr(schema, "_pruned", lambda _spec, value: value)
            whole.append(schema.validate(root, source))
    return pruned, whole


def _broken_texts() -> list[tuple[str, str]]:
    rng = random.Random(20261201)
    out = []
    bases = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES]
    if LARGE.exists():
        bases.append(("large-5k", LARGE.read_text(encoding="utf-8")))
    for name, text in bases:
        lines = text.split("\n")
        for i in range(12):
            edited = list(lines)
            for _ in range(rng.randint(1, 3)):
                old, new = rng.choice(BREAKS)
                hits = [n for n, line in enumerate(edited) if old in line]
                if hits:
                    n = rng.choice(hits)
                    edited[n] = edited[n].replace(old, new, 1)
            out.append((f"{name}#{i}", "\n".join(edited)))
    return out


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "tests" / "fixtures")))
def test_fixtures(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pruned, whole = _both(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)
    assert pruned == whole


def test_broken_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    found = 0
    for name, text in _broken_texts():
        pruned, whole = _both(text, monkeypatch)
        assert (name, pruned) == (name, whole)
        found += sum(len(d) for d in whole)
    assert found >= 200  # the breakages did break the schema


def test_standins_conform_and_prune() -> None:
    for spec in (schema.ROOT, *(f for f in schema.ROOT.fields)):
        standin = schema._standin(spec)
        assert standin is schema._NO_STANDIN or schema.conforms(spec, standin)
    data = {"version": 1, "policies": {"p": {"upload_policy": {"auto_upload": True}}}, "contexts": [{"bad": 1}]}
    assert schema._pruned(schema.ROOT, data) == {"version": 1, "policies": {}, "contexts": [{"bad": 1}]}
