"""A context is named both by `context_id` and by `context_name`.

## What it does
Flags the `context_name` of every entry that names a context (a context
sync, a mount, the browser context and its `extension_option` and
`fingerprint_context`) and also writes a `context_id`.

## Why is this bad?
An entry says which AgentBay context it uses in one of two ways: by the id
the service assigned (`SdkCtx-…`) or by the name people gave it, which
syncdsl resolves with `agent_bay.context.get(name=…)`. The SDK's
`ContextService.get` (`agentbay/_sync/context.py`, SDK 0.22.3) takes "either
name or context_id (not both)", and nothing says that an id and a name
written side by side belong to the same context. syncdsl cannot know which
one was meant, so nothing correct can be exported: an error, as for any
language-level mistake (syncdsl's own rule).

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    context_name: my-project     # which one?
    path: /home/wuying/project
```

## Use instead
```yaml
version: 1
contexts:
  - context_name: my-project
    create: true
    path: /home/wuying/project
```

## Fix safety
There is no fix: which of the two is right is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.contexts import beside_context_id

CODE = "SD208"
NAME = "context-id-and-name"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry, key, id_node in beside_context_id(ctx.model, "context_name"):
        message = (
            f"{entry.label} has both `context_id` and `context_name`: "
            "name its context one way, by id or by name"
        )
        related = (Related(id_node.span, "`context_id` is written here"),)
        yield diagnostic(sys.modules[__name__], key.span, message, related=related)
