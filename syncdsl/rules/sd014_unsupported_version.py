"""The file declares a language version other than 1.

## What it does

Reports a `version` that is an integer other than `1`, the only version of
the language this syncdsl reads. (A `version` that is not an integer at all,
such as `"1"` or `1.0`, is a wrong-type error instead.)

## Why is this bad?

`version` is syncdsl's own, not the SDK's: it says which edition of the
language the file is written in, so that a later edition can change keys or
meanings without silently changing old files. A file written for another
version may use keys or semantics this syncdsl does not know; linting or
exporting it as version 1 could send the SDK something other than what the
file means, and syncdsl cannot know what that is. An error.

## Example

```yaml
version: 2
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
```

## Fix safety

There is no fix: changing the number does not make the content follow
version 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD014"
NAME = "unsupported-version"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
