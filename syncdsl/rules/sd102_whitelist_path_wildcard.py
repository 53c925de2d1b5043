"""A white-list `path` contains a wildcard while `is_path_regex` is false.

## What it does
Checks the `path` of every `bw_list.white_lists` entry, in every policy (named
or inline, used or not), with the SDK's wildcard test (`*`, `?`, `[`, `]`)
when the entry does not set `is_path_regex: true`.

## Why is this bad?
With `is_path_regex` false (the default) a white-list path names one
directory, relative to the context's mount path (*data-persistence.md*,
"Selective Directory Sync" and "Path Specifications": `/src` under mount
`/home/wuying` is `/home/wuying/src`). The SDK's `WhiteList.__post_init__`
(`agentbay/_common/params/context_sync.py`, SDK 0.22.3) looks for `*`, `?`,
`[` and `]` in such a path and raises `ValueError` when it finds one, so the
policy cannot be built and no session is created. Where that check does not
run, the guide's troubleshooting "Issue 3" says what follows: the sync
completes, reports nothing and stores nothing. A pattern is only understood
with `is_path_regex: true`; "Regex Support in WhiteList" (newest
*data-persistence.md*) says the value is then passed to the server unchecked
as a regular expression, matched under the mount (`project-.*` under mount
`/home/wuying`). The SDK raises, so this is an error. (The `WhiteList`
docstring of the same SDK still calls the path an exact absolute directory;
the guides and the SDK's own browser and extension helpers use paths relative
to the mount, and syncdsl follows them.)

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /project-*
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
The suggested fix sets `is_path_regex: true` (rewriting an explicit
`is_path_regex: false`, or adding the key after `path`). It is a suggestion:
a glob is not a regular expression. As a regex `/project-*` means `project`
followed by any number of `-`, and `.` matches any character, so the pattern
should be reviewed (`project-.*` is what the glob meant). The fix is only
offered when the path is a valid pattern in the common regex flavours (see
SD104).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Fix, Severity
from syncdsl.regex_syntax import regex_problem
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import first_wildcard, set_flag_true, shown, white_list_entries

CODE = "SD102"
NAME = "whitelist-path-wildcard"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


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
        edit = None if regex_problem(value) else set_flag_true(ctx.source, entry.node, "is_path_regex", ("path",))
        if edit is not None:
            fix = Fix(Applicability.SUGGESTION, "Set `is_path_regex: true`", (edit,))
        yield diagnostic(sys.modules[__name__], entry.path.span, message, fix)
