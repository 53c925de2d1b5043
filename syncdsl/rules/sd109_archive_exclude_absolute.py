"""An `archive_exclude_paths` entry is an absolute path.

## What it does
Checks every entry of `upload_policy.archive_exclude_paths`, in every policy
(named or inline, used or not), for an absolute POSIX (`/…`) or Windows
(`C:\\…`, `\\\\server\\…`) path.

## Why is this bad?
The SDK documents archive exclusions as *relative* path prefixes, matched
against paths inside the context. An absolute entry such as
`/home/wuying/data/logs` never matches a relative path, so nothing is kept
out of the archive.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [/home/wuying/data/logs]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [logs]
```

## Fix safety
There is no fix: a named policy may be used by contexts mounted at different
paths, so the prefix to strip is not known for sure.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import archive_excludes, is_absolute, shown, string_items

CODE = "SD109"
NAME = "archive-exclude-absolute"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in archive_excludes(ctx.model):
        for item, value in string_items(seq):
            if not is_absolute(value):
                continue
            message = f"absolute archive exclude path {shown(value)}: archive exclusions are relative prefixes"
            yield diagnostic(sys.modules[__name__], item.span, message)
