"""A value of the wrong type.

## What it does

Reports a value whose type is not the one the language defines for its key: a
string where a boolean is expected (`auto_upload: "yes"`), a single path where
a list is expected (`paths: /tmp`), a list where a mapping is expected, a
quoted version (`version: "1"`). Policy names that are not identifiers
(`my policy`) are reported here too.

## Why is this bad?

The SDK takes typed values: a quoted `"false"` is a non-empty string, which
Python treats as true, and a path string where a list is expected is iterated
character by character. The result is a policy that does something else than
it says.

## Example

```yaml
version: 1
policies:
  keep:
    delete_policy:
      sync_local_file: "false"
    recycle_policy:
      paths: /home/wuying/cache
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
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
      paths: [/home/wuying/cache]
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: keep
```

## Fix safety

Safe where the intent is unambiguous: the string `"true"` or `"false"` (any
case) becomes the boolean, a quoted integer becomes the integer, and a single
string where a list of strings is expected becomes a one-item flow list
(`[/home/wuying/cache]`, quoted when needed so it stays one item). Suggestions
only: `yes`/`no`/`on`/`off` as booleans, and quoting a number where a string
is expected. Other type errors have no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD011"
NAME = "wrong-type"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
