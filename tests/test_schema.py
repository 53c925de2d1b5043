"""The one language definition: the validator's diagnostics, the JSON Schema and the lookups.

The JSON Schema and the cerberus validator are both derived from ``syncdsl.schema.ROOT``;
the agreement test below checks that they accept and reject the same documents.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import tests.agentbay_sdk  # noqa: F401  (sets the SDK's log file before `agentbay` is imported)
from syncdsl.document import parse
from syncdsl.nodes import MappingNode, to_data
from syncdsl.schema import (
    ROOT,
    SECTIONS,
    FieldSpec,
    field_at,
    json_schema,
    keys_at,
    markdown_doc,
    markdown_enum_doc,
    validate,
)
from tests.fixture_format import render_diagnostics, render_fixes

ROOT_DIR = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
SCHEMA_CODES = ("SD010", "SD011", "SD012", "SD013", "SD014")


def _root(text: str) -> tuple[MappingNode, Any]:
    parsed = parse(text)
    assert not parsed.diagnostics, parsed.diagnostics
    root = parsed.documents[0].root
    assert isinstance(root, MappingNode)
    return root, parsed.source


def check(text: str) -> list[str]:
    """validate() rendered like the rule fixtures: diagnostics, then fix edits."""
    root, source = _root(text)
    found = sorted(validate(root, source), key=lambda d: d.sort_key)
    return (render_diagnostics(found) + render_fixes(found)).splitlines()


def _documents(path: Path) -> list[Any]:
    parsed = parse(path.read_bytes())
    return [to_data(doc.root) for doc in parsed.documents]


@pytest.fixture(scope="module")
def schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


# --- the validator's diagnostics -------------------------------------------------------

VALID = """\
version: 1
policies:
  standard:
    upload_policy: {upload_mode: Archive, archive_exclude_paths: [logs]}
    recycle_policy: {lifecycle: Lifecycle_30Days, paths: [/home/wuying/cache]}
    mapping_policy: ~
  strict:
    extends: standard
    bw_list:
      white_lists:
        - {path: /home/wuying, exclude_paths: [/home/wuying/tmp], is_path_regex: false}
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: strict
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/tmp
    policy: {extends: standard, download_policy: {auto_download: false}}
    beta_wait_for_completion: false
  - {context_id: SdkCtx-1, path: /x, policy: ~, beta_wait_for_completion: ~}
"""


def test_a_valid_document_has_no_findings() -> None:
    assert check(VALID) == []


def test_unknown_keys_typos_misplaced_fields_and_present_targets() -> None:
    text = """\
version: 1
policies:
  p:
    upload_policy: {uplaod_mode: File}
    lifecycle: Lifecycle_1Day
contexts:
  - {context_id: a, path: /a, policy: p, polcy: p, colour: red}
"""
    assert check(text) == [
        "4:21-4:32 SD010 [error] unknown key `uplaod_mode` in `policies.p.upload_policy`; did you mean `upload_mode`?",
        "5:5-5:14 SD010 [error] unknown key `lifecycle` in `policies.p`: it belongs in `recycle_policy`",
        "7:42-7:47 SD010 [error] unknown key `polcy` in `contexts[0]` (`policy` is already set)",
        "7:52-7:58 SD010 [error] unknown key `colour` in `contexts[0]`",
        'SD010 suggestion "Rename `uplaod_mode` to `upload_mode`" 4:21-4:32 -> \'upload_mode\'',
    ]


def test_wrong_types_and_their_fixes() -> None:
    text = """\
version: "1"
policies:
  p:
    upload_policy: {auto_upload: "True", archive_exclude_paths: 'logs'}
    download_policy: {auto_download: off}
    delete_policy: {sync_local_file: 1}
    recycle_policy:
      paths: C:\\data
    bw_list: {white_lists: [{exclude_paths: /a b}]}
    mapping_policy: {path: 3.5}
contexts:
  - {context_id: a, path: /a, policy: p}
"""
    assert check(text) == [
        '1:10-1:13 SD011 [error] wrong type for `version`: expected an integer, got a string `"1"`',
        '4:34-4:40 SD011 [error] wrong type for `auto_upload`: expected a boolean, got a string `"True"`',
        "4:65-4:71 SD011 [error] wrong type for `archive_exclude_paths`: expected a list of strings, "
        "got a string `'logs'`",
        "5:38-5:41 SD011 [error] wrong type for `auto_download`: expected a boolean, got a string `off`",
        "6:38-6:39 SD011 [error] wrong type for `sync_local_file`: expected a boolean, got an integer `1`",
        "8:14-8:21 SD011 [error] wrong type for `paths`: expected a list of strings, got a string `C:\\data`",
        "9:45-9:49 SD011 [error] wrong type for `exclude_paths`: expected a list of strings, got a string `/a b`",
        "10:28-10:31 SD011 [error] wrong type for `path`: expected a string, got a number `3.5`",
        "SD011 safe \"Replace `\"1\"` with `1`\" 1:10-1:13 -> '1'",
        "SD011 safe \"Replace `\"True\"` with `true`\" 4:34-4:40 -> 'true'",
        "SD011 safe \"Wrap `'logs'` in a list\" 4:65-4:71 -> \"['logs']\"",
        "SD011 suggestion \"Replace `off` with `false`\" 5:38-5:41 -> 'false'",
        "SD011 safe \"Wrap `C:\\data` in a list\" 8:14-8:21 -> '[\"C:\\\\\\\\data\"]'",
        "SD011 safe \"Wrap `/a b` in a list\" 9:45-9:49 -> '[/a b]'",
        "SD011 suggestion \"Quote `3.5` as a string\" 10:28-10:31 -> '\"3.5\"'",
    ]


@pytest.mark.parametrize(
    "written, value",
    [
        ("/x,y:z", "/x,y:z"),
        ("C:\\data", "C:\\data"),
        ("/a b #note", "/a b"),
        ("'it''s'", "it's"),
        ('"tab\\there"', "tab\there"),
        ("{x}", None),  # a flow mapping, not a string: no list fix
    ],
)
def test_the_list_fix_keeps_exactly_one_item(written: str, value: str | None) -> None:
    """Applying the fix must give a list holding the one string that was written."""
    text = f"version: 1\npolicies:\n  p:\n    recycle_policy:\n      paths: {written}\n"
    root, source = _root(text + "contexts: [{context_id: a, path: /a, policy: p}]\n")
    fixes = [d.fix for d in validate(root, source) if d.fix is not None]
    if value is None:
        assert fixes == []
        return
    (fix,) = fixes
    (edit,) = fix.edits
    start, end = source.offset_of(edit.span.start), source.offset_of(edit.span.end)
    fixed = source.text[:start] + edit.text + source.text[end:]
    data = to_data(parse(fixed).documents[0].root)
    assert data["policies"]["p"]["recycle_policy"]["paths"] == [value]


def test_enum_values_member_names_case_variants_and_guesses() -> None:
    text = """\
version: 1
policies:
  p:
    upload_policy: {upload_mode: FILE, upload_strategy: upload_before_resource_release}
    recycle_policy: {lifecycle: Lifecycle.LIFECYCLE_1DAY}
  q:
    recycle_policy: {lifecycle: Lifecycle_Forevr}
  r:
    recycle_policy: {lifecycle: monthly}
contexts:
  - {context_id: a, path: /a, policy: p}
"""
    values = (
        "`Lifecycle_1Day`, `Lifecycle_3Days`, `Lifecycle_5Days`, `Lifecycle_10Days`, `Lifecycle_15Days`, "
        "`Lifecycle_30Days`, `Lifecycle_90Days`, `Lifecycle_180Days`, `Lifecycle_360Days`, `Lifecycle_Forever`"
    )
    assert check(text) == [
        "4:34-4:38 SD012 [error] invalid `upload_mode` value `FILE`; did you mean `File`?",
        "4:57-4:87 SD012 [error] invalid `upload_strategy` value `upload_before_resource_release`; "
        "did you mean `UploadBeforeResourceRelease`?",
        "5:33-5:57 SD012 [error] invalid `lifecycle` value `Lifecycle.LIFECYCLE_1DAY`; did you mean `Lifecycle_1Day`?",
        "7:33-7:49 SD012 [error] invalid `lifecycle` value `Lifecycle_Forevr`; did you mean `Lifecycle_Forever`?",
        f"9:33-9:40 SD012 [error] invalid `lifecycle` value `monthly`: expected one of {values}",
        "SD012 safe \"Replace `FILE` with `File`\" 4:34-4:38 -> 'File'",
        "SD012 safe \"Replace `upload_before_resource_release` with `UploadBeforeResourceRelease`\" 4:57-4:87 "
        "-> 'UploadBeforeResourceRelease'",
        "SD012 safe \"Replace `Lifecycle.LIFECYCLE_1DAY` with `Lifecycle_1Day`\" 5:33-5:57 -> 'Lifecycle_1Day'",
        "SD012 suggestion \"Replace `Lifecycle_Forevr` with `Lifecycle_Forever`\" 7:33-7:49 -> 'Lifecycle_Forever'",
    ]


def test_missing_required_keys_null_and_empty_values() -> None:
    text = """\
policies: ~
contexts:
  - policy: p
  - context_id:
    path: ""
  - {}
"""
    assert check(text) == [
        "1:1-1:9 SD013 [error] missing required key `version`",
        "3:5-3:11 SD013 [error] missing required key `context_id` or `context_name` in `contexts[0]`",
        "3:5-3:11 SD013 [error] missing required key `path` in `contexts[0]`",
        "4:5-4:15 SD013 [error] no value for required key `context_id`",
        "5:11-5:13 SD013 [error] empty value for required key `path`",
        "6:5-6:7 SD013 [error] missing required key `context_id` or `context_name` in `contexts[2]`",
        "6:5-6:7 SD013 [error] missing required key `path` in `contexts[2]`",
    ]
    assert check("version: 1\ncontexts: []\n") == [
        "2:11-2:13 SD013 [error] empty `contexts` list: at least one context is required"
    ]
    assert check("version: 1\ncontexts:\n") == ["2:1-2:9 SD013 [error] no value for required key `contexts`"]
    # A mapping made only of a merge is reported at its `<<`, not inside the merged anchor.
    merged = "version: 1\npolicies: {p: &p {}}\ncontexts:\n  - context_id: a\n    path: /a\n  - <<: *p\n"
    assert check(merged) == [
        "6:5-6:7 SD013 [error] missing required key `context_id` or `context_name` in `contexts[1]`",
        "6:5-6:7 SD013 [error] missing required key `path` in `contexts[1]`",
    ]


def test_versions() -> None:
    body = "contexts: [{context_id: a, path: /a}]\n"
    assert check("version: 2\n" + body) == [
        "1:10-1:11 SD014 [error] unsupported version `2`: this syncdsl reads version `1`"
    ]
    assert check("version: true\n" + body) == [
        "1:10-1:14 SD011 [error] wrong type for `version`: expected an integer, got a boolean `true`"
    ]
    assert check("version: 1.0\n" + body) == [
        "1:10-1:13 SD011 [error] wrong type for `version`: expected an integer, got a number `1.0`"
    ]


def test_policy_names_and_policy_values() -> None:
    text = """\
version: 1
policies:
  9lives: {}
  empty:
contexts:
  - {context_id: a, path: /a, policy: 7}
  - {context_id: b, path: /b, policy: [p]}
"""
    assert check(text) == [
        "3:3-3:9 SD011 [error] invalid policy name `9lives`: a name starts with a letter and holds only letters, "
        "digits, `_` and `-`",
        "4:3-4:8 SD011 [error] wrong type for `empty`: expected a mapping, got null",
        "6:39-6:40 SD011 [error] wrong type for `policy`: expected a policy name or an inline policy mapping, "
        "got an integer `7`",
        "7:39-7:42 SD011 [error] wrong type for `policy`: expected a policy name or an inline policy mapping, "
        "got a list",
    ]


def test_aliased_and_merged_nodes_are_reported_once_where_written() -> None:
    text = """\
version: 1
policies:
  base: &base
    upload_policy: &up {auto_upload: "no", mode: File}
  copy:
    <<: *base
  other:
    upload_policy: *up
contexts:
  - &c {context_id: a, policy: {<<: *base}}
  - *c
"""
    assert check(text) == [
        "4:38-4:42 SD011 [error] wrong type for `auto_upload`: expected a boolean, got a string `\"no\"`",
        "4:44-4:48 SD010 [error] unknown key `mode` in `policies.base.upload_policy`",
        "10:9-10:19 SD013 [error] missing required key `path` in `contexts[0]`",
        "SD011 suggestion \"Replace `\"no\"` with `false`\" 4:38-4:42 -> 'false'",
    ]


def test_the_validator_is_built_once_per_thread() -> None:
    from syncdsl.schema import _validator

    assert _validator() is _validator()


# --- lookups for completion and hover -------------------------------------------------


def _names(specs: list[FieldSpec]) -> list[str]:
    return [s.name for s in specs]


def test_keys_at() -> None:
    sections = [
        "upload_policy", "download_policy", "delete_policy", "extract_policy", "recycle_policy", "bw_list",
        "mapping_policy",
    ]
    assert _names(keys_at(())) == ["version", "image_id", "policies", "contexts", "mounts", "browser_context"]
    assert _names(keys_at(("policies", "standard"))) == ["extends", *sections]
    assert _names(keys_at(("contexts", 3, "policy"))) == ["extends", *sections]
    assert _names(keys_at(("policies", "standard", "upload_policy"))) == [
        "auto_upload", "upload_strategy", "upload_mode", "archive_exclude_paths"
    ]
    assert _names(keys_at(("contexts", 0, "policy", "recycle_policy"))) == ["lifecycle", "paths"]
    assert _names(keys_at(("contexts", 0))) == [
        "context_id", "context_name", "create", "path", "policy", "beta_wait_for_completion"
    ]
    assert _names(keys_at(("policies", "p", "bw_list", "white_lists", 0))) == [
        "path", "exclude_paths", "is_path_regex", "is_exclude_regex"
    ]
    assert _names(keys_at(("policies", "p", "extract_policy"))) == [
        "extract", "delete_src_file", "extract_current_folder"
    ]
    assert keys_at(("contexts",)) == []
    assert keys_at(("policies",)) == []
    assert keys_at(("nope",)) == []
    assert keys_at(("contexts", "x")) == []


def test_field_at() -> None:
    lifecycle = field_at(("policies", "p", "recycle_policy", "lifecycle"))
    assert lifecycle is not None
    assert (lifecycle.name, lifecycle.type, lifecycle.default) == ("lifecycle", "string", "Lifecycle_Forever")
    assert lifecycle.enum[:2] == ("Lifecycle_1Day", "Lifecycle_3Days") and len(lifecycle.enum) == 10
    mode = field_at(("contexts", 1, "policy", "upload_policy", "upload_mode"))
    assert mode is not None and (mode.enum, mode.default, mode.type_label) == (
        ("File", "Archive"), "File", "`File` | `Archive`"
    )
    path_item = field_at(("policies", "p", "recycle_policy", "paths", 0))
    assert path_item is not None and path_item.type == "string"
    paths = field_at(("policies", "p", "recycle_policy", "paths"))
    assert paths is not None and (paths.type_label, paths.default) == ("list of strings", [""])
    policy = field_at(("contexts", 0, "policy"))
    assert policy is not None and (policy.type, policy.nullable) == ("policy", True)
    context_id = field_at(("contexts", 0, "context_id"))
    assert context_id is not None and (context_id.required, context_id.non_empty) == (False, True)
    assert context_id.excludes == ("context_name", "create")
    context = field_at(("contexts", 0))
    assert context is not None and context.one_of == (("context_id", "context_name"),)
    assert field_at(()) is ROOT
    assert field_at(("version", "x")) is None
    assert field_at(("contexts", "x")) is None
    assert field_at(("policies", 0)) is None


def test_markdown_docs() -> None:
    mode = field_at(("policies", "p", "upload_policy", "upload_mode"))
    assert mode is not None
    assert markdown_doc(mode) == (
        "**upload_mode**: `File` | `Archive`\n\n"
        "How files are uploaded: one by one (`File`) or packed into an archive (`Archive`).\n\n"
        "- `File`: Upload files one by one.\n"
        "- `Archive`: Pack the files into an archive and upload the archive.\n\n"
        "Default: `File`."
    )
    assert markdown_enum_doc(mode, "Archive") == (
        "**Archive** (`upload_mode`)\n\nPack the files into an archive and upload the archive.\n\n"
        "SDK: `UploadMode.ARCHIVE`"
    )
    assert markdown_enum_doc(mode, "Zip") is None
    context_id = field_at(("contexts", 0, "context_id"))
    assert context_id is not None
    assert markdown_doc(context_id) == (
        "**context_id**: string\n\n"
        "ID of the AgentBay context to synchronize (for example `SdkCtx-0123abcd`), as the service assigned it. "
        "Write this or `context_name`, not both.\n\nNot together with `context_name` or `create`."
    )
    paths = field_at(("contexts", 0, "policy", "recycle_policy", "paths"))
    assert paths is not None and markdown_doc(paths).endswith('Default: `[""]`.')


# --- the definition agrees with the SDK -----------------------------------------------


def _sdk_default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    assert callable(f.default_factory)
    return f.default_factory()


def test_defaults_and_enums_are_the_sdks() -> None:
    from agentbay._common.params import context_sync as sdk

    classes = {
        "upload_policy": sdk.UploadPolicy, "download_policy": sdk.DownloadPolicy, "delete_policy": sdk.DeletePolicy,
        "extract_policy": sdk.ExtractPolicy, "recycle_policy": sdk.RecyclePolicy, "bw_list": sdk.BWList,
        "mapping_policy": sdk.MappingPolicy,
    }
    assert [s.name for s in SECTIONS] == [f.name for f in dataclasses.fields(sdk.SyncPolicy)]
    checked = 0
    for section in SECTIONS:
        sdk_fields = dataclasses.fields(classes[section.name])
        assert [f.name for f in section.fields] == [f.name for f in sdk_fields]
        for spec, sdk_field in zip(section.fields, sdk_fields, strict=True):
            default = _sdk_default(sdk_field)
            if hasattr(default, "value"):  # an SDK enum member: the schema has its wire value
                enum_cls = type(default)
                assert spec.enum == tuple(m.value for m in enum_cls)
                assert spec.members == tuple(m.name for m in enum_cls)
                default = default.value
            assert spec.default == default, (section.name, spec.name)
            checked += 1
    white_list = field_at(("policies", "p", "bw_list", "white_lists", 0))
    assert white_list is not None
    wl_fields = dataclasses.fields(sdk.WhiteList)
    assert [(s.name, s.default) for s in white_list.fields] == [
        (f.name, _sdk_default(f)) for f in wl_fields
    ]
    context = field_at(("contexts", 0))
    assert context is not None
    # The SDK's fields in its order, with the name lookup's two keys after the id they stand in for.
    sdk_names = [f.name for f in dataclasses.fields(sdk.ContextSync)]
    assert [s.name for s in context.fields] == [sdk_names[0], "context_name", "create", *sdk_names[1:]]
    assert checked == 14
    # A mount: BetaContextMount's fields, defaults and enum values, with the name lookup's keys likewise.
    mount = field_at(("mounts", 0))
    assert mount is not None
    from agentbay._common.params.beta_context_mount import BetaContextMount

    mount_fields = dataclasses.fields(BetaContextMount)
    assert [s.name for s in mount.fields] == [
        mount_fields[0].name, "context_name", "create", *(f.name for f in mount_fields[1:])
    ]
    for sdk_field in mount_fields[2:]:
        spec = mount.field(sdk_field.name)
        default = _sdk_default(sdk_field)
        assert spec is not None
        if hasattr(default, "value"):
            assert spec.enum == tuple(m.value for m in type(default))
            assert spec.members == tuple(m.name for m in type(default))
            assert spec.enum_class == type(default).__name__
            default = default.value
        assert spec.default == default, sdk_field.name


# --- the JSON Schema ------------------------------------------------------------------


def test_json_schema_is_a_valid_2020_12_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["version"]
    assert schema["anyOf"] == [{"required": ["contexts"]}, {"required": ["mounts"]}, {"required": ["browser_context"]}]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["version"] == {
        "description": "Version of the syncdsl language the file is written in; must be `1`.",
        "type": "integer",
        "enum": [1],
    }
    policy = schema["$defs"]["context"]["properties"]["policy"]
    assert policy["oneOf"] == [
        {"type": "string", "description": "Name of a policy under `policies`."},
        {"$ref": "#/$defs/policy"},
        {"type": "null"},
    ]
    assert schema["properties"]["policies"]["propertyNames"] == {"pattern": "^[A-Za-z][A-Za-z0-9_-]*$"}
    mode = schema["$defs"]["policy"]["properties"]["upload_policy"]["properties"]["upload_mode"]
    assert (mode["enum"], mode["default"]) == (["File", "Archive"], "File")
    # It serialises (the CLI prints it) and every property is documented.
    json.dumps(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.get("properties", {}).values():
                assert value.get("description"), value
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)


def _sample_files() -> list[Path]:
    samples = sorted((ROOT_DIR / "samples").glob("*.sync.yaml"))
    return samples or sorted(FIXTURES.glob("*/good.sync.yaml"))


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: p.name)
def test_samples_validate_against_the_json_schema(path: Path, schema_validator: Any) -> None:
    for document in _documents(path):
        schema_validator.validate(document)


@pytest.mark.parametrize("code", SCHEMA_CODES)
def test_schema_rule_fixtures_agree_with_the_json_schema(code: str, schema_validator: Any) -> None:
    (good,) = _documents(FIXTURES / code / "good.sync.yaml")
    schema_validator.validate(good)
    (bad,) = _documents(FIXTURES / code / "bad.sync.yaml")
    assert not schema_validator.is_valid(bad)


# --- the validator and the JSON Schema agree ---------------------------------------------

_VALUES: tuple[Any, ...] = (
    None, True, False, 0, 1, 2, "", "x", "File", "Archive", "Lifecycle_1Day", "true", "/a", [], ["/a"], [1],
    {}, {"path": "/a"}, {"bogus": 1},
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, (*path, index)))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def test_validator_and_json_schema_accept_the_same_documents(schema_validator: Any) -> None:
    """Replace every value of a full document with each of a set of values; both judges must agree."""
    base = to_data(_root(VALID)[0])
    cases = [base]
    for path in _paths(base):
        cases.extend(_set(base, path, value) for value in _VALUES)
        if isinstance(path[-1], str):
            cases.append(_set(base, (*path[:-1], path[-1] + "_x"), 1))
    cases.append({k: v for k, v in base.items() if k != "version"})
    disagreements = []
    for data in cases:
        text = json.dumps(data)
        root, source = _root(text)
        ours = not [d for d in validate(root, source) if d.code in SCHEMA_CODES]
        theirs = schema_validator.is_valid(data)
        if ours != theirs:
            disagreements.append((text, ours, theirs))
    assert disagreements == []
    assert len(cases) > 500


# --- did you mean ------------------------------------------------------------------------


def test_closest_and_did_you_mean() -> None:
    from syncdsl.suggest import closest, did_you_mean

    assert closest("uplaod_mode", ["auto_upload", "upload_mode"]) == "upload_mode"
    assert closest("ARCHIVE", ["File", "Archive"]) == "Archive"  # case does not count
    assert closest("SD1O1", ["SD011", "SD101"]) == "SD101"  # a tie goes to the longer common prefix
    assert closest("stndard", ["strict", "standard"]) == "standard"
    assert closest("standard", ["standard"]) is None  # the word itself is never suggested
    assert closest("retention_days", ["lifecycle", "paths"]) is None
    assert closest("x", []) is None
    assert did_you_mean("polcy", ["policy", "path"]) == "; did you mean `policy`?"
    assert did_you_mean("zzz", ["policy"]) == ""


def test_the_fast_check_and_cerberus_give_the_same_verdicts() -> None:
    """validate() skips cerberus when `conforms` accepts a document, so the two must never disagree."""
    from syncdsl.schema import _validator, conforms

    base = to_data(_root(VALID)[0])
    cases = [base, {}, {"version": 1}, {"version": 1, "contexts": [{"context_id": "a", "path": "/a"}]}]
    for path in _paths(base):
        cases.extend(_set(base, path, value) for value in _VALUES)
        if isinstance(path[-1], str):
            cases.append(_set(base, (*path[:-1], path[-1] + "_x"), 1))
    cases.append(_set(base, ("policies", "bad name"), {}))
    cases.append(_set(base, ("policies", "ok\n"), {}))
    for fixture in sorted(FIXTURES.glob("*/*.sync.yaml")):
        cases.extend(d for d in _documents(fixture) if isinstance(d, dict))
    verdicts = [(conforms(ROOT, data), _validator().validate(data, normalize=False)) for data in cases]
    assert [data for data, (fast, slow) in zip(cases, verdicts, strict=True) if fast != slow] == []
    assert {fast for fast, _ in verdicts} == {True, False}


def test_the_tree_walk_and_the_fast_check_give_the_same_verdicts() -> None:
    """validate() runs `conforms` on the tree itself, without plain data: it must judge exactly as on the data."""
    from syncdsl.schema import _node_conforms, conforms

    base = to_data(_root(VALID)[0])
    texts = [json.dumps(base), "{}", "{version: 1}", "version: 1\ncontexts: []\npolicies: {a: null}\n"]
    for path in _paths(base):
        texts.extend(json.dumps(_set(base, path, value)) for value in _VALUES)
    texts.extend(fixture.read_text(encoding="utf-8") for fixture in sorted(FIXTURES.glob("*/*.sync.yaml")))
    roots = [d.root for text in texts for d in parse(text).documents if isinstance(d.root, MappingNode)]
    verdicts = [(_node_conforms(ROOT, root), conforms(ROOT, to_data(root))) for root in roots]
    assert [to_data(r) for r, (walk, data) in zip(roots, verdicts, strict=True) if walk != data] == []
    assert {walk for walk, _ in verdicts} == {True, False}


def test_no_fix_edits_a_value_reached_through_an_alias() -> None:
    from syncdsl.linter import lint

    text = (
        "version: 1\ncontexts:\n  - context_id: &a1 SdkCtx-0\n    path: /home/wuying/a\n    policy:\n"
        "      upload_policy:\n        archive_exclude_paths: *a1\n"
    )
    (d,) = [d for d in lint(text) if d.code == "SD011"]
    assert (d.span.start.line, d.fix) == (2, None)
