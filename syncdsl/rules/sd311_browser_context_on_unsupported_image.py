"""A browser context in a session whose image has no browser context.

## What it does
When the file names its image (`image_id`) and has a `browser_context`,
flags the `image_id` value unless it is `browser_latest` or `linux_latest`.
A file without `image_id` is not checked: the image may be chosen in code.

## Why is this bad?
*browser-context.md* says that a browser context is supported only on the
Browser Use image (`browser_latest`) and the Linux Computer Use image
(`linux_latest`), and not on `windows_latest` or any other image;
"Browser Capabilities by Image Type" repeats it. The SDK still sends the
browser context's syncs (`_apply_browser_context` in
`agentbay/_async/agentbay.py`, SDK 0.22.3, does not look at the image), so
the setting has no effect there; what else happens is not documented. A
setting without effect: a warning.

## Example
```yaml
version: 1
image_id: windows_latest
browser_context:
  context_name: my-browser-profile
  create: true
```

## Use instead
```yaml
version: 1
image_id: browser_latest
browser_context:
  context_name: my-browser-profile
  create: true
```

## Fix safety
There is no fix: the image is chosen for the whole session.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Related, Severity
from syncdsl.rules.base import RuleContext, diagnostic
from syncdsl.session_paths import BROWSER_IMAGES

CODE = "SD311"
NAME = "browser-context-on-unsupported-image"
SEVERITY = Severity.WARNING
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    model = ctx.model
    image, node, browser = model.image_id, model.image_node, model.browser
    if image is None or node is None or browser is None or image in BROWSER_IMAGES:
        return
    allowed = " or ".join(f"`{i}`" for i in BROWSER_IMAGES)
    message = f"image `{image}` has no browser context: the `browser_context` has no effect (it needs {allowed})"
    key = ctx.root.key_node("browser_context") if ctx.root is not None else None
    where = key.span if key is not None else browser.node.span
    yield diagnostic(sys.modules[__name__], node.span, message, related=(Related(where, "the browser context"),))
