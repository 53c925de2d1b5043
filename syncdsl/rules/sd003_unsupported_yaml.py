"""A YAML feature the language does not accept: a custom tag or a non-string key.

## What it does

Reports tags other than YAML's core ones (`!!python/object/apply:...`,
`!Ref`, `!include`), keys that are not strings (`1: x`, `true: x`), complex
keys (a list or a mapping used as a key) and an alias that contains itself.

## Why is this bad?

The YAML 1.2 core schema gives a meaning only to its own tags (`!!str`,
`!!int`, `!!bool`, `!!map`, ...); any other tag means whatever the program
reading it decides (`!Ref` is CloudFormation's, `!!python/...` is PyYAML's and
runs code in its unsafe loader). syncdsl files are data: it never executes a
tag, and the SDK fields the value would fill are plain `str`, `bool` and
`List[str]` (`agentbay/_common/params/context_sync.py`), so the value the tag
was meant to compute is not in the file and syncdsl cannot know it. Every key
of the language is a string (an SDK field or a policy name), so a number, a
boolean or a list as a key is a mistake too. An error.

## Example

```yaml
version: 1
contexts:
  - context_id: !!python/object/apply:os.getenv [CONTEXT_ID]
    path: /home/wuying
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
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
