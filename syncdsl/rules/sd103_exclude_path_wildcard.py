"""An `exclude_paths` entry contains a wildcard while `is_exclude_regex` is false.

## What it does
Checks every `exclude_paths` entry of every `bw_list.white_lists` entry, in
every policy (named or inline, used or not), with the SDK's wildcard test
(`*`, `?`, `[`, `]`) when the white-list entry does not set
`is_exclude_regex: true`.

## Why is this bad?
With `is_exclude_regex` false (the default) each exclude path names one
directory, relative to its white-list path (*data-persistence.md*, "Path
Specifications": `/node_modules` under white list `/src` and mount
`/home/wuying` is `/home/wuying/src/node_modules`). The SDK's
`WhiteList.__post_init__` (`agentbay/_common/params/context_sync.py`, SDK
0.22.3) raises `ValueError` for an exclude path holding `*`, `?`, `[` or
`]`, so the policy cannot be built and no session is created. The guide's
troubleshooting "Issue 3" gives `exclude_paths=["*.log"]` as a mistake that,
where nothing checks it, lets the sync complete while storing nothing. A
pattern is only understood with `is_exclude_regex: true`: "Regex Support in
WhiteList" (newest *data-persistence.md*) says the entries are then sent to
the server unchecked as regular expressions, matched relative to each
white-listed directory (`record.*`, `downloads.*`). The SDK raises, so this
is an error. (The `WhiteList` docstring of the same SDK still calls exclude
paths exact absolute directories; the guides contradict it, and syncdsl
follows the guides.)

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /src
            exclude_paths: [/node_modules, /build-*]
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
          - path: /src
            exclude_paths: [node_modules, build-.*]
            is_exclude_regex: true
```

## Fix safety
The suggested fix sets `is_exclude_regex: true` (rewriting an explicit
`is_exclude_regex: false`, or adding the key after `path`, or after
`exclude_paths` when the entry has no `path`). It is a suggestion: the flag
turns every exclude path of the entry into a regular expression (a `.` in
an exact path then matches any character), and a glob is not a regular
expression: as a regex `/build-*` means `/build` followed by any number of
`-` (`build-.*` is what the glob meant). The fix is only offered when every
exclude path of the entry is a valid pattern in the common regex flavours
(see SD104).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from syncdsl.document import Source
from syncdsl.regex_syntax import regex_problem
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import (
    WhiteListEntry,
    first_wildcard,
    set_flag_true,
    shown,
    string_items,
    white_list_entries,
)

CODE = "SD103"
NAME = "exclude-path-wildcard"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        if entry.excludes is None or entry.exclude_regex is not False:
            continue
        found = [(item, value, w) for item, value in string_items(entry.excludes) if (w := first_wildcard(value))]
        if not found:
            continue
        # One flag fixes every finding of the entry: each carries the same edit, applied once.
        edit = _edit(ctx.source, entry)
        fix = Fix(Applicability.SUGGESTION, "Set `is_exclude_regex: true`", (edit,)) if edit else None
        for item, value, wildcard in found:
            message = f"wildcard `{wildcard}` in exclude path {shown(value)} while `is_exclude_regex` is false"
            yield diagnostic(sys.modules[__name__], item.span, message, fix)


def _edit(source: Source, entry: WhiteListEntry) -> Edit | None:
    if any(regex_problem(value) for _, value in string_items(entry.excludes)):
        return None
    return set_flag_true(source, entry.node, "is_exclude_regex", ("path", "exclude_paths"))
