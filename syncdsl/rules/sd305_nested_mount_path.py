"""A context is mounted inside the directory of another context.

## What it does
Compares the paths of all context syncs and context mounts (normalised as
for `duplicate-mount-path`) and flags an entry whose `path` lies below
another entry's `path` — `/data/logs` under `/data`, but not `/database` —
naming the closest enclosing one.

## Why is this bad?
At session end everything below a mount path is uploaded to its context
(*data-persistence.md*, "Implementation Principle"), so the files of an inner
context belong to two contexts at once: they are uploaded twice, and a
download of either can overwrite the other's changes. The guides neither
forbid nested mounts nor say what the service does with them (a white list
on the outer context can keep the inner directory out). A context mount
must go on an empty directory ("Context Mount", "Limitations and
Restrictions"), which a sync around it may fill first. Because the
behaviour is not documented, and sharing a sub-folder is sometimes
deliberate, this is a warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/logs   # inside the first context
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
  - context_id: SdkCtx-89efcdab
    path: /tmp/logs
```

## Fix safety
There is no fix: separating the directories, or excluding the inner one
from the outer context's white list, is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.contexts import Written, firsts, written
from syncdsl.rules.paths import mount_key

CODE = "SD305"
NAME = "nested-mount-path"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    mounts = firsts(ctx.model, "path", mount_key)
    for mount in written(ctx.model, "path"):
        outer = _closest_outer(mount_key(mount.value), mounts)
        if outer is None:
            continue
        label = outer.context.label
        message = f"mount path `{mount.value}` lies inside `{outer.value}`, the mount path of {label}"
        related = (Related(outer.node.span, f"{label} mounts here"),)
        yield diagnostic(sys.modules[__name__], mount.node.span, message, related=related)


def _closest_outer(key: str, mounts: dict[str, Written]) -> Written | None:
    """The context mounted at the nearest parent directory of ``key`` (looked up, not scanned)."""
    while "/" in key:
        key = key.rsplit("/", 1)[0]
        outer = mounts.get(key)
        if outer is not None:
            return outer
    return None
