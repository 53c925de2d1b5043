"""Two contexts mount at the same path.

## What it does
Compares the `path` of every context sync and every context mount
(`mounts`), ignoring trailing slashes, the separator style (`\\` or `/`) and
the case of a Windows drive letter, and flags every entry after the first
that uses a path already taken, pointing back to the first one.

## Why is this bad?
A session has one context per path: *data-persistence.md*, "Dynamic Context
Binding", says each path can be bound only once per session, and that
binding another context to a path already bound fails with
`PathAlreadyBound`. The guides do not say which error `create()` gives when
one request asks for two syncs on the same path, but the same rule applies,
and if both were mounted one would hide the other or both would write into
the same files. For context mounts the newest guide says it outright
("Context Mount", "Limitations and Restrictions": no duplicate mount paths),
and a session may mix syncs and mounts only "on different paths". The
service rejects it: an error.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/data/     # same directory as the first context
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /tmp/cache
```

## Fix safety
There is no fix: one of the contexts needs a different directory, or the
duplicate entry should go.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.contexts import repeats
from syncdsl.rules.paths import mount_key

CODE = "SD304"
NAME = "duplicate-mount-path"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for repeat in repeats(ctx.model, "path", mount_key):
        earlier, where = repeat.first.context.label, repeat.first.node.span
        message = f"mount path `{repeat.later.value}` is already used by {earlier} (line {where.start.line + 1})"
        related = (Related(where, f"{earlier} mounts here"),)
        yield diagnostic(sys.modules[__name__], repeat.span, message, related=related)
