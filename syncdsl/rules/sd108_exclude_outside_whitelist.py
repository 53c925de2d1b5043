"""A non-regex exclude path is not under its white-list path, so it excludes nothing.

## What it does
For every white-list entry, in every policy (named or inline, used or not),
compares each exclude path with the entry's own `path` when neither is a
regular expression: an exclude path that is not the white-listed directory
or inside it is reported. The comparison is lexical (separators, repeated
and trailing slashes and `.`/`..` segments are normalised; Windows paths
compare case-insensitively). Inherited `white_lists` replace the parent's
wholesale, so an entry's path and excludes are always checked as written
together. Entries whose path is `""` (the whole context) and relative or
wildcard paths (SD102, SD103, SD107) are skipped.

## Why is this bad?
Exclusions only carve holes out of the white-listed directory. An exclude
path elsewhere never matches anything that is synchronised, so the data you
meant to keep out is still synchronised — usually the exclusion was written
under the wrong white-list entry or with a typo in its prefix.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/data/reports
            exclude_paths: [/home/wuying/data/cache]
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
            exclude_paths: [/home/wuying/data/reports/cache]
```

## Fix safety
There is no fix: the exclusion may belong to another white-list entry, or
the white-list path itself may be the mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import first_wildcard, is_absolute, is_under, shown, string_items, white_list_entries

CODE = "SD108"
NAME = "exclude-outside-whitelist"
SEVERITY = Severity.WARNING
FIXABLE = False


def _literal_absolute(path: str) -> bool:
    return is_absolute(path) and first_wildcard(path) is None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        if entry.path is None or entry.path_regex is not False or entry.exclude_regex is not False:
            continue
        root = str(entry.path.value)
        if not _literal_absolute(root):
            continue
        for item, value in string_items(entry.excludes):
            if not _literal_absolute(value) or is_under(value, root):
                continue
            message = (
                f"exclude path {shown(value)} is outside its white list path {shown(root)}, so it excludes nothing"
            )
            related = (Related(entry.path.span, f"the white list path {shown(root)}"),)
            yield diagnostic(sys.modules[__name__], item.span, message, related=related)
