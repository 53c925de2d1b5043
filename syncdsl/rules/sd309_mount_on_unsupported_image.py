"""Context mounts in a session whose image is not `aio-ubuntu-2404`.

## What it does
When the file names its image (`image_id`) and lists context mounts
(`mounts`), flags the `image_id` value unless it is `aio-ubuntu-2404`,
pointing to each mount. A file without `image_id` is not checked: the image
may be chosen in code.

## Why is this bad?
The newest *data-persistence.md* ("Context Mount", image requirement) and
the docstring of `BetaContextMount` (`agentbay/_common/params/beta_context_mount.py`,
SDK 0.22.3) both say that context mounts need `image_id="aio-ubuntu-2404"`:
other images give no real storage-backed mount, so what the session writes
there is not persisted to the context and no other session sees it, with no
error. Data is silently not persisted: an error.

## Example
```yaml
version: 1
image_id: linux_latest
mounts:
  - context_name: shared-workspace
    path: /tmp/shared
```

## Use instead
```yaml
version: 1
image_id: aio-ubuntu-2404
mounts:
  - context_name: shared-workspace
    path: /tmp/shared
```

## Fix safety
There is no fix: changing the image changes the whole session, and a
context sync may be the better choice on the image you need.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.session_paths import MOUNT_IMAGE

CODE = "SD309"
NAME = "mount-on-unsupported-image"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    image, node = model.image_id, model.image_node
    if image is None or node is None or image == MOUNT_IMAGE or not model.mounts:
        return
    count = len(model.mounts)
    noun = "mount" if count == 1 else "mounts"
    message = (
        f"image `{image}` has no real context mounts: what the session writes to its {count} {noun} is not "
        f"persisted (mounts need `{MOUNT_IMAGE}`)"
    )
    related = tuple(Related(m.node.span, f"{m.label} is mounted here") for m in model.mounts)
    yield diagnostic(sys.modules[__name__], node.span, message, related=related)
