"""A key the language does not define.

## What it does

Reports every key that is not part of the language at its place: a misspelt
field (`uplaod_mode`), a field written outside its section (`upload_mode`
directly under a policy), or a key from another tool. When a defined key is
close, the message says "did you mean" and offers to rename it.

## Why is this bad?

The SDK's policy classes are dataclasses (`UploadPolicy`, `RecyclePolicy`,
`WhiteList`, `ContextSync`, ... in `agentbay/_common/params/context_sync.py`,
SDK 0.22.3): passing one a keyword it does not have raises `TypeError`
("unexpected keyword argument"), so the SDK has no place for an unknown key.
syncdsl cannot send it either, and cannot know which field was meant, so the
setting it was meant to carry would silently keep its SDK default: a typo in
`auto_upload` leaves uploads on. The SDK raises for it: an error.

## Example

```yaml
version: 1
policies:
  archive:
    upload_policy:
      uplaod_mode: Archive
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: archive
```

## Use instead

```yaml
version: 1
policies:
  archive:
    upload_policy:
      upload_mode: Archive
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: archive
```

## Fix safety

The rename is a suggestion, not applied by `--fix` without `--unsafe-fixes`:
the closest key by spelling is not always the one that was meant. No rename is
offered when the closest key is already present in the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD010"
NAME = "unknown-key"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
