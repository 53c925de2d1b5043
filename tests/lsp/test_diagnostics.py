"""Document sync and diagnostics, pushed and pulled, against the real server process."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import client_capabilities

from syncdsl.config import Config
from syncdsl.diagnostics import Severity
from tests.lsp import expected
from tests.lsp.conftest import EDITORS, ENV, WORKSPACE, RecordingClient, change, config, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = """\
version: 1
policies:
  base:
    recycle_policy:
      paths: [/tmp/a, /tmp/a]
  spare: {}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: bsae
"""


def apply(text: str, *edits: tuple[int, int, int, int, str]) -> str:
    """The text after LSP-style edits (line/character in code points; the test texts are ASCII)."""
    for line, char, end_line, end_char, new in edits:
        lines = text.split("\n")
        start = sum(len(x) + 1 for x in lines[:line]) + char
        end = sum(len(x) + 1 for x in lines[:end_line]) + end_char
        text = text[:start] + new + text[end:]
    return text


async def test_open_publishes_the_core_findings_with_version(vscode: RecordingClient) -> None:
    uri = vscode.open("open.sync.yaml", TEXT, version=7)
    published = await vscode.published_for(uri, 7)
    assert [expected.as_json(d) for d in published] == expected.diagnostics(TEXT, uri)
    codes = [d.code for d in published]
    assert codes == ["SD303", "SD111", "SD303", "SD301"]
    sd111 = published[1]
    assert sd111.related_information is not None
    assert expected.as_json(sd111.related_information[0].location.range) == {
        "start": {"line": 4, "character": 14},
        "end": {"line": 4, "character": 20},
    }
    assert sd111.data["fix"]["edits"] == [
        {"range": {"start": {"line": 4, "character": 20}, "end": {"line": 4, "character": 28}}, "newText": ""}
    ]


async def test_incremental_changes_are_applied_in_order(vscode: RecordingClient) -> None:
    uri = vscode.open("edit.sync.yaml", TEXT)
    await vscode.published_for(uri, 1)
    edits = [(9, 12, 9, 16, "base"), (5, 0, 6, 0, ""), (4, 14, 4, 28, "/tmp/a")]
    version = vscode.edit(uri, *(change(*e) for e in edits))
    final = apply(TEXT, *edits)
    published = await vscode.published_for(uri, version)
    assert [expected.as_json(d) for d in published] == expected.diagnostics(final, uri) == []
    version = vscode.edit(uri, change(7, 10, 7, 11, ""))  # `/home/...` -> `home/...`: relative mount path
    published = await vscode.published_for(uri, version)
    assert [expected.as_json(d) for d in published] == expected.diagnostics(apply(final, (7, 10, 7, 11, "")), uri)
    assert [d.code for d in published] == ["SD106"]


async def test_full_text_change_and_close(vscode: RecordingClient) -> None:
    uri = vscode.open("close.sync.yaml", TEXT)
    await vscode.published_for(uri, 1)
    version = vscode.edit(uri, types.TextDocumentContentChangeWholeDocument(text="version: 1\n"))
    published = await vscode.published_for(uri, version)
    assert [(d.code, d.message) for d in published] == [
        (d["code"], d["message"]) for d in expected.diagnostics("version: 1\n", uri)
    ]
    since = len(vscode.published)
    vscode.close(uri)
    cleared = await vscode.next_published(uri, since)
    assert (list(cleared.diagnostics), cleared.version) == ([], None)


async def test_pull_diagnostics_and_result_ids(neovim: RecordingClient) -> None:
    uri = neovim.open("pull.sync.yaml", TEXT)
    first = await neovim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
    assert [expected.as_json(d) for d in first.items] == expected.diagnostics(TEXT, uri, "utf-8")
    again = await neovim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=first.result_id
        )
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id
    neovim.edit(uri, change(9, 12, 9, 16, "base"))
    after = await neovim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=first.result_id
        )
    )
    assert isinstance(after, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in after.items] == ["SD111", "SD303"]
    # A client that pulls is never pushed to (it would show everything twice).
    assert [p for p in neovim.published if p.uri == uri] == []


async def test_workspace_diagnostics_cover_open_documents(neovim: RecordingClient) -> None:
    uri = neovim.open("workspace.sync.yaml", "version: 1\ncontexts: []\n", version=3)
    report = await neovim.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    mine = [item for item in report.items if item.uri == uri]
    assert len(mine) == 1
    assert isinstance(mine[0], types.WorkspaceFullDocumentDiagnosticReport)
    assert mine[0].version == 3
    items = [expected.as_json(d) for d in mine[0].items]
    assert items == expected.diagnostics("version: 1\ncontexts: []\n", uri, "utf-8")


async def test_unknown_documents_get_empty_answers(neovim: RecordingClient) -> None:
    uri = (WORKSPACE / "never-opened.sync.yaml").as_uri()
    assert await neovim.pull(uri) == []
    hover = await neovim.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0))
    )
    assert hover is None


# --- debounce: stale versions are never published ----------------------------------------------


@pytest_lsp.fixture(config=config({**ENV, "SYNCDSL_LSP_DEBOUNCE": "0.5"}))
async def slow(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_rapid_edits_publish_only_the_last_version(slow: RecordingClient) -> None:
    uri = slow.open("rapid.sync.yaml", TEXT)
    await slow.published_for(uri, 1)
    text = TEXT
    for _ in range(5):
        slow.edit(uri, change(9, 12, 9, 12, "x"))
        text = apply(text, (9, 12, 9, 12, "x"))
    last = slow.versions[uri]
    published = await slow.published_for(uri, last)
    await asyncio.sleep(0.6)  # longer than the debounce: nothing else may arrive
    assert [p.version for p in slow.published if p.uri == uri] == [1, last]
    assert [expected.as_json(d) for d in published] == expected.diagnostics(text, uri)


# --- settings: workspace/configuration over the project's config file ------------------------------


@pytest_lsp.fixture(config=config())
async def configured(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    lsp_client.set_configuration({"ignore": ["SD303"], "severity": {"SD111": "error"}}, section="syncdsl")
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_settings_select_rules_and_severities_and_relint_on_change(configured: RecordingClient) -> None:
    uri = configured.open("settings.sync.yaml", TEXT)
    published = await configured.published_for(uri, 1)
    settings = Config(ignore=("SD303",), severity={"SD111": Severity.ERROR})
    assert [expected.as_json(d) for d in published] == expected.diagnostics(TEXT, uri, config=settings)
    assert [(d.code, d.severity) for d in published] == [
        ("SD111", types.DiagnosticSeverity.Error),
        ("SD301", types.DiagnosticSeverity.Error),
    ]
    since = len(configured.published)
    configured.set_configuration({"select": ["SD3"]}, section="syncdsl")
    configured.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    again = await configured.next_published(uri, since)
    assert again.version == 1
    assert [d.code for d in again.diagnostics] == ["SD303", "SD303", "SD301"]


@pytest.mark.asyncio(loop_scope="function")
async def test_project_config_file_applies_without_settings(vscode_fresh: RecordingClient) -> None:
    folder = WORKSPACE / "project"
    folder.mkdir(exist_ok=True)
    (folder / ".syncdsl.toml").write_text('ignore = ["SD111"]\n[severity]\nSD303 = "info"\n', encoding="utf-8")
    uri = (folder / "p.sync.yaml").as_uri()
    vscode_fresh.versions[uri] = 1
    vscode_fresh.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="syncdsl", version=1, text=TEXT)
        )
    )
    published = await vscode_fresh.published_for(uri, 1)
    assert [(d.code, d.severity) for d in published] == [
        ("SD303", types.DiagnosticSeverity.Information),
        ("SD303", types.DiagnosticSeverity.Information),
        ("SD301", types.DiagnosticSeverity.Error),
    ]


@pytest_lsp.fixture(config=config())
async def vscode_fresh(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()
