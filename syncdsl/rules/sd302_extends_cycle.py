"""Policies whose `extends` chain leads back to themselves.

## What it does
Follows `extends` from every named policy and, for each cycle found, flags
the `extends` value of every policy on it, showing the cycle from that
policy's point of view (`a -> b -> a`). A policy that extends itself is a
cycle of one.

## Why is this bad?
`extends` is syncdsl's own inheritance; the SDK has none and receives one
finished `SyncPolicy` per context (`agentbay/_common/params/context_sync.py`).
Inheritance has to stop somewhere: on a cycle there is no first policy to
resolve, so no order of merging is right. syncdsl resolves such a policy by
stopping where the chain repeats, which makes the result depend on where you
start reading, so it cannot know what was meant and refuses to export: an
error.

## Example
```yaml
version: 1
policies:
  base:
    extends: strict          # base -> strict -> base
    recycle_policy: {lifecycle: Lifecycle_30Days}
  strict:
    extends: base
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: strict
```

## Use instead
```yaml
version: 1
policies:
  base:
    recycle_policy: {lifecycle: Lifecycle_30Days}
  strict:
    extends: base
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: strict
```

## Fix safety
There is no fix: which link of the cycle to cut is a design decision.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD302"
NAME = "extends-cycle"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    for cycle in model.cycles:
        for i, name in enumerate(cycle):
            decl = model.policies.get(name)
            if decl is None or decl.extends is None:
                continue
            path = [*cycle[i:], *cycle[:i], name]
            shown = " -> ".join(path)
            message = f"`extends` cycle `{shown}`" if len(cycle) > 1 else f"policy `{name}` extends itself"
            yield diagnostic(sys.modules[__name__], decl.extends.span, message)
