"""The one definition of the syncdsl language (SPEC §1) and everything derived from it.

``ROOT`` below declares every key the language knows: its type, its allowed
values (the SDK's wire values), its default (the SDK's default) and its
documentation. Nothing else in syncdsl lists keys. From that tree this module
derives:

- the cerberus schema and :func:`validate`, which turns cerberus errors into
  SD010-SD014 diagnostics located on the nodes of the document tree (a valid
  document is recognised by :func:`conforms`, a direct walk of the same
  definition, so cerberus is imported and run only for files with errors);
- :func:`json_schema`, the JSON Schema 2020-12 that ``syncdsl schema`` prints;
- :func:`field_at`, :func:`keys_at`, :func:`markdown_doc` and
  :func:`markdown_enum_doc` for completion and hover in the language server.

Enum values come from the SDK-shaped enums of :mod:`syncdsl.model`, so the
wire values are written down once.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Iterator, Sequence
from functools import cache, cached_property
from types import ModuleType
from typing import Any, Literal

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from syncdsl.document import Source
from syncdsl.model import (
    BetaContextMountAccessMode,
    BetaContextMountStrategy,
    BrowserSyncMode,
    DownloadStrategy,
    Lifecycle,
    UploadMode,
    UploadStrategy,
)
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode, to_data
from syncdsl.records import record
from syncdsl.rules import (
    sd010_unknown_key,
    sd011_wrong_type,
    sd012_invalid_enum,
    sd013_missing_required,
    sd014_unsupported_version,
)
from syncdsl.rules.base import diagnostic
from syncdsl.suggest import closest

SCHEMA_ID = "urn:syncdsl:schema:v1"
POLICY_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"

# "boolean", "string", "integer": scalars; "list": a sequence of ``items``;
# "mapping": fixed keys (``fields``); "map": free keys matching ``key_pattern``
# with ``values``; "policy": a policy name (string) or an inline policy mapping.
Kind = Literal["boolean", "string", "integer", "list", "mapping", "map", "policy"]


class _Missing:
    """The default of a field that has none (required keys, ``extends``)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@record(frozen=True, eq=False)
class FieldSpec:
    """One key of the language (or the shape of a list item or a map value)."""

    name: str
    type: Kind
    doc: str
    enum: tuple[Any, ...] = ()
    # Parallel to ``enum``: one line of documentation and the SDK member name per value.
    enum_docs: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    enum_class: str | None = None  # the SDK enum's class name, e.g. "UploadMode"
    default: Any = MISSING
    required: bool = False
    non_empty: bool = False
    nullable: bool = False
    fields: tuple[FieldSpec, ...] = ()
    items: FieldSpec | None = None
    values: FieldSpec | None = None
    key_pattern: str | None = None
    ref: str | None = None  # the JSON Schema $defs name of a shape used in several places
    # A mapping's groups of keys of which at least one must be written (SD013 names the first).
    one_of: tuple[tuple[str, ...], ...] = ()
    # Keys of the same mapping that cannot be written together with this one (SD208, SD209).
    excludes: tuple[str, ...] = ()

    @property
    def has_default(self) -> bool:
        return self.default is not MISSING

    @cached_property
    def _by_name(self) -> dict[str, FieldSpec]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> FieldSpec | None:
        return self._by_name.get(name)

    @property
    def type_label(self) -> str:
        """The type for humans: "boolean", "list of strings", "`File` | `Archive`"."""
        if self.enum and self.type == "string":
            return " | ".join(f"`{v}`" for v in self.enum)
        if self.type == "list" and self.items is not None:
            return f"list of {_plural(self.items)}"
        if self.type == "map":
            return "mapping of policy names to policies"
        if self.type == "policy":
            return "policy name or inline policy"
        return self.type


def _plural(spec: FieldSpec) -> str:
    return {"mapping": "mappings", "string": "strings", "boolean": "booleans", "integer": "integers"}.get(
        spec.type, spec.type
    )


def _enum_spec(name: str, cls: type[enum.Enum], doc: str, default: enum.Enum, docs: Sequence[str]) -> FieldSpec:
    members = tuple(cls)
    assert len(docs) == len(members), f"{cls.__name__}: one doc line per member"
    return FieldSpec(
        name,
        "string",
        doc,
        enum=tuple(m.value for m in members),
        enum_docs=tuple(docs),
        members=tuple(m.name for m in members),
        enum_class=cls.__name__,
        default=default.value,
    )


def _bool(name: str, doc: str, default: bool) -> FieldSpec:
    return FieldSpec(name, "boolean", doc, default=default)


def _str_list(name: str, doc: str, default: list[str]) -> FieldSpec:
    return FieldSpec(name, "list", doc, default=default, items=FieldSpec("item", "string", "A path."))


def _section(name: str, doc: str, *fields: FieldSpec) -> FieldSpec:
    return FieldSpec(name, "mapping", doc, nullable=True, fields=fields)


# --- the language --------------------------------------------------------------------

UPLOAD_POLICY = _section(
    "upload_policy",
    "When and how changes in the session are uploaded to the context.",
    _bool("auto_upload", "Upload changes to the context automatically.", True),
    _enum_spec(
        "upload_strategy",
        UploadStrategy,
        "When the upload happens. The SDK has one strategy: upload before the session's resources are released.",
        UploadStrategy.UPLOAD_BEFORE_RESOURCE_RELEASE,
        ["Upload before the session's resources are released."],
    ),
    _enum_spec(
        "upload_mode",
        UploadMode,
        "How files are uploaded: one by one (`File`) or packed into an archive (`Archive`).",
        UploadMode.FILE,
        ["Upload files one by one.", "Pack the files into an archive and upload the archive."],
    ),
    _str_list(
        "archive_exclude_paths",
        "Path prefixes, relative to the mount path, kept out of the archive and uploaded as separate files, so "
        "they stay reachable by presigned URL (`output/` under mount `/tmp/workspace` is everything below "
        "`/tmp/workspace/output/`; end directories with `/`, as `logs` also matches `logs.txt`). Used only with "
        "`upload_mode: Archive`; no wildcards.",
        [],
    ),
)

DOWNLOAD_POLICY = _section(
    "download_policy",
    "How the context's data is downloaded into the session.",
    _bool("auto_download", "Download the context's data into the session automatically.", True),
    _enum_spec(
        "download_strategy",
        DownloadStrategy,
        "How the download runs. The SDK has one strategy: download asynchronously.",
        DownloadStrategy.DOWNLOAD_ASYNC,
        ["Download in the background without blocking."],
    ),
)

DELETE_POLICY = _section(
    "delete_policy",
    "Whether deletions in the session reach the context.",
    _bool("sync_local_file", "Delete files from the context when they are deleted in the session.", True),
)

EXTRACT_POLICY = _section(
    "extract_policy",
    "What happens to uploaded archive files.",
    _bool("extract", "Extract archive files.", True),
    _bool("delete_src_file", "Delete an archive file once it has been extracted.", True),
    _bool("extract_current_folder", "Extract into the current folder instead of a new one.", False),
)

_LIFECYCLE_DOCS = [
    "Keep data for 1 day.",
    "Keep data for 3 days.",
    "Keep data for 5 days.",
    "Keep data for 10 days.",
    "Keep data for 15 days.",
    "Keep data for 30 days.",
    "Keep data for 90 days.",
    "Keep data for 180 days.",
    "Keep data for 360 days.",
    "Keep data for ever (the SDK default).",
]

RECYCLE_POLICY = _section(
    "recycle_policy",
    "How long the context's data is kept, and for which paths.",
    _enum_spec(
        "lifecycle",
        Lifecycle,
        "How long data is retained before it is recycled.",
        Lifecycle.LIFECYCLE_FOREVER,
        _LIFECYCLE_DOCS,
    ),
    _str_list(
        "paths",
        'Exact directories or files the lifecycle applies to; `""` means every path in the context. '
        "Wildcards (`*`, `?`, `[`, `]`) are not supported (the SDK raises). The guides do not say what "
        "these paths are relative to.",
        [""],
    ),
)

WHITE_LIST = FieldSpec(
    "white_list",
    "mapping",
    "One white list: a path to synchronize and the paths under it to leave out.",
    ref="white_list",
    fields=(
        FieldSpec(
            "path",
            "string",
            "Directory to synchronize, relative to the context's mount path; a leading `/` is optional, so "
            '`/src` under mount `/home/wuying` is `/home/wuying/src` (`""` = the whole mount). Never repeat the '
            "mount path here. With `is_path_regex: true` a regular expression matched under the mount "
            "(`project-.*`); wildcards are not allowed otherwise.",
            default="",
        ),
        _str_list(
            "exclude_paths",
            "Directories to leave out, relative to this white list's `path` (`/node_modules` under `/src` is "
            "`<mount>/src/node_modules`), or regular expressions matched under each white-listed directory "
            "when `is_exclude_regex` is true.",
            [],
        ),
        _bool("is_path_regex", "Treat `path` as a regular expression.", False),
        _bool("is_exclude_regex", "Treat the `exclude_paths` entries as regular expressions.", False),
    ),
)

BW_LIST = _section(
    "bw_list",
    'White lists that limit which paths of the context are synchronized. When the section is absent the SDK '
    'sends one white list with path `""` (everything).',
    FieldSpec(
        "white_lists",
        "list",
        "The white lists; a path is synchronized when one of them includes it.",
        default=[],
        items=WHITE_LIST,
    ),
)

MAPPING_POLICY = _section(
    "mapping_policy",
    "Cross-platform mapping: the path this data had on another operating system, mapped onto this context's "
    "mount path. Sent only when present.",
    FieldSpec(
        "path",
        "string",
        "The original path on the other operating system (for example `C:\\Users\\me\\data`).",
        default="",
    ),
)

SECTIONS: tuple[FieldSpec, ...] = (
    UPLOAD_POLICY,
    DOWNLOAD_POLICY,
    DELETE_POLICY,
    EXTRACT_POLICY,
    RECYCLE_POLICY,
    BW_LIST,
    MAPPING_POLICY,
)

EXTENDS = FieldSpec(
    "extends",
    "string",
    "Name of a policy under `policies` to inherit from: its resolved sections come first, then this policy's "
    "fields override them one by one (a list replaces the inherited list).",
)

POLICY_FIELDS: tuple[FieldSpec, ...] = (EXTENDS, *SECTIONS)

POLICY = FieldSpec(
    "policy",
    "mapping",
    "A named sync policy. Every section is optional: an absent section takes the SDK's defaults.",
    ref="policy",
    fields=POLICY_FIELDS,
)

def context_reference(what: str) -> tuple[FieldSpec, ...]:
    """``context_id``, ``context_name`` and ``create``: the two ways to say which context ``what`` uses."""
    return (
        FieldSpec(
            "context_id",
            "string",
            f"ID of the AgentBay context {what} (for example `SdkCtx-0123abcd`), as the service assigned it. "
            "Write this or `context_name`, not both.",
            non_empty=True,
            excludes=("context_name", "create"),
        ),
        FieldSpec(
            "context_name",
            "string",
            f"Name of the AgentBay context {what}. The id is looked up when the session is built: "
            "`Document.to_sdk(agent_bay)` and the code of `syncdsl export --format python` call "
            "`agent_bay.context.get(name=..., create=...)`. Write this or `context_id`, not both.",
            non_empty=True,
            excludes=("context_id",),
        ),
        FieldSpec(
            "create",
            "boolean",
            "With `context_name`: create the context when none has this name (`context.get(name, create=True)`). "
            "Not allowed with `context_id`: the SDK refuses to create a context by id.",
            default=False,
            excludes=("context_id",),
        ),
    )


CONTEXT_REFERENCE: tuple[tuple[str, ...], ...] = (("context_id", "context_name"),)

CONTEXT = FieldSpec(
    "context",
    "mapping",
    "One context to synchronize: an AgentBay context (by id or by name) mounted at a path, with an optional "
    "sync policy.",
    ref="context",
    one_of=CONTEXT_REFERENCE,
    fields=(
        *context_reference("to synchronize"),
        FieldSpec(
            "path",
            "string",
            "Absolute path in the session where the context is mounted; it must be writable by the session "
            "user (on `linux_latest`: under `/home/wuying`, `/tmp` or `/var/tmp`). Paths inside the policy "
            "are relative to it.",
            required=True,
            non_empty=True,
        ),
        FieldSpec(
            "policy",
            "policy",
            "The sync policy: the name of a policy under `policies`, or an inline policy mapping (which may use "
            "`extends`). Without it the SDK sends no policy.",
            nullable=True,
            default=None,
            fields=POLICY_FIELDS,
        ),
        FieldSpec(
            "beta_wait_for_completion",
            "boolean",
            "Beta: whether creating the session waits for this context's first download. Unset means wait; "
            "`false` lets the session start without waiting.",
            nullable=True,
            default=None,
        ),
    ),
)

MOUNT = FieldSpec(
    "mount",
    "mapping",
    "Beta: one context mount, the SDK's `BetaContextMount`. The context's storage appears at `path` as a live "
    "file system: writes are persisted at once, nothing is downloaded or uploaded, and no sync policy applies. "
    "Mounts need the `aio-ubuntu-2404` image, hold no file locks (no git, browser profiles or package "
    "installs), and a session takes at most 3.",
    ref="mount",
    one_of=CONTEXT_REFERENCE,
    fields=(
        *context_reference("to mount"),
        FieldSpec(
            "path",
            "string",
            "Absolute path in the session where the context is mounted. It must be empty (a mount on a directory "
            "that holds files fails) and no other context or mount may use it.",
            required=True,
            non_empty=True,
        ),
        _enum_spec(
            "access_mode",
            BetaContextMountAccessMode,
            "Whether the session may write to the mount.",
            BetaContextMountAccessMode.READ_WRITE,
            ["Read and write.", "Read only: writes are rejected."],
        ),
        _enum_spec(
            "strategy",
            BetaContextMountStrategy,
            "The mount technology: `standard` is broadly POSIX compatible (random writes, symlinks, permission "
            "changes); `performance` has higher throughput for sequential I/O on large data, but no symlinks, "
            "random writes or permission changes. Neither supports file locks.",
            BetaContextMountStrategy.STANDARD,
            [
                "High POSIX compatibility (ossfs 1.0); random writes work, file locks do not.",
                "High throughput (ossfs 2.0) for sequential reads and appends; no file locks, symlinks, random "
                "writes or permission changes.",
            ],
        ),
        FieldSpec(
            "source_path",
            "string",
            'A folder of the context to mount instead of all of it (`/datasets/train`); its contents appear at '
            '`path`. `""` mounts the whole context. The service refuses `..` and wildcards.',
            default="",
        ),
    ),
)

BROWSER_CONTEXT = FieldSpec(
    "browser_context",
    "mapping",
    "The SDK's `BrowserContext`: a context that keeps the browser's profile (cookies, logins, storage) from one "
    "session to the next. The SDK adds its own context syncs for it at fixed paths: `/tmp/agentbay_browser` "
    "(the profile), `/tmp/extensions/` (with `extension_option`) and `/tmp/browser_fingerprint` (with "
    "`fingerprint_context`); no context or mount of the file may use those paths. Works on the "
    "`browser_latest` and `linux_latest` images.",
    nullable=True,
    one_of=CONTEXT_REFERENCE,
    fields=(
        *context_reference("that keeps the browser's profile"),
        _bool("auto_upload", "Upload the browser's profile to the context when the session ends.", True),
        _enum_spec(
            "sync_mode",
            BrowserSyncMode,
            "Which profile files the SDK synchronizes.",
            BrowserSyncMode.STANDARD,
            [
                "Only the login state: `Local State` and the cookies.",
                "The login state plus local storage, IndexedDB, saved logins and form data, preferences, network "
                "state and the GPU cache (the SDK's recommendation).",
            ],
        ),
        FieldSpec(
            "extension_option",
            "mapping",
            "The SDK's `ExtensionOption`: browser extensions (packages uploaded to a context) to install in the "
            "session. The SDK syncs them to `/tmp/extensions/`, download only.",
            one_of=CONTEXT_REFERENCE,
            fields=(
                *context_reference("that holds the extension packages"),
                FieldSpec(
                    "extension_ids",
                    "list",
                    "The extension ids (package file names in the context, as `ExtensionsService` names them: "
                    "`ext_<hex>.zip`); at least one.",
                    required=True,
                    non_empty=True,
                    items=FieldSpec("item", "string", "An extension id."),
                ),
            ),
        ),
        FieldSpec(
            "fingerprint_context",
            "mapping",
            "The SDK's `BrowserFingerprintContext`: a context holding a browser fingerprint to reuse. The SDK "
            "syncs it to `/tmp/browser_fingerprint`, download only.",
            one_of=CONTEXT_REFERENCE,
            fields=context_reference("that holds the browser fingerprint (`fingerprint_context_id` in the SDK)"),
        ),
    ),
)

ROOT = FieldSpec(
    "",
    "mapping",
    "A syncdsl file: named sync policies and the contexts to synchronize, for the AgentBay SDK's context sync.",
    fields=(
        FieldSpec(
            "version",
            "integer",
            "Version of the syncdsl language the file is written in; must be `1`.",
            enum=(1,),
            required=True,
        ),
        FieldSpec(
            "image_id",
            "string",
            "The image the session runs (the SDK's `CreateSessionParams.image_id`): `linux_latest`, "
            "`browser_latest`, `windows_latest`, `aio-ubuntu-2404`, `mobile_latest` or a custom image. Rules "
            "that depend on it: context mounts need `aio-ubuntu-2404`, a browser context `browser_latest` or "
            "`linux_latest`, and mount paths follow the image's operating system and writable directories.",
            non_empty=True,
        ),
        FieldSpec(
            "policies",
            "map",
            "Named, reusable sync policies. Contexts use them by name with `policy:`, and a policy can build on "
            "another with `extends`.",
            nullable=True,
            values=POLICY,
            key_pattern=POLICY_NAME_PATTERN,
        ),
        FieldSpec(
            "contexts",
            "list",
            "The contexts to synchronize into the session (the SDK's `context_syncs`); at least one when "
            "present. A file needs `contexts`, `mounts` or `browser_context`.",
            non_empty=True,
            items=CONTEXT,
        ),
        FieldSpec(
            "mounts",
            "list",
            "Beta: contexts mounted as live file systems (the SDK's `beta_context_mounts`); at least one when "
            "present. A session may mix syncs and mounts on different paths.",
            non_empty=True,
            items=MOUNT,
        ),
        BROWSER_CONTEXT,
    ),
    one_of=(("contexts", "mounts", "browser_context"),),
)

# --- lookups for completion and hover ---------------------------------------------------


def _child(spec: FieldSpec, step: str | int) -> FieldSpec | None:
    if spec.type in ("mapping", "policy"):
        return spec.field(step) if isinstance(step, str) else None
    if spec.type == "list":
        return spec.items if isinstance(step, int) else None
    if spec.type == "map":
        return spec.values if isinstance(step, str) else None
    return None


def field_at(path: Sequence[str | int]) -> FieldSpec | None:
    """The spec of the value at a YAML path (``()`` is the document itself); None if unknown."""
    spec: FieldSpec | None = ROOT
    for step in path:
        if spec is None:
            return None
        spec = _child(spec, step)
    return spec


def keys_at(path: Sequence[str | int]) -> list[FieldSpec]:
    """The keys allowed in the mapping at ``path``, in definition order ([] when none are fixed)."""
    spec = field_at(path)
    if spec is None or spec.type not in ("mapping", "policy"):
        return []
    return list(spec.fields)


def _yaml_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value else '""'
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_text(v) for v in value) + "]"
    return str(value)


def markdown_doc(spec: FieldSpec) -> str:
    """Hover text for a key: name and type, the doc, the values and the default."""
    head = f"**{spec.name}**: {spec.type_label}" if spec.name else "**syncdsl document**"
    parts = [head, spec.doc]
    if len(spec.enum) > 1 and spec.enum_docs:
        parts.append("\n".join(f"- `{v}`: {d}" for v, d in zip(spec.enum, spec.enum_docs, strict=True)))
    facts = []
    if spec.required:
        facts.append("Required.")
    if spec.excludes:
        facts.append("Not together with " + " or ".join(f"`{name}`" for name in spec.excludes) + ".")
    if spec.has_default and spec.default is not None and spec.type != "mapping":
        facts.append(f"Default: `{_yaml_text(spec.default)}`.")
    if facts:
        parts.append(" ".join(facts))
    return "\n\n".join(parts)


def markdown_enum_doc(spec: FieldSpec, value: Any) -> str | None:
    """Hover text for one enum value, or None when ``value`` is not one of ``spec``'s values."""
    if value not in spec.enum or not spec.enum_docs:
        return None
    index = spec.enum.index(value)
    text = f"**{value}** (`{spec.name}`)\n\n{spec.enum_docs[index]}"
    if spec.enum_class and spec.members:
        text += f"\n\nSDK: `{spec.enum_class}.{spec.members[index]}`"
    if value == spec.default:
        text += "\n\nThe default."
    return text


# --- JSON Schema ----------------------------------------------------------------------


def _json_type(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"description": spec.doc}
    if spec.type in ("boolean", "string", "integer"):
        out["type"] = spec.type
        if spec.enum:
            out["enum"] = list(spec.enum)
        if spec.non_empty:
            out["minLength"] = 1
            out["pattern"] = "\\S"  # not only whitespace (SD013)
    elif spec.type == "list":
        assert spec.items is not None
        out["type"] = "array"
        out["items"] = _json_ref_or_inline(spec.items)
        if spec.non_empty:
            out["minItems"] = 1
    elif spec.type == "mapping":
        out["type"] = "object"
        out["properties"] = {f.name: _json_type(f) for f in spec.fields}
        out["additionalProperties"] = False
        required = [f.name for f in spec.fields if f.required]
        if required:
            out["required"] = required
        groups = [{"anyOf": [{"required": [name]} for name in group]} for group in spec.one_of]
        if len(groups) == 1:
            out.update(groups[0])
        elif groups:
            out["allOf"] = groups
        exclusive = {
            f.name: {"not": {"anyOf": [{"required": [other]} for other in f.excludes]}}
            for f in spec.fields
            if f.excludes
        }
        if exclusive:
            out["dependentSchemas"] = exclusive
    elif spec.type == "map":
        assert spec.values is not None
        out["type"] = "object"
        if spec.key_pattern:
            out["propertyNames"] = {"pattern": spec.key_pattern}
        out["additionalProperties"] = _json_ref_or_inline(spec.values)
    else:  # policy: a name or an inline policy
        out["oneOf"] = [
            {"type": "string", "description": "Name of a policy under `policies`."},
            {"$ref": f"#/$defs/{POLICY.ref}"},
        ]
    if spec.nullable:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out["oneOf"].append({"type": "null"})
    if spec.has_default and spec.default is not None:
        out["default"] = spec.default
    return out


def _json_ref_or_inline(spec: FieldSpec) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{spec.ref}"} if spec.ref else _json_type(spec)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a syncdsl document, derived from ``ROOT``."""
    defs = {spec.ref: _json_type(spec) for spec in (POLICY, CONTEXT, MOUNT, WHITE_LIST) if spec.ref}
    body = _json_type(ROOT)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "syncdsl v1",
        **body,
        "$defs": defs,
    }


# --- cerberus -------------------------------------------------------------------------


def _cerberus_rules(spec: FieldSpec) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if spec.type == "boolean":
        rules["type"] = "boolean"
    elif spec.type == "string":
        rules["type"] = "string"
    elif spec.type == "integer":
        rules["type"] = "integer"
    elif spec.type == "list":
        assert spec.items is not None
        rules["type"] = "list"
        rules["schema"] = _cerberus_rules(spec.items)
    elif spec.type == "mapping":
        rules["type"] = "dict"
        rules["schema"] = cerberus_schema(spec)
    elif spec.type == "map":
        assert spec.values is not None
        rules["type"] = "dict"
        rules["keysrules"] = {"type": "string", "regex": spec.key_pattern or ".*"}
        rules["valuesrules"] = _cerberus_rules(spec.values)
    else:  # policy: cerberus applies "schema" to mappings only, so a name passes through
        rules["type"] = ["string", "dict"]
        rules["schema"] = cerberus_schema(spec)
    if spec.enum:
        rules["allowed"] = list(spec.enum)
    if spec.required:
        rules["required"] = True
    if spec.non_empty:
        rules["empty"] = False
    if spec.nullable:
        rules["nullable"] = True
    return rules


def cerberus_schema(spec: FieldSpec = ROOT) -> dict[str, Any]:
    """The cerberus schema of a mapping spec (the whole document by default)."""
    return {f.name: _cerberus_rules(f) for f in spec.fields}


_local = threading.local()


def _validator() -> Any:
    """One validator per thread: cerberus is slow to build and keeps state while validating."""
    validator = getattr(_local, "validator", None)
    if validator is None:
        validator = _make_validator()
        _local.validator = validator
    return validator


def _make_validator() -> Any:
    import cerberus

    class SyncDslValidator(cerberus.Validator):  # type: ignore[misc]
        # YAML's `true` is not the integer 1.
        types_mapping = {
            **cerberus.Validator.types_mapping,
            "integer": cerberus.TypeDefinition("integer", (int,), (bool,)),
        }

        def _error(self, *args: Any) -> None:
            # Cerberus re-sorts its error list and two error trees on every error, which is
            # quadratic in the number of errors. syncdsl reads only ``_errors`` and uses no
            # rule that consults the trees (coerce, dependencies, readonly), so skip them.
            if len(args) == 1:
                self._errors.extend(args[0])
                return
            super()._error(*args)

    return SyncDslValidator(cerberus_schema(), allow_unknown=False)


def _leaf_errors(errors: Any) -> Iterator[Any]:
    for error in errors:
        if error.is_group_error:
            yield from _leaf_errors(error.child_errors)
        else:
            yield error


# --- cerberus errors -> diagnostics -----------------------------------------------------

# Cerberus error codes (cerberus.errors), by name for readability.
_REQUIRED_FIELD = 0x02
_UNKNOWN_FIELD = 0x03
_EMPTY_NOT_ALLOWED = 0x22
_NOT_NULLABLE = 0x23
_BAD_TYPE = 0x24
_REGEX_MISMATCH = 0x41
_UNALLOWED_VALUE = 0x44

# The rule modules own each code's name, severity and docs; they replay what validate() finds.
_RULES: dict[str, ModuleType] = {
    rule.CODE: rule
    for rule in (sd010_unknown_key, sd011_wrong_type, sd012_invalid_enum, sd013_missing_required,
                 sd014_unsupported_version)
}


def _diag(code: str, span: Span, message: str, fix: Fix | None = None) -> Diagnostic:
    return diagnostic(_RULES[code], span, message, fix)


def _written_here(key: Node | None, node: Node) -> bool:
    """False for a value reached through an alias: its text (at the anchor) belongs to another key too.

    An anchor always comes before its aliases, so an aliased node starts before the key that uses it.
    """
    return key is None or node.span.start >= key.span.end


def _fix(applicability: Applicability, message: str, span: Span, text: str) -> Fix:
    return Fix(applicability, message, (Edit(span, text),))


class _NodeIndex:
    """Path -> node lookups over one document, each mapping indexed once."""

    def __init__(self, root: MappingNode) -> None:
        self.root = root
        self._pairs: dict[int, dict[str, tuple[ScalarNode, Node]]] = {}

    def pairs(self, node: MappingNode) -> dict[str, tuple[ScalarNode, Node]]:
        found = self._pairs.get(id(node))
        if found is None:
            found = {}
            for key, value in node.effective_pairs():
                found[key.value] = (key, value)  # type: ignore[index]
            self._pairs[id(node)] = found
        return found

    def lookup(self, path: Sequence[Any]) -> tuple[ScalarNode | None, Node | None]:
        """(key node, value node) at ``path``; the key is None for list items and the root."""
        key: ScalarNode | None = None
        node: Node | None = self.root
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                hit = self.pairs(node).get(step)
                if hit is None:
                    return None, None
                key, node = hit
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.items):
                key, node = None, node.items[step]
            else:
                return None, None
        return key, node

    def is_written_at(self, path: Sequence[Any]) -> bool:
        """True when ``path`` reaches its node without an alias or merge key, i.e. where it is written.

        A node reached through an alias (or a merged key) lies outside the span of
        the mapping or list that refers to it.
        """
        outer = self.root.span
        node: Node | None = self.root
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                hit = self.pairs(node).get(step)
                if hit is None:
                    return False
                inner, node = hit[0].span, hit[1]
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.items):
                node = node.items[step]
                inner = node.span
            else:
                return False
            if not (outer.start <= inner.start and inner.end <= outer.end):
                return False
            outer = node.span
        return True


def _where(path: Sequence[Any]) -> str:
    """``policies.standard.upload_policy``, ``contexts[0].policy``: a path as people write it."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{_clip(str(step))}" if out else _clip(str(step))
    return out


def _label(path: Sequence[Any]) -> str:
    """The name of the value at ``path``: its key plus any list indexes after it (``paths[1]``)."""
    tail = []
    for step in reversed(path):
        tail.append(step)
        if isinstance(step, str):
            break
    return _where(list(reversed(tail)))


class _Reporter:
    def __init__(self, root: MappingNode, source: Source) -> None:
        self.index = _NodeIndex(root)
        self.source = source
        self.found: dict[tuple[str, Span, str], tuple[bool, Diagnostic]] = {}
        self.path: tuple[Any, ...] = ()  # the document path of the error being reported

    def add(self, diagnostic: Diagnostic, subject: str = "") -> None:
        """Keep one diagnostic per place: aliases and merge keys make a node reachable by several paths.

        The message names a path, so the path where the node is written wins over one through an alias.
        """
        key = (diagnostic.code, diagnostic.span, subject)
        prior = self.found.get(key)
        if prior is not None and prior[0]:
            return
        written = self.index.is_written_at(self.path)
        if prior is None or written:
            self.found[key] = (written, diagnostic)

    def text(self, node: Node) -> str | None:
        """The node's source text when it sits on one line, else None."""
        start, end = node.span
        if start.line != end.line:
            return None
        line = self.source.line_text(start.line)
        return line[start.column : end.column]

    def shown(self, node: Node) -> str:
        """A short rendering of a value for messages: as written when on one line."""
        text = self.text(node)
        if text is None or not text:
            text = _yaml_text(node.value) if isinstance(node, ScalarNode) else ""
        return _clip(text)

    # the error kinds

    def error(self, error: Any) -> None:
        path = tuple(error.document_path)
        self.path = path
        code = error.code
        if code == _UNKNOWN_FIELD:
            self.unknown_key(path)
        elif code == _REQUIRED_FIELD:
            self.missing_key(path)
        elif code == _NOT_NULLABLE:
            self.null_value(path)
        elif code == _EMPTY_NOT_ALLOWED:
            self.empty_value(path)
        elif code == _BAD_TYPE:
            self.wrong_type(path, error.value)
        elif code == _REGEX_MISMATCH:
            self.bad_policy_name(path)
        elif code == _UNALLOWED_VALUE:
            self.bad_value(path, error.value)

    def unknown_key(self, path: tuple[Any, ...]) -> None:
        key, _ = self.index.lookup(path)
        _, parent = self.index.lookup(path[:-1])
        parent_spec = field_at(path[:-1])
        if key is None or not isinstance(parent, MappingNode) or parent_spec is None:
            return
        name = _clip(str(path[-1]))
        where = f"unknown key `{name}` in `{_where(path[:-1])}`" if len(path) > 1 else f"unknown top-level key `{name}`"
        present = self.index.pairs(parent)
        home = _section_of(name) if parent_spec.fields is POLICY_FIELDS else None
        if home is not None:
            self.add(_diag("SD010", key.span, f"{where}: it belongs in `{home}`"))
            return
        match = closest(name, [f.name for f in parent_spec.fields])
        if match is None:
            self.add(_diag("SD010", key.span, where))
            return
        if match in present:  # renaming would only make a duplicate
            self.add(_diag("SD010", key.span, f"{where} (`{match}` is already set)"))
            return
        fix = _fix(Applicability.SUGGESTION, f"Rename `{name}` to `{match}`", key.span, match)
        self.add(_diag("SD010", key.span, f"{where}; did you mean `{match}`?", fix if self.text(key) else None))

    def missing_key(self, path: tuple[Any, ...]) -> None:
        _, parent = self.index.lookup(path[:-1])
        if not isinstance(parent, MappingNode):
            return
        # The first key as written (perhaps `<<`), which always lies inside the mapping.
        span = parent.pairs[0][0].span if parent.pairs else parent.span
        where = f" in `{_where(path[:-1])}`" if len(path) > 1 else ""
        self.path = path[:-1]  # the key is missing: judge the mapping that lacks it
        self.add(_diag("SD013", span, f"missing required key `{path[-1]}`{where}"), str(path[-1]))

    def null_value(self, path: tuple[Any, ...]) -> None:
        spec = field_at(path)
        key, node = self.index.lookup(path)
        if spec is None or node is None:
            return
        span = _value_span(key, node)
        parent = field_at(path[:-1])
        needed = parent is not None and any(path[-1] in group for group in parent.one_of)
        if spec.required or needed:
            self.add(_diag("SD013", span, f"no value for required key `{_label(path)}`"), str(path[-1]))
            return
        self.add(_diag("SD011", span, f"wrong type for `{_label(path)}`: expected {_expected(spec)}, got null"))

    def empty_value(self, path: tuple[Any, ...]) -> None:
        key, node = self.index.lookup(path)
        if node is None:
            return
        span = _value_span(key, node)
        if path == ("mounts",):
            self.add(_diag("SD013", span, "empty `mounts` list: list at least one mount, or leave the key out"),
                     "mounts")
            return
        if path == ("contexts",):
            self.add(_diag("SD013", span, "empty `contexts` list: at least one context is required"), "contexts")
            return
        self.add(_diag("SD013", span, f"empty value for required key `{_label(path)}`"), str(path[-1]))

    def wrong_type(self, path: tuple[Any, ...], value: Any) -> None:
        spec = field_at(path)
        key, node = self.index.lookup(path)
        if spec is None or node is None:
            return
        message = f"wrong type for `{_label(path)}`: expected {_expected(spec)}, got {self.actual(node, value)}"
        fix = self.type_fix(spec, node) if _written_here(key, node) else None
        self.add(_diag("SD011", node.span, message, fix))

    def actual(self, node: Node, value: Any) -> str:
        if isinstance(node, MappingNode):
            return "a mapping"
        if isinstance(node, SequenceNode):
            return "a list"
        kind = (
            "a boolean" if isinstance(value, bool)
            else "an integer" if isinstance(value, int)
            else "a number" if isinstance(value, float)
            else "a string"
        )
        return f"{kind} `{self.shown(node)}`"

    def type_fix(self, spec: FieldSpec, node: Node) -> Fix | None:
        if not isinstance(node, ScalarNode) or self.text(node) is None:
            return None
        value = node.value
        if spec.type == "boolean" and isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "false"):
                return _fix(Applicability.SAFE, f"Replace `{self.shown(node)}` with `{word}`", node.span, word)
            guess = {"yes": "true", "on": "true", "no": "false", "off": "false"}.get(word)
            if guess is not None:
                return _fix(Applicability.SUGGESTION, f"Replace `{self.shown(node)}` with `{guess}`", node.span, guess)
            return None
        if spec.type == "integer" and isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            number = str(int(value.strip()))
            return _fix(Applicability.SAFE, f"Replace `{self.shown(node)}` with `{number}`", node.span, number)
        if spec.type == "list" and spec.items is not None and spec.items.type == "string" and isinstance(value, str):
            item = self._flow_item(node)
            if item is not None:
                return _fix(Applicability.SAFE, f"Wrap `{self.shown(node)}` in a list", node.span, f"[{item}]")
            return None
        if spec.type == "string" and not spec.enum and value is not None and not isinstance(value, str):
            text = self.text(node) or ""
            import json

            quoted = json.dumps(text, ensure_ascii=False)
            return _fix(Applicability.SUGGESTION, f"Quote `{text}` as a string", node.span, quoted)
        return None

    def _flow_item(self, node: ScalarNode) -> str | None:
        """The scalar written so that it means the same inside ``[...]``; None for block scalars."""
        text = self.text(node)
        if text is None or node.style in ("|", ">"):
            return None
        if node.style in ("'", '"'):
            return text
        if any(c in text for c in ",[]{}:#") or text != text.strip():
            import json

            return json.dumps(node.value, ensure_ascii=False)
        return text

    def bad_policy_name(self, path: tuple[Any, ...]) -> None:
        key, _ = self.index.lookup(path)
        if key is None:
            return
        name = _clip(str(path[-1]))
        rule = "a name starts with a letter and holds only letters, digits, `_` and `-`"
        self.add(_diag("SD011", key.span, f"invalid policy name `{name}`: {rule}"))

    def bad_value(self, path: tuple[Any, ...], value: Any) -> None:
        spec = field_at(path)
        key, node = self.index.lookup(path)
        if spec is None or node is None:
            return
        if path == ("version",):
            message = f"unsupported version `{self.shown(node)}`: this syncdsl reads version `1`"
            self.add(_diag("SD014", node.span, message))
            return
        if not isinstance(value, str):
            return
        label, shown = _label(path), _clip(value)
        # A multi-line (block) scalar's span ends on a later line: replacing it could join lines.
        editable = self.text(node) is not None and _written_here(key, node)
        exact = _enum_equivalent(spec, value)
        if exact is not None:
            fix = _fix(Applicability.SAFE, f"Replace `{shown}` with `{exact}`", node.span, exact) if editable else None
            self.add(_diag("SD012", node.span, f"invalid `{label}` value `{shown}`; did you mean `{exact}`?", fix))
            return
        guess = _enum_guess(spec, value)
        if guess is not None:
            fix = _fix(Applicability.SUGGESTION, f"Replace `{shown}` with `{guess}`", node.span, guess)
            self.add(
                _diag("SD012", node.span, f"invalid `{label}` value `{shown}`; did you mean `{guess}`?",
                      fix if editable else None)
            )
            return
        allowed = ", ".join(f"`{v}`" for v in spec.enum)
        self.add(_diag("SD012", node.span, f"invalid `{label}` value `{shown}`: expected one of {allowed}"))


def _clip(text: str, limit: int = 40) -> str:
    """User text for a message: one line, control characters escaped, at most ``limit`` characters."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_span(key: ScalarNode | None, node: Node) -> Span:
    """Where to report a missing or null value: the value if it is written, else its key."""
    if key is not None and node.span.start == node.span.end:
        return key.span
    return node.span


def _expected(spec: FieldSpec) -> str:
    if spec.type == "list" and spec.items is not None:
        return f"a list of {_plural(spec.items)}"
    return {
        "boolean": "a boolean",
        "string": "a string",
        "integer": "an integer",
        "mapping": "a mapping",
        "map": "a mapping",
        "policy": "a policy name or an inline policy mapping",
    }.get(spec.type, spec.type)


@cache
def _section_fields() -> dict[str, str]:
    out: dict[str, str] = {}
    for section in SECTIONS:
        for f in section.fields:
            out.setdefault(f.name, section.name)
    return out


def _section_of(name: str) -> str | None:
    """The section a field name belongs to, when it is written directly in a policy by mistake."""
    return _section_fields().get(name)


def _normal(text: str) -> str:
    return "".join(c for c in text.casefold() if c not in "_- ")


def _enum_equivalent(spec: FieldSpec, value: str) -> str | None:
    """The wire value that ``value`` unambiguously means: an SDK member name or a spelling variant."""
    text = value.strip()
    if spec.enum_class and "." in text:
        prefix, _, member = text.rpartition(".")
        if prefix.casefold() == spec.enum_class.casefold():
            text = member
    wanted = _normal(text)
    for wire, member in zip(spec.enum, spec.members or spec.enum, strict=True):
        if wanted in (_normal(wire), _normal(member)):
            return str(wire)
    return None


def _enum_guess(spec: FieldSpec, value: str) -> str | None:
    if len(spec.enum) == 1:
        return str(spec.enum[0])
    by_spelling: dict[str, str] = {}
    for wire, member in zip(spec.enum, spec.members or spec.enum, strict=True):
        by_spelling.setdefault(str(wire), str(wire))
        by_spelling.setdefault(str(member), str(wire))
    match = closest(value, by_spelling)
    return by_spelling[match] if match is not None else None


def conforms(spec: FieldSpec, value: Any) -> bool:
    """Whether plain data follows ``spec``: the same verdict as the cerberus validator, much faster.

    Most files are valid, and for them :func:`validate` never needs cerberus at all
    (importing and building it costs more than linting a small file). The rules
    mirror :func:`_cerberus_rules` one for one; a test holds the two to the same verdicts.
    """
    if value is None:
        return spec.nullable
    kind = spec.type
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        if not isinstance(value, str) or (spec.non_empty and not value):
            return False
        return not spec.enum or value in spec.enum
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return not spec.enum or value in spec.enum
    if kind == "list":
        if not isinstance(value, list) or (spec.non_empty and not value):
            return False
        items = spec.items
        return items is not None and all(conforms(items, item) for item in value)
    if kind == "map":
        if not isinstance(value, dict) or spec.values is None:
            return False
        pattern = _key_pattern(spec.key_pattern or ".*")
        return all(
            isinstance(k, str) and pattern.match(k) is not None and conforms(spec.values, v) for k, v in value.items()
        )
    if kind == "policy" and isinstance(value, str):
        return True
    if not isinstance(value, dict):
        return False
    for key, item in value.items():
        child = spec.field(key) if isinstance(key, str) else None
        if child is None or not conforms(child, item):
            return False
    return all(f.name in value for f in spec.fields if f.required)


@cache
def _key_pattern(pattern: str) -> re.Pattern[str]:
    # As cerberus's "regex" rule compiles it: anchored at the end, tried with match().
    return re.compile(pattern if pattern.endswith("$") else pattern + "$")


def _node_conforms(spec: FieldSpec, node: Node) -> bool:
    """``conforms(spec, to_data(node))``, read straight off the tree.

    Building the plain data of a large valid file costs about as much as checking it;
    this walk skips that. It mirrors :func:`conforms` case for case: a scalar is its
    value, a sequence a list, a mapping a dict of its effective (string-keyed) pairs.
    """
    kind = spec.type
    if isinstance(node, ScalarNode):
        value = node.value
        if value is None:
            return spec.nullable
        if kind == "boolean":
            return isinstance(value, bool)
        if kind == "string":
            if not isinstance(value, str) or (spec.non_empty and not value):
                return False
            return not spec.enum or value in spec.enum
        if kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                return False
            return not spec.enum or value in spec.enum
        return kind == "policy" and isinstance(value, str)
    if isinstance(node, SequenceNode):
        if kind != "list" or (spec.non_empty and not node.items):
            return False
        items = spec.items
        if items is None:
            return False
        for item in node.items:
            if not _node_conforms(items, item):
                return False
        return True
    if not isinstance(node, MappingNode) or kind in ("boolean", "string", "integer", "list"):
        return False
    pairs = node.effective_pairs()  # every key of an effective pair is a string
    if kind == "map":
        if spec.values is None:
            return False
        pattern = _key_pattern(spec.key_pattern or ".*")
        values = spec.values
        for key, item in pairs:
            if pattern.match(key.value) is None or not _node_conforms(values, item):  # type: ignore[arg-type]
                return False
        return True
    by_name = spec._by_name
    for key, item in pairs:
        child = by_name.get(key.value)  # type: ignore[arg-type]
        if child is None or not _node_conforms(child, item):
            return False
    return all(node.key_node(f.name) is not None for f in spec.fields if f.required)


def validate(root: MappingNode, source: Source) -> list[Diagnostic]:
    """SD010-SD014 for one document: every place where it does not follow ``ROOT``."""
    blank = _blank_values(root)
    if _node_conforms(ROOT, root):
        return blank
    data = _pruned(ROOT, to_data(root))
    validator = _validator()
    if validator.validate(data, normalize=False):
        return blank
    reporter = _Reporter(root, source)
    for error in _leaf_errors(validator._errors):
        reporter.error(error)
    # Cerberus reports missing keys in set order: sort so the output never varies between runs.
    found = [diagnostic for _, diagnostic in reporter.found.values()] + blank
    found.sort(key=lambda d: (d.sort_key, d.message))
    return found


def _pruned(spec: FieldSpec, value: Any) -> Any:
    """``value`` for cerberus, with every mapping or list below it that conforms replaced by a small stand-in.

    Cerberus walks the whole document once a single key is wrong: on a 5,000-line file one
    misspelt key cost ~60 ms, against ~5 ms for a valid file. Its errors for a mapping are
    those of each value, found in that value alone, plus the mapping's own (a key unknown,
    required or of the wrong type); a list's are its items' plus its own (type, emptiness);
    no rule here looks from one value at another (see :func:`_cerberus_rules`). So a value
    that conforms (no errors of its own or below) can be swapped for any other value that
    conforms without changing one error, or its document path: the keys of every mapping
    and the length of every list on the way to an error stay as written.
    """
    if isinstance(value, (dict, list)) and conforms(spec, value):
        standin = _standin(spec)
        return value if standin is _NO_STANDIN else standin
    kind = spec.type
    if isinstance(value, list) and kind == "list" and spec.items is not None:
        return [_pruned(spec.items, item) for item in value]
    if not isinstance(value, dict):
        return value
    if kind == "map" and spec.values is not None:
        return {k: _pruned(spec.values, v) for k, v in value.items()}
    if kind in ("mapping", "policy"):
        out = {}
        for k, v in value.items():
            child = spec.field(k) if isinstance(k, str) else None
            out[k] = v if child is None else _pruned(child, v)
        return out
    return value


_NO_STANDIN: Any = object()


@cache
def _standin(spec: FieldSpec) -> Any:
    """The smallest mapping or list that conforms to ``spec``, or _NO_STANDIN (shared: cerberus only reads it)."""
    kind = spec.type
    if kind == "list":
        item = None if spec.items is None or not spec.non_empty else _standin(spec.items)
        value: Any = [] if not spec.non_empty else [item]
    elif kind == "map":
        value = {}
    elif kind in ("mapping", "policy"):
        value = {}
        for f in spec.fields:
            if f.required:
                if f.type in ("list", "map", "mapping", "policy"):
                    value[f.name] = _standin(f)
                elif f.type == "boolean":
                    value[f.name] = True
                elif f.enum:
                    value[f.name] = f.enum[0]
                else:
                    value[f.name] = 0 if f.type == "integer" else "x"
    else:
        return _NO_STANDIN
    if any(v is _NO_STANDIN for v in (value if isinstance(value, list) else value.values())):
        return _NO_STANDIN
    return value if conforms(spec, value) else _NO_STANDIN


def _context_entries(root: MappingNode) -> Iterator[tuple[tuple[Any, ...], FieldSpec, MappingNode]]:
    """Every mapping that names a context, with its path and spec: the items of the top-level lists
    (``contexts``, ``mounts``) and the top-level mappings with their nested mappings (``browser_context``)."""

    def nested(spec: FieldSpec, node: MappingNode, path: tuple[Any, ...]) -> Iterator[
        tuple[tuple[Any, ...], FieldSpec, MappingNode]
    ]:
        yield path, spec, node
        for f in spec.fields:
            child = node.get(f.name)
            if f.type == "mapping" and isinstance(child, MappingNode):
                yield from nested(f, child, (*path, f.name))

    for f in ROOT.fields:
        value = root.get(f.name)
        if f.type == "list" and f.items is not None and f.items.type == "mapping" and isinstance(value, SequenceNode):
            for index, item in enumerate(value.items):
                if isinstance(item, MappingNode):
                    yield (f.name, index), f.items, item
        elif f.type == "mapping" and isinstance(value, MappingNode):
            yield from nested(f, value, (f.name,))


def _blank_values(root: MappingNode) -> list[Diagnostic]:
    """SD013 for what cerberus cannot say: a required string that is only whitespace (its ``empty`` rule
    only refuses ``""``), and a mapping that writes none of a group of keys one of which it needs
    (``context_id`` or ``context_name``)."""
    out: list[Diagnostic] = []
    seen: set[int] = set()
    for path, spec, item in [((), ROOT, root), *_context_entries(root)]:
        if id(item) in seen:  # an alias: the same mapping listed twice is reported once
            continue
        seen.add(id(item))
        for f in spec.fields:
            if f.type != "string" or not f.non_empty:
                continue
            node = item.get(f.name)
            if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.value and not node.value.strip():
                needed = f.required or any(f.name in group for group in spec.one_of)
                what = "required key" if needed else "key"
                out.append(_diag("SD013", node.span, f"blank value for {what} `{f.name}`: only whitespace"))
        for group in spec.one_of:
            if any(item.key_node(name) is not None for name in group):
                continue
            span = item.pairs[0][0].span if item.pairs else item.span
            names = " or ".join(f"`{name}`" for name in group)
            where = f" in `{_where(path)}`" if path else ""
            out.append(_diag("SD013", span, f"missing required key {names}{where}"))
    return out
