"""A value outside the allowed values of an enum field.

## What it does

Checks `upload_mode`, `upload_strategy`, `download_strategy` and `lifecycle`
against the SDK's wire values (`Archive`, `Lifecycle_30Days`, ...). When the
value is another spelling of one of them (the SDK member name
`LIFECYCLE_30DAYS`, `UploadMode.ARCHIVE`, a different case such as `archive`)
or close to one, the message says "did you mean" and offers the fix.

## Why is this bad?

`UploadPolicy.__post_init__` and `RecyclePolicy.__post_init__`
(`agentbay/_common/params/context_sync.py`, SDK 0.22.3) raise `ValueError`
("Invalid upload_mode value", "Invalid lifecycle value") for a mode or a
lifecycle that is not one of their enum's members, so the policy cannot be
built and no session is created. The two strategies are not checked there:
an unknown one breaks the policy's serialisation later, and `_safe_serialize`
in `agentbay/_async/agentbay.py` swallows that error and sends the Python
text of the whole policy instead of its JSON. Either way the session never
gets the policy that was written: an error. The slip is easy to make because
the guides' tables list the Python member names (`LIFECYCLE_30DAYS`), not the
wire values (`Lifecycle_30Days`).

## Example

```yaml
version: 1
policies:
  monthly:
    upload_policy:
      upload_mode: archive
    recycle_policy:
      lifecycle: LIFECYCLE_30DAYS
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: monthly
```

## Use instead

```yaml
version: 1
policies:
  monthly:
    upload_policy:
      upload_mode: Archive
    recycle_policy:
      lifecycle: Lifecycle_30Days
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy: monthly
```

## Fix safety

Safe when the value names exactly one wire value: an SDK member name (with or
without its class, `UploadMode.ARCHIVE`) or the wire value in another case or
with other separators (`archive`, `lifecycle_30_days`). When the value is
merely close by spelling (`Lifecycle_31Days`), the replacement is a suggestion.
"""

from __future__ import annotations

from collections.abc import Iterator

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.rules.base import RuleContext, replay

CODE = "SD012"
NAME = "invalid-enum"
SEVERITY = Severity.ERROR
FIXABLE = True
FIX_SAFETY = "sometimes"  # as "## Fix safety" says: always / sometimes / never safe


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    # syncdsl.schema.validate finds these while checking the document against the language.
    yield from replay(ctx, CODE)
