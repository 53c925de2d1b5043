"""A `mapping_policy` is present but its `path` is empty or missing.

## What it does
Checks every policy as written (named and inline) for a `mapping_policy`
mapping whose `path` is missing (`mapping_policy: {}`) or an empty or blank
string. A missing `path` is reported on the `mapping_policy` value, an empty
one on the `path` value. (`path:` with no value is `null`, which
`wrong-type` already reports.)

## Why is this bad?
`MappingPolicy.path` defaults to `""` and `SyncPolicy` sends `mappingPolicy`
whenever one is set (`agentbay/_common/params/context_sync.py`, SDK 0.22.3),
so `mapping_policy: {}` goes out as `{"path": ""}`.
*cross-platform-persistence.md* ("How It Works") defines that path as the
place the data was first stored on the other operating system; an empty one
names no place, so the cross-platform mapping you wanted does not happen.
What the service does with an empty mapping is not documented, so this is a
warning. Either the path was forgotten or the section should be removed.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/Downloads
    policy:
      mapping_policy: {}   # no path: maps nothing
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/Downloads
    policy:
      mapping_policy:
        path: C:\\Users\\Administrator\\Downloads
```

## Fix safety
There is no fix: the missing value is a path on another OS.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity, Span
from syncdsl.nodes import MappingNode, ScalarNode
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD204"
NAME = "empty-mapping-path"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    reported: set[Span] = set()  # merge keys and aliases can share one section between policies
    for decl in ctx.model.all_policies:
        section = decl.node.get("mapping_policy")
        if not isinstance(section, MappingNode):
            continue
        path = section.get("path")
        if path is None:
            span, message = section.span, f"`mapping_policy` without a `path` in {decl.label}: it maps nothing"
        elif isinstance(path, ScalarNode) and isinstance(path.value, str) and not path.value.strip():
            span, message = path.span, f"empty mapping path in {decl.label}: it maps nothing"
        else:
            continue
        if span in reported:
            continue
        reported.add(span)
        yield diagnostic(sys.modules[__name__], span, message)

