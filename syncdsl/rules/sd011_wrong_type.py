"""A value of the wrong type.

## What it does

Reports a value whose type is not the one the language defines for its key: a
string where a boolean is expected (`auto_upload: "yes"`), a single path where
a list is expected (`paths: /tmp`), a list where a mapping is expected, a
quoted version (`version: "1"`). Policy names that are not identifiers
(`my policy`) are reported here too.

## Why is this bad?

The SDK's dataclass fields are typed (`auto_upload: bool`,
`paths: List[str]`, `context_id: str`, in
`agentbay/_common/params/context_sync.py`, SDK 0.22.3), but apart from the
enums nothing checks them: whatever was passed is copied into the request.
A quoted `"false"` reaches the service as the string `"false"` (and is true
to any Python code that tests it); `paths: /cache` is a string that
`RecyclePolicy` walks character by character before sending
`"paths": "/cache"`. The guides never say what the service does with a value
of the wrong JSON type. syncdsl cannot build the typed object the SDK expects
and cannot know what was meant, so it refuses to export the file: an error.

## Example

```yaml
version: 1
policies:
  keep:
    delete_policy:
      sync_local_file: "false"
    recycle_policy:
      paths: /cache
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: keep
```

## Use instead

```yaml
version: 1
policies:
  keep:
    delete_policy:
      sync_local_file: false
    recycle_policy:
      paths: [/cache]
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: keep
```

## Fix safety

Safe where the intent is unambiguous: the string `"true"` or `"false"` (any
case) becomes the boolean, a quoted integer becomes the integer, and a single
string where a list of strings is expected becomes a one-item flow list
(`[/cache]`, quoted when needed so it stays one item). Suggestions only:
`yes`/`no`/`on`/`off` as booleans, and quoting a number where a string is
expected. Other type errors have no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD011"
NAME = "wrong-type"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "sometimes"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
