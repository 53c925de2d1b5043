"""A suppression comment suppresses nothing, or names an unknown rule code.

## What it does
Reports every code in a `# syncdsl: disable=…` or
`# syncdsl: disable-file=…` comment that silenced no finding: a code that is
not a syncdsl rule, a code named twice, or a code whose rule did not fire on
that line (or anywhere in the file, for `disable-file`). A code whose rule
is turned off by the configuration (`select`/`ignore`) is not reported: it
cannot fire, so the comment is not stale. The finding is on the code inside
the comment. A comment that names no code at all is reported too.

The work is done by `syncdsl.suppressions`, which the linter runs after every
other rule, because only then is it known which suppressions were used;
`check` here yields nothing.

## Why is this bad?
This is about syncdsl's own comments; the platform never sees them. A
suppression that silences nothing has no effect today, and it outlives the
problem it hid: once the finding is fixed, the comment stays and silently
swallows the same problem if it ever comes back. A mistyped code (`SD1O1`)
suppresses nothing at all while looking as if it did. No effect: a warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying  # syncdsl: disable=SD106
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
```

## Fix safety
The fix removes the code from the comment, or the whole comment (and the
whitespace before it) when no code of it is used; a comment on a line of its
own is removed with its line. It is safe: a suppression that silenced nothing
changes no result.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext

CODE = "SD900"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
FIXABLE = True
FIX_SAFETY = "always"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    """Nothing to do per document: see :func:`syncdsl.suppressions.apply_suppressions`."""
    return iter(())
