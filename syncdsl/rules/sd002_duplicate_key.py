"""A mapping repeats a key.

## What it does

Reports every repetition of a key in the same mapping, pointing at the
repeated key and naming the line of the first one. Merge keys (`<<`) are not
repetitions: a key written next to a merge overrides the merged one, as YAML
intends.

## Why is this bad?

YAML forbids duplicate keys, yet many loaders silently keep the last value
and others the first, so the file means different things to different tools.
syncdsl keeps the first; the second is almost always an edit that went to the
wrong place.

## Example

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    path: /home/wuying/cache
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/cache
```

## Fix safety

There is no fix: which of the two values is meant cannot be told from the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # Found while the document layer builds the tree, where both keys are still visible.
    yield from replay(ctx, CODE)
