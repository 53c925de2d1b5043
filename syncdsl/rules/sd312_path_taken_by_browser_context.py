"""A context or mount uses a path where the SDK syncs the file's browser context.

## What it does
When the file has a `browser_context`, flags the `path` of every context
sync and context mount that is one of the paths the SDK binds for it (the
same directory, after normalising trailing slashes): `/tmp/agentbay_browser`
always, `/tmp/extensions/` with `extension_option`, `/tmp/browser_fingerprint`
with `fingerprint_context`. `syncdsl explain` lists these syncs.

## Why is this bad?
For a browser context the SDK adds context syncs of its own at fixed paths
(`agentbay/_common/config.py`; `BrowserContext` in `session_params.py` and
`_apply_browser_context` in `agentbay/_async/agentbay.py`, SDK 0.22.3), in
the same request as the file's syncs and mounts. Each path can be bound
once per session (*data-persistence.md*, "Dynamic Context Binding":
`PathAlreadyBound`), so the request binds one path twice, and if both were
mounted, one context would overwrite the other's files in the browser's
profile. The service rejects it: an error. Paths inside or around them are
not reported here (undocumented either way).

## Example
```yaml
version: 1
contexts:
  - context_name: my-cookies
    path: /tmp/agentbay_browser     # the SDK syncs the browser context here
browser_context:
  context_name: my-browser-profile
```

## Use instead
```yaml
version: 1
contexts:
  - context_name: my-downloads
    path: /tmp/downloads
browser_context:
  context_name: my-browser-profile
```

## Fix safety
There is no fix: the browser context already keeps the profile; other data
needs a path of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.model import BROWSER_DATA_PATH, EXTENSIONS_PATH, FINGERPRINT_PATH, BrowserDecl, NamedDecl
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import shown
from syncdsl.session_paths import mount_key

CODE = "SD312"
NAME = "path-taken-by-browser-context"
SEVERITY = Severity.ERROR
FIXABLE = False


def sdk_paths(browser: BrowserDecl) -> list[tuple[str, str, NamedDecl]]:
    """(path, what the SDK keeps there, the entry of the file that asks for it), as the SDK adds them."""
    out: list[tuple[str, str, NamedDecl]] = [(BROWSER_DATA_PATH, "the browser's profile", browser)]
    if browser.extension is not None:
        out.append((EXTENSIONS_PATH, "the browser extensions", browser.extension))
    if browser.fingerprint is not None:
        out.append((FINGERPRINT_PATH, "the browser fingerprint", browser.fingerprint))
    return out


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    browser = ctx.model.browser
    if browser is None:
        return
    taken = {mount_key(path): (path, what, entry) for path, what, entry in sdk_paths(browser)}
    seen: set[int] = set()
    for entry in [*ctx.model.contexts, *ctx.model.mounts]:
        path, node = entry.path, entry.path_node
        if not path or node is None or id(node) in seen:
            continue
        seen.add(id(node))
        hit = taken.get(mount_key(path))
        if hit is None:
            continue
        sdk_path, what, owner = hit
        message = (
            f"mount path {shown(path)} of {entry.label} is `{sdk_path}`, which the SDK binds for the browser "
            f"context ({what}): one path bound twice"
        )
        written = owner.context_id_node or owner.context_name_node or owner.node
        yield diagnostic(sys.modules[__name__], node.span, message, related=(Related(written.span, "asked for here"),))
