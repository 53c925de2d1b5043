"""End-to-end: the built .vsix in a real VS Code (code-server), driven in headless Chromium.

code-server 4.100.x (VS Code 1.100 in a browser, from the npm registry; ``make
code-server`` installs it into a cache folder, see
editor/vscode/e2e/install-code-server.sh) gets the .vsix with
``--install-extension``, exactly as a user installs it, and nothing else: no
syncdsl setting, no Python extension, and on ``PATH`` a ``python3`` that has
neither syncdsl nor pygls (ours first; VS Code may prefer the login shell's
``PATH``, whose ``/usr/bin/python3`` has neither either). The server log must
say the bundled syncdsl runs. Playwright drives Debian's Chromium through one
session on a sample with three mistakes and checks what a person would see:

1. the SD101 squiggle under exactly the wildcard path (the characters of
   line 6 from column 36, measured on the rendered text), and the Problems
   panel listing SD101, SD301 and SD303 at their lines and columns;
2. a setting reaching the server: writing ``syncdsl.severity`` into the
   workspace's .vscode/settings.json turns SD303 from a warning into an info;
3. the quick fix for SD301 (``Ctrl+.``, "Change to `standard`") applied;
4. Format Document, saved: the file equals what ``syncdsl fmt`` makes of it;
5. completion opening while a key is typed (no ``Ctrl+Space``): the
   extension's ``configurationDefaults`` make that work in YAML strings;
6. "syncdsl: Restart server": the server comes back and nothing was logged
   as an error.

A screenshot after each step is kept in ``test-artifacts/vscode-e2e/`` (or
``$SYNCDSL_TEST_ARTIFACTS/vscode-e2e``). Without code-server, Chromium or
Playwright the test skips, except in CI (``CI`` set), where .ci/run installs
them and the test must run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.editor_sample import SAMPLE
from tests.vscode_build import build_vsix

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
CODE_SERVER_VERSION = os.environ.get("CODE_SERVER_VERSION", "4.100.3")
CACHE = Path(
    os.environ.get("SYNCDSL_E2E_CACHE", Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "syncdsl-e2e")
)
ARTIFACTS = Path(os.environ.get("SYNCDSL_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "vscode-e2e"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 60_000  # a bound for a hung step; a working one takes about a second
WIDTH, HEIGHT = 1400, 900

# VS Code shows 1-based lines and columns: `/home/wuying/cache/*.tmp` starts at code point 35 of line 6.
PROBLEMS = {
    "SD101": ("Error", "[Ln 6, Col 36]"),
    "SD301": ("Error", "[Ln 11, Col 13]"),
    "SD303": ("Warning", "[Ln 4, Col 3]"),
}
WILDCARD_LINE, WILDCARD_START, WILDCARD_END = 6, 35, 59  # 1-based line, 0-based code-point columns

# Only what keeps the browser session quiet; nothing about syncdsl or the editor's behaviour.
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "update.mode": "none",
    "chat.disableAIFeatures": True,
}


def _need(what: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the VS Code test: {what}")
    pytest.skip(what)


def _code_server() -> Path:
    explicit = os.environ.get("SYNCDSL_CODE_SERVER")
    if explicit:
        return Path(explicit)
    prefix = CACHE / f"code-server-{CODE_SERVER_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "code-server"
    if not (prefix / ".installed").is_file() or not binary.exists():
        _need(f"code-server {CODE_SERVER_VERSION} is not installed in {prefix} (make code-server)")
    return binary


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        _need("Chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _need("Playwright is not installed (the test extra)")
    assert found is not None
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _base_python() -> Path:
    """The interpreter this virtual environment was made from: it has neither syncdsl nor pygls."""
    base = Path(getattr(sys, "_base_executable", sys.executable))
    if not base.is_file() or Path(sys.prefix) in base.parents:
        base = Path(sys.base_prefix) / "bin" / "python3"
    return base


class Session:
    """A code-server process with its own user data, extensions and workspace."""

    def __init__(self, root: Path, code_server: Path, vsix: Path) -> None:
        self.root = root
        self.workspace = root / "workspace"
        self.workspace.mkdir()
        self.sample = self.workspace / "team.sync.yaml"
        self.sample.write_text(SAMPLE, encoding="utf-8")
        self.user_data = root / "user-data"
        (self.user_data / "User").mkdir(parents=True)
        (self.user_data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
        self.extensions = root / "extensions"
        # The user's PATH: python3 without syncdsl, node (code-server runs on it), the system's tools.
        bin_dir = root / "bin"
        bin_dir.mkdir()
        (bin_dir / "python3").symlink_to(_base_python())
        node = shutil.which("node")
        assert node is not None
        venv_bin = str(Path(sys.executable).parent)
        rest = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
        self.env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("SYNCDSL_")}
        self.env.update(
            PATH=os.pathsep.join([str(bin_dir), str(Path(node).parent), *rest]),
            HOME=str(root / "home"),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_DATA_HOME=str(root / "data"),
            SYNCDSL_LSP_DEBOUNCE="0.05",
        )
        self.code_server = code_server
        install = subprocess.run(
            [*self._base_args(), "--install-extension", str(vsix)],
            capture_output=True,
            text=True,
            timeout=300,
            env=self.env,
        )
        assert install.returncode == 0, install.stdout + install.stderr
        assert "was successfully installed" in install.stdout, install.stdout
        self.port = _free_port()
        self.log = root / "code-server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def _base_args(self) -> list[str]:
        return [
            str(self.code_server),
            "--user-data-dir",
            str(self.user_data),
            "--extensions-dir",
            str(self.extensions),
        ]

    def start(self) -> str:
        args = [
            *self._base_args(),
            "--auth",
            "none",
            "--bind-addr",
            f"127.0.0.1:{self.port}",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            "--ignore-last-opened",
            str(self.workspace),
        ]
        self.proc = subprocess.Popen(args, stdout=self.log.open("wb"), stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"code-server exited:\n{self.log.read_text(errors='replace')[-4000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return f"http://127.0.0.1:{self.port}/?folder={self.workspace}"
            time.sleep(0.2)
        raise AssertionError(f"code-server did not listen:\n{self.log.read_text(errors='replace')[-4000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    code_server = _code_server()
    _chromium()
    vsix = build_vsix()
    s = Session(tmp_path, code_server, vsix)
    try:
        yield s
    finally:
        s.stop()


# --- page helpers -----------------------------------------------------------------------------------

# The pixel box of code points [start, end) of the rendered editor line whose line number is `line`, and of
# every squiggle drawn on that line.
_MEASURE = """
([line, start, end]) => {
  const editor = document.querySelector('.monaco-editor');
  const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
  const number = numbers.find((n) => n.textContent.trim() === String(line));
  if (!number) return null;
  const top = number.getBoundingClientRect().top;
  const row = [...editor.querySelectorAll('.view-lines .view-line')]
    .find((v) => Math.abs(v.getBoundingClientRect().top - top) < 2);
  if (!row) return null;
  // Walk the text nodes: offsets count UTF-16 units, which for this line are code points.
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, begun = false, node;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (!begun && start <= seen + length) { range.setStart(node, start - seen); begun = true; }
    if (begun && end <= seen + length) { range.setEnd(node, end - seen); break; }
    seen += length;
  }
  const text = range.getBoundingClientRect();
  const squiggles = [...editor.querySelectorAll('.view-overlays .cdr[class*="squiggly-"]')]
    .map((e) => ({ cls: e.className, box: e.getBoundingClientRect() }))
    .filter((s) => s.box.top < text.bottom && s.box.bottom > text.top)
    .map((s) => ({ cls: s.cls, left: s.box.left, width: s.box.width }));
  return { text: range.toString(), left: text.left, width: text.width, squiggles, line: row.textContent };
}
"""

_PROBLEMS = """
() => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
  .map((r) => ({ label: r.getAttribute('aria-label') || '', text: r.innerText }))
"""


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _wait(page: Any, what: str, predicate: str, arg: Any = None) -> Any:
    try:
        return page.wait_for_function(predicate, arg=arg, timeout=WAIT_MS, polling=100).json_value()
    except Exception as exc:
        _shot(page, f"failed-{re.sub(r'[^a-z0-9]+', '-', what.lower())}")
        raise AssertionError(f"timed out waiting for {what}") from exc


def _problems(page: Any) -> dict[str, tuple[str, str]]:
    """Problems panel rows by rule code: (severity word of the row's label, the `[Ln, Col]` shown)."""
    out = {}
    for row in page.evaluate(_PROBLEMS):
        code = re.search(r"\bSD\d{3}\b", row["text"])
        where = re.search(r"\[Ln \d+, Col \d+\]", row["text"])
        if code and where:
            out[code.group(0)] = (row["label"].split(":", 1)[0], where.group(0))
    return out


def _command(page: Any, title: str) -> None:
    """Run a command from the command palette by its exact title."""
    page.keyboard.press("F1")
    page.wait_for_selector(".quick-input-widget .quick-input-box input", timeout=WAIT_MS)
    page.keyboard.type(title, delay=20)
    row = page.locator(".quick-input-widget .monaco-list-row", has_text=title).first
    row.wait_for(timeout=WAIT_MS)
    _wait(
        page,
        f"the palette to offer {title}",
        """(title) => {
          const first = document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name');
          return first !== null && first.textContent.trim() === title;
        }""",
        title,
    )
    page.keyboard.press("Enter")


def _go_to(page: Any, line: int, column: int) -> None:
    page.keyboard.press("Control+G")
    page.wait_for_selector(".quick-input-widget .quick-input-box input", timeout=WAIT_MS)
    page.keyboard.type(f"{line}:{column}")
    page.keyboard.press("Enter")
    _wait(
        page,
        f"the cursor at {line}:{column}",
        """(want) => [...document.querySelectorAll('.statusbar-item')].some((e) => e.innerText.trim() === want)""",
        f"Ln {line}, Col {column}",
    )


def _fmt(text: str, cwd: Path) -> str:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "syncdsl"), "fmt", "-", "--stdin-filename", "team.sync.yaml"],
        input=text,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if not k.startswith("SYNCDSL_")},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_vsix_in_a_real_vscode(session: Session) -> None:
    from playwright.sync_api import sync_playwright

    url = session.start()
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(session.root / "chromium"),
            executable_path=_chromium(),
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(url, timeout=WAIT_MS)
            page.wait_for_selector(".monaco-workbench", timeout=WAIT_MS)
            page.wait_for_selector(".explorer-folders-view .monaco-list-row", timeout=WAIT_MS)

            # Open the sample; the server starts and its diagnostics are drawn.
            page.keyboard.press("Control+P")
            page.wait_for_selector(".quick-input-widget .quick-input-box input", timeout=WAIT_MS)
            page.keyboard.type("team.sync.yaml")
            page.locator(".quick-input-widget .monaco-list-row", has_text="team.sync.yaml").first.wait_for()
            page.keyboard.press("Enter")
            _wait(page, "the SD101 squiggle", "() => document.querySelector('.squiggly-error') !== null")
            _wait(
                page,
                "the syncdsl status item",
                """() => [...document.querySelectorAll('.statusbar-item')]
                     .some((e) => e.innerText.trim() === 'syncdsl' && e.querySelector('.codicon-check'))""",
            )

            # 1. The squiggle sits exactly under the wildcard path.
            box = page.evaluate(_MEASURE, [WILDCARD_LINE, WILDCARD_START, WILDCARD_END])
            assert box is not None and box["text"] == "/home/wuying/cache/*.tmp", box
            errors = [s for s in box["squiggles"] if "squiggly-error" in s["cls"]]
            assert len(errors) == 1, box
            assert abs(errors[0]["left"] - box["left"]) < 1.5, (errors[0], box)
            assert abs(errors[0]["width"] - box["width"]) < 2.5, (errors[0], box)
            page.keyboard.press("Control+Shift+M")
            page.wait_for_selector(".markers-panel .monaco-list-row", timeout=WAIT_MS)
            _wait(
                page, "three problems", "() => document.querySelectorAll('.markers-panel .monaco-list-row').length >= 4"
            )
            assert _problems(page) == PROBLEMS
            _shot(page, "1-diagnostics-and-problems")

            # 2. A workspace setting reaches the server (workspace/configuration): SD303 becomes an info.
            (session.workspace / ".vscode").mkdir()
            (session.workspace / ".vscode" / "settings.json").write_text(
                json.dumps({"syncdsl.severity": {"SD303": "info"}}), encoding="utf-8"
            )
            _wait(
                page,
                "SD303 as an info",
                """() => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
                     .some((r) => r.innerText.includes('SD303')
                                  && (r.getAttribute('aria-label') || '').startsWith('Info'))""",
            )
            assert _problems(page) == {**PROBLEMS, "SD303": ("Info", "[Ln 4, Col 3]")}
            _shot(page, "2-setting-reached-the-server")

            # 3. The quick fix for SD301.
            page.locator(".monaco-editor .view-lines").first.click()
            _go_to(page, 11, 14)
            page.keyboard.press("Control+.")
            title = "Change to `standard` (SD301)"
            page.locator(".action-widget .monaco-list-row", has_text=title).first.wait_for(timeout=WAIT_MS)
            _shot(page, "3-quick-fix-offered")
            for _ in range(6):  # the keyboard picks the entry, as a user would (the list starts on the first fix)
                focused = page.evaluate(
                    "() => document.querySelector('.action-widget .monaco-list-row.focused')?.innerText ?? ''"
                )
                if title in focused:
                    break
                page.keyboard.press("ArrowDown")
            assert title in focused, focused
            page.keyboard.press("Enter")
            _wait(
                page,
                "the fix applied",
                """() => [...document.querySelectorAll('.view-lines .view-line')]
                     .some((v) => v.textContent.replace(/\\u00a0/g, ' ').trim() === 'policy: standard')""",
            )
            _wait(
                page,
                "SD301 to go away",
                """() => ![...document.querySelectorAll('.markers-panel .monaco-list-row')]
                     .some((r) => r.innerText.includes('SD301'))""",
            )

            # 4. Format Document, then save: the file is what `syncdsl fmt` makes of the fixed text.
            _command(page, "Format Document")
            fixed = SAMPLE.replace("policy: standrd", "policy: standard")
            expected = _fmt(fixed, session.workspace)
            assert expected != fixed
            page.keyboard.press("Control+S")
            deadline = time.monotonic() + WAIT_MS / 1000
            while session.sample.read_text(encoding="utf-8") != expected and time.monotonic() < deadline:
                time.sleep(0.2)
            assert session.sample.read_text(encoding="utf-8") == expected
            _shot(page, "4-formatted-and-saved")

            # 5. Completion opens while a key is typed: replace `lifecycle: ...` by typing `lif`.
            line = expected.splitlines().index("      lifecycle: Lifecycle_1Day") + 1
            _go_to(page, line, 7)
            page.keyboard.press("Shift+End")
            page.keyboard.type("lif", delay=150)
            _wait(
                page,
                "the completion list while typing",
                """() => {
                  const widget = document.querySelector('.editor-widget.suggest-widget.visible');
                  return widget !== null && [...widget.querySelectorAll('.monaco-list-row .label-name')]
                    .some((l) => l.textContent.trim() === 'lifecycle');
                }""",
            )
            _shot(page, "5-completion-while-typing")
            page.keyboard.press("Escape")

            # 6. Restart: the server comes back, and the log shows no error.
            _command(page, "syncdsl: Restart server")
            _wait(
                page,
                "the restarted server",
                """() => [...document.querySelectorAll('.statusbar-item')]
                     .some((e) => e.innerText.trim() === 'syncdsl' && e.querySelector('.codicon-check'))""",
            )
            _command(page, "syncdsl: Show server log")
            log = _wait(
                page,
                "the server log after the restart",
                """() => {
                  const view = document.querySelector('.panel .output-view, .panel [id*="output"]');
                  const text = view ? view.innerText.replace(/\\u00a0/g, ' ') : '';
                  return (text.match(/\\[syncdsl\\] starting /g) || []).length >= 2 ? text : null;
                }""",
            )
            _shot(page, "6-restarted-server-log")
            assert "the server stopped (exit code 0)" in log, log
            assert "[Error" not in log and "exited with code" not in log, log
            assert "bundled (" in log and "YAML parser: libyaml (C)" in log, log
        finally:
            context.close()
