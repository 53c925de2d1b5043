"""A `recycle_policy.paths` entry contains a wildcard (`*`, `?`, `[` or `]`).

## What it does
Checks every entry of `recycle_policy.paths`, in every policy (named or
inline, used or not), with the SDK's own wildcard test: any of the characters
`*`, `?`, `[` or `]`.

## Why is this bad?
The SDK's `RecyclePolicy.__post_init__`
(`agentbay/_common/params/context_sync.py`, SDK 0.22.3) raises `ValueError`
("Wildcard patterns are not supported in recycle policy paths") for any
non-empty path holding one of those characters, so the policy cannot be
built and no session is created; *data-persistence.md*, "Data Lifecycle
Management", shows the same error and asks for exact paths. The SDK raises:
an error. What a recycle path is relative to is not documented (the guide's
examples, `/tmp/cache`, do not show their mount; *context-sync-use-case.md*,
"File Expiration Mechanism", calls them sub-directories of the sync path), so
the examples here write them relative to the mount, like white lists.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      recycle_policy:
        lifecycle: Lifecycle_1Day
        paths: [/cache/*.tmp]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      recycle_policy:
        lifecycle: Lifecycle_1Day
        paths: [/cache]
```

## Fix safety
The suggested fix replaces the entry with its longest wildcard-free parent
directory (`/cache/*.tmp` becomes `/cache`), keeping the quoting style. It
is only a suggestion: the parent directory also covers files the pattern did
not match, so more data is recycled. No fix is offered when the wildcard is in
the first path segment (the only parent would be `""`, every path).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from syncdsl.document import Source
from syncdsl.nodes import ScalarNode, SequenceNode
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import (
    bare,
    first_wildcard,
    recycle_paths,
    scalar_text_for,
    shown,
    string_items,
    wildcard_free_parent,
    written_in,
)

CODE = "SD101"
NAME = "recycle-path-wildcard"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in recycle_paths(ctx.model):
        for item, value in string_items(seq):
            wildcard = first_wildcard(value)
            if wildcard is None:
                continue
            message = f"wildcard `{wildcard}` in recycle path {shown(value)}: recycle paths must be exact"
            yield diagnostic(sys.modules[__name__], item.span, message, _fix(ctx.source, seq, item, value))


def _fix(source: Source, seq: SequenceNode, item: ScalarNode, value: str) -> Fix | None:
    parent = wildcard_free_parent(value)
    if parent is None or not bare(source, item):
        return None
    # An alias's node is written at its anchor, maybe in another context: assume the stricter flow one.
    text = scalar_text_for(parent, item.style, seq.flow or not written_in(seq, item))
    if text is None:
        return None
    return Fix(Applicability.SUGGESTION, f"Replace with the parent directory `{parent}`", (Edit(item.span, text),))
