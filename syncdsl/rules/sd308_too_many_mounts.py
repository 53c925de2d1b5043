"""A session has more than three context mounts.

## What it does
Counts the entries of `mounts` and flags every mount after the third.

## Why is this bad?
The newest *data-persistence.md* ("Context Mount", "Limitations and
Restrictions") says that each session supports up to 3 mounted contexts and
that going beyond that may degrade performance. The service does not
document refusing a fourth mount, so this is a warning. Mount fewer, bigger
folders, or sync the data that the session only needs at start and end.

## Example
```yaml
version: 1
mounts:
  - {context_name: a, path: /tmp/a}
  - {context_name: b, path: /tmp/b}
  - {context_name: c, path: /tmp/c}
  - {context_name: d, path: /tmp/d}   # the fourth
```

## Use instead
```yaml
version: 1
contexts:
  - {context_name: d, path: /tmp/d}
mounts:
  - {context_name: a, path: /tmp/a}
  - {context_name: b, path: /tmp/b}
  - {context_name: c, path: /tmp/c}
```

## Fix safety
There is no fix: which data to sync instead is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD308"
NAME = "too-many-mounts"
SEVERITY = Severity.WARNING
FIXABLE = False

# "Each session supports up to 3 mounted contexts" (data-persistence.md, Context Mount, Limitations).
MAX_MOUNTS = 3


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    mounts = ctx.model.mounts
    for position, mount in enumerate(mounts[MAX_MOUNTS:], start=MAX_MOUNTS + 1):
        key = mount.node.pairs[0][0] if mount.node.pairs else mount.node
        message = (
            f"mount #{position} of {len(mounts)}: a session supports up to {MAX_MOUNTS} context mounts "
            "(more may degrade performance)"
        )
        yield diagnostic(sys.modules[__name__], key.span, message)
