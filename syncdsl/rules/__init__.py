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
    "sd109_archive_exclude_absolute",
    "sd110_redundant_recycle_paths",
    "sd111_duplicate_path",
    "sd112_mount_path_not_writable",
    "sd113_mount_source_path_unsafe",
    "sd114_mount_on_sdk_helper_path",
    "sd201_archive_excludes_ignored",
    "sd202_extract_options_ignored",
    "sd203_mapping_to_itself",
    "sd204_empty_mapping_path",
    "sd205_whitelist_repeats_mount_path",
    "sd206_exclude_repeats_whitelist_path",
    "sd207_whitelist_regex_repeats_mount_path",
    "sd208_context_id_and_name",
    "sd209_create_with_context_id",
    "sd301_undefined_policy",
    "sd302_extends_cycle",
    "sd303_unused_policy",
    "sd304_duplicate_mount_path",
    "sd305_nested_mount_path",
    "sd306_duplicate_context",
    "sd307_context_mounted_twice",
    "sd308_too_many_mounts",
    "sd309_mount_on_unsupported_image",
    "sd310_path_style_mismatches_image",
    "sd311_browser_context_on_unsupported_image",
    "sd312_path_taken_by_browser_context",
    "sd900_unused_suppression",
    "sd901_invalid_suppression",
)


# Codes that were removed and are never reused (as ruff does: a code never changes its meaning).
# code -> (name, the release that retired it, why).
RETIRED: dict[str, tuple[str, str, str]] = {
    "SD107": (
        "relative-whitelist-path",
        "0.2.0",
        "white-list paths are relative to the mount path, so a relative path is right (see SD205)",
    ),
    "SD108": (
        "exclude-outside-whitelist",
        "0.2.0",
        "exclude paths are relative to their white-list path, so they need not repeat it (see SD206)",
    ),
}


def retired_note(code: str) -> str | None:
    """``SD107 (relative-whitelist-path) was retired in 0.2.0: ...`` for a retired code, else None."""
    hit = RETIRED.get(code.upper())
    if hit is None:
        return None
    name, release, why = hit
    return f"`{code.upper()}` ({name}) was retired in syncdsl {release}: {why}"


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"syncdsl.rules.{name}") for name in RULE_MODULES)


@lru_cache(maxsize=1)
def rules_by_code() -> dict[str, ModuleType]:
    return {rule.CODE: rule for rule in all_rules()}


def get_rule(code: str) -> ModuleType | None:
    return rules_by_code().get(code.upper())
