"""A mount path is written for another operating system than the session image's.

## What it does
When the file names an image the guides describe (`image_id`), checks the
`path` of every context sync and context mount: on a Linux or Android image
(`linux_latest`, `browser_latest`, `aio-ubuntu-2404`, `mobile_latest`) a
Windows path (`C:\\Users\\me`, `\\\\server\\share`) is flagged, on
`windows_latest` a POSIX path (`/home/wuying`). Custom images are not
checked.

## Why is this bad?
The mount path is a directory of the session's own file system. The guides
mount Linux sessions under `/home/wuying` or `/tmp` and Windows sessions
under `C:\\Users\\Administrator` (*cross-platform-persistence.md*, which
moves data between the two with `mapping_policy`: the path of the other
system belongs there, not in `path`). A path of the other system names no
directory of this image; what the service then does (refuse it, or create a
directory with a strange name) is not documented, so this is a warning.

## Example
```yaml
version: 1
image_id: linux_latest
contexts:
  - context_id: SdkCtx-0123abcd
    path: C:\\Users\\Administrator\\Downloads
```

## Use instead
```yaml
version: 1
image_id: linux_latest
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/Downloads
    policy:
      mapping_policy:
        path: C:\\Users\\Administrator\\Downloads
```

## Fix safety
There is no fix: the directory on this image is the author's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.rules.paths import shown
from syncdsl.session_paths import image_family, is_posix_absolute, is_windows_absolute

CODE = "SD310"
NAME = "path-style-mismatches-image"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    image = ctx.model.image_id
    family = image_family(image)
    if family is None:
        return
    seen: set[int] = set()
    for entry in ctx.model.named():
        path, node = entry.path, entry.path_node
        if not path or node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if family == "posix" and is_windows_absolute(path):
            style, system = "a Windows path", "Linux"
        elif family == "windows" and is_posix_absolute(path):
            style, system = "a POSIX path", "Windows"
        else:
            continue
        message = (
            f"mount path {shown(path)} of {entry.label} is {style}, but image `{image}` runs {system}: "
            "no such directory there (a path from the other system belongs in `mapping_policy`)"
        )
        yield diagnostic(sys.modules[__name__], node.span, message)
