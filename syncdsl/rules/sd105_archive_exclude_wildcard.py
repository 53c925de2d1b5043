"""An `archive_exclude_paths` entry contains a wildcard (`*`, `?`, `[` or `]`).

## What it does
Checks every entry of `upload_policy.archive_exclude_paths`, in every policy
(named or inline, used or not), for the wildcard characters `*`, `?`, `[` and
`]` (the SDK's wildcard set).

## Why is this bad?
An archive exclusion is a literal path prefix, relative to the sync path,
with no wildcards: the newest *data-persistence.md*, "Hybrid Storage with
Archive Exclude Paths", says so, and so does the `UploadPolicy` docstring
(`agentbay/_common/params/context_sync.py`, SDK 0.22.3). Unlike white lists,
nothing checks it: `UploadPolicy` raises nothing and sends the entries as
written. Read as a prefix, `logs/*.txt` only matches paths that really begin
with the characters `logs/*.txt`, which none do, so the files meant to stay
out of the archive are packed into it after all. How the service treats a
wildcard character here is not documented. Nothing is lost (the files are
still uploaded, inside the archive rather than one by one for presigned
URLs), so the entry at worst has no effect: a warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/workspace
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [output/, logs/*.txt]
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
        archive_exclude_paths: [output/, logs/]
```

## Fix safety
There is no fix: a prefix that covers the pattern may exclude more than was
meant, so the choice is left to the author.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import archive_excludes, first_wildcard, shown, string_items

CODE = "SD105"
NAME = "archive-exclude-wildcard"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in archive_excludes(ctx.model):
        for item, value in string_items(seq):
            wildcard = first_wildcard(value)
            if wildcard is None:
                continue
            message = f"wildcard `{wildcard}` in archive exclude path {shown(value)}: exclusions are literal prefixes"
            yield diagnostic(sys.modules[__name__], item.span, message)
