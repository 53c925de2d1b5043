"""Conformance of YAML parsers on the official YAML test suite (tests/yaml_suite/cases.json).

For every case and every parser that imports here: does it accept the input,
and — for valid cases where the suite gives the expected data as JSON — does it
read the same data. Parsers that only give an event stream (libyaml through
PyYAML or ruamel.yaml.clib, the pure-Python parsers) are turned into data by one
shared YAML 1.2 core-schema builder (syncdsl's own scalar resolution), so the
comparison is between parsers, not schemas; libraries that construct data
themselves (libfyaml, yaml-rs) are compared with their own schema. For syncdsl
a case is rejected when the document layer reports SD001 or SD004; its data is
read from the node tree (keys as written: no merge keys in the suite).

    .venv/bin/python bench/yaml_suite.py                 # print the table
    .venv/bin/python bench/yaml_suite.py --write         # also update its section of bench/RESULTS.md
    .venv/bin/python bench/yaml_suite.py --rev cfdce32   # add syncdsl's document layer at a git revision
    .venv/bin/python bench/yaml_suite.py --cases         # list every case where a parser is wrong

Optional parsers are used when they import (PyYAML, rapidyaml, libfyaml,
yaml-rs, yamllint); none is a dependency of syncdsl. Install them anywhere on
``PYTHONPATH``, e.g. ``pip install --target /tmp/yts pyyaml rapidyaml libfyaml
yaml-rs yamllint`` then ``PYTHONPATH=/tmp/yts``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "yaml_suite" / "cases.json"
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN = "<!-- yaml-suite: begin (written by bench/yaml_suite.py --write) -->"
END = "<!-- yaml-suite: end -->"


class NotComparable(Exception):
    """The data cannot be written as JSON (a mapping or sequence used as a key)."""


@dataclass
class Outcome:
    accepted: bool
    docs: list[Any] | None = None  # the data per document, when the parser accepted the input
    comparable: bool = True
    traceback: str | None = None  # an exception that is not the parser's way of rejecting input


@dataclass
class Tally:
    name: str
    note: str = ""
    caught: int = 0
    invalid: int = 0
    rejected: int = 0
    valid: int = 0
    different: int = 0
    compared: int = 0
    tracebacks: int = 0
    seconds: float = 0.0
    wrong: dict[str, list[str]] = field(default_factory=lambda: {"missed": [], "rejected": [], "different": []})


# --- one data builder for event streams --------------------------------------------------------


def _scalar(event: Any) -> Any:
    from syncdsl.document import CORE_TAG_PREFIX, _tagged_value, resolve_plain

    tag, style = event.tag, event.style or ""
    if tag is None or tag == "!" and style:
        return resolve_plain(event.value) if style == "" else event.value
    if tag.startswith(CORE_TAG_PREFIX) or tag == "!":
        return _tagged_value(tag, event.value)
    return event.value


def _hashable(key: Any) -> Any:
    if isinstance(key, (dict, list)):
        raise NotComparable
    return key


def data_from_events(events: Iterable[Any]) -> list[Any]:
    """Documents as plain data from a PyYAML- or ruamel-shaped event stream (no recursion)."""
    docs: list[Any] = []
    anchors: dict[str, Any] = {}
    stack: list[list[Any]] = []  # [container, pending key, has key]
    root: list[Any] = []

    def add(value: Any) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        elif not top[2]:
            top[1], top[2] = value, True
        else:
            top[0][_hashable(top[1])] = value
            top[1], top[2] = None, False

    for event in events:
        kind = type(event).__name__
        if kind == "ScalarEvent":
            value = _scalar(event)
            if event.anchor:
                anchors[event.anchor] = value
            add(value)
        elif kind == "AliasEvent":
            add(anchors[event.anchor])
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            container: Any = {} if kind == "MappingStartEvent" else []
            if event.anchor:
                anchors[event.anchor] = container
            add(container)
            stack.append([container, None, False])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
        elif kind == "DocumentStartEvent":
            root, anchors = [], {}
        elif kind == "DocumentEndEvent":
            docs.append(root[0] if root else None)
    return docs


def _events_outcome(events: Callable[[str], Iterable[Any]], errors: tuple[type[BaseException], ...]) -> Any:
    def run(text: str) -> Outcome:
        try:
            stream = list(events(text))
        except errors:
            return Outcome(False)
        try:
            return Outcome(True, data_from_events(stream))
        except NotComparable:
            return Outcome(True, comparable=False)

    return run


# --- the parsers -------------------------------------------------------------------------------


def _syncdsl_node_data(node: Any) -> Any:
    from syncdsl.nodes import MappingNode, ScalarNode, SequenceNode

    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [_syncdsl_node_data(n) for n in node.items]
    if isinstance(node, MappingNode):
        out = {}
        for key, value in node.pairs:
            if not isinstance(key, ScalarNode):
                raise NotComparable
            out[key.value] = _syncdsl_node_data(value)
        return out
    raise TypeError(node)


def _syncdsl(parse: Callable[..., Any]) -> Callable[[str], Outcome]:
    def run(text: str) -> Outcome:
        parsed = parse(text)  # never raises: any exception is a traceback
        if any(d.code in ("SD001", "SD004") for d in parsed.all_diagnostics()):
            return Outcome(False)
        try:
            return Outcome(True, [_syncdsl_node_data(d.root) for d in parsed.documents])
        except NotComparable:
            return Outcome(True, comparable=False)

    return run


def _document_at(rev: str) -> Any:
    """syncdsl/document.py as it was at a git revision, imported as its own module."""
    source = subprocess.run(
        ["git", "show", f"{rev}:syncdsl/document.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    name = f"syncdsl_document_{rev.replace('.', '_').replace('-', '_')}"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source, f"{rev}:syncdsl/document.py", "exec"), module.__dict__)  # noqa: S102 - our own file
    return module


def _ruamel(pure: bool) -> Callable[[str], Outcome]:
    from ruamel.yaml.error import YAMLError

    if pure:
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        return _events_outcome(lambda text: yaml.parse(text), (YAMLError,))

    from syncdsl import yaml_events

    return _events_outcome(lambda text: yaml_events.drain(yaml_events.c_parser(text)), (YAMLError,))


def _conformant() -> Callable[[str], Outcome]:
    from ruamel.yaml.error import YAMLError

    from syncdsl import yaml_events

    return _events_outcome(lambda text: yaml_events.drain(yaml_events.conformant_parser(text)), (YAMLError,))


def _pyyaml(c: bool) -> Callable[[str], Outcome]:
    import yaml

    loader = yaml.CSafeLoader if c else yaml.SafeLoader
    return _events_outcome(lambda text: yaml.parse(text, Loader=loader), (yaml.YAMLError,))


def _ryml() -> Callable[[str], Outcome]:
    import ryml

    from syncdsl.document import CORE_TAG_PREFIX, _tagged_value, resolve_plain

    def scalar(text: bytes | memoryview | None, quoted: bool, tag: bytes | None) -> Any:
        value = "" if text is None else bytes(text).decode("utf-8")
        if tag is not None:
            name = bytes(tag).decode("utf-8")
            name = CORE_TAG_PREFIX + name[2:] if name.startswith("!!") else name
            if name.startswith("<") and name.endswith(">"):
                name = name[1:-1]
            return _tagged_value(name, value) if name.startswith(CORE_TAG_PREFIX) else value
        return value if quoted else resolve_plain(value)

    def node(tree: Any, i: int) -> Any:
        if tree.is_map(i):
            out = {}
            for c in ryml.children(tree, i):
                key = _hashable(
                    scalar(
                        tree.key(c),
                        tree.is_key_quoted(c) or tree.is_key_literal(c) or tree.is_key_folded(c),
                        tree.key_tag(c) if tree.has_key_tag(c) else None,
                    )
                    if tree.has_key(c)
                    else None
                )
                out[key] = value(tree, c)
            return out
        if tree.is_seq(i):
            return [value(tree, c) for c in ryml.children(tree, i)]
        return value(tree, i)

    def value(tree: Any, i: int) -> Any:
        if tree.is_map(i) or tree.is_seq(i):
            return node(tree, i)
        if not tree.has_val(i):
            return None
        styled = tree.is_val_quoted(i) or tree.is_val_literal(i) or tree.is_val_folded(i)
        if tree.val_is_null(i) and not styled:
            return None
        return scalar(tree.val(i), styled, tree.val_tag(i) if tree.has_val_tag(i) else None)

    def run(text: str) -> Outcome:
        try:
            tree = ryml.parse_in_arena(text.encode("utf-8"))
            tree.resolve()
        except (ryml.ExceptionParse, ryml.ExceptionBasic, ryml.ExceptionVisit, RuntimeError):
            return Outcome(False)
        try:
            root = tree.root_id()
            if tree.is_stream(root):
                docs = [node(tree, d) for d in ryml.children(tree, root)]
            else:
                docs = [node(tree, root)]
            return Outcome(True, docs)
        except NotComparable:
            return Outcome(True, comparable=False)

    return run


def _libfyaml() -> Callable[[str], Outcome]:
    import libfyaml

    def run(text: str) -> Outcome:
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                docs = libfyaml.loads_all(text)
        except ValueError:
            return Outcome(False)
        try:
            return Outcome(True, [d.to_python() if hasattr(d, "to_python") else d for d in docs])
        except (TypeError, NotComparable):
            return Outcome(True, comparable=False)

    return run


def _yaml_rs() -> Callable[[str], Outcome]:
    import yaml_rs

    def run(text: str) -> Outcome:
        try:
            data = yaml_rs.loads(text, parse_datetime=False)
        except (yaml_rs.YAMLDecodeError, ValueError):
            return Outcome(False)
        # One document comes back as itself, several as a list: compared both ways below.
        return Outcome(True, ["__yaml_rs__", data])

    return run


def _yamllint() -> Callable[[str], Outcome]:
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    conf = YamlLintConfig("extends: relaxed")

    def run(text: str) -> Outcome:
        problems = list(linter.run(text, conf))
        return Outcome(not any(p.level == "error" and p.rule is None for p in problems), comparable=False)

    return run


def parsers(revs: list[str]) -> list[tuple[str, str, Callable[[], Callable[[str], Outcome]]]]:
    from syncdsl import document

    out: list[tuple[str, str, Callable[[], Callable[[str], Outcome]]]] = [
        ("syncdsl (this checkout)", "`syncdsl.document.parse`", lambda: _syncdsl(document.parse)),
    ]
    for rev in revs:
        out.append(
            (f"syncdsl at {rev}", f"`document.parse` of `{rev}`", lambda rev=rev: _syncdsl(_document_at(rev).parse))
        )
    out += [
        ("syncdsl conformant parser alone", "`yaml_events.conformant_parser` events", _conformant),
        ("ruamel.yaml.clib (libyaml, C)", "`ruamel.yaml.cyaml.CParser` events", lambda: _ruamel(pure=False)),
        ("ruamel.yaml pure-Python parser", "`YAML(typ='safe', pure=True).parse`", lambda: _ruamel(pure=True)),
        ("PyYAML libyaml (C)", "`yaml.parse(Loader=CSafeLoader)`", lambda: _pyyaml(c=True)),
        ("PyYAML pure-Python parser", "`yaml.parse(Loader=SafeLoader)`", lambda: _pyyaml(c=False)),
        ("rapidyaml (C++)", "`ryml.parse_in_arena` tree", _ryml),
        ("libfyaml (C)", "`libfyaml.loads_all`, own schema", _libfyaml),
        ("yaml-rs (Rust)", "`yaml_rs.loads`, own schema", _yaml_rs),
        ("yamllint", "`yamllint.linter.run`, syntax errors only", _yamllint),
    ]
    return out


# --- comparison --------------------------------------------------------------------------------


def expected_docs(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return docs
        value, i = decoder.raw_decode(text, i)
        docs.append(value)


def _jsonish(value: Any) -> Any:
    """Data as JSON would hold it: keys as strings, NaN comparable."""
    if isinstance(value, dict):
        return {_key(k): _jsonish(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonish(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, str)):
        return value
    return str(value)  # a date or other constructed value


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(_jsonish(key))


def same_data(docs: list[Any], expected: list[Any]) -> bool:
    if docs and docs[0] == "__yaml_rs__":  # yaml-rs: one document, or a list of them
        data = docs[1]
        ok = _jsonish(data) == expected[0] if len(expected) == 1 else False
        return ok or (isinstance(data, list) and _jsonish(data) == expected)
    ours = [d for d in docs]
    # The suite writes no JSON for an empty document; a parser gives null for it.
    if len(ours) != len(expected):
        ours = [d for d in ours if d is not None]
    return _jsonish(ours) == expected


def measure(run: Callable[[str], Outcome], tally: Tally, cases: list[dict[str, Any]]) -> None:
    start = time.perf_counter()
    for case in cases:
        try:
            outcome = run(case["yaml"])
        except Exception as exc:  # noqa: BLE001 - a traceback is a result here
            outcome = Outcome(False, traceback=f"{type(exc).__name__}: {exc}")
        if outcome.traceback:
            tally.tracebacks += 1
            tally.wrong.setdefault("tracebacks", []).append(f"{case['id']} {outcome.traceback[:80]}")
        if case["fail"]:
            tally.invalid += 1
            if not outcome.accepted:
                tally.caught += 1
            else:
                tally.wrong["missed"].append(case["id"])
            continue
        tally.valid += 1
        if not outcome.accepted:
            tally.rejected += 1
            tally.wrong["rejected"].append(case["id"])
            continue
        if case["json"] is None or not outcome.comparable or outcome.docs is None:
            continue
        tally.compared += 1
        if not same_data(outcome.docs, expected_docs(case["json"])):
            tally.different += 1
            tally.wrong["different"].append(case["id"])
    tally.seconds = time.perf_counter() - start


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001 - informational only
        return "?"


VERSIONS = {
    "ruamel.yaml.clib": "ruamel.yaml.clib",
    "ruamel.yaml pure": "ruamel.yaml",
    "PyYAML": "PyYAML",
    "rapidyaml": "rapidyaml",
    "libfyaml": "libfyaml",
    "yaml-rs": "yaml-rs",
    "yamllint": "yamllint",
}


def table(tallies: list[Tally], total: int) -> str:
    valid = tallies[0].valid
    invalid = tallies[0].invalid
    compared = tallies[0].compared
    lines = [
        "| parser | how | invalid cases caught | valid cases wrongly rejected "
        "| valid cases read as different data | tracebacks | time, all cases |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in tallies:
        diff = "n/a" if t.compared == 0 else f"{t.different}/{t.compared}"
        lines.append(
            f"| {t.name} | {t.note} | {t.caught}/{invalid} | {t.rejected}/{valid} | {diff} | {t.tracebacks} "
            f"| {t.seconds * 1000:.0f} ms |"
        )
    lines.append("")
    lines.append(
        f'{total} cases: {valid} valid, {invalid} invalid. "Read as different data" counts the accepted valid'
        f" cases with JSON in the suite ({compared} for syncdsl) whose data differs; its denominator is how many"
        " were compared."
    )
    return "\n".join(lines)


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{platform.system()} {platform.release()}, {cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="update the YAML test suite section of bench/RESULTS.md")
    ap.add_argument("--rev", action="append", default=[], help="also measure syncdsl's document layer at REV")
    ap.add_argument("--cases", action="store_true", help="list the cases each parser gets wrong")
    ap.add_argument("--only", action="append", default=[], help="only parsers whose name contains this")
    args = ap.parse_args(argv)

    suite = json.loads(CASES.read_text(encoding="utf-8"))
    cases = suite["cases"]
    tallies: list[Tally] = []
    skipped: list[str] = []
    for name, note, factory in parsers(args.rev):
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        try:
            run = factory()
        except ImportError as exc:
            skipped.append(f"{name} ({exc.name or exc} not installed)")
            continue
        tally = Tally(name, note)
        measure(run, tally, cases)
        tallies.append(tally)
    report = table(tallies, len(cases))
    versions = ", ".join(f"{label} {_version(dist)}" for label, dist in VERSIONS.items() if _version(dist) != "?")
    print(report)
    if skipped:
        print("\nnot measured: " + "; ".join(skipped))
    if args.cases:
        for t in tallies:
            print(f"\n## {t.name}")
            for what, ids in t.wrong.items():
                if ids:
                    print(f"- {what} ({len(ids)}): {' '.join(ids)}")
    if args.write:
        section = "\n".join(
            [
                BEGIN,
                "## YAML test suite conformance",
                "",
                f"Every case of the official YAML test suite ({suite['source']}, the JSON form of the upstream"
                " release data-2022-01-17, vendored in `tests/yaml_suite/`), parse-only and, where the suite"
                " gives JSON, data equality. Event-stream parsers are turned into data by one shared YAML 1.2"
                " core-schema builder; libfyaml and yaml-rs use their own. syncdsl rejects a case when it"
                " reports SD001 or SD004. `syncdsl at REV` is the document layer of an earlier commit (cfdce32:"
                " 0.1.0's, libyaml alone); `syncdsl (this checkout)` is libyaml first and the conformant parser"
                " of `syncdsl/yaml_events.py` where libyaml rejects or may misread the text. Times are the whole"
                " suite in one warm process.",
                "",
                f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
                f"- Machine: {machine()}",
                f"- Command: `PYTHONPATH=/tmp/yts .venv/bin/python bench/yaml_suite.py --write"
                f"{''.join(' --rev ' + r for r in args.rev)}` (optional parsers installed with"
                " `pip install --target /tmp/yts pyyaml rapidyaml libfyaml yaml-rs yamllint`)",
                f"- Versions: {versions}",
                "",
                report,
                "",
                END,
            ]
        )
        text = RESULTS.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + section + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
