"""The lint thread freezes each new tree out of the cyclic collector; that must not keep it alive."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from lsp_server import server
from syncdsl.config import Config

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "team-policies.sync.yaml"


def _analyse(version: int) -> server.Analysis:
    text = SAMPLE.read_text(encoding="utf-8")
    return server._analyse((version,), SAMPLE.as_uri(), text, version, str(SAMPLE), Config(), "utf-16")


def test_a_dropped_analysis_is_freed_although_it_was_frozen() -> None:
    analysis = _analyse(1)
    assert gc.get_freeze_count() > 0
    result = weakref.ref(analysis.result)
    del analysis
    assert result() is None  # freed by reference counting: the tree holds no cycles


def test_frozen_objects_are_unfrozen_and_collected_periodically() -> None:
    before = server._analyses
    counts = []
    for version in range(server._COLLECT_EVERY + 1):
        _analyse(version)
        counts.append((server._analyses, gc.get_freeze_count()))
    assert server._analyses == before + server._COLLECT_EVERY + 1
    # Right after the periodic full collection the frozen set shrinks: freed garbage does not pile up.
    collected = [i for i, (n, _) in enumerate(counts) if n % server._COLLECT_EVERY == 0]
    assert len(collected) == 1
    i = collected[0]
    assert i > 0 and counts[i][1] <= counts[i - 1][1]
