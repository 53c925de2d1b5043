"""A white-list path or exclude path marked as a regular expression is malformed: the common regex engines reject it.

## What it does
Reads the `path` of every white-list entry with `is_path_regex: true`, and
every `exclude_paths` entry of a white-list entry with
`is_exclude_regex: true`, in every policy (named or inline, used or not),
and reports a pattern that the common regular-expression engines reject:
a `(` that is never closed or a `)` that closes nothing, a `[` whose class
never ends, a quantifier with nothing to repeat (`*.tmp`) or right after
another one (`logs/**`), `{3,2}`, a reversed range such as `[9-0]`, or a
trailing `\\`. The pattern is never compiled: syncdsl reads it with its own
tokenizer, which accepts whatever one of Python, PCRE, Java, JavaScript, Go
or POSIX would accept -- named groups (`(?<name>...)`), `\\p{L}`,
`\\Q...\\E`, possessive and atomic forms, `[[:alpha:]]`, `\\x{41}`,
`\\z` and so on. (Three readings of a single engine are still reported,
because every other engine rejects them: JavaScript's empty class `[]`,
POSIX's literal backslash in `[a\\]` and POSIX's stray `)`.)

## Why is this bad?
The SDK guide `docs/guides/common-features/basics/data-persistence.md`,
section "Regex Support in WhiteList", says that with the flag set the SDK
checks nothing on the client and hands the value to the server unchanged as
a regex pattern. Neither the guide nor the SDK says which regex flavour the
service uses or what it does with a pattern it cannot parse: the entry may
be rejected, skipped, or match something other than what was meant, and
nothing tells you before the session runs. A pattern that no common engine
can parse is certainly not doing what its author meant. Because what
happens to it is undocumented, this is a warning.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: project-(alpha|beta
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
          - path: project-(alpha|beta)
            is_path_regex: true
```

## Fix safety
There is no fix: only the author knows what the pattern was meant to match.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.regex_syntax import regex_problem
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import shown, white_list_entries

CODE = "SD104"
NAME = "invalid-regex"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        for node, pattern, what in entry.values(regex=True):
            problem = regex_problem(pattern)
            if problem is None:
                continue
            message = f"invalid regular expression {shown(pattern)} in {what}: {problem}"
            yield diagnostic(sys.modules[__name__], node.span, message)
