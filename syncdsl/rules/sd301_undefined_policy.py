"""A `policy:` or `extends:` names a policy that is not defined under `policies`.

## What it does
Checks every context's `policy:` name and every `extends:` (in named and
inline policies) against the names defined under `policies`, and flags the
reference when no policy has that name, suggesting the closest defined name
when one is similar enough.

## Why is this bad?
A context whose policy cannot be found cannot be exported: there is no way
to know which sync policy was meant, and silently sending the SDK defaults
would upload, download and delete files in ways nobody asked for. An
unknown `extends` likewise drops every inherited setting.

## Example
```yaml
version: 1
policies:
  standard:
    recycle_policy: {lifecycle: Lifecycle_30Days}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: standrad   # typo
```

## Use instead
```yaml
version: 1
policies:
  standard:
    recycle_policy: {lifecycle: Lifecycle_30Days}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: standard
```

## Fix safety
When a defined name is close to the unknown one, the fix replaces the
reference with it. It is a suggestion, not a safe fix: the closest name is
a guess, and the intended policy may simply not have been written yet.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from syncdsl.model import Ref
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.suggest import closest

CODE = "SD301"
NAME = "undefined-policy"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    names = list(model.policies)
    for ref in _references(ctx):
        if ref.name in model.policies:
            continue
        best = closest(ref.name, names)
        if best is None:
            hint = f"; defined policies: {_listing(names)}" if names else "; `policies` defines none"
            yield diagnostic(sys.modules[__name__], ref.span, f"undefined policy `{ref.name}`{hint}")
            continue
        quote = ref.node.style if ref.node.style in ("'", '"') else ""
        fix = Fix(Applicability.SUGGESTION, f"Change to `{best}`", (Edit(ref.span, f"{quote}{best}{quote}"),))
        message = f"undefined policy `{ref.name}`; did you mean `{best}`?"
        yield diagnostic(sys.modules[__name__], ref.span, message, fix)


def _references(ctx: RuleContext) -> Iterator[Ref]:
    for context in ctx.model.contexts:
        if context.policy_ref is not None:
            yield context.policy_ref
    for decl in ctx.model.all_policies:
        if decl.extends is not None:
            yield decl.extends


def _listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(f"`{n}`" for n in names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"

