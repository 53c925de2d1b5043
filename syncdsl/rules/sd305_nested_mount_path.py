"""A context is mounted inside the directory of another context.

## What it does
Compares the mount paths of all contexts (normalised as for
`duplicate-mount-path`) and flags a context whose `path` lies below another
context's `path` — `/data/logs` under `/data`, but not `/database` — naming
the closest enclosing context.

## Why is this bad?
The outer context already synchronises everything below its directory, so
the files of the inner context belong to two contexts at once: they are
uploaded twice, and a download of either can overwrite the other's changes.
Sometimes that is deliberate (a shared sub-folder), which is why this is a
warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/data/logs   # inside the first context
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/logs
```

## Fix safety
There is no fix: separating the directories, or excluding the inner one
from the outer context's white list, is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.model import ContextDecl
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.sd203_mapping_to_itself import normalise_path

CODE = "SD305"
NAME = "nested-mount-path"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    mounts: dict[str, ContextDecl] = {}  # first context per normalised path
    for context in ctx.model.contexts:
        if context.path and context.path_node is not None:
            mounts.setdefault(normalise_path(context.path), context)
    for context in ctx.model.contexts:
        if not context.path or context.path_node is None:
            continue
        outer = _closest_outer(normalise_path(context.path), mounts)
        if outer is None or outer.path_node is None:
            continue
        message = f"mount path `{context.path}` lies inside `{outer.path}`, the mount path of {outer.label}"
        related = (Related(outer.path_node.span, f"{outer.label} mounts here"),)
        yield diagnostic(sys.modules[__name__], context.path_node.span, message, related=related)


def _closest_outer(key: str, mounts: dict[str, ContextDecl]) -> ContextDecl | None:
    """The context mounted at the nearest parent directory of ``key`` (looked up, not scanned)."""
    while "/" in key:
        key = key.rsplit("/", 1)[0]
        outer = mounts.get(key)
        if outer is not None:
            return outer
    return None
