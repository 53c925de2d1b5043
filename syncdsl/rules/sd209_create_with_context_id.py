"""`create` is written for a context that is named by `context_id`.

## What it does
Flags the `create` key of every entry (a context sync, a mount, the
browser context or one of its parts) that names its context by
`context_id` instead of `context_name`.

## Why is this bad?
`create` says whether syncdsl's name lookup,
`agent_bay.context.get(name=…, create=…)`, may create a context that does
not exist yet. A context id was assigned by the service when the context was
created, so there is nothing to create: the SDK's `ContextService.get`
(`agentbay/_sync/context.py`, SDK 0.22.3) raises `AgentBayError` ("Cannot
create context using context_id") for `create=True` with an id, and with
`create: false` the key has no meaning at all. syncdsl does not define
`create` next to an id, so the entry is refused: an error (syncdsl's own
rule, following the SDK's check).

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    create: true                 # an id cannot be created
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
There is no fix: either `create` goes, or the context is named by its name.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.contexts import beside_context_id

CODE = "SD209"
NAME = "create-with-context-id"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry, key, id_node in beside_context_id(ctx.model, "create"):
        message = (
            f"`create` with `context_id` in {entry.label}: only a context named by `context_name` can be "
            "created (the SDK refuses create with an id)"
        )
        related = (Related(id_node.span, "`context_id` is written here"),)
        yield diagnostic(sys.modules[__name__], key.span, message, related=related)
