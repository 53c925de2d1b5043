"""The same `context_id` is listed more than once.

## What it does
Flags every context after the first whose `context_id` repeats an earlier
one, pointing back to the first listing.

## Why is this bad?
A context is one stored volume. Listing it twice asks the service to mount
the same data in two places (or twice in one place), and the two entries'
policies then compete over the same files. It is usually a copy-paste slip
where the second entry needed its own id.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-0123abcd   # same context again
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
There is no fix: the second entry needs a different id, or should go.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.contexts import repeats

CODE = "SD306"
NAME = "duplicate-context"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for repeat in repeats(ctx.model, "context_id"):
        name, where = repeat.later.value, repeat.first.node.span
        message = f"duplicate context `{name}` (first listed on line {where.start.line + 1})"
        related = (Related(where, f"`{name}` first listed here"),)
        yield diagnostic(sys.modules[__name__], repeat.span, message, related=related)
