"""A context's mount path lies outside the directories the session user can write.

## What it does
Checks the `path` of every context against the writable roots: the
configuration key `writable-roots`, by default `/home/wuying`, `/tmp` and
`/var/tmp`. When the file names its image (`image_id`) and the
configuration key `image-writable-roots` has an entry for it (a table of
image id = list of directories), that entry is used instead; a Windows
image (`windows_latest`) is not checked. A POSIX mount path that is not
one of the roots or inside one is reported. Windows mount paths are not checked (no writable set is
documented for Windows images), nor are relative paths (SD106) and the fixed
paths the SDK's own browser, extension, fingerprint and mobile helpers use
(`/tmp/agentbay_browser`, `/tmp/extensions`, `/tmp/browser_fingerprint`,
`/data/agentbay_mobile_info`).

Context mounts (`mounts`) are not checked either: the guide's own mount
examples use `/mnt/train`, and the writable directories of the
`aio-ubuntu-2404` image that mounts need are not documented.

## Why is this bad?
The session user must be able to create the mount directory. The SDK guide
*data-persistence.md*, troubleshooting "Issue 1: Permission Denied When
Creating Files", gives `/workspace` and `/opt/myapp` as mount points that
fail with "Permission denied" and names `/home/wuying`, `/tmp` and `/var/tmp`
as the writable directories of the `linux_latest` image; "Selective
Directory Sync" repeats that `/workspace`, `/opt` and `/usr` need elevated
privileges. Other images may differ and the guides do not list them, so
this is a warning: set `writable-roots` (or `image-writable-roots` for
the image in `image_id`) for the image you use.

## Example
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /opt/myapp
```

## Use instead
```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /tmp/myapp
```

## Fix safety
There is no fix: where the data should live instead is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import shown
from syncdsl.session_paths import is_posix_absolute, sdk_helper_mount, under_writable_root, writable_roots_for

CODE = "SD112"
NAME = "mount-path-not-writable"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    image = ctx.model.image_id
    roots = writable_roots_for(image, ctx.config.writable_roots, dict(ctx.config.image_writable_roots))
    if roots is None:  # a Windows image: no writable set is documented for it
        return
    seen: set[int] = set()
    for context in ctx.model.contexts:
        path, node = context.path, context.path_node
        if not path or node is None or id(node) in seen or not is_posix_absolute(path):
            continue
        seen.add(id(node))
        if under_writable_root(path, roots) or sdk_helper_mount(path):
            continue
        listed = ", ".join(f"`{root}`" for root in roots) or "none configured"
        of = f" of image `{image}`" if image else ""
        message = (
            f"mount path {shown(path)} of {context.label} is outside the writable roots{of} ({listed}): "
            "the session user may not be able to create it (\"Permission denied\")"
        )
        yield diagnostic(sys.modules[__name__], node.span, message)
