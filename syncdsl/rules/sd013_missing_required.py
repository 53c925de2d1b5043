"""A required key is missing or empty.

## What it does

Reports a document without `version` or `contexts`, an empty `contexts`
list, a context without a `path`, a context that names its context neither
by `context_id` nor by `context_name`, and any of these that is empty or
only whitespace (`"   "`). A missing key is reported at the start of
the mapping that lacks it; a key without a value at the key; an empty or
blank value at the value.

## Why is this bad?

The SDK needs a context ID and a mount path for every context it
synchronizes (syncdsl looks the ID up when the context is named by
`context_name`); a file without contexts synchronizes nothing, and without
`version` a later version of the language could not tell the file's meaning.
A blank ID is no ID: the SDK's own helpers treat a whitespace-only context ID
as missing (`BrowserContext`'s fingerprint sync in `session_params.py` of SDK
0.22.3 checks `not id.strip()`), and the service has no context named
`"   "`; a blank mount path names no directory. The SDK raises nothing for
them, so the session starts without the data: an error.

## Example

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
  - context_id: ""
    path: /home/wuying/cache
  - context_id: SdkCtx-4567cdef
    path: "  "
```

## Use instead

```yaml
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/cache
  - context_id: SdkCtx-4567cdef
    path: /tmp/scratch
```

## Fix safety

There is no fix: the missing IDs and paths are not in the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD013"
NAME = "missing-required"
SEVERITY = Severity.ERROR
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these (missing, empty or blank values) while checking the document.
    yield from replay(ctx, CODE)
