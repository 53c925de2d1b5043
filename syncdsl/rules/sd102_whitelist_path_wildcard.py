"""A white-list `path` contains a wildcard while `is_path_regex` is false.

## What it does
Checks the `path` of every `bw_list.white_lists` entry, in every policy (named
or inline, used or not), with the SDK's wildcard test (`*`, `?`, `[`, `]`)
when the entry does not set `is_path_regex: true`.

## Why is this bad?
Without `is_path_regex` a white-list path is an exact absolute directory. The
SDK's `WhiteList` raises `ValueError` ("Wildcard patterns are not supported in
path when is_path_regex=False") when it is built, so the session is never
created. A pattern only works as a regular expression.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/data/*/reports
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
          - path: /home/wuying/data/[^/]+/reports
            is_path_regex: true
```

## Fix safety
The suggested fix sets `is_path_regex: true` (rewriting an explicit
`is_path_regex: false`, or adding the key after `path`). It is a suggestion:
a glob is not a regular expression (`*` repeats the previous character, `.`
matches anything), so the pattern should be reviewed. The fix is only offered
when the path compiles as a regular expression.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Fix, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import first_wildcard, regex_error, set_flag_true, shown, white_list_entries

CODE = "SD102"
NAME = "whitelist-path-wildcard"
SEVERITY = Severity.ERROR
FIXABLE = True


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        if entry.path is None or entry.path_regex is not False:
            continue
        value = str(entry.path.value)
        wildcard = first_wildcard(value)
        if wildcard is None:
            continue
        message = f"wildcard `{wildcard}` in white list path {shown(value)} while `is_path_regex` is false"
        fix = None
        edit = None if regex_error(value) else set_flag_true(ctx.source, entry.node, "is_path_regex", ("path",))
        if edit is not None:
            fix = Fix(Applicability.SUGGESTION, "Set `is_path_regex: true`", (edit,))
        yield diagnostic(sys.modules[__name__], entry.path.span, message, fix)
