"""A YAML feature the language does not accept: a custom tag or a non-string key.

## What it does

Reports tags other than YAML's core ones (`!!python/object/apply:...`,
`!Ref`, `!include`), keys that are not strings (`1: x`, `true: x`), complex
keys (a list or a mapping used as a key) and an alias that contains itself.

## Why is this bad?

syncdsl files are data, not programs. Custom tags mean something only to the
loader that defines them (and `!!python/...` tags run code in unsafe
loaders); syncdsl never executes them, so the value would silently be a plain
string. Every key in the language is a string, so a number or a list as a key
is a mistake.

## Example

```yaml
version: 1
contexts:
  - context_id: !!python/object/apply:os.getenv [CONTEXT_ID]
    path: /home/wuying/data
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
```

## Fix safety

There is no fix: the value the tag was meant to produce is not in the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD003"
NAME = "unsupported-yaml"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # Tags and key types are only visible while the document layer composes the tree.
    yield from replay(ctx, CODE)
