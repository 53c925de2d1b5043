"""A context's mount `path` is not absolute.

## What it does
Checks the `path` of every context: it must be an absolute POSIX path
(`/home/wuying/data`) or an absolute Windows path (`C:\\Users\\data`,
`C:/Users/data` or a UNC path `\\\\server\\share`). An empty or missing
path is SD013's finding, a non-string one SD011's.

## Why is this bad?
The path is where the context is mounted inside the session. A relative path
has no working directory to be relative to, so the context is mounted
somewhere unexpected or the session fails to start.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: wuying/data
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
```

## Fix safety
There is no fix: the intended base directory cannot be guessed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import is_absolute, shown

CODE = "SD106"
NAME = "relative-mount-path"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for context in ctx.model.contexts:
        path, node = context.path, context.path_node
        if path is None or node is None or not path.strip() or id(node) in seen:
            continue
        seen.add(id(node))
        if is_absolute(path):
            continue
        must = "the mount path must be absolute (`/…` or `C:\\…`)"
        message = f"relative mount path {shown(path)} in {context.label}: {must}"
        yield diagnostic(sys.modules[__name__], node.span, message)
