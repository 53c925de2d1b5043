"""The explicit rule registry: every rule module, in code order.

No discovery magic: adding a rule means adding its module here (see CONTRIBUTING.md).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

RULE_MODULES: tuple[str, ...] = (
    "sd001_yaml_syntax",
    "sd002_duplicate_key",
    "sd003_unsupported_yaml",
    "sd004_input_limit",
    "sd005_not_a_config",
    "sd010_unknown_key",
    "sd011_wrong_type",
    "sd012_invalid_enum",
    "sd013_missing_required",
    "sd014_unsupported_version",
    "sd101_recycle_path_wildcard",
    "sd102_whitelist_path_wildcard",
    "sd103_exclude_path_wildcard",
    "sd104_invalid_regex",
    "sd105_archive_exclude_wildcard",
    "sd106_relative_mount_path",
    "sd107_relative_whitelist_path",
    "sd108_exclude_outside_whitelist",
    "sd109_archive_exclude_absolute",
    "sd110_redundant_recycle_paths",
    "sd111_duplicate_path",
    "sd201_archive_excludes_ignored",
    "sd202_extract_options_ignored",
    "sd203_mapping_to_itself",
    "sd204_empty_mapping_path",
    "sd301_undefined_policy",
    "sd302_extends_cycle",
    "sd303_unused_policy",
    "sd304_duplicate_mount_path",
    "sd305_nested_mount_path",
    "sd306_duplicate_context",
    "sd900_unused_suppression",
)


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"syncdsl.rules.{name}") for name in RULE_MODULES)


@lru_cache(maxsize=1)
def rules_by_code() -> dict[str, ModuleType]:
    return {rule.CODE: rule for rule in all_rules()}


def get_rule(code: str) -> ModuleType | None:
    return rules_by_code().get(code.upper())
