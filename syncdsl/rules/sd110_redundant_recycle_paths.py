"""`recycle_policy.paths` holds `""` (every path) and other paths too.

## What it does
Checks every `recycle_policy.paths` list, in every policy (named or inline,
used or not), for the empty string next to other entries. The finding is on
the `""` entry.

## Why is this bad?
In a recycle policy `""` stands for every path of the context: the
`RecyclePolicy` docstring (`agentbay/_common/params/context_sync.py`, SDK
0.22.3) and *data-persistence.md*, "Data Lifecycle Management", both say so,
and `[""]` is the SDK's default. Next to it the other entries change nothing,
so they have no effect: a warning. Usually one of them was meant to replace
the default and the `""` was left behind by mistake: the lifecycle then
applies to the whole context rather than to the listed directories, so
check which was meant before accepting the fix. (What a non-empty recycle
path is relative to is not documented; the examples write it relative to the
mount, as *context-sync-use-case.md*, "File Expiration Mechanism", suggests.)

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      recycle_policy:
        lifecycle: Lifecycle_30Days
        paths: ["", /cache]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      recycle_policy:
        lifecycle: Lifecycle_30Days
        paths: [""]
```

## Fix safety
The fix keeps only `""` and is safe: the policy covers exactly the same
paths before and after. (If the other entries were the intent, remove the
`""` by hand instead.) It is not offered when the list holds comments
between flow items or values that are not plain strings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Fix, Severity
from syncdsl.nodes import ScalarNode
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import keep_only, recycle_paths

CODE = "SD110"
NAME = "redundant-recycle-paths"
SEVERITY = Severity.WARNING
FIXABLE = True
FIX_SAFETY = "always"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in recycle_paths(ctx.model):
        everything = next(
            (i for i, item in enumerate(seq.items) if isinstance(item, ScalarNode) and item.value == ""), None
        )
        if everything is None:
            continue
        others = sum(1 for item in seq.items if not (isinstance(item, ScalarNode) and item.value == ""))
        if others == 0:
            continue
        rest = "the other path is" if others == 1 else f"the {others} other paths are"
        message = f'`""` in recycle paths already covers every path; {rest} redundant'
        edits = keep_only(ctx.source, seq, everything)
        fix = Fix(Applicability.SAFE, 'Keep only `""`', edits) if edits else None
        yield diagnostic(sys.modules[__name__], seq.items[everything].span, message, fix)
