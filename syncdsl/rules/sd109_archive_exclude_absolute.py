"""An `archive_exclude_paths` entry is an absolute path.

## What it does
Checks every entry of `upload_policy.archive_exclude_paths`, in every policy
(named or inline, used or not), for an absolute POSIX (`/…`) or Windows
(`C:\\…`, `\\\\server\\…`) path.

## Why is this bad?
Archive exclusions are path prefixes relative to the sync path: the newest
*data-persistence.md*, "Hybrid Storage with Archive Exclude Paths", says so
(its example excludes `output/`, `config.json` and `logs/` under mount
`/tmp/workspace`), and the `UploadPolicy` docstring
(`agentbay/_common/params/context_sync.py`, SDK 0.22.3) calls each entry a
relative path prefix. The SDK sends the entries unchecked. One that repeats
the mount path (`/tmp/workspace/logs/` under mount `/tmp/workspace`) is then
the prefix of `/tmp/workspace/tmp/workspace/logs/`, matches nothing, and the
files stay in the archive. Whether a leading `/` alone (`/logs/`) is read
relative to the sync path, as it is for white lists, is not documented.
Either way nothing is lost (the files are uploaded inside the archive
instead of one by one), so the entry at worst has no effect: a warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/workspace
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [/tmp/workspace/logs/]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/workspace
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [logs/]
```

## Fix safety
There is no fix: a named policy may be used by contexts mounted at different
paths, and whether a bare leading `/` matters is not documented, so what to
strip is not known for sure.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import archive_excludes, is_absolute, shown, string_items

CODE = "SD109"
NAME = "archive-exclude-absolute"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in archive_excludes(ctx.model):
        for item, value in string_items(seq):
            if not is_absolute(value):
                continue
            message = f"absolute archive exclude path {shown(value)}: archive exclusions are relative prefixes"
            yield diagnostic(sys.modules[__name__], item.span, message)
