"""Contexts named by `context_name`: lint, the Python API through the real SDK client, export, explain, LSP core.

The service is never called: :class:`tests.agentbay_sdk.ContextDirectory` is a
real ``agentbay.AgentBay`` whose HTTP client answers ``GetContext`` from a
dictionary, so the SDK's own ``context.get`` runs unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import syncdsl
from syncdsl.completion import complete, context_names
from syncdsl.diagnostics import Position
from syncdsl.document import parse
from syncdsl.hover import hover_at
from syncdsl.navigation import RenameError, definition_of, occurrence_at, references_of, rename_edits
from syncdsl.schema import json_schema
from syncdsl.sdk import from_sdk
from tests.agentbay_sdk import ContextDirectory, agentbay, sdk_request
from tests.cli_helpers import run, team_file
from tests.fixture_format import render_diagnostics

NAMED = """\
version: 1
policies:
  sources:
    bw_list:
      white_lists: [{path: /src}]
contexts:
  - context_name: my-project
    create: true
    path: /home/wuying
    policy: sources
  - context_name: datasets
    path: /tmp/datasets
  - context_id: SdkCtx-0123abcd
    path: /var/tmp/cache
"""

KNOWN = {"datasets": "SdkCtx-d47a5e7c"}


@pytest.fixture
def service() -> ContextDirectory:
    return ContextDirectory(KNOWN)


# --- lint ---------------------------------------------------------------------------------


def test_a_named_file_lints_clean() -> None:
    assert render_diagnostics(syncdsl.lint(NAMED)) == ""


def test_one_way_to_name_a_context() -> None:
    text = (
        "version: 1\ncontexts:\n"
        "  - {context_id: SdkCtx-1, context_name: a, path: /tmp/a}\n"
        "  - {context_id: SdkCtx-2, create: true, path: /tmp/b}\n"
        "  - {path: /tmp/c}\n"
        "  - {context_name: '  ', path: /tmp/d}\n"
    )
    assert render_diagnostics(syncdsl.lint(text)) == (
        "3:28-3:40 SD208 [error] context `SdkCtx-1` has both `context_id` and `context_name`: name its context"
        " one way, by id or by name\n"
        "4:28-4:34 SD209 [error] `create` with `context_id` in context `SdkCtx-2`: only a context named by"
        " `context_name` can be created (the SDK refuses create with an id)\n"
        "5:6-5:10 SD013 [error] missing required key `context_id` or `context_name` in `contexts[2]`\n"
        "6:20-6:24 SD013 [error] blank value for required key `context_name`: only whitespace\n"
    )


def test_json_schema_agrees() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    ok = {"version": 1, "contexts": [{"context_name": "a", "create": True, "path": "/tmp/a"}]}
    assert list(validator.iter_errors(ok)) == []
    for bad in (
        {"context_id": "SdkCtx-1", "context_name": "a", "path": "/tmp/a"},
        {"context_id": "SdkCtx-1", "create": False, "path": "/tmp/a"},
        {"path": "/tmp/a"},
    ):
        assert list(validator.iter_errors({"version": 1, "contexts": [bad]})), bad


# --- the Python API -------------------------------------------------------------------------


def test_names_resolve_through_the_sdk_client(service: ContextDirectory) -> None:
    doc = syncdsl.load(NAMED)
    assert doc.context_names == [("my-project", True), ("datasets", False)]
    wire = doc.to_wire(service.client)
    created = service.known["my-project"]
    assert [w["context_id"] for w in wire] == [created, "SdkCtx-d47a5e7c", "SdkCtx-0123abcd"]
    # Each name is asked for once, with create only where the file says so.
    assert service.requests == [("my-project", True), ("datasets", False)]
    objects = doc.to_sdk(service.client)
    assert all(type(o) is agentbay.ContextSync for o in objects)
    assert sdk_request(objects) == wire


def test_a_name_used_twice_is_looked_up_once_and_created_if_either_says_so(service: ContextDirectory) -> None:
    text = NAMED.replace("context_name: datasets", "context_name: my-project\n    create: false")
    doc = syncdsl.load(text.replace("  - context_id: SdkCtx-0123abcd\n    path: /var/tmp/cache\n", ""))
    assert doc.context_names == [("my-project", True)]
    first, second = doc.to_wire(service.client)
    assert first["context_id"] == second["context_id"] == service.known["my-project"]
    assert service.requests == [("my-project", True)]


def test_without_a_client_names_are_refused() -> None:
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(NAMED).to_wire()
    assert str(caught.value) == (
        "<text>: contexts named by `context_name` (`my-project`, `datasets`) have no id yet: pass an AgentBay"
        " client to look them up (`to_wire(agent_bay)`, `to_sdk(agent_bay)`)"
    )
    # A file that names none needs no client.
    assert syncdsl.load("version: 1\ncontexts: [{context_id: a, path: /tmp/a}]\n").to_sdk()


def test_a_missing_context_is_an_error_naming_it() -> None:
    service = ContextDirectory({})
    with pytest.raises(syncdsl.SyncDslError) as caught:
        syncdsl.load(NAMED).to_sdk(service.client)
    # my-project is created; datasets may not be.
    assert str(caught.value) == (
        "context named `datasets` could not be resolved: [InvalidContext.NotFound] context datasets not found"
        " (write `create: true` to create it)"
    )


def test_the_async_client_is_refused_plainly() -> None:
    client = agentbay.AsyncAgentBay(api_key="sk-syncdsl-test-not-a-real-key")
    with pytest.raises(syncdsl.SyncDslError, match="synchronous client"):
        syncdsl.load(NAMED).to_sdk(client)


def test_from_sdk_of_the_resolved_objects_round_trips(service: ContextDirectory) -> None:
    doc = syncdsl.load(NAMED)
    objects = doc.to_sdk(service.client)
    text = from_sdk(objects)
    assert syncdsl.lint(text) == []
    again = syncdsl.load(text)
    assert again.to_wire() == sdk_request(objects) == doc.to_wire(service.client)


# --- export -----------------------------------------------------------------------------------


@pytest.fixture
def named_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return team_file(tmp_path, monkeypatch, NAMED)


def test_json_export_refuses_names_in_one_line(named_file: Path) -> None:
    result = run("export", "team.sync.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: team.sync.yaml: not exported as JSON: contexts named by `context_name` have no id until the"
        " service looks them up: `my-project` (line 7), `datasets` (line 11); export with --format python (the"
        " code looks them up), or use Document.to_wire(agent_bay)\n"
    )


NAMED_PYTHON = '''\
# Generated by `syncdsl export --format python` from team.sync.yaml.
# Edit the syncdsl file and export again rather than editing this.
from agentbay import AgentBay, BWList, ContextSync, SyncPolicy, WhiteList

agent_bay = AgentBay()  # the API key comes from AGENTBAY_API_KEY


def context_id(name: str, create: bool = False) -> str:
    """The id of the context called `name`; with `create=True` the service creates it when missing."""
    result = agent_bay.context.get(name=name, create=create)
    if not result.success or result.context is None:
        raise RuntimeError(f"context {name!r}: {result.error_message}")
    return result.context.id


my_project_id = context_id("my-project", create=True)
datasets_id = context_id("datasets")

sources = SyncPolicy(bw_list=BWList(white_lists=[WhiteList(path="/src")]))

context_syncs = [
    ContextSync(context_id=my_project_id, path="/home/wuying", policy=sources),
    ContextSync(context_id=datasets_id, path="/tmp/datasets"),
    ContextSync(context_id="SdkCtx-0123abcd", path="/var/tmp/cache"),
]
'''


def test_python_export_looks_the_names_up(
    named_file: Path, service: ContextDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("export", "team.sync.yaml", "--format", "python")
    assert (result.exit_code, result.stdout, result.stderr) == (0, NAMED_PYTHON, "")
    monkeypatch.setattr(agentbay, "AgentBay", lambda *args, **kwargs: service.client)
    namespace: dict[str, Any] = {}
    exec(compile(result.stdout, "<export>", "exec"), namespace)
    expected = syncdsl.load(NAMED).to_sdk(ContextDirectory(dict(service.known)).client)
    assert namespace["context_syncs"] == expected
    assert service.requests == [("my-project", True), ("datasets", False)]


# --- explain ------------------------------------------------------------------------------------


def test_explain_says_how_the_id_is_found(named_file: Path) -> None:
    lines = run("explain", "team.sync.yaml", "--context", "datasets").stdout.splitlines()
    assert lines[:3] == [
        "team.sync.yaml:11: context named `datasets` at /tmp/datasets",
        "  id looked up when the session is built: agent_bay.context.get(name='datasets'); it must exist already",
        "  no policy: the SDK sends none",
    ]
    [info] = json.loads(run("explain", "team.sync.yaml", "--context", "my-project", "--format", "json").stdout)
    assert (info["context_id"], info["context_name"], info["create"]) == (None, "my-project", True)


# --- the language server's core -------------------------------------------------------------------


def test_completion_offers_the_names_already_used() -> None:
    text = NAMED + "  - context_name: \n    path: /tmp/more\n"
    line = text.count("\n") - 2
    labels = [c.label for c in complete(text, Position(line, 18))]
    assert labels == ["my-project", "datasets"]
    assert context_names("contexts: [{context_name: 'a b', path: /x}, {context_name: c}]\n") == ["a b", "c"]


def test_completion_leaves_out_the_other_way_of_naming() -> None:
    labels = [c.label for c in complete("version: 1\ncontexts:\n  - context_name: a\n    \n", Position(3, 4))]
    assert labels == ["create", "path", "policy", "beta_wait_for_completion"]


def test_hover_on_a_name_shows_the_lookup() -> None:
    found = hover_at(parse(NAMED), Position(6, 22))
    assert found is not None
    assert found.markdown.splitlines()[:3] == [
        "**context named `my-project`** mounted at `/home/wuying`",
        "",
        "id looked up when the session is built: `agent_bay.context.get(name='my-project', create=True)`;"
        " created when no context has this name",
    ]


def test_definition_references_and_rename_of_a_name() -> None:
    text = NAMED + "  - context_name: my-project\n    path: /tmp/other\n"
    model = syncdsl.load(text).model
    at = occurrence_at(model, Position(14, 20))
    assert at is not None and at.namespace == "context"
    target = definition_of(model, at.name)
    assert target is not None and target.span.start == Position(6, 18)  # the entry that may create it
    assert [o.span.start.line for o in references_of(model, at.name)] == [6, 14]
    assert [o.span.start.line for o in references_of(model, at.name, include_definition=False)] == [14]
    assert [(e.span.start.line, e.text) for e in rename_edits(model, Position(6, 20), "portal")] == [
        (6, "portal"), (14, "portal")
    ]
    with pytest.raises(RenameError, match="already used"):
        rename_edits(model, Position(6, 20), "datasets")
    with pytest.raises(RenameError, match="cannot be written in place"):
        rename_edits(model, Position(6, 20), "a: b")


def test_a_policy_and_a_context_of_one_spelling_stay_apart() -> None:
    text = "version: 1\npolicies:\n  team: {}\ncontexts:\n  - {context_name: team, path: /tmp/a, policy: team}\n"
    model = syncdsl.load(text).model
    policy_ref = occurrence_at(model, Position(4, 47))
    context_ref = occurrence_at(model, Position(4, 21))
    assert policy_ref is not None and context_ref is not None
    policy_def = definition_of(model, policy_ref.name)
    assert policy_def is not None and policy_def.span.start == Position(2, 2)
    assert [o.span for o in references_of(model, context_ref.name)] == [context_ref.span]
