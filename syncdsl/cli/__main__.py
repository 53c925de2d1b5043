"""``python -m syncdsl.cli``: the same command as ``syncdsl`` (``python -m syncdsl`` works too)."""

from __future__ import annotations

from syncdsl.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
