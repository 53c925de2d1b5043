"""The document is not a mapping: it is empty, a list or a single value.

## What it does

Reports a file (or a document of a multi-document file) whose top level is
not a mapping of `version`, `policies` and `contexts`: an empty file, a
document holding only comments, a list, or a scalar.

## Why is this bad?

The SDK takes a plain list of `ContextSync` objects
(`CreateSessionParams.context_syncs`, `agentbay/_common/params/session_params.py`);
the syncdsl language wraps that list in a mapping that also says which
version of the language the file is written in. A document of another shape
cannot be read as a sync configuration: syncdsl cannot know which version it
follows or where each item belongs, every other check is skipped, and
`export` produces no context at all. An error. A top-level list of contexts
is a common slip when starting from the SDK's list.

## Example

```yaml
- context_id: SdkCtx-0123abcd
  path: /home/wuying
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
```

## Fix safety

There is no fix: wrapping the content needs decisions (the version, where
each item goes) that the file does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD005"
NAME = "not-a-config"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # The document layer knows the root's kind (and whether the file was empty).
    yield from replay(ctx, CODE)
