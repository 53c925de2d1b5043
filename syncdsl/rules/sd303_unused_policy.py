"""A named policy that no context and no `extends` refers to.

## What it does
Collects every policy name used by a context's `policy:` and by any
`extends:` (in named and inline policies) and flags each policy under
`policies` that is never named, on its name. A policy used only as the
parent of another policy counts as used; a policy that only extends itself
does not.

## Why is this bad?
A named policy reaches the SDK only through a context that uses it, directly
or by `extends` (`export` builds one `SyncPolicy` per context). One that
nothing names is never sent, so it has no effect: a warning. It is usually a
leftover after a rename, or a context that was meant to use it points
elsewhere — and readers will assume it matters.

## Example
```yaml
version: 1
policies:
  standard:
    recycle_policy: {lifecycle: Lifecycle_30Days}
  legacy:                       # nothing uses this
    delete_policy: {sync_local_file: false}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: standard
```

## Use instead
```yaml
version: 1
policies:
  standard:
    recycle_policy: {lifecycle: Lifecycle_30Days}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: standard
```

## Fix safety
There is no fix: deleting a policy is left to the author, who may be about
to use it (`# syncdsl: disable=SD303` keeps a deliberate template quiet).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD303"
NAME = "unused-policy"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    used = {c.policy_ref.name for c in model.contexts if c.policy_ref is not None}
    used.update(d.extends.name for d in model.all_policies if d.extends is not None and d.extends.name != d.name)
    for name, decl in model.policies.items():
        if name in used or decl.key is None:
            continue
        message = f"unused policy `{name}`: no context or `extends` names it"
        yield diagnostic(sys.modules[__name__], decl.key.span, message)
