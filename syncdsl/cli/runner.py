"""Lint many targets, serially or in a process pool, into picklable per-file outcomes.

An outcome carries only what the renderers need (diagnostics and the source
lines they start on), not the parse tree, so results cross process
boundaries cheaply.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from syncdsl.cli.files import Target, read_target
from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.records import field, record

# Below this many files a pool saves too little to be worth starting (measured: see lint_cmd.auto_jobs).
POOL_THRESHOLD = 200


@record
class FileOutcome:
    display: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    error: str | None = None  # an I/O or internal problem: one line for stderr

    def fails(self) -> bool:
        rank = self.fail_on.rank
        return any(d.severity.rank >= rank for d in self.diagnostics)


def lint_target(target: Target, data: bytes | None = None) -> FileOutcome:
    """Read and lint one target; problems become ``error`` (never an exception, unless SYNCDSL_DEBUG is set)."""
    outcome = FileOutcome(target.display, fail_on=target.config.fail_on)
    try:
        if data is None:
            data = read_target(target)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        outcome.error = f"{target.display}: cannot read: {reason}"
        return outcome
    try:
        from syncdsl.linter import lint_source

        result = lint_source(data, target.display, target.config)
        outcome.diagnostics = result.diagnostics
        source = result.source
        for d in result.diagnostics:
            line = d.span.start.line
            if line not in outcome.lines:
                outcome.lines[line] = source.line_text(line)
    except Exception as exc:  # noqa: BLE001 - a crash in one file must not hide the others
        if os.environ.get("SYNCDSL_DEBUG"):
            raise
        message = " ".join(str(exc).split())
        outcome.error = f"{target.display}: internal error: {type(exc).__name__}: {message}"
    return outcome


# The pool reads targets from this module global (inherited by fork) instead of pickling each one.
_TARGETS: Sequence[Target] = ()


def _lint_index(index: int) -> FileOutcome:
    return lint_target(_TARGETS[index])


def _init_worker(targets: Sequence[Target]) -> None:
    global _TARGETS
    _TARGETS = targets


def lint_all(
    targets: Sequence[Target],
    jobs: int = 1,
    on_done: Callable[[int], None] | None = None,
) -> list[FileOutcome]:
    """Lint every target in order; ``jobs`` > 1 uses that many worker processes. Stdin is read here."""
    stdin_data = {i: sys.stdin.buffer.read() for i, t in enumerate(targets) if t.path is None}
    if jobs <= 1 or len(targets) < 2:
        outcomes = []
        for n, target in enumerate(targets, 1):
            outcomes.append(lint_target(target, stdin_data.get(n - 1)))
            if on_done:
                on_done(n)
        return outcomes
    return _lint_pool(targets, jobs, stdin_data, on_done)


def _lint_pool(
    targets: Sequence[Target],
    jobs: int,
    stdin_data: dict[int, bytes],
    on_done: Callable[[int], None] | None,
) -> list[FileOutcome]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    files = [i for i in range(len(targets)) if i not in stdin_data]
    outcomes: dict[int, FileOutcome] = {i: lint_target(targets[i], data) for i, data in stdin_data.items()}
    # Lint the first file here: the imports and caches it warms up are inherited by every forked worker.
    if files:
        first = files.pop(0)
        outcomes[first] = lint_target(targets[first])
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    with context.Pool(jobs, initializer=_init_worker, initargs=(list(targets),)) as pool:
        for n, (index, outcome) in enumerate(zip(files, pool.imap(_lint_index, files, chunk), strict=True), 1):
            outcomes[index] = outcome
            if on_done:
                on_done(n + len(stdin_data) + 1)
    return [outcomes[i] for i in range(len(targets))]
