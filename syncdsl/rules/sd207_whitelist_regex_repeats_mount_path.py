"""A white-list regular expression starts with its context's mount path.

## What it does
For every context, reads each white-list entry with `is_path_regex: true`
of its resolved policy and reports a pattern whose literal beginning (the
characters before the first regex operator, a leading `^` skipped) starts
with the context's mount path followed by `/`: `^/home/wuying/project-.*`
under mount `/home/wuying`. A value in a named policy is checked against
every context that uses it and reported once, naming the contexts. Windows
mount paths are not checked (their `\\` separators are regex escapes).

## Why is this bad?
The SDK guide *data-persistence.md* documents white-list paths as relative
to the mount ("Path Specifications"; repeating the mount is troubleshooting
"Issue 2: Files not persisted"), and its "Regex Support in WhiteList"
example matches `project-.*` under mount `/home/wuying`, with the note that
the parent directory is mounted "so the whitelist path resolves correctly".
Read that way, `/home/wuying/project-.*` under mount `/home/wuying` looks
below `/home/wuying/home/wuying` and persists nothing. But the same guide's
table, and the SDK's `WhiteList` docstring (`context_sync.py`, SDK 0.22.3),
give `/home/wuying/.*` as a regex example without naming a mount, and the
service's matching of regexes is not documented further. Because the
evidence disagrees, this is a warning, not an error like SD205.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/project-.*
            is_path_regex: true
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: project-.*
            is_path_regex: true
```

## Fix safety
The suggested fix cuts the mount path and the `/` after it off the pattern
(`^/home/wuying/project-.*` -> `^project-.*`). It is a suggestion, offered
only when every context using the value is mounted at the same path and the
mount is written literally (without escapes) at the start of the pattern.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext
from syncdsl.rules.sd205_whitelist_repeats_mount_path import repeats_of_the_mount

CODE = "SD207"
NAME = "whitelist-regex-repeats-mount-path"
SEVERITY = Severity.WARNING
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from repeats_of_the_mount(ctx, sys.modules[__name__], regex=True)
