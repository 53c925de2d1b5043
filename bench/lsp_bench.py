"""Language-server latency: syncdsl's server next to yaml-language-server, through one client harness.

On the 5,000-line corpus file, for each server:

- diagnostics: the time from sending ``didChange`` to receiving the ``publishDiagnostics``
  that answers it, over N edits. syncdsl runs twice: with its default debounce (what an
  editor sees) and with the debounce set to 0 (the work itself; the difference is the
  debounce). yaml-language-server runs with its defaults, given ``syncdsl schema`` as the
  JSON Schema of the file.
- completion and hover: request -> response, N times each, at positions that have an answer.

The harness is a minimal JSON-RPC client on asyncio pipes (no pygls), identical for both
servers. Results go to stdout and are appended to bench/RESULTS.md under their own heading.

Usage: python bench/lsp_bench.py [--edits N] [--no-yaml-ls] [--no-write]
Needs: the corpus (bench/gen_corpus.py) and ``npm install`` in bench/ for yaml-language-server.
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
HEADING = "## Language server (`make bench-lsp`)"


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


async def start(command: list[str], env: dict[str, str], settings: dict[str, Any], root: Path) -> Client:
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env,
        limit=2**24,
    )
    client = Client(process, settings)
    await client.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": CAPABILITIES, "workspaceFolders": None},
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": settings})
    return client


async def stop(client: Client) -> None:
    try:
        await client.request("shutdown", None)
        client.notify("exit", None)
        await asyncio.wait_for(client.process.wait(), 10)
    except (asyncio.TimeoutError, RuntimeError, ConnectionError):
        client.process.kill()
    client.reader.cancel()


def _positions(lines: list[str], needle: str, count: int) -> list[tuple[int, int]]:
    """``count`` (line, column) places just after ``needle``, spread over the file."""
    found = [(n, line.index(needle) + len(needle)) for n, line in enumerate(lines) if needle in line]
    step = max(1, len(found) // count)
    return found[::step][:count]


async def measure(name: str, client: Client, text: str, uri: str, edits: int) -> dict[str, list[float]]:
    lines = text.split("\n")
    version = 1
    since = len(client.published)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}},
    )
    await client.published_after(uri, since, version)
    out: dict[str, list[float]] = {"diagnostics": [], "completion": [], "hover": []}
    # Edits: flip `auto_upload: true` <-> `false` at places spread over the file; each is a real change.
    targets = _positions(lines, "auto_upload: ", edits)
    assert len(targets) >= edits, f"{name}: need {edits} places to edit"
    for n, (line, column) in enumerate(targets[:edits]):
        old = lines[line][column:]
        new = "false" if old.startswith("true") else "true"
        version += 1
        since = len(client.published)
        sent = client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
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
        lines[line] = lines[line][:column] + new
        arrived = await client.published_after(uri, since, version)
        out["diagnostics"].append(arrived - sent)
        if n == 0:
            await asyncio.sleep(0.3)  # let any trailing work of the first edit settle
    document = {"uri": uri}
    for line, column in _positions(lines, "upload_mode: ", edits)[:edits]:
        took, result = await client.request(
            "textDocument/completion", {"textDocument": document, "position": {"line": line, "character": column}}
        )
        items = result.get("items", []) if isinstance(result, dict) else result or []
        assert any(i["label"] == "Archive" for i in items), f"{name}: no enum completion at {line}:{column}"
        out["completion"].append(took)
    for line, column in _positions(lines, "lifecycle: ", edits)[:edits]:
        took, result = await client.request(
            "textDocument/hover", {"textDocument": document, "position": {"line": line, "character": column - 4}}
        )
        assert result, f"{name}: no hover at {line}:{column - 4}"
        out["hover"].append(took)
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def machine() -> str:
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
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs{load}; "
        f"Python {platform.python_version()}; node {node}"
    )


def yaml_ls_version() -> str:
    try:
        return json.loads((YAML_LS.parent.parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


async def run(edits: int, with_yaml_ls: bool) -> tuple[list[tuple[str, dict[str, list[float]]]], float]:
    text = CORPUS.read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="syncdsl-lsp-bench-"))
    target = work / "large-5k.sync.yaml"
    target.write_text(text, encoding="utf-8")
    uri = target.as_uri()
    schema = work / "syncdsl.schema.json"
    schema.write_text(
        subprocess.run([sys.executable, "-c", "from syncdsl.cli import main; main(['schema'])"],
                       capture_output=True, text=True, check=True, cwd=ROOT).stdout,
        encoding="utf-8",
    )
    syncdsl = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main(['lsp']))"]
    from lsp_server.server import DEFAULT_DEBOUNCE

    runs: list[tuple[str, list[str], dict[str, str], dict[str, Any]]] = [
        ("syncdsl (debounce 0)", syncdsl, {**os.environ, "SYNCDSL_LSP_DEBOUNCE": "0"}, {"syncdsl": {}}),
        (f"syncdsl (default debounce {DEFAULT_DEBOUNCE * 1000:.0f} ms)", syncdsl, dict(os.environ), {"syncdsl": {}}),
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
        runs.append((f"yaml-language-server {yaml_ls_version()}", ["node", str(YAML_LS), "--stdio"],
                     dict(os.environ), yaml_settings))
    results = []
    for name, command, env, settings in runs:
        client = await start(command, env, settings, work)
        try:
            results.append((name, await measure(name, client, text, uri, edits)))
        finally:
            await stop(client)
    shutil.rmtree(work, ignore_errors=True)
    return results, DEFAULT_DEBOUNCE


def report(results: list[tuple[str, dict[str, list[float]]]], edits: int, debounce: float) -> str:
    rows = ["| server | didChange → diagnostics (median / p95) | completion | hover |", "|---|---|---|---|"]
    for name, samples in results:
        cells = [name]
        for key in ("diagnostics", "completion", "hover"):
            median, p95 = summary(samples[key])
            cells.append(f"{median:.1f} / {p95:.1f} ms")
        rows.append("| " + " | ".join(cells) + " |")
    lines = [
        HEADING,
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M')}; machine: {machine()}",
        f"- command: `make bench-lsp` (`{Path(sys.executable).name} bench/lsp_bench.py --edits {edits}`)",
        f"- document: `bench/corpus/large-5k.sync.yaml` ({len(CORPUS.read_text().splitlines()):,} lines);"
        f" {edits} edits (each flips one `auto_upload` value), {edits} completions (after `upload_mode: `),"
        f" {edits} hovers (on `lifecycle`)",
        f"- syncdsl's default debounce is {debounce * 1000:.0f} ms: the `debounce 0` row is the work itself,"
        " the default row what an editor waits for",
        "",
        *rows,
    ]
    ours = next((s for n, s in results if n.startswith("syncdsl (debounce 0)")), None)
    theirs = next((s for n, s in results if n.startswith("yaml-language-server")), None)
    if ours is not None and theirs is not None:
        ratio_p95 = summary(theirs["diagnostics"])[1] / summary(ours["diagnostics"])[1]
        ratio_median = summary(theirs["diagnostics"])[0] / summary(ours["diagnostics"])[0]
        lines += [
            "",
            f"Diagnostics work: yaml-language-server / syncdsl = {ratio_median:.1f}x (median),"
            f" {ratio_p95:.1f}x (p95).",
        ]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    """Replace our section of RESULTS.md (or append it), leaving every other section alone."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = current.find(HEADING)
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + section
    else:
        end = current.find("\n## ", start + len(HEADING))
        updated = current[:start] + section + ("" if end == -1 else current[end:])
    RESULTS.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=25, help="edits, completions and hovers per server (>= 20)")
    parser.add_argument("--no-yaml-ls", action="store_true", help="measure syncdsl only")
    parser.add_argument("--no-write", action="store_true", help="print without updating bench/RESULTS.md")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        subprocess.run([sys.executable, str(BENCH / "gen_corpus.py")], check=True)
    with_yaml_ls = not args.no_yaml_ls
    if with_yaml_ls and not YAML_LS.exists():
        print("yaml-language-server is missing: run `npm install` in bench/ (or pass --no-yaml-ls)", file=sys.stderr)
        return 2
    results, debounce = asyncio.run(run(args.edits, with_yaml_ls))
    section = report(results, args.edits, debounce)
    print(section)
    if not args.no_write:
        write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
