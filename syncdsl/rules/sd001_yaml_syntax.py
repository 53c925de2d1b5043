"""The file is not valid YAML, or not readable text.

## What it does

Reports the first YAML syntax error of a file with the parser's own message and
position: an unclosed bracket or quote, a bad indentation, a tab used for
indentation. Input that cannot be read as text is reported the same way:
invalid UTF-8, a NUL byte (a binary file). Nothing else is checked in such a
file, because there is no tree to check.

## Why is this bad?

The YAML 1.2 specification says what a well-formed stream is; text that
breaks it has no document tree at all (after an unclosed `{` the parser
cannot tell where the mapping ends). There is then nothing to turn into the
SDK's `ContextSync` objects: syncdsl cannot know what was meant, `export` and
`fmt` refuse the file, and not one of its contexts would be synchronised. An
error.

## Example

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: {upload_policy: {upload_mode: Archive}
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: {upload_policy: {upload_mode: Archive}}
```

## Fix safety

There is no fix: only the author knows what the broken text was meant to say.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD001"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # The document layer reports syntax errors on the file (the linter adds them);
    # replaying keeps this rule's findings reachable from a RuleContext too.
    yield from replay(ctx, CODE)
