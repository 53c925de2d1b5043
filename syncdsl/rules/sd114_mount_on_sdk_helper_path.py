"""A context mount sits on a path the SDK's own helpers sync.

## What it does
Flags the `path` of every context mount (`mounts`) that is one of the fixed
paths the SDK's helpers use, lies inside one, or contains one:
`/tmp/agentbay_browser` (browser data), `/tmp/extensions` (browser
extensions), `/tmp/browser_fingerprint` (browser fingerprint) and
`/data/agentbay_mobile_info` (mobile simulation).

## Why is this bad?
The SDK puts its own context syncs on these paths (`agentbay/_common/config.py`
and `session_params.py`, SDK 0.22.3: `BrowserContext`, its extension and
fingerprint options, and the mobile simulation). The browser's user data
cannot live on a mount: the newest *data-persistence.md* ("Context Mount",
"Limitations and Restrictions") lists "Chrome / browser user data" among the
applications known to fail on mounted paths, because the browser needs file
locks and symlinks that no mount strategy offers; it recommends a context
sync instead. With the helper in use the path would also be bound twice
(`duplicate-mount-path`). What the helpers do when a mount already occupies
their path is not documented, so this is a warning.

## Example
```yaml
version: 1
mounts:
  - context_name: browser-profile
    path: /tmp/agentbay_browser     # the SDK's browser data path
```

## Use instead
```yaml
version: 1
mounts:
  - context_name: shared-files
    path: /tmp/shared
```

## Fix safety
There is no fix: a browser profile belongs in a context sync (or the SDK's
`browser_context`), other data on another path.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import shown
from syncdsl.session_paths import SDK_HELPER_MOUNTS, is_under

# What the SDK keeps at each of its paths (agentbay/_common/config.py, session_params.py of SDK 0.22.3).
_USES = {
    "/tmp/agentbay_browser": "the browser's data",
    "/tmp/extensions": "browser extensions",
    "/tmp/browser_fingerprint": "the browser fingerprint",
    "/data/agentbay_mobile_info": "the mobile simulation's device info",
}

CODE = "SD114"
NAME = "mount-on-sdk-helper-path"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for mount in ctx.model.mounts:
        path, node = mount.path, mount.path_node
        if not path or not path.strip() or node is None or id(node) in seen:
            continue
        seen.add(id(node))
        helper = next((h for h in SDK_HELPER_MOUNTS if is_under(path, h) or is_under(h, path)), None)
        if helper is None:
            continue
        inside, around = is_under(path, helper), is_under(helper, path)
        where = "is the SDK's own path" if inside and around else "lies inside" if inside else "contains"
        message = f"mount path {shown(path)} of {mount.label} {where} `{helper}`, where the SDK syncs {_USES[helper]}"
        yield diagnostic(sys.modules[__name__], node.span, message)
