"""A mapping repeats a key.

## What it does

Reports every repetition of a key in the same mapping, pointing at the
repeated key and naming the line of the first one. Merge keys (`<<`) are not
repetitions: a key written next to a merge overrides the merged one, as YAML
intends.

## Why is this bad?

The YAML 1.2 specification requires the keys of a mapping to be unique, yet
loaders disagree on what to do when they are not: PyYAML silently keeps the
last value, others the first, some refuse the file. Every field of the SDK
takes one value (`ContextSync.path` is one `str`, in
`agentbay/_common/params/context_sync.py`), so one of the two is dropped
without a word, and which one depends on the tool. syncdsl keeps the first
and cannot know which was meant; the second is almost always an edit that
went to the wrong place. An error.

## Example

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    path: /tmp/cache
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
  - context_id: SdkCtx-89efcdab
    path: /tmp/cache
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
