"""Language-server latency: syncdsl's server next to yaml-language-server, through one client harness.

What an editor user waits for, measured the same way for both servers (a minimal JSON-RPC client on
asyncio pipes, no pygls, identical for both):

- start-up: spawning the server until its answer to ``initialize`` arrives (fresh process each time,
  the two servers interleaved);
- edit -> diagnostics: on the 5,000-line corpus file, ``didChange`` until the ``publishDiagnostics``
  for that version arrives, one edit at a time with the server idle, *including any debounce* the
  server applies (syncdsl has none by default; yaml-language-server uses its defaults);
- typing: a burst of edits 30 ms apart, from the last edit to the diagnostics of the last version
  (information: it shows that edits arriving during a lint are coalesced);
- completion and hover: request -> response;
- sizes: edit -> diagnostics at several file sizes, for the plot (``bench/plot.py``).

yaml-language-server (bench/node_modules, ``npm install`` in bench/) is given ``syncdsl schema`` as the
JSON Schema of ``*.sync.yaml``. syncdsl is the ``syncdsl lsp`` console script next to this interpreter:
run it from ``bench/.venv`` (a wheel install, see bench/bench_venv.py), as ``make bench-lsp`` does.

Usage: python bench/lsp_bench.py [--edits N] [--starts N] [--no-yaml-ls] [--no-sizes] [--no-write]
Writes its section of bench/RESULTS.md (between its markers) and bench/out/lsp.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus" / "large-5k.sync.yaml"
YAML_LS = BENCH / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
RESULTS = BENCH / "RESULTS.md"
OUT = BENCH / "out"
BIN = Path(sys.executable).parent
BEGIN = "<!-- bench/lsp_bench.py: begin -->"
END = "<!-- bench/lsp_bench.py: end -->"
TYPING_GAP = 0.03  # seconds between the keystrokes of the typing burst
TYPING_KEYS = 10

# (label, key, limit): the targets for the language server.
TARGET_DIAG_RATIO = 0.3
TARGET_DIAG_P95_MS = 100.0
TARGET_START_RATIO = 1.0
TARGET_REQUEST_P95_MS = 20.0


class Client:
    """Just enough LSP client: requests with ids, notifications, and answers to server requests."""

    def __init__(self, process: asyncio.subprocess.Process, settings: dict[str, Any]) -> None:
        self.process = process
        self.settings = settings
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.published: list[tuple[float, dict[str, Any]]] = []
        self.published_event = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = await stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(await stream.readexactly(length))
            now = time.perf_counter()
            if "id" in message and "method" in message:
                self._answer(message)
            elif "id" in message:
                future = self.pending.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result((now, message))
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.published.append((now, message["params"]))
                self.published_event.set()

    def _answer(self, message: dict[str, Any]) -> None:
        method = message["method"]
        result: Any = None
        if method == "workspace/configuration":
            result = [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params: Any) -> tuple[float, Any]:
        """Send a request; return (seconds until the answer, result)."""
        self.next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        received, message = await asyncio.wait_for(future, 120)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return received - sent, message.get("result")

    def notify(self, method: str, params: Any) -> float:
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return sent

    async def published_after(self, uri: str, since: int, version: int | None) -> float:
        """Arrival time of the first diagnostics for ``uri`` after index ``since`` (matching ``version`` if sent)."""
        while True:
            for arrived, params in self.published[since:]:
                if params["uri"] == uri and (params.get("version") is None or params.get("version") == version):
                    return arrived
            self.published_event.clear()
            await asyncio.wait_for(self.published_event.wait(), 120)


CAPABILITIES: dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
    "textDocument": {
        "synchronization": {"didSave": True, "dynamicRegistration": True},
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
        "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown"]}},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
}




async def start(command: list[str], env: dict[str, str], settings: dict[str, Any], root: Path) -> tuple[Client, float]:
    """A started server and the seconds from spawning it to the answer to ``initialize``."""
    spawned = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env,
        cwd=root,
        limit=2**24,
    )
    client = Client(process, settings)
    await client.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": CAPABILITIES, "workspaceFolders": None},
    )
    answered = time.perf_counter() - spawned
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": settings})
    return client, answered


async def stop(client: Client) -> None:
    try:
        await client.request("shutdown", None)
        client.notify("exit", None)
        await asyncio.wait_for(client.process.wait(), 10)
    except (asyncio.TimeoutError, RuntimeError, ConnectionError):
        client.process.kill()
        await client.process.wait()
    client.reader.cancel()


def _positions(lines: list[str], needle: str, count: int) -> list[tuple[int, int]]:
    """``count`` (line, column) places just after ``needle``, spread over the file."""
    found = [(n, line.index(needle) + len(needle)) for n, line in enumerate(lines) if needle in line]
    step = max(1, len(found) // max(1, count))
    return found[::step][:count]


class Editor:
    """One open document on one server: flip values, wait for the diagnostics of each version."""

    def __init__(self, client: Client, uri: str, text: str) -> None:
        self.client = client
        self.uri = uri
        self.lines = text.split("\n")
        self.version = 1

    async def open(self) -> float:
        since = len(self.client.published)
        sent = self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": self.uri, "languageId": "yaml", "version": 1, "text": "\n".join(self.lines)}},
        )
        return await self.client.published_after(self.uri, since, 1) - sent

    def flip(self, line: int, column: int) -> float:
        """Flip ``true``/``false`` at (line, column); the time it was sent."""
        old = self.lines[line][column:]
        new = "false" if old.startswith("true") else "true"
        self.version += 1
        sent = self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + len(old)},
                        },
                        "text": new,
                    }
                ],
            },
        )
        self.lines[line] = self.lines[line][:column] + new
        return sent

    async def edit(self, line: int, column: int) -> float:
        since = len(self.client.published)
        sent = self.flip(line, column)
        return await self.client.published_after(self.uri, since, self.version) - sent


async def measure(name: str, client: Client, text: str, uri: str, edits: int) -> dict[str, Any]:
    editor = Editor(client, uri, text)
    out: dict[str, Any] = {"open": await editor.open(), "diagnostics": [], "typing": [], "completion": [], "hover": []}
    await asyncio.sleep(0.3)  # let any trailing work of the open settle
    targets = _positions(editor.lines, "auto_upload: ", edits + TYPING_KEYS)
    assert len(targets) >= edits + TYPING_KEYS, f"{name}: need {edits + TYPING_KEYS} places to edit"
    for line, column in targets[:edits]:
        out["diagnostics"].append(await editor.edit(line, column))
        await asyncio.sleep(0.05)  # an idle server between edits, as between a user's pauses
    # Typing: keystrokes 30 ms apart; the user waits from the last one to its diagnostics.
    for _ in range(3):
        since = len(client.published)
        for line, column in targets[edits : edits + TYPING_KEYS]:
            sent = editor.flip(line, column)
            await asyncio.sleep(TYPING_GAP)
        arrived = await client.published_after(uri, since, editor.version)
        out["typing"].append(arrived - sent)
        await asyncio.sleep(0.3)
    document = {"uri": uri}
    for line, column in _positions(editor.lines, "upload_mode: ", edits)[:edits]:
        took, result = await client.request(
            "textDocument/completion", {"textDocument": document, "position": {"line": line, "character": column}}
        )
        items = result.get("items", []) if isinstance(result, dict) else result or []
        assert any(i["label"] == "Archive" for i in items), f"{name}: no enum completion at {line}:{column}"
        out["completion"].append(took)
    for line, column in _positions(editor.lines, "lifecycle: ", edits)[:edits]:
        took, result = await client.request(
            "textDocument/hover", {"textDocument": document, "position": {"line": line, "character": column - 4}}
        )
        assert result, f"{name}: no hover at {line}:{column - 4}"
        out["hover"].append(took)
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds; p95 by the nearest-rank method."""
    ordered = sorted(samples)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
    return statistics.median(ordered) * 1000, ordered[rank - 1] * 1000


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = "-"
    if shutil.which("node"):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "system": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "nproc": str(nproc),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "node": node,
    }


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def yaml_ls_version() -> str:
    try:
        return str(json.loads((YAML_LS.parent.parent / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def syncdsl_command() -> list[str]:
    exe = BIN / "syncdsl"
    if exe.is_file():
        return [str(exe), "lsp"]
    return [sys.executable, "-I", "-c", "import sys; from syncdsl.cli import main; sys.exit(main(['lsp']))"]


def servers(work: Path, with_yaml_ls: bool) -> list[tuple[str, str, list[str], dict[str, str], dict[str, Any]]]:
    """(key, label, command, environment, settings) of each server."""
    schema = work / "syncdsl.schema.json"
    if not schema.exists():
        exe = BIN / "syncdsl"
        cmd = [str(exe), "schema"] if exe.is_file() else [sys.executable, "-I", "-m", "syncdsl", "schema"]
        schema.write_text(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=work).stdout)
    env = {k: v for k, v in os.environ.items() if k not in ("SYNCDSL_LSP_DEBOUNCE", "PYTHONDONTWRITEBYTECODE")}
    out: list[tuple[str, str, list[str], dict[str, str], dict[str, Any]]] = [
        ("syncdsl", "syncdsl lsp", syncdsl_command(), env, {"syncdsl": {}})
    ]
    if with_yaml_ls:
        yaml_settings = {
            "yaml": {
                "validate": True,
                "completion": True,
                "hover": True,
                "schemas": {schema.as_uri(): ["*.sync.yaml"]},
                "schemaStore": {"enable": False},
            }
        }
        out.append(
            ("yaml-ls", f"yaml-language-server {yaml_ls_version()}", ["node", str(YAML_LS), "--stdio"], env,
             yaml_settings)
        )
    return out


async def _startups(runs: list[tuple[str, str, list[str], dict[str, str], dict[str, Any]]], work: Path,
                    starts: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {key: [] for key, *_ in runs}
    for i in range(starts + 1):  # the first round is a warm-up (byte code, disk cache)
        for key, _, command, env, settings in runs:
            client, answered = await start(command, env, settings, work)
            await stop(client)
            if i:
                out[key].append(answered)
    return out


async def collect_async(edits: int, starts: int, with_yaml_ls: bool, sizes: dict[int, Path]) -> dict[str, Any]:
    text = CORPUS.read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="syncdsl-lsp-bench-"))
    try:
        runs = servers(work, with_yaml_ls)
        data: dict[str, Any] = {
            "servers": {key: label for key, label, *_ in runs},
            "commands": {key: " ".join(command) for key, _, command, *_ in runs},
            "load_start": load(),
            "edits": edits,
            "starts": starts,
            "lines": text.count("\n"),
        }
        data["startup"] = await _startups(runs, work, starts)
        target = work / "large-5k.sync.yaml"
        target.write_text(text, encoding="utf-8")
        data["measured"] = {}
        for key, _, command, env, settings in runs:
            client, _ = await start(command, env, settings, work)
            try:
                data["measured"][key] = await measure(key, client, text, target.as_uri(), edits)
            finally:
                await stop(client)
        data["sizes"] = {}
        for lines, path in sorted(sizes.items()):
            sized = work / f"lines-{lines}.sync.yaml"
            sized_text = path.read_text(encoding="utf-8")
            sized.write_text(sized_text, encoding="utf-8")
            for key, _, command, env, settings in runs:
                client, _ = await start(command, env, settings, work)
                try:
                    editor = Editor(client, sized.as_uri(), sized_text)
                    await editor.open()
                    await asyncio.sleep(0.2)
                    times = []
                    for line, column in _positions(editor.lines, "auto_upload: ", 5):
                        times.append(await editor.edit(line, column))
                        await asyncio.sleep(0.05)
                    data["sizes"].setdefault(key, {})[str(lines)] = statistics.median(times)
                finally:
                    await stop(client)
        data["load_end"] = load()
        return data
    finally:
        shutil.rmtree(work, ignore_errors=True)


def collect(edits: int = 40, starts: int = 10, with_yaml_ls: bool = True,
            sizes: dict[int, Path] | None = None) -> dict[str, Any]:
    if not CORPUS.exists():
        subprocess.run([sys.executable, str(BENCH / "gen_corpus.py")], check=True)
    data = asyncio.run(collect_async(edits, starts, with_yaml_ls, sizes or {}))
    data["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    data["machine"] = machine()
    OUT.mkdir(exist_ok=True)
    (OUT / "lsp.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return data


def targets(data: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(what, value, met or None for information) for each of the issue's language-server targets."""
    out: list[tuple[str, str, bool | None]] = []
    ours = data["measured"]["syncdsl"]
    theirs = data["measured"].get("yaml-ls")
    med, p95 = summary(ours["diagnostics"])
    if theirs is not None:
        tmed, tp95 = summary(theirs["diagnostics"])
        ratio = med / tmed
        out.append((
            f"LSP edit → diagnostics, 5,000 lines, debounce included: syncdsl / yaml-language-server (median)"
            f" ≤ {TARGET_DIAG_RATIO}",
            f"{med:.0f} ms / {tmed:.0f} ms = {ratio:.2f}",
            ratio <= TARGET_DIAG_RATIO,
        ))
    out.append((f"LSP edit → diagnostics p95, 5,000 lines ≤ {TARGET_DIAG_P95_MS:.0f} ms", f"{p95:.0f} ms",
                p95 <= TARGET_DIAG_P95_MS))
    smed = statistics.median(data["startup"]["syncdsl"]) * 1000
    if "yaml-ls" in data["startup"]:
        tsmed = statistics.median(data["startup"]["yaml-ls"]) * 1000
        ratio = smed / tsmed
        out.append((
            f"LSP start-up (initialize answered): syncdsl / yaml-language-server (median) ≤ {TARGET_START_RATIO:g}",
            f"{smed:.0f} ms / {tsmed:.0f} ms = {ratio:.2f}",
            ratio <= TARGET_START_RATIO,
        ))
    for key, what in (("completion", "completion"), ("hover", "hover")):
        _, rp95 = summary(ours[key])
        out.append((f"LSP {what} p95, 5,000 lines ≤ {TARGET_REQUEST_P95_MS:.0f} ms", f"{rp95:.1f} ms",
                    rp95 <= TARGET_REQUEST_P95_MS))
    return out


def report(data: dict[str, Any], command: str) -> str:
    labels = data["servers"]
    m = data["machine"]
    lines = [
        BEGIN,
        "## Language server (`make bench-lsp`)",
        "",
        f"- Date: {data['date']}; load average (1/5/15 min) {data['load_start']} at the start,"
        f" {data['load_end']} at the end",
        f"- Machine: {m['system']}, CPU {m['cpu']}, nproc {m['nproc']}; Python {m['python']}; node {m['node']}",
        f"- Command: `{command}`",
        *(f"- {labels[k]}: `{c}`" for k, c in data["commands"].items()),
        f"- Document: `bench/corpus/large-5k.sync.yaml` ({data['lines']:,} lines); {data['edits']} edits one at a"
        " time (each flips one `auto_upload` value, then 50 ms idle), 3 typing bursts"
        f" ({TYPING_KEYS} edits {TYPING_GAP * 1000:.0f} ms apart, timed from the last one), {data['edits']}"
        f" completions (after `upload_mode: `), {data['edits']} hovers (on `lifecycle`); start-up: {data['starts']}"
        " fresh processes of each server, interleaved, after one warm-up round",
        "- syncdsl lints an idle document at once, with no debounce; edits that arrive while a lint runs are"
        " coalesced into one lint of the newest text, which re-parses only the policies or contexts the edits"
        " touched (`syncdsl/incremental.py`; schema, model and rules run on the whole tree). yaml-language-server"
        " runs with its defaults and `syncdsl schema` as the file's JSON Schema.",
        "",
        "| server | start-up: initialize answered (median / p95) | didOpen → diagnostics |"
        " edit → diagnostics (median / p95) | typing burst: last edit → diagnostics (median) |"
        " completion (median / p95) | hover (median / p95) |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, samples in data["measured"].items():
        smed, sp95 = summary(data["startup"][key])
        cells = [labels[key], f"{smed:.0f} / {sp95:.0f} ms", f"{samples['open'] * 1000:.0f} ms"]
        dmed, dp95 = summary(samples["diagnostics"])
        cells.append(f"{dmed:.0f} / {dp95:.0f} ms")
        cells.append(f"{summary(samples['typing'])[0]:.0f} ms")
        for name in ("completion", "hover"):
            rmed, rp95 = summary(samples[name])
            cells.append(f"{rmed:.1f} / {rp95:.1f} ms")
        lines.append("| " + " | ".join(cells) + " |")
    if data.get("sizes"):
        sizes = sorted({int(n) for per in data["sizes"].values() for n in per})
        lines += [
            "",
            "Edit → diagnostics by file size (median of 5 edits; the plot's editor panel):",
            "",
            "| server | " + " | ".join(f"{n:,} lines" for n in sizes) + " |",
            "|---|" + "---|" * len(sizes),
        ]
        for key, per in data["sizes"].items():
            row = [f"{per[str(n)] * 1000:.0f} ms" if str(n) in per else "—" for n in sizes]
            lines.append(f"| {labels[key]} | " + " | ".join(row) + " |")
    lines += ["", "| target | value | verdict |", "|---|---|---|"]
    for what, value, met in targets(data):
        lines.append(f"| {what} | {value} | {'✓ met' if met else '✗ not met'} |")
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write_section(section: str, begin: str = BEGIN, end: str = END, after: str | None = None) -> None:
    """Replace the text between ``begin`` and ``end`` in RESULTS.md, leaving every other section alone.

    Without the markers the section goes right after the ``after`` marker's end (or the title).
    """
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    section = section.rstrip("\n")
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        updated = head + section + rest.split(end, 1)[1]
    elif after is not None and after in current:
        head, rest = current.split(after, 1)
        updated = head + after + "\n\n" + section + rest
    else:
        title_end = current.find("\n\n")
        title_end = len(current) if title_end == -1 else title_end
        updated = current[:title_end] + "\n\n" + section + "\n" + current[title_end:]
    RESULTS.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40, help="edits, completions and hovers per server (>= 20)")
    parser.add_argument("--starts", type=int, default=10, help="fresh processes per server for start-up")
    parser.add_argument("--no-yaml-ls", action="store_true", help="measure syncdsl only")
    parser.add_argument("--no-sizes", action="store_true", help="skip the file-size sweep")
    parser.add_argument("--no-write", action="store_true", help="print without updating bench/RESULTS.md")
    args = parser.parse_args(argv)
    with_yaml_ls = not args.no_yaml_ls
    if with_yaml_ls and not YAML_LS.exists():
        print("yaml-language-server is missing: run `npm install` in bench/ (or pass --no-yaml-ls)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(BENCH))
    import run as cli_bench  # the sized files are shared with the CLI benchmark

    sizes = {} if args.no_sizes else cli_bench.sized_files(cli_bench.LSP_SIZES)
    data = collect(args.edits, args.starts, with_yaml_ls, sizes)
    shown = "make bench-lsp" if os.environ.get("MAKELEVEL") else " ".join(["python bench/lsp_bench.py", *sys.argv[1:]])
    section = report(data, f"{shown} (runs `{_shown_python()} bench/lsp_bench.py`)")
    print(section)
    if not args.no_write:
        write_section(section, after=cli_bench.END)
    return 0


def _shown_python() -> str:
    exe = Path(sys.executable)
    return str(exe.relative_to(ROOT)) if exe.is_relative_to(ROOT) else str(exe)


if __name__ == "__main__":
    sys.exit(main())
