"""A context mount's `source_path` holds `..` or a wildcard.

## What it does
Flags the `source_path` of every context mount (`mounts`) that has a `..`
segment (`/datasets/../secrets`) or a wildcard character (`*`, `?`, `[`,
`]`).

## Why is this bad?
`source_path` picks one folder of the context to mount instead of all of it,
and names it exactly. The newest *data-persistence.md* ("Context Mount",
"Partial Mount with `source_path`") says that the SDK passes the value on
unchecked (`BetaContextMount` in `agentbay/_common/params/beta_context_mount.py`,
SDK 0.22.3, stores any string) and that the backend rejects unsafe paths such
as `..` and wildcards. The service refuses the request: an error. To mount
several folders, write one mount per folder.

## Example
```yaml
version: 1
mounts:
  - context_name: dataset-collection
    path: /tmp/train
    source_path: /datasets/*/train    # a wildcard
```

## Use instead
```yaml
version: 1
mounts:
  - context_name: dataset-collection
    path: /tmp/train
    source_path: /datasets/2024/train
```

## Fix safety
There is no fix: which folder was meant is the author's choice.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import first_wildcard, shown

CODE = "SD113"
NAME = "mount-source-path-unsafe"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for mount in ctx.model.mounts:
        node = mount.source_path_node
        if node is None or not mount.source_path or id(node) in seen:
            continue
        seen.add(id(node))
        wildcard = first_wildcard(mount.source_path)
        if ".." in re.split(r"[/\\]", mount.source_path):
            why = "a `..` segment"
        elif wildcard is not None:
            why = f"the wildcard `{wildcard}`"
        else:
            continue
        message = (
            f"source_path {shown(mount.source_path)} of {mount.label} has {why}: the service refuses it; "
            "name the folder exactly"
        )
        yield diagnostic(sys.modules[__name__], node.span, message)
