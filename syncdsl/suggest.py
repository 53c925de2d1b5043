"""Suggestions ("did you mean ...?") for misspelt keys, enum values and policy names.

One place for the matching so every rule suggests the same way: difflib's
ratio on case-folded text (a wrong case is the commonest typo of enum values),
a cutoff high enough that unrelated words are not offered (see DEFAULT_CUTOFF). Ties go to the
candidate sharing the longest prefix with the word (people mistype the end of
a word more often than its start: `SD1O1` means `SD101`, not `SD011`), then to
the earlier candidate (the order the language defines them in).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

# Below this ratio a "suggestion" is more confusing than helpful. Measured on the
# language's own names: one or two slips (`polcies`, `contxts`, `lifecyle`,
# `uplaod_mode`, `SD1O1`) score 0.8 or more, while unrelated words that merely
# share letters (`explicit` or `implicit` -> `policies` 0.62, `text` ->
# `contexts` 0.67, `recycle` -> `lifecycle` 0.75) score less.
DEFAULT_CUTOFF = 0.8


def closest(word: str, candidates: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str | None:
    """The candidate most similar to ``word``, or None when none is similar enough.

    An exact match is never suggested: the caller is asking because ``word``
    is not acceptable as it stands.
    """
    folded = word.casefold()
    best: str | None = None
    best_score = (cutoff, -1)
    import difflib  # only when a suggestion is needed: keeps `lint` start-up light

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(folded)
    for candidate in candidates:
        if candidate == word:
            continue
        other = candidate.casefold()
        matcher.set_seq1(other)
        # The cheap upper bounds first: most candidates are rejected without the full ratio.
        if matcher.real_quick_ratio() < best_score[0] or matcher.quick_ratio() < best_score[0]:
            continue
        score = (matcher.ratio(), len(os.path.commonprefix([folded, other])))
        if score > best_score:
            best, best_score = candidate, score
    return best


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str:
    """``"; did you mean `x`?"`` to append to a message, or ``""`` when nothing is close."""
    match = closest(word, candidates, cutoff)
    return f"; did you mean `{match}`?" if match is not None else ""
