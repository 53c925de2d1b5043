"""Two contexts mount at the same path.

## What it does
Compares the `path` of every context, ignoring trailing slashes, the
separator style (`\\` or `/`) and the case of a Windows drive letter, and
flags every context after the first that mounts at a path already taken,
pointing back to the first one.

## Why is this bad?
Only one context can be mounted at a path. When a session starts with two
contexts on the same directory, one hides the other or both write into the
same files, and which wins is not something to leave to chance.

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
    path: /home/wuying/cache
```

## Fix safety
There is no fix: one of the contexts needs a different directory, or the
duplicate entry should go.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity, Span
from syncdsl.model import ContextDecl
from syncdsl.nodes import Node
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.sd203_mapping_to_itself import normalise_path

CODE = "SD304"
NAME = "duplicate-mount-path"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    first: dict[str, ContextDecl] = {}
    for context in ctx.model.contexts:
        if not context.path or context.path_node is None:
            continue
        key = normalise_path(context.path)
        earlier = first.setdefault(key, context)
        if earlier is context or earlier.path_node is None:
            continue
        where = earlier.path_node.span
        message = f"mount path `{context.path}` is already used by {earlier.label} (line {where.start.line + 1})"
        related = (Related(where, f"{earlier.label} mounts here"),)
        span = _own_span(context, context.path_node, earlier.path_node)
        yield diagnostic(sys.modules[__name__], span, message, related=related)


def _own_span(context: ContextDecl, node: Node, earlier: Node) -> Span:
    """The value's span, or this context's `path` key when the value is an alias of the earlier one's."""
    key = context.node.key_node("path")
    return key.span if node is earlier and key is not None else node.span
