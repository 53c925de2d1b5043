"""A `policy:` or `extends:` names a policy that is not defined under `policies`.

## What it does
Checks every context's `policy:` name and every `extends:` (in named and
inline policies) against the names defined under `policies`, and flags the
reference when no policy has that name, suggesting the closest defined name
when one is similar enough.

## Why is this bad?
Named policies are syncdsl's own: the SDK has none, each `ContextSync`
carries one complete `SyncPolicy` (`agentbay/_common/params/context_sync.py`).
A name that leads nowhere leaves syncdsl unable to know which policy was
meant, and quietly sending `SyncPolicy.default()` instead (upload and
download everything, mirror local deletions) would synchronise in ways
nobody asked for. An unknown `extends` likewise drops every inherited
setting. syncdsl refuses to export such a file: an error.

## Example
```yaml
version: 1
policies:
  standard:
    recycle_policy: {lifecycle: Lifecycle_30Days}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
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
    path: /home/wuying
    policy: standard
```

## Fix safety
When a defined name is close to the unknown one, the fix replaces the
reference with it (keeping its quotes; no fix is offered on a reference that
carries an anchor or a tag). It is a suggestion, not a safe fix: the closest
name is a guess, and the intended policy may simply not have been written yet.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from syncdsl.document import Source
from syncdsl.model import Ref
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.suggest import closest

CODE = "SD301"
NAME = "undefined-policy"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    names = list(model.policies)
    reported: set[Span] = set()  # an alias reaches the anchored scalar again
    for ref in _references(ctx):
        if ref.name in model.policies or ref.span in reported:
            continue
        reported.add(ref.span)
        best = closest(ref.name, names)
        if best is None:
            hint = f"; defined policies: {_listing(names)}" if names else "; `policies` defines none"
            yield diagnostic(sys.modules[__name__], ref.span, f"undefined policy `{ref.name}`{hint}")
            continue
        message = f"undefined policy `{ref.name}`; did you mean `{best}`?"
        yield diagnostic(sys.modules[__name__], ref.span, message, _rename(ctx.source, ref, best))


def _rename(source: Source, ref: Ref, best: str) -> Fix | None:
    """Replace the name, keeping its quotes; no fix when the span also holds an anchor or a tag."""
    quote = ref.node.style if ref.node.style in ("'", '"') else ""
    start, end = source.offset_of(ref.span.start), source.offset_of(ref.span.end)
    if source.text[start:end] != f"{quote}{ref.name}{quote}":
        return None
    return Fix(Applicability.SUGGESTION, f"Change to `{best}`", (Edit(ref.span, f"{quote}{best}{quote}"),))


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

