"""The file is over a size, nesting-depth or alias-expansion limit.

## What it does

Refuses a file before looking at its content when it is larger than
`max-file-size` (default 5,000,000 bytes), nests mappings and lists deeper than
`max-depth` (default 100 levels), or whose aliases expand to more than
`max-aliases` nodes (default 10,000). The limits are set in the configuration
(`[tool.syncdsl]` in `pyproject.toml` or `.syncdsl.toml`).

## Why is this bad?

These limits are syncdsl's own, not the platform's: no AgentBay guide sets a
size for a sync configuration. No real one comes near them, while hostile or
broken input does: YAML aliases (the specification's "alias nodes") let an
"alias bomb" (billion laughs) of a few lines expand to billions of nodes, and
very deep nesting exhausts a parser's stack. Refusing them keeps the linter,
the language server and the exporter fast and alive. A refused file is not
checked or exported at all, so this is an error.

## Example

```yaml
# Each list repeats the one before ten times: `d` alone expands to 11,111 nodes.
version: 1
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
```

## Use instead

```yaml
# An anchor reused once or twice is what aliases are for.
version: 1
policies:
  short:
    recycle_policy:
      lifecycle: Lifecycle_1Day
      paths: &scratch [/cache, /build]
  long:
    recycle_policy:
      lifecycle: Lifecycle_30Days
      paths: *scratch
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: short
  - context_id: SdkCtx-89efcdab
    path: /tmp/ci
    policy: long
```

## Fix safety

There is no fix. Raise the limit in the configuration if a legitimate file
needs it.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD004"
NAME = "input-limit"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # Limits are enforced by the document layer before and while parsing; the linter
    # adds those file-level findings itself, this replays any a document carries.
    yield from replay(ctx, CODE)
