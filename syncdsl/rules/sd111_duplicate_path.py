"""A path list repeats an entry.

## What it does
Checks every path list — `recycle_policy.paths`,
`upload_policy.archive_exclude_paths` and each white-list entry's
`exclude_paths` — in every policy (named or inline, used or not), for an
entry written twice with the same value. Each repeat is reported, pointing
back at the first occurrence.

## Why is this bad?
The SDK sends each list as written: `RecyclePolicy`, `UploadPolicy` and
`WhiteList` (`agentbay/_common/params/context_sync.py`, SDK 0.22.3) neither
drop repeats nor complain about them. The guides describe every entry as one
path or prefix to match (*data-persistence.md*, "Path Specifications",
"Hybrid Storage with Archive Exclude Paths", "Data Lifecycle Management"), so
a second copy matches nothing the first did not: it has no effect, a
warning. It is often a copy-and-paste slip: the second entry was probably
meant to be a different path, which is now missing.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /src
            exclude_paths: [/node_modules, /dist, /node_modules]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /src
            exclude_paths: [/node_modules, /dist]
```

## Fix safety
The fix removes the repeat (its whole `- item` line in a block list, the
item and its comma in a flow list) and is safe: the list means the same
without it. A repeat written through a YAML alias is not reported, because
an alias has no position of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Fix, Related, Severity
from syncdsl.model import Model
from syncdsl.nodes import ScalarNode, SequenceNode
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import (
    archive_excludes,
    recycle_paths,
    remove_item,
    repeated_nodes,
    shown,
    white_list_entries,
    written_in,
)

CODE = "SD111"
NAME = "duplicate-path"
SEVERITY = Severity.WARNING
FIXABLE = True
FIX_SAFETY = "always"  # as "## Fix safety" says: always / sometimes / never safe


def _lists(model: Model) -> Iterator[tuple[str, SequenceNode]]:
    for seq in recycle_paths(model):
        yield "recycle_policy.paths", seq
    for seq in archive_excludes(model):
        yield "upload_policy.archive_exclude_paths", seq
    seen: set[int] = set()
    for entry in white_list_entries(model):
        if entry.excludes is not None and id(entry.excludes) not in seen:
            seen.add(id(entry.excludes))
            yield "exclude_paths", entry.excludes


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for field, seq in _lists(ctx.model):
        first: dict[str, ScalarNode] = {}
        repeated: set[int] | None = None
        for index, item in enumerate(seq.items):
            if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                continue
            prior = first.setdefault(item.value, item)
            if prior is item or not written_in(seq, item):
                continue  # the first occurrence, or an alias (it has no position of its own)
            line = prior.span.start.line + 1
            message = f"duplicate path {shown(item.value)} in `{field}` (first listed on line {line})"
            if repeated is None:
                repeated = repeated_nodes(seq)
            edit = remove_item(ctx.source, seq, index, repeated)
            fix = Fix(Applicability.SAFE, "Remove the duplicate path", (edit,)) if edit else None
            related = (Related(prior.span, f"{shown(item.value)} first listed here"),)
            yield diagnostic(sys.modules[__name__], item.span, message, fix, related)
