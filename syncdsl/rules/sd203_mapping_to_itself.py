"""A context's `mapping_policy.path` is the context's own mount path.

## What it does
For every context with a policy, resolves the policy (following `extends`)
and compares its `mapping_policy.path` with the context's `path`, after
normalising separators (`\\` and `/`), the case of a Windows drive letter and
trailing slashes. When they are the same the `path` value of the mapping
policy is flagged, once per place it is written, naming the first context
it maps onto itself.

## Why is this bad?
*cross-platform-persistence.md* ("How It Works", "Important Notes") gives the
two paths different jobs: the mapping policy's `path` is where the data was
first stored on the other operating system (`c:\\Users\\Administrator\\Downloads`),
the context's `path` is where it should appear in this session
(`/home/wuying/下载`), and the service translates one into the other. Mapping
the mount path onto itself translates nothing, so the setting has no effect:
a warning. The guide does not say what the service does with such a mapping.
Most often the other OS's path was pasted into the wrong field, or the policy
is a leftover.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/Downloads
    policy:
      mapping_policy:
        path: /home/wuying/Downloads/   # the mount path itself
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
There is no fix: the right value is a path on the other OS, which only the
author knows.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity, Span
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import mount_key

CODE = "SD203"
NAME = "mapping-to-itself"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    reported: set[Span] = set()
    for context in model.contexts:
        if not context.path:
            continue
        resolved = model.context_policy(context)
        if resolved is None or resolved.policy.mapping_policy is None:
            continue
        mapped = resolved.policy.mapping_policy.path
        node = resolved.origins["mapping_policy.path"].node
        if node is None or node.span in reported or not mapped:
            continue
        if mount_key(mapped) != mount_key(context.path):
            continue
        reported.add(node.span)
        message = f"mapping path `{mapped}` is the mount path `{context.path}` of {context.label}, so it maps nothing"
        yield diagnostic(sys.modules[__name__], node.span, message)
