"""A context's mount `path` is not absolute.

## What it does
Checks the `path` of every context sync and context mount: it must be an absolute POSIX path
(`/home/wuying`) or an absolute Windows path (`C:\\Users\\data`,
`C:/Users/data` or a UNC path `\\\\server\\share`). An empty or missing
path is SD013's finding, a non-string one SD011's.

## Why is this bad?
The mount path is where the context's files appear in the session. The SDK
does not check it: `ContextSync` (`agentbay/_common/params/context_sync.py`,
SDK 0.22.3) and `BetaContextMount` (`beta_context_mount.py`) store any
string, and `create()` in `agentbay/_async/agentbay.py` copies it unchanged
into the request. Every guide mounts at an absolute path
(`/home/wuying`, `/tmp/workspace` and
`C:\\Users\\Administrator\\Downloads` in *context-sync-use-case.md*, "Select
Mount Paths Correctly"), and none says what the service does with a relative
one: it may refuse it, or mount the data below a directory you cannot
predict. The behaviour is not documented, so this is a warning; write the
absolute path you mean (no guide says `~` is expanded either).

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
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for context in ctx.model.named():
        path, node = context.path, context.path_node
        if path is None or node is None or not path.strip() or id(node) in seen:
            continue
        seen.add(id(node))
        if is_absolute(path):
            continue
        must = "the mount path must be absolute (`/…` or `C:\\…`)"
        message = f"relative mount path {shown(path)} in {context.label}: {must}"
        yield diagnostic(sys.modules[__name__], node.span, message)
