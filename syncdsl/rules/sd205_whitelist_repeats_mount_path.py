"""A white-list path repeats its context's mount path.

## What it does
For every context, reads each plain (not regex) white-list entry of its
resolved policy under the context's mount path and reports a `path` that
starts with the mount path (`/home/wuying/src` under mount `/home/wuying`).
Regular expressions that do the same are SD207's. A value in a named policy is checked against
every context that uses it and reported once, where it is written, naming
the contexts. Policies that no context uses have no mount to compare with and
are not checked. The root mount `/` is never reported.

## Why is this bad?
White-list paths are relative to the mount path: the SDK guide
*data-persistence.md* says so in "Selective Directory Sync" and "Path
Specifications" (`/src` under mount `/home/wuying` is `/home/wuying/src`), and
lists the absolute form as troubleshooting "Issue 2: Files not persisted":
`/home/wuying/src` under mount `/home/wuying` is looked up as
`/home/wuying/home/wuying/src`, the sync completes without an error and
nothing is persisted. The SDK's own helpers write white lists this way too
(`ext_<id>` under mount `/tmp/extensions/`). Data silently not persisted is
an error.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/src
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
```

## Fix safety
The suggested fix cuts the mount path off the value (`/home/wuying/src` ->
`/src`; the mount itself becomes `""`, the whole mount). It is a suggestion
because the author may have meant a different mount path instead. It is
offered only when every context using the value is mounted at the same path.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType

from syncdsl.diagnostics import Diagnostic, Fix, Severity
from syncdsl.model import ContextDecl
from syncdsl.records import record
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import replace_value, shown
from syncdsl.session_paths import (
    WHITE_LIST,
    InSession,
    join,
    mount_key,
    relative_key,
    repeated_prefix,
    uses,
    windows_style,
)

CODE = "SD205"
NAME = "whitelist-repeats-mount-path"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from repeats_of_the_mount(ctx, sys.modules[__name__], regex=False)


def repeats_of_the_mount(ctx: RuleContext, rule: ModuleType, *, regex: bool) -> Iterator[Diagnostic]:
    """The white lists (plain or regex ones) that repeat the mount path of a context using them."""
    for found in uses(ctx.model).values():
        meaning = found[0][1]
        if meaning.kind != WHITE_LIST or meaning.node is None or meaning.regex is not regex:
            continue
        hits = [(context, cut) for context, m in found if (cut := _repeat(m, context.path or "")) is not None]
        if not hits:
            continue
        context, cut = hits[0]
        mount = context.path or ""
        contexts = _names([c for c, _ in hits])
        if meaning.regex:
            message = (
                f"white list regex {shown(meaning.value)} starts with the mount path {shown(mount)} of {contexts}: "
                f"matched under the mount, as the guide's regex example is, it looks below "
                f"{shown(join(mount, mount))} and persists nothing"
            )
        else:
            message = (
                f"white list path {shown(meaning.value)} repeats the mount path {shown(mount)} of {contexts}: "
                f"it is read as {shown(join(mount, meaning.value))}, so nothing is persisted; "
                "white list paths are relative to the mount"
            )
        same_mount = len({mount_key(c.path or "") for c, _ in found}) == 1
        fix = _fix(ctx, meaning, cut.rest) if same_mount and cut.rest is not None else None
        yield diagnostic(rule, meaning.node.span, message, fix)


@record(frozen=True)
class _Cut:
    """A value that repeats the mount: what is left once the mount is cut off, or None when it cannot be cut."""

    rest: str | None


def _repeat(meaning: InSession, mount: str) -> _Cut | None:
    """How the value repeats ``mount`` (see :class:`_Cut`), or None when it does not."""
    if not meaning.regex:
        rest = repeated_prefix(meaning.value, mount)
        if rest is None:
            return None
        if rest and windows_style(meaning.value):
            return _Cut("\\" + rest.replace("/", "\\"))
        return _Cut("/" + rest if rest else "")
    from syncdsl.regex_syntax import literal_prefix

    base = relative_key(mount)
    if not base or "\\" in mount:
        return None  # the root, or a Windows mount (backslashes are regex escapes)
    prefix = literal_prefix(meaning.value).lstrip("/")
    if not prefix.startswith(base + "/"):
        return None
    pattern = meaning.value
    anchor = "^" if pattern.startswith("^") else ""
    body = pattern[len(anchor) :].lstrip("/")
    # The fix needs the mount written literally (no escapes) at the start of the pattern.
    return _Cut(anchor + body[len(base) + 1 :] if body.startswith(base + "/") else None)


def _names(contexts: list[ContextDecl]) -> str:
    labels = list(dict.fromkeys(c.label for c in contexts))
    if len(labels) <= 3:
        return " and ".join([", ".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else labels[0]
    return f"{', '.join(labels[:2])} and {len(labels) - 2} more contexts"


def _fix(ctx: RuleContext, meaning: InSession, rest: str) -> Fix | None:
    if meaning.node is None:
        return None
    title = f"Write {shown(rest)}, relative to the mount" if rest else 'Write `""`, the whole mount'
    return replace_value(ctx.source, meaning.node, rest, title)
