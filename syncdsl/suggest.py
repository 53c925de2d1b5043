"""Suggestions ("did you mean ...?") for misspelt keys, enum values and policy names.

One place for the matching so every rule suggests the same way. The measure
is the edit distance on case-folded text (a wrong case is the commonest typo
of enum values, and costs nothing here), counting a swap of two neighbouring
letters as one edit (`uplaod`, `bsae`). A candidate is offered only within
one edit per four characters of the longer word (at least one): one or two
slips (`polcies`, `contxts`, `lifecyle`, `is_exclude_regx`, `upload_polcy`,
`SD1O1`) pass, while unrelated words that merely share letters do not
(`explicit` or `implicit` -> `policies` is 5 edits, `text` -> `contexts` 4,
`recycle` -> `lifecycle` 3 of the 2 allowed). The nearest candidate wins;
ties go to the one sharing the longest prefix with the word (people mistype
the end of a word more often than its start: `SD1O1` means `SD101`, not
`SD011`), then to the earlier candidate (the order the language defines them in).
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def allowed_edits(word: str, candidate: str) -> int:
    """How many edits still make ``candidate`` a plausible correction of ``word``."""
    return max(1, max(len(word), len(candidate)) // 4)


def edit_distance(a: str, b: str, bound: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; ``bound + 1`` once past ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > bound:
            return bound + 1
        before, previous = previous, current
    return min(previous[-1], bound + 1)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``word``, or None when none is near enough to be a typo of it.

    An exact match is never suggested: the caller is asking because ``word``
    is not acceptable as it stands.
    """
    folded = word.casefold()
    best: str | None = None
    best_key: tuple[int, int] | None = None
    for candidate in candidates:
        if candidate == word:
            continue
        other = candidate.casefold()
        bound = allowed_edits(folded, other)
        distance = edit_distance(folded, other, bound)
        if distance > bound:
            continue
        key = (distance, -len(os.path.commonprefix([folded, other])))
        if best_key is None or key < best_key:
            best, best_key = candidate, key
    return best


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean `x`?"`` to append to a message, or ``""`` when nothing is close."""
    match = closest(word, candidates)
    return f"; did you mean `{match}`?" if match is not None else ""
