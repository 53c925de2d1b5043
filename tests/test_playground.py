"""The browser playground: ``syncdsl playground`` serving the shipped bundle, and a real Chromium using it.

What runs here:

- the committed bundle in ``syncdsl/web`` is the one its sources build (a digest over
  the sources, recomputed exactly as ``editor/web/build.mjs`` does);
- ``syncdsl playground --port 0 --no-browser`` as a subprocess: the page, the
  generated ``config.json``, refused hosts and paths, and the ``syncdsl lsp --ws``
  server behind it, which gives each client (a page load, a reload) a server of its own;
- a real headless Chromium (Debian's ``chromium``, driven by Playwright) using the
  page: pick a sample, hover a key, type a wildcard into a recycle path and see
  the SD101 underline and the problems list equal the core's lint of the editor's
  text, apply the quick fix, accept a completion, fix all, format, reload. Every
  expectation is the core's own answer for the editor's text. It saves the screenshot
  ``docs/playground.png`` (rewritten with ``--update-fixtures``, or when missing).

The browser test is skipped where Chromium or Playwright is missing on a
developer machine; with ``CI`` set it fails instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import syncdsl
from syncdsl.completion import complete
from syncdsl.config import Config
from syncdsl.diagnostics import Position
from syncdsl.document import parse
from syncdsl.fixes import fix_text
from syncdsl.formatter import format_text
from syncdsl.hover import hover_at
from syncdsl.linter import lint_source

ROOT = Path(__file__).resolve().parent.parent
WEB_SRC = ROOT / "editor" / "web"
WEB_OUT = ROOT / "syncdsl" / "web"
SCREENSHOT = ROOT / "docs" / "playground.png"
IN_CI = bool(os.environ.get("CI"))
WAIT_MS = 20_000
WIDTH, HEIGHT = 1280, 760
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SAMPLE = "dataset-cache"
SAMPLE_TEXT = (ROOT / "samples" / f"{SAMPLE}.sync.yaml").read_text(encoding="utf-8")
RECYCLE_PATH = "/home/wuying/datasets/cache/tmp"
WILDCARD = "/*.tmp"


# --- the committed bundle ---------------------------------------------------------------------


def source_files() -> list[str]:
    """The inputs build.mjs hashes: its own config files, src/**, samples/*.sync.yaml."""
    own = [WEB_SRC / name for name in ("build.mjs", "package.json", "package-lock.json", "tsconfig.json")]
    src = [p for p in (WEB_SRC / "src").rglob("*") if p.is_file()]
    samples = sorted((ROOT / "samples").glob("*.sync.yaml"))
    return sorted(p.relative_to(ROOT).as_posix() for p in (*own, *src, *samples))


def source_digest(files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0")
        digest.update((ROOT / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_committed_bundle_is_built_from_the_current_sources() -> None:
    info = json.loads((WEB_OUT / "build-info.json").read_text(encoding="utf-8"))
    files = source_files()
    assert info["sources"] == files, "the playground's inputs changed: run `make web` and commit syncdsl/web"
    assert info["sources_sha256"] == source_digest(files), (
        "syncdsl/web is older than editor/web or samples/: run `make web` and commit syncdsl/web"
    )
    shipped = sorted(p.relative_to(WEB_OUT).as_posix() for p in WEB_OUT.rglob("*") if p.is_file())
    assert shipped == [
        "assets/LICENSES.txt",
        "assets/playground.css",
        "assets/playground.js",
        "build-info.json",
        "index.html",
    ]


# --- the server -------------------------------------------------------------------------------


@dataclass
class Playground:
    url: str
    ws: str
    proc: subprocess.Popen[str]


def _port_listened_on(port: int) -> bool:
    """Whether a socket listens on ``port`` (SO_REUSEADDR: connections left in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@pytest.fixture(scope="module")
def playground() -> Iterator[Playground]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from syncdsl.cli import main; sys.exit(main())",
            "playground",
            "--port",
            "0",
            "--no-browser",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    first, second = proc.stdout.readline(), proc.stdout.readline()
    page = re.fullmatch(r"syncdsl playground: (http://127\.0\.0\.1:\d+/)\n", first)
    ws = re.fullmatch(r"language server: (ws://127\.0\.0\.1:\d+/) \(Ctrl-C stops both\)\n", second)
    if page is None or ws is None:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        pytest.fail(f"syncdsl playground did not start: {first!r} {second!r} {err}")
    yield Playground(page.group(1), ws.group(1), proc)
    proc.terminate()
    out, err = proc.communicate(timeout=15)
    assert (proc.returncode, out, err) == (0, "stopped\n", "")
    ws_port = int(ws.group(1).rsplit(":", 1)[1].rstrip("/"))
    deadline = time.monotonic() + 5
    while _port_listened_on(ws_port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _port_listened_on(ws_port), "the language server outlived `syncdsl playground`"


def _get(url: str, host: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_serves_the_shipped_page_and_its_config(playground: Playground) -> None:
    index = (WEB_OUT / "index.html").read_bytes()
    assert _get(playground.url) == (200, "text/html; charset=utf-8", index)
    assert _get(playground.url + "index.html") == (200, "text/html; charset=utf-8", index)
    assert _get(playground.url + "assets/playground.js") == (
        200,
        "text/javascript; charset=utf-8",
        (WEB_OUT / "assets" / "playground.js").read_bytes(),
    )
    assert _get(playground.url + "assets/playground.css")[:2] == (200, "text/css; charset=utf-8")
    status, ctype, body = _get(playground.url + "config.json?x=1")
    assert (status, ctype, json.loads(body)) == (
        200,
        "application/json",
        {"ws": playground.ws, "version": syncdsl.__version__},
    )


def test_refuses_unknown_paths_and_foreign_hosts(playground: Playground) -> None:
    assert _get(playground.url + "missing.js") == (404, "text/plain; charset=utf-8", b"not found\n")
    assert _get(playground.url + "assets/../../cli/playground_cmd.py")[0] == 404
    assert _get(playground.url + "%2e%2e/__init__.py")[0] == 404
    assert _get(playground.url, host="attacker.example") == (403, "text/plain; charset=utf-8", b"forbidden host\n")


def _lsp_session(ws_url: str, text: str) -> list[tuple[str, int, int, str]]:
    """initialize, open ``text``, pull its diagnostics, leave; (code, line, character, message) each."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    deadline = time.monotonic() + 20
    while True:  # the listener may still be starting: retry until it accepts
        try:
            socket_ = connect(ws_url, open_timeout=5)
            break
        except (OSError, InvalidStatus):  # refused, or 503 from the previous server while it shuts down
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    with socket_:

        def request(id_: int, method: str, params: dict[str, Any]) -> Any:
            socket_.send(json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params}))
            while True:
                message = json.loads(socket_.recv(timeout=20))
                if message.get("id") == id_ and "method" not in message:
                    assert "error" not in message, message
                    return message["result"]

        def notify(method: str, params: dict[str, Any]) -> None:
            socket_.send(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}))

        capabilities: dict[str, Any] = {"textDocument": {"diagnostic": {}}}
        request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": capabilities})
        notify("initialized", {})
        uri = "untitled:check.sync.yaml"
        document = {"uri": uri, "languageId": "syncdsl", "version": 0, "text": text}
        notify("textDocument/didOpen", {"textDocument": document})
        report = request(2, "textDocument/diagnostic", {"textDocument": {"uri": uri}})
    return [
        (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"])
        for d in report["items"]
    ]


def _core(text: str) -> list[tuple[str, int, int, str]]:
    found = lint_source(text, None, Config()).diagnostics
    return [(d.code, d.span.start.line, d.span.start.column, d.message) for d in found]


def test_language_server_answers_and_comes_back_for_the_next_client(playground: Playground) -> None:
    bad = SAMPLE_TEXT.replace(f"{RECYCLE_PATH}\n", f"{RECYCLE_PATH}{WILDCARD}\n")
    expected = _core(bad)
    assert [code for code, *_ in expected] == ["SD101"]
    assert _lsp_session(playground.ws, bad) == expected
    # The first client left, so that server exited; the playground started another on the same port.
    assert _lsp_session(playground.ws, SAMPLE_TEXT) == []


def test_busy_port_is_a_one_line_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from syncdsl.cli import main; sys.exit(main())",
                "playground",
                "--port",
                str(port),
                "--no-browser",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stdout) == (2, "")
    assert re.fullmatch(rf"error: cannot listen on 127\.0\.0\.1:{port}: .+ \(try --port 0\)\n", result.stderr)


# --- the browser ------------------------------------------------------------------------------


def _chromium() -> str:
    reasons = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the `playwright` Python package is not installed (pip install -e '.[test]')")
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        reasons.append("Chromium is not installed (apt-get install chromium)")
    if reasons:
        message = "; ".join(reasons)
        if IN_CI:
            pytest.fail(f"CI must run the browser test: {message}")
        pytest.skip(message)
    assert found is not None
    return found


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _plain(markdown: str) -> str:
    """A Markdown paragraph as the browser shows its text (no backticks or stars)."""
    return markdown.replace("`", "").replace("**", "")


def test_playground_in_a_real_chromium(playground: Playground, tmp_path: Path, update_fixtures: bool) -> None:
    executable = _chromium()
    from playwright.sync_api import Page, sync_playwright

    def wait_until(page: Page, expression: str) -> None:
        """Poll ``expression`` in the page (not wait_for_function: the page's CSP rightly forbids eval)."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while not page.evaluate(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def settle(page: Page) -> str:
        """Wait until the problems shown belong to the editor's text as it is now; return that text."""
        wait_until(page, "!!(window.playground && window.playground.settled())")
        return str(page.evaluate("window.playground.text()"))

    def problems(page: Page) -> list[tuple[str, int, int, str]]:
        rows = page.eval_on_selector_all(
            "#problems li.problem",
            "rows => rows.map(r => [r.dataset.code, +r.dataset.line, +r.dataset.column, r.dataset.message])",
        )
        return [(code, line - 1, column - 1, message) for code, line, column, message in rows]

    def coords(page: Page, offset: int) -> tuple[float, float]:
        box = page.evaluate(f"window.playground.view.coordsAtPos({offset})")
        return (box["left"] + box["right"]) / 2 + 1, (box["top"] + box["bottom"]) / 2

    failures: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        try:
            page = context.new_page()
            page.on("pageerror", lambda exc: failures.append(f"page error: {exc}"))

            def on_console(message: Any) -> None:
                # If a reconnection attempt is refused the browser reports it itself; the page retries
                # by design. Anything else fails.
                retry = message.text.startswith(f"WebSocket connection to '{playground.ws}' failed")
                if message.type == "error" and not retry:
                    failures.append(f"console {message.type}: {message.text}")

            page.on("console", on_console)
            page.goto(playground.url)
            page.wait_for_selector("#status[data-state=online]", timeout=WAIT_MS)

            # The sample picker lists every sample; choosing one loads it, and it lints clean.
            options = page.eval_on_selector_all("#sample option", "os => os.map(o => o.textContent)")
            assert options == sorted(p.name for p in (ROOT / "samples").glob("*.sync.yaml"))
            page.select_option("#sample", SAMPLE)
            assert settle(page) == SAMPLE_TEXT
            assert page.get_attribute("#problems", "data-count") == "0"
            assert page.inner_text("#sample-title") == SAMPLE_TEXT.splitlines()[0].removeprefix("# ")

            # Hover: the key's documentation, as the core writes it.
            key = SAMPLE_TEXT.index("lifecycle:")
            line = SAMPLE_TEXT.count("\n", 0, key)
            column = key - (SAMPLE_TEXT.rindex("\n", 0, key) + 1)
            found = hover_at(parse(SAMPLE_TEXT), Position(line, column + 2))
            assert found is not None
            page.mouse.move(*coords(page, key + 2))
            tooltip = page.wait_for_selector(".cm-lsp-hover-tooltip", timeout=WAIT_MS)
            assert tooltip is not None
            shown = " ".join(tooltip.inner_text().split())
            for paragraph in found.markdown.split("\n\n"):
                if not paragraph.startswith("- "):
                    assert _plain(paragraph) in shown
            page.mouse.move(5, 5)

            # Type a wildcard at the end of a recycle path: SD101, underlined and listed.
            end = SAMPLE_TEXT.index(RECYCLE_PATH) + len(RECYCLE_PATH)
            page.mouse.click(*coords(page, end))
            page.keyboard.press("End")
            page.keyboard.type(WILDCARD, delay=20)
            page.wait_for_selector("#problems li.problem[data-code=SD101]", timeout=WAIT_MS)
            edited = settle(page)
            assert edited == SAMPLE_TEXT.replace(f"{RECYCLE_PATH}\n", f"{RECYCLE_PATH}{WILDCARD}\n")
            expected = _core(edited)
            assert [code for code, *_ in expected] == ["SD101"]
            assert problems(page) == expected
            marks = page.locator(".cm-lintRange-error")
            assert marks.count() == 1
            assert marks.inner_text() == f"{RECYCLE_PATH}{WILDCARD}"
            (diagnostic,) = lint_source(edited, None, Config()).diagnostics
            assert diagnostic.fix is not None
            row = page.locator("#problems li.problem[data-code=SD101]")
            fixes = row.locator("button.quickfix").evaluate_all("bs => bs.map(b => b.dataset.title)")
            assert fixes == [f"{diagnostic.fix.message} (SD101)", "Disable SD101 on this line"]

            # The lint tooltip offers the same fix; this is the screenshot the docs use.
            page.mouse.move(*coords(page, end + 2))
            lint_tip = page.wait_for_selector(".cm-tooltip-lint", timeout=WAIT_MS)
            assert lint_tip is not None
            assert lint_tip.inner_text().startswith(diagnostic.message)
            shot = tmp_path / "playground.png"
            page.screenshot(path=str(shot))
            assert _png_size(shot) == (WIDTH, HEIGHT)
            if update_fixtures or not SCREENSHOT.exists():
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, SCREENSHOT)
            page.mouse.move(5, 5)

            # Apply the quick fix from the problems list: the path loses its wildcard, SD101 goes.
            row.locator("button.quickfix").first.click()
            page.wait_for_selector("#problems[data-count='0']", timeout=WAIT_MS)
            assert settle(page) == SAMPLE_TEXT
            assert page.locator(".cm-lintRange-error").count() == 0

            # Completion: retype the lifecycle value, accept the server's suggestion with Enter.
            value_start = SAMPLE_TEXT.index("Lifecycle_30Days")
            value_end = value_start + len("Lifecycle_30Days")
            page.mouse.click(*coords(page, value_end))
            page.keyboard.press("End")
            for _ in range(len("Lifecycle_30Days")):
                page.keyboard.press("Backspace")
            # Typing a word opens the list (lsp-client asks the server after a letter, not a digit);
            # the rest of the value narrows the list the server sent.
            page.keyboard.type("Life", delay=30)
            page.wait_for_selector(".cm-tooltip-autocomplete li[aria-selected=true]", timeout=WAIT_MS)
            typed = "Lifecycle_9"
            page.keyboard.type(typed.removeprefix("Life"), delay=30)
            wait_until(page, "document.querySelectorAll('.cm-tooltip-autocomplete li').length === 1")
            offered = page.eval_on_selector_all(
                ".cm-tooltip-autocomplete li .cm-completionLabel", "ls => ls.map(l => l.textContent)"
            )
            partial = SAMPLE_TEXT[:value_start] + typed + SAMPLE_TEXT[value_end:]
            value_line = partial.count("\n", 0, value_start)
            at = Position(value_line, value_start - (partial.rindex("\n", 0, value_start) + 1) + len(typed))
            assert offered == [c.label for c in complete(partial, at) if c.label.startswith(typed)]
            page.keyboard.press("Enter")
            completed = SAMPLE_TEXT.replace("Lifecycle_30Days", "Lifecycle_90Days")
            wait_until(page, f"window.playground.text() === {json.dumps(completed)}")
            assert settle(page) == completed
            assert page.get_attribute("#problems", "data-count") == "0"

            # Fix all: duplicate a recycle path (Shift-Alt-Down copies the line), then apply every safe fix.
            page.mouse.click(*coords(page, end))
            page.keyboard.press("Shift+Alt+ArrowDown")
            page.wait_for_selector("#problems li.problem[data-code=SD111]", timeout=WAIT_MS)
            duplicated = settle(page)
            assert duplicated == completed.replace(f"{RECYCLE_PATH}\n", f"{RECYCLE_PATH}\n        - {RECYCLE_PATH}\n")
            assert problems(page) == _core(duplicated)
            page.click("#fix-all")
            wait_until(page, f"window.playground.text() === {json.dumps(fix_text(duplicated, None, Config()).text)}")
            assert settle(page) == completed

            # Format: the server's formatting, which is the core's formatter. The sample is already
            # formatted, so first widen the space before a new comment; formatting narrows it again.
            lifecycle_end = completed.index("Lifecycle_90Days") + len("Lifecycle_90Days")
            page.mouse.click(*coords(page, lifecycle_end))
            page.keyboard.press("End")
            page.keyboard.type("   # kept for 90 days", delay=10)
            spaced = completed.replace("Lifecycle_90Days\n", "Lifecycle_90Days   # kept for 90 days\n", 1)
            wait_until(page, f"window.playground.text() === {json.dumps(spaced)}")
            settle(page)
            formatted = format_text(spaced)
            assert formatted != spaced
            page.click("#format")
            wait_until(page, f"window.playground.text() === {json.dumps(formatted)}")
            assert settle(page) == formatted
            assert page.get_attribute("#problems", "data-count") == "0"

            # A reload ends the first language server; the playground starts another and the page reconnects.
            page.reload()
            page.wait_for_selector("#status[data-state=online]", timeout=WAIT_MS)
            assert settle(page) == SAMPLE_TEXT
            assert page.input_value("#sample") == SAMPLE
            assert page.get_attribute("#problems", "data-count") == "0"
        finally:
            context.close()
    assert failures == []
