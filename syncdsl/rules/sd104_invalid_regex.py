"""A white-list path or exclude path marked as a regular expression does not compile.

## What it does
Compiles the `path` of every white-list entry with `is_path_regex: true`, and
every `exclude_paths` entry of a white-list entry with
`is_exclude_regex: true`, in every policy (named or inline, used or not).
The AgentBay service does not document its regular-expression flavour, so
syncdsl compiles with Python's `re` module: the common syntax (groups,
classes, quantifiers, anchors) is shared by every mainstream engine, but a
pattern that uses a Python-only or a service-only construct may be judged
differently by the service.

## Why is this bad?
The SDK sends the pattern as it is, without checking it; a pattern with an
unbalanced group or a dangling quantifier cannot match anything the way it
was meant to, and the failure (if any) only shows up on the service side,
long after the session was configured.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/data/(reports|exports
            is_path_regex: true
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
          - path: /home/wuying/data/(reports|exports)
            is_path_regex: true
```

## Fix safety
There is no fix: only the author knows what the pattern was meant to match.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import regex_error, shown, white_list_entries

CODE = "SD104"
NAME = "invalid-regex"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for entry in white_list_entries(ctx.model):
        for node, pattern, what in entry.values(regex=True):
            error = regex_error(pattern)
            if error is None:
                continue
            message = f"invalid regular expression {shown(pattern)} in {what}: {error}"
            yield diagnostic(sys.modules[__name__], node.span, message)
