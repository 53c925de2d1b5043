"""An exclude path repeats its white-list path or the mount path.

## What it does
For every context, reads each `exclude_paths` entry of its resolved white
lists under the white-list path it belongs to, and reports a plain entry
that starts with that white-list path (`/src/node_modules` under white list
`/src`) or with the context's mount path (`/home/wuying/src/node_modules`
under mount `/home/wuying`). A regular-expression exclude
(`is_exclude_regex: true`) is reported when its literal beginning does. A
value in a named policy is checked against every context that uses it and
reported once, where it is written.

## Why is this bad?
Exclude paths are relative to their white-list path: the SDK guide
*data-persistence.md*, "Path Specifications" and the "Selective Directory
Sync" example (`/node_modules` excluded under white list `/src` and mount
`/home/wuying` is `/home/wuying/src/node_modules`); regex excludes are
matched relative to each white-listed directory ("Regex Support in
WhiteList"). `/src/node_modules` under white list `/src` is therefore read as
`<mount>/src/src/node_modules`: the exclusion matches nothing and the folder
you meant to leave out is synchronised after all. The guides document no
error for this, and nothing is lost (more is synchronised, not less), so it
is a warning. (An exclude that really names a folder `src/src/...` would be
reported too; suppress it on that line.)

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
            exclude_paths: [/src/node_modules]
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
            exclude_paths: [/node_modules]
```

## Fix safety
The suggested fix cuts the repeated white-list path (and mount path) off a
plain entry: `/src/node_modules` -> `/node_modules` (under a white list of
the whole mount, only the mount path). It is a suggestion: the
author may have meant a folder really named that way. A regex, an entry
that repeats the mount path but lies outside the white list, and a value
whose contexts disagree on the mount get no fix.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Fix, Severity, Span
from syncdsl.model import ContextDecl
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import replace_value, shown
from syncdsl.session_paths import EXCLUDE, InSession, join, mount_key, relative_key, repeated_prefix, uses

CODE = "SD206"
NAME = "exclude-repeats-whitelist-path"
SEVERITY = Severity.WARNING
FIXABLE = True
FIX_SAFETY = "never"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    reported: set[Span] = set()
    for found in uses(ctx.model).values():
        for context, meaning in found:
            if meaning.kind != EXCLUDE or meaning.node is None or meaning.node.span in reported:
                continue
            judged = _judge(meaning, context)
            if judged is None:
                continue
            reported.add(meaning.node.span)
            what, repeated, rest = judged
            white = meaning.white_list
            base = white.absolute if white is not None and white.absolute else context.path or ""
            message = (
                f"exclude path {shown(meaning.value)} repeats the {what} {shown(repeated)} of {context.label}: "
                f"exclude paths are relative to their white list, so it is read as "
                f"{shown(join(base, meaning.value))} and excludes nothing"
            )
            if meaning.regex:
                message = (
                    f"exclude regex {shown(meaning.value)} starts with the {what} {shown(repeated)} of "
                    f"{context.label}: regex excludes are matched under each white-listed directory, "
                    "so it excludes nothing"
                )
            same_mount = len({mount_key(c.path or "") for c, _ in found}) == 1
            fix = _fix(ctx, meaning, rest) if same_mount and rest is not None else None
            yield diagnostic(sys.modules[__name__], meaning.node.span, message, fix)


def _judge(meaning: InSession, context: ContextDecl) -> tuple[str, str, str | None] | None:
    """(what is repeated, its text, the value without it or None) when the exclude repeats something."""
    mount = context.path or ""
    white = meaning.white_list
    plain_white = white is not None and not white.regex and relative_key(white.value) != ""
    value = meaning.value
    if meaning.regex:
        from syncdsl.regex_syntax import literal_prefix

        value = literal_prefix(value)
        if "\\" in mount or not value.rstrip("/"):
            return None
    if plain_white and white is not None:
        inside = repeated_prefix(value, white.value) if not meaning.regex else _starts(value, white.value)
        if inside is not None:
            return "white list path", white.value, None if meaning.regex or not inside else "/" + inside
    inside = repeated_prefix(value, mount) if not meaning.regex else _starts(value, mount)
    if inside is None:
        return None
    rest = None
    if white is not None and not white.regex and not meaning.regex:
        # Under a white list of the whole mount the mount is all there is to cut; otherwise the
        # value must also lie inside the white list for the cut to keep its meaning.
        below = repeated_prefix("/" + inside, white.value) if plain_white else inside
        rest = "/" + below if below else None
    return "mount path", mount, rest


def _starts(prefix: str, base: str) -> str | None:
    """For a regex's literal beginning: the part after ``base/`` when it starts with it, else None."""
    key = relative_key(base)
    text = prefix.lstrip("/")
    return text[len(key) + 1 :] if key and text.startswith(key + "/") else None


def _fix(ctx: RuleContext, meaning: InSession, rest: str) -> Fix | None:
    if meaning.node is None:
        return None
    return replace_value(ctx.source, meaning.node, rest, f"Write {shown(rest)}, relative to the white list")
