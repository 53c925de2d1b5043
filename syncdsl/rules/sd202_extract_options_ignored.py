"""An extract option is set to `true` on a policy whose resolved `extract` is `false`.

## What it does
Resolves every named policy and every context's policy (following `extends`)
and, when the resolved `extract_policy.extract` is `false`, flags
`delete_src_file: true` and `extract_current_folder: true` wherever they are
written. Only values written in the file count: the SDK's own default
`delete_src_file = true` is not reported, because nobody asked for it. Each
written value is reported once, even when several policies inherit it.

## Why is this bad?
`ExtractPolicy.__dict__` (`agentbay/_common/params/context_sync.py`, SDK
0.22.3) sends all three fields whatever their values. The guides describe
`delete_src_file` and `extract_current_folder` only as details of an
extraction (*context-sync-use-case.md*, "Large File Scenario Configuration":
remove the archive once it is extracted, extract into the current folder) and
never say what the service does with them when `extract` is `false`; with
nothing extracted they can have no effect. The behaviour is not documented
and no data is at stake, so this is a warning. Often `extract` was switched
off later, or in a child policy, and the options were left behind.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      extract_policy:
        extract: false
        extract_current_folder: true   # nothing is extracted, so this does nothing
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      extract_policy:
        extract: false
```

## Fix safety
There is no fix: either `extract` should be `true` or the option should go,
and only the author knows which.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity, Span
from syncdsl.model import Model, Resolved
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD202"
NAME = "extract-options-ignored"
SEVERITY = Severity.WARNING
FIXABLE = False

_OPTIONS = ("delete_src_file", "extract_current_folder")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    reported: set[Span] = set()
    for resolved in _resolutions(ctx.model):
        extract = resolved.policy.extract_policy
        if extract.extract:
            continue
        switch = resolved.origins["extract_policy.extract"]
        for option in _OPTIONS:
            origin = resolved.origins[f"extract_policy.{option}"]
            if origin.node is None or origin.node.span in reported or not getattr(extract, option):
                continue
            reported.add(origin.node.span)
            where = f"line {switch.node.span.start.line + 1}" if switch.node is not None else "the SDK default"
            if switch.policy and switch.policy != resolved.chain[0]:
                where += f" in {switch.policy}"
            message = (
                f"`{option}: true` ignored in {resolved.chain[0]}: `extract` is `false` ({where}), "
                "so nothing is extracted"
            )
            yield diagnostic(sys.modules[__name__], origin.node.span, message)


def _resolutions(model: Model) -> Iterator[Resolved]:
    """Every named policy, then every context's policy; resolution is memoised by the model."""
    for decl in model.policies.values():
        yield model.resolve(decl)
    for context in model.contexts:
        resolved = model.context_policy(context)
        if resolved is not None:
            yield resolved
