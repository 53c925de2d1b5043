"""The same context is listed more than once.

## What it does
Flags every context after the first whose `context_id` repeats an earlier
one, pointing back to the first listing; likewise for a `context_name` that
an earlier context already uses (a name stands for one context just as an
id does).

## Why is this bad?
A context id names one storage directory (*data-persistence.md*,
"Implementation Principle": each context id maps to its own OSS folder).
Listing it twice mounts the same data in two places, and at session end both
copies are uploaded into that one folder, so whichever upload lands last
wins, file by file, and the two entries' policies compete over the same
files. Context names are unique within an account (the docstring of
`ContextService.get` in `agentbay/_sync/context.py`, SDK 0.22.3), so two
entries with one `context_name` resolve to one id: the same mistake. The
guides do not say what the service does with such a request; because it is
not documented, this is a warning. It is usually a
copy-and-paste slip where the second entry needed its own id.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
  - context_id: SdkCtx-0123abcd   # same context again
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
    found = [*repeats(ctx.model, "context_id"), *repeats(ctx.model, "context_name")]
    found.sort(key=lambda repeat: repeat.span)
    for repeat in found:
        name, where = repeat.later.value, repeat.first.node.span
        what = f"context named `{name}`" if repeat.field == "context_name" else f"context `{name}`"
        message = f"duplicate {what} (first listed on line {where.start.line + 1})"
        related = (Related(where, f"`{name}` first listed here"),)
        yield diagnostic(sys.modules[__name__], repeat.span, message, related=related)
