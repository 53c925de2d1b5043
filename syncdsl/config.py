"""Lint configuration: rule selection, severities, file patterns and input limits.

The dataclass is what the linter consumes; loading (pyproject.toml
``[tool.syncdsl]`` or ``.syncdsl.toml``, found by walking up) lives beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from syncdsl.diagnostics import Severity
from syncdsl.document import Limits


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # code prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    limits: Limits = Limits()
    path: Path | None = None  # the file this configuration was read from

    def is_enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)
