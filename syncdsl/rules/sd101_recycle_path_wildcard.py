"""A `recycle_policy.paths` entry contains a wildcard (`*`, `?`, `[` or `]`).

## What it does
Checks every entry of `recycle_policy.paths`, in every policy (named or
inline, used or not), with the SDK's own wildcard test: any of the characters
`*`, `?`, `[` or `]`.

## Why is this bad?
Recycle paths must be exact directory or file paths. The SDK's `RecyclePolicy`
raises `ValueError` ("Wildcard patterns are not supported in recycle policy
paths") as soon as such a path is built, so the session is never created.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      recycle_policy:
        lifecycle: Lifecycle_1Day
        paths: [/home/wuying/data/cache/*.tmp]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      recycle_policy:
        lifecycle: Lifecycle_1Day
        paths: [/home/wuying/data/cache]
```

## Fix safety
The suggested fix replaces the entry with its longest wildcard-free parent
directory (`/home/a/*.log` becomes `/home/a`), keeping the quoting style. It
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
