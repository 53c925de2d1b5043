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

from syncdsl.diagnostics import Diagnostic, Related, Severity, Span
from syncdsl.model import ContextDecl
from syncdsl.nodes import Node
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD306"
NAME = "duplicate-context"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    first: dict[str, ContextDecl] = {}
    for context in ctx.model.contexts:
        if not context.context_id or context.context_id_node is None:
            continue
        earlier = first.setdefault(context.context_id, context)
        if earlier is context or earlier.context_id_node is None:
            continue
        where = earlier.context_id_node.span
        message = f"duplicate context `{context.context_id}` (first listed on line {where.start.line + 1})"
        related = (Related(where, f"`{context.context_id}` first listed here"),)
        span = _own_span(context, context.context_id_node, earlier.context_id_node)
        yield diagnostic(sys.modules[__name__], span, message, related=related)


def _own_span(context: ContextDecl, node: Node, earlier: Node) -> Span:
    """The value's span, or this context's `context_id` key when the value is an alias of the earlier one's."""
    key = context.node.key_node("context_id")
    return key.span if node is earlier and key is not None else node.span
