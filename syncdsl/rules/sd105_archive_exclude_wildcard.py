"""An `archive_exclude_paths` entry contains a wildcard (`*`, `?`, `[` or `]`).

## What it does
Checks every entry of `upload_policy.archive_exclude_paths`, in every policy
(named or inline, used or not), for the wildcard characters `*`, `?`, `[` and
`]` (the SDK's wildcard set).

## Why is this bad?
The SDK documents archive exclusions as relative path *prefixes* with no
wildcards: an entry is compared literally, so `logs/*.txt` only excludes a
directory that is really named `*.txt`, and everything you meant to keep
out of the archive is packed into it.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [logs/*.txt]
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
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for seq in archive_excludes(ctx.model):
        for item, value in string_items(seq):
            wildcard = first_wildcard(value)
            if wildcard is None:
                continue
            message = f"wildcard `{wildcard}` in archive exclude path {shown(value)}: exclusions are literal prefixes"
            yield diagnostic(sys.modules[__name__], item.span, message)
