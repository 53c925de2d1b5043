"""A key the language does not define.

## What it does

Reports every key that is not part of the language at its place: a misspelt
field (`uplaod_mode`), a field written outside its section (`upload_mode`
directly under a policy), or a key from another tool. When a defined key is
close, the message says "did you mean" and offers to rename it.

## Why is this bad?

An unknown key is not sent to the SDK, so the setting it was meant to carry
silently takes its default: a typo in `auto_upload` leaves uploads on.

## Example

```yaml
version: 1
policies:
  archive:
    upload_policy:
      uplaod_mode: Archive
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
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
    path: /home/wuying/data
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


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
