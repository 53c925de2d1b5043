"""`archive_exclude_paths` is set on a policy whose resolved `upload_mode` is not `Archive`.

## What it does
Resolves every named policy and every context's policy (following `extends`)
and flags `upload_policy.archive_exclude_paths` when the resolved
`upload_mode` is `File`, whether `File` was written somewhere in the chain
or is the SDK default. The finding is placed on the `archive_exclude_paths`
value where it is written, once, even when several policies inherit it; the
message says where the `File` mode comes from.

## Why is this bad?
`UploadPolicy.__dict__` (`agentbay/_common/params/context_sync.py`, SDK
0.22.3) writes `archiveExcludePaths` into the request only when
`upload_mode` is `Archive`; in `File` mode the list is dropped without a
word. The option exists only for Archive mode: the newest
*data-persistence.md*, "Hybrid Storage with Archive Exclude Paths", describes
it as the way to keep some files out of the archive, uploaded one by one,
and in `File` mode every file is uploaded one by one anyway. The setting is
silently ignored: a warning. Usually `upload_mode: Archive` was forgotten, or
a child policy switched the mode back to `File`.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/workspace
    policy:
      upload_policy:
        # upload_mode defaults to File, so these exclusions are dropped
        archive_exclude_paths: [output/, config.json, logs/]
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/workspace
    policy:
      upload_policy:
        upload_mode: Archive
        archive_exclude_paths: [output/, config.json, logs/]
```

## Fix safety
There is no fix: whether to switch to `Archive` mode or to drop the
exclusions is the author's decision.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity, Span
from syncdsl.model import Model, Origin, PolicyDecl, Resolved, UploadMode
from syncdsl.nodes import MappingNode
from syncdsl.rules.base import RuleContext, diagnostic

CODE = "SD201"
NAME = "archive-excludes-ignored"
SEVERITY = Severity.WARNING
FIXABLE = False

_EXCLUDES = "upload_policy.archive_exclude_paths"
_MODE = "upload_policy.upload_mode"


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    reported: set[Span] = set()
    for decl, resolved in _resolutions(model):
        excludes = resolved.origins[_EXCLUDES]
        if excludes.node is None or excludes.node.span in reported:
            continue
        upload = resolved.policy.upload_policy
        if not upload.archive_exclude_paths or upload.upload_mode is UploadMode.ARCHIVE:
            continue
        mode = resolved.origins[_MODE]
        if mode.node is None and _mode_unreadable(model.chain(decl)):
            continue  # an invalid `upload_mode` is the schema's finding, not a File-mode one
        reported.add(excludes.node.span)
        message = (
            f"`archive_exclude_paths` ignored in {resolved.chain[0]}: `upload_mode` is "
            f"`{upload.upload_mode.value}` ({_where(mode, resolved)}) and the SDK sends exclusions "
            "only in `Archive` mode"
        )
        yield diagnostic(sys.modules[__name__], excludes.node.span, message)


def _resolutions(model: Model) -> Iterator[tuple[PolicyDecl, Resolved]]:
    """Every named policy, then every context's policy (named references repeat, and dedupe by span)."""
    for decl in model.policies.values():
        yield decl, model.resolve(decl)
    for context in model.contexts:
        used: PolicyDecl | None = context.inline
        if used is None and context.policy_ref is not None:
            used = model.policies.get(context.policy_ref.name)
        if used is not None:
            yield used, model.resolve(used)


def _mode_unreadable(chain: list[PolicyDecl]) -> bool:
    """True when some policy in the chain writes an `upload_mode` the resolver could not use."""
    for decl in chain:
        section = decl.node.get("upload_policy")
        if not isinstance(section, MappingNode):
            continue
        mode = section.get("upload_mode")
        if mode is not None and getattr(mode, "value", True) is not None:
            return True
    return False


def _where(origin: Origin, resolved: Resolved) -> str:
    if origin.node is None:
        return "the SDK default"
    line = f"line {origin.node.span.start.line + 1}"
    if origin.policy and origin.policy != resolved.chain[0]:
        return f"{line} in {origin.policy}"
    return line
