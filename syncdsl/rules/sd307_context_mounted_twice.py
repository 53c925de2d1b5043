"""A mounted context is also synced, or mounted twice with the same `source_path`.

## What it does
For every context mount (`mounts`), looks for another entry that uses the
same context (the same `context_id`, or the same `context_name`): a context
sync of it, or an earlier mount of it with the same `source_path`. The mount
is flagged, pointing to the other entry. Mounts of different folders of one
context are fine.

## Why is this bad?
A mount writes straight into the context's storage, while a sync downloads a
copy when the session starts and uploads it again at the end
(*data-persistence.md*, "Context Mount", "What is Context Mount?"). With both
on one context, whatever the session wrote through the mount can be
overwritten by the sync's upload, file by file. Two mounts of the same
folder show the same files twice. The guide mounts one context several times
only for different sub-folders ("Partial Mount with `source_path`": one
mount per `source_path`). What the service does with the overlap is not
documented, so this is a warning.

## Example
```yaml
version: 1
contexts:
  - context_name: datasets
    path: /home/wuying/datasets
mounts:
  - context_name: datasets          # the same context again, as a mount
    path: /tmp/datasets
```

## Use instead
```yaml
version: 1
mounts:
  - context_name: datasets
    path: /tmp/train
    source_path: /train
  - context_name: datasets
    path: /tmp/val
    source_path: /val
```

## Fix safety
There is no fix: keep one way of attaching the context, or mount different
folders of it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.model import NamedDecl
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.session_paths import relative_key

CODE = "SD307"
NAME = "context-mounted-twice"
SEVERITY = Severity.WARNING
FIXABLE = False


def _key(entry: NamedDecl) -> tuple[str, str] | None:
    """What identifies the entry's context: ("id", id) or ("name", name); None when neither is usable."""
    if entry.context_id:
        return ("id", entry.context_id)
    if entry.by_name and entry.context_name:
        return ("name", entry.context_name)
    return None


def _where(entry: NamedDecl) -> Related:
    node = entry.context_id_node or entry.context_name_node or entry.node
    return Related(node.span, f"{entry.label} uses the same context here")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    synced: dict[tuple[str, str], NamedDecl] = {}
    for context in ctx.model.contexts:
        key = _key(context)
        if key is not None:
            synced.setdefault(key, context)
    mounted: dict[tuple[tuple[str, str], str], NamedDecl] = {}
    for mount in ctx.model.mounts:
        key = _key(mount)
        node = mount.context_id_node or mount.context_name_node
        if key is None or node is None:
            continue
        what = f"context `{key[1]}`" if key[0] == "id" else f"context named `{key[1]}`"
        sync = synced.get(key)
        if sync is not None:
            line = (sync.context_id_node or sync.context_name_node or sync.node).span.start.line + 1
            message = f"{what} is mounted and also synced by {sync.label} (line {line}): the sync's upload can " \
                      "overwrite what the mount wrote"
            yield diagnostic(sys.modules[__name__], node.span, message, related=(_where(sync),))
            continue
        first = mounted.setdefault((key, relative_key(mount.source_path)), mount)
        if first is not mount:
            folder = f"folder `{mount.source_path}`" if relative_key(mount.source_path) else "the whole context"
            line = (first.context_id_node or first.context_name_node or first.node).span.start.line + 1
            message = f"{what} is mounted twice, both times {folder} (first on line {line})"
            yield diagnostic(sys.modules[__name__], node.span, message, related=(_where(first),))
