"""``python -m syncdsl``: the same command as the ``syncdsl`` console script."""

from __future__ import annotations

from syncdsl.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
