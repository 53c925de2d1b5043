"""Coverage-guided fuzzing of lint, fmt, --fix and export with atheris (libFuzzer for Python).

Not part of the test suite: ``make fuzz`` installs atheris into the virtualenv
and runs this file for ``FUZZ_TIME`` seconds (default 600), starting from the
seeds in ``tests/fuzz/corpus/`` and keeping what it learns in
``tests/fuzz/work/`` (not committed). Any libFuzzer flag works too::

    .venv/bin/python tests/fuzz/fuzz_lint.py -max_total_time=60 tests/fuzz/work tests/fuzz/corpus

A crash or a broken promise (see ``tests/fuzz/invariants.py``) stops the run
and leaves the input in ``crash-<hash>``; replay it by passing that file as
the only argument. With ``FUZZ_KEEP_GOING=1`` (what ``make fuzz`` sets) the
run goes on instead: each distinct failure (exception type, message, the
line that raised it) is written to ``tests/fuzz/work/findings/`` with the
first five inputs that showed it, and announced with a ``FINDING`` line; a
``fuzz progress`` line every 50,000 inputs counts them (libFuzzer's own
``Done N runs in T second(s)`` ends the run). To
make a finding a regression test, add the input to the examples of
``tests/fuzz/test_fuzz.py``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import traceback

import atheris

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

with atheris.instrument_imports(include=["syncdsl"]):
    import syncdsl.document  # noqa: F401
    import syncdsl.fixes  # noqa: F401
    import syncdsl.formatter  # noqa: F401
    import syncdsl.linter  # noqa: F401
    import syncdsl.schema  # noqa: F401
    from syncdsl.rules import all_rules

    all_rules()  # every rule module imported (and so instrumented) now

from tests.fuzz.invariants import check  # noqa: E402

KEEP_GOING = os.environ.get("FUZZ_KEEP_GOING") == "1"
FINDINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "findings")
_stats = {"runs": 0, "failures": 0, "start": time.monotonic()}
_signatures: dict[str, int] = {}  # failure -> how many inputs showed it
EXAMPLES_PER_FINDING = 5


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    first = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first} @ {where}"


def _record(exc: BaseException, data: bytes) -> None:
    """Keep the first few inputs of each distinct failure (one message can have several causes)."""
    _stats["failures"] += 1
    signature = _signature(exc)
    seen = _signatures.get(signature, 0)
    _signatures[signature] = seen + 1
    if seen >= EXAMPLES_PER_FINDING:
        return
    os.makedirs(FINDINGS, exist_ok=True)
    name = hashlib.sha1(signature.encode()).hexdigest()[:12]
    with open(os.path.join(FINDINGS, f"{name}-{seen}.input"), "wb") as fh:
        fh.write(data)
    if seen == 0:
        with open(os.path.join(FINDINGS, name + ".txt"), "w", encoding="utf-8") as fh:
            fh.write(signature + "\n\n" + "".join(traceback.format_exception(exc)))
        print(f"\nFINDING {name}: {signature}", file=sys.stderr, flush=True)


def _progress() -> None:
    elapsed = time.monotonic() - _stats["start"]
    print(
        f"\nfuzz progress: {_stats['runs']} inputs in {elapsed:.0f} s, "
        f"{_stats['failures']} failing, {len(_signatures)} distinct findings",
        file=sys.stderr,
        flush=True,
    )


def one_input(data: bytes) -> None:
    _stats["runs"] += 1
    if _stats["runs"] % 50_000 == 0:
        _progress()
    if not KEEP_GOING:
        check(data)
        return
    try:
        check(data)
    except Exception as exc:  # noqa: BLE001 - every failure is a finding; the run goes on
        _record(exc, data)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
