"""A white-list `path` or `exclude_paths` entry that is not a regex is neither `""` nor absolute.

## What it does
Checks the `path` of every white-list entry without `is_path_regex: true`,
and every `exclude_paths` entry of a white-list entry without
`is_exclude_regex: true`, in every policy (named or inline, used or not).
Each must be `""` (the white-list default: the whole context) or an absolute
POSIX or Windows path. Entries with wildcards are left to SD102 and SD103.

## Why is this bad?
The SDK documents non-regex white-list and exclude paths as exact absolute
directory paths. A relative path such as `data/reports` matches no absolute
directory, so the white list lets nothing through, or the exclusion
excludes nothing.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: reports
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/data/reports
```

## Fix safety
There is no fix: the base directory the path was meant to be relative to
(the mount path, the home directory) cannot be known for sure.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import first_wildcard, is_absolute, shown, white_list_entries

CODE = "SD107"
NAME = "relative-whitelist-path"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        for node, value, what in entry.values(regex=False):
            if value == "" or is_absolute(value) or first_wildcard(value):
                continue
            message = f'relative {what} {shown(value)}: a non-regex path must be absolute or `""`'
            yield diagnostic(sys.modules[__name__], node.span, message)
