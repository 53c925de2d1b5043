"""Export: resolved contexts as the SDK's wire JSON, or as Python code that builds the SDK objects.

The JSON is :meth:`syncdsl.api.Document.to_wire`: a list of
``{"context_id", "path", "policy"?, "beta_wait_for_completion"?}`` where
``policy`` is the object the SDK serialises (``SyncPolicy.__dict__()``) — the
tests compare it with the real SDK's request. Ids only: a document that names
a context by ``context_name`` has no JSON form offline, and ``export_json``
refuses it with one line naming those contexts (see :func:`export_json`). The
JSON is the persistence list only: ``image_id`` is not part of it (the Python
form passes it to ``CreateSessionParams``). The Python form imports from
``agentbay`` (the SDK's public package) and writes only non-default
arguments, one variable per named policy that a context uses; inline
policies are written in place. Running it builds objects equal to
:meth:`Document.to_sdk`.
"""

from __future__ import annotations

import enum
import json
import keyword
import os
import re
import stat
from pathlib import Path
from typing import Any

from syncdsl import model as m
from syncdsl.api import Document, SyncDslError
from syncdsl.records import fields, record

_WIDTH = 100  # lines of generated code stay within this where they can


class UnresolvedNamesError(SyncDslError):
    """JSON was asked for a document that names contexts by ``context_name``: their ids are not known offline."""


def unresolved_names(document: Document) -> list[str]:
    """```team` (line 4)`` for each context named by name, in document order (each name once)."""
    out: dict[str, str] = {}
    for model in document.models:
        for entry in model.named():
            if entry.by_name and entry.context_name is not None and entry.context_name not in out:
                line = (entry.context_name_node or entry.node).span.start.line + 1
                out[entry.context_name] = f"`{entry.context_name}` (line {line})"
    return list(out.values())


def export_json(document: Document, agent_bay: Any = None) -> str:
    """The wire JSON of every context, indented, with a final newline.

    The wire form holds context ids. A document that names contexts by
    ``context_name`` is refused with :class:`UnresolvedNamesError` unless
    ``agent_bay`` (an ``agentbay.AgentBay`` client) is given to look the ids up:
    syncdsl never guesses an id and never calls the service on its own.
    """
    names = unresolved_names(document)
    if names and agent_bay is None:
        raise UnresolvedNamesError(
            "contexts named by `context_name` have no id until the service looks them up: "
            + ", ".join(names)
            + "; export with --format python (the code looks them up), or use Document.to_wire(agent_bay)"
        )
    return json.dumps(document.to_wire(agent_bay), indent=2, ensure_ascii=False) + "\n"


# --- Python ---------------------------------------------------------------------------


@record
class _Call:
    name: str
    args: list[tuple[str, Any]]


@record
class _Name:
    name: str


def _py_value(value: Any, imports: set[str]) -> Any:
    if isinstance(value, enum.Enum):
        cls = type(value).__name__
        imports.add(cls)
        return _Name(f"{cls}.{value.name}")
    if isinstance(value, list):
        return [_py_value(v, imports) for v in value]
    if isinstance(value, m.WhiteList):
        return _section_call(value, imports, always=("path",))
    return value


def _section_call(section: Any, imports: set[str], always: tuple[str, ...] = ()) -> _Call:
    cls = type(section).__name__
    imports.add(cls)
    defaults = type(section)()
    args = [
        (f.name, _py_value(getattr(section, f.name), imports))
        for f in fields(section)
        if f.name in always or getattr(section, f.name) != getattr(defaults, f.name)
    ]
    return _Call(cls, args)


def policy_call(policy: m.SyncPolicy, imports: set[str]) -> _Call:
    """``SyncPolicy(...)`` with only the sections that differ from what ``__post_init__`` would set."""
    imports.add("SyncPolicy")
    base = m.SyncPolicy()
    args: list[tuple[str, Any]] = []
    for name in m.SECTIONS:
        section = getattr(policy, name)
        if section is None or section == getattr(base, name):
            continue
        always = ("white_lists",) if name == "bw_list" else ("path",) if name == "mapping_policy" else ()
        args.append((name, _section_call(section, imports, always)))
    return _Call("SyncPolicy", args)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        text = repr(value)
        # Prefer double quotes like most Python style guides; safe when the text holds neither quote.
        if text.startswith("'") and '"' not in value:
            text = '"' + text[1:-1] + '"'
        return text
    return repr(value)


def _argument(key: str, value: Any) -> str:
    return f"{key}={_flat(value)}" if key else _flat(value)


def _flat(node: Any) -> str:
    if isinstance(node, _Call):
        return f"{node.name}(" + ", ".join(_argument(k, v) for k, v in node.args) + ")"
    if isinstance(node, _Name):
        return node.name
    if isinstance(node, list):
        return "[" + ", ".join(_flat(v) for v in node) + "]"
    return _literal(node)


def _render(node: Any, indent: int, lead: str, tail: str = "", explode: bool = False) -> list[str]:
    """Lines for ``lead + node + tail`` at ``indent``: one line when it fits (and not ``explode``), else one
    argument per line."""
    pad = " " * indent
    flat = _flat(node)
    fits = len(pad) + len(lead) + len(flat) + len(tail) <= _WIDTH and not explode
    if fits or not isinstance(node, (_Call, list)) or (isinstance(node, list) and not node):
        return [f"{pad}{lead}{flat}{tail}"]
    if isinstance(node, _Call):
        opener, closer = f"{node.name}(", ")"
        items: list[tuple[str, Any]] = [(f"{k}=" if k else "", v) for k, v in node.args]
    else:
        opener, closer = "[", "]"
        items = [("", v) for v in node]
    lines = [f"{pad}{lead}{opener}"]
    for item_lead, value in items:
        lines.extend(_render(value, indent + 4, item_lead, ","))
    lines.append(f"{pad}{closer}{tail}")
    return lines


_SDK_NAMES = {
    "BetaContextMount", "BetaContextMountAccessMode", "BetaContextMountStrategy", "CreateSessionParams",
    "BrowserContext", "BrowserSyncMode", "ExtensionOption", "BrowserFingerprintContext",
    "BWList", "ContextSync", "DeletePolicy", "DownloadPolicy", "DownloadStrategy", "ExtractPolicy", "Lifecycle",
    "MappingPolicy", "RecyclePolicy", "SyncPolicy", "UploadMode", "UploadPolicy", "UploadStrategy", "WhiteList",
}


# Names the generated code itself uses.
_RESERVED = {
    "context_syncs", "agent_bay", "context_id", "AgentBay", "beta_context_mounts", "session_params", "browser_context",
}


def _variable(name: str, taken: set[str]) -> str:
    """A Python identifier for a policy name that clashes with no import, keyword or other variable."""
    stem = re.sub(r"\W", "_", name)
    if not stem.isidentifier() or keyword.iskeyword(stem) or stem in _SDK_NAMES or stem in _RESERVED:
        stem = f"{stem}_policy"
    var, n = stem, 1
    while var in taken:
        n += 1
        var = f"{stem}_{n}"
    taken.add(var)
    return var


_LOOKUP_FUNCTION = [
    "agent_bay = AgentBay()  # the API key comes from AGENTBAY_API_KEY",
    "",
    "",
    "def context_id(name: str, create: bool = False) -> str:",
    '    """The id of the context called `name`; with `create=True` the service creates it when missing."""',
    "    result = agent_bay.context.get(name=name, create=create)",
    "    if not result.success or result.context is None:",
    '        raise RuntimeError(f"context {name!r}: {result.error_message}")',
    "    return result.context.id",
]


def export_python(document: Document, source_name: str | None = None) -> str:
    """Python code that builds the SDK's ``ContextSync`` objects as a list named ``context_syncs``.

    A document with ``mounts`` also gets ``beta_context_mounts`` (``BetaContextMount``
    objects), one with ``browser_context`` gets ``browser_context`` (a ``BrowserContext``,
    from which the SDK derives its own syncs), and one with any of them or ``image_id``
    gets ``session_params``, the ``CreateSessionParams`` holding them all.

    A context named by ``context_name`` gets its id from the service when the code
    runs: the code creates an ``AgentBay`` client and calls
    ``agent_bay.context.get(name=..., create=...)`` once per name.
    """
    imports: set[str] = set()
    taken: set[str] = set()
    variables: dict[tuple[int, str], str] = {}
    definitions: list[str] = []
    ids = _name_variables(document, taken)
    items: list[_Call] = []
    for index, model in enumerate(document.models):
        for decl in model.contexts:
            sync = model.context_sync(decl)
            args: list[tuple[str, Any]] = [("context_id", _id_arg(sync, ids)), ("path", sync.path)]
            if sync.policy is not None:
                args.append(("policy", _policy_arg(model, index, decl, sync.policy, imports, taken, variables,
                                                   definitions)))
            if sync.beta_wait_for_completion is not None:
                args.append(("beta_wait_for_completion", sync.beta_wait_for_completion))
            items.append(_Call("ContextSync", args))
            imports.add("ContextSync")
    mounts = [_mount_call(mount, ids, imports) for mount in document.mounts]
    image = document.image_id
    browser = document.browser_context
    browser_call = None if browser is None else _browser_call(browser, ids, imports)
    session = bool(mounts) or image is not None or browser is not None
    if session:
        imports.add("CreateSessionParams")
    header = "Generated by `syncdsl export --format python`" + (f" from {source_name}" if source_name else "")
    out = [f"# {_one_line(header)}.", "# Edit the syncdsl file and export again rather than editing this."]
    if ids:
        imports.add("AgentBay")
    names = sorted(imports)
    line = f"from agentbay import {', '.join(names)}"
    if len(line) <= _WIDTH:
        out.append(line)
    else:
        out.extend(["from agentbay import (", *(f"    {n}," for n in names), ")"])
    out.append("")
    if ids:
        out.extend(_LOOKUP_FUNCTION)
        out.extend(["", ""])
        for (name, create), var in ids.items():
            call = _Call("context_id", [("", name)] + ([("create", True)] if create else []))
            out.extend(_render(call, 0, f"{var} = "))
        out.append("")
    if definitions:
        out.extend(definitions)
        out.append("")
    out.extend(_render(items, 0, "context_syncs = ", explode=True))
    if mounts:
        out.extend(["", *_render(mounts, 0, "beta_context_mounts = ", explode=True)])
    if browser_call is not None:
        out.extend(["", *_render(browser_call, 0, "browser_context = ")])
    if session:
        params: list[tuple[str, Any]] = [] if image is None else [("image_id", image)]
        params.append(("context_syncs", _Name("context_syncs")))
        if mounts:
            params.append(("beta_context_mounts", _Name("beta_context_mounts")))
        if browser_call is not None:
            params.append(("browser_context", _Name("browser_context")))
        out.extend(["", *_render(_Call("CreateSessionParams", params), 0, "session_params = ")])
    return "\n".join(out) + "\n"


def _browser_call(browser: m.BrowserContext, ids: dict[tuple[str, bool], str], imports: set[str]) -> _Call:
    """``BrowserContext(...)`` with its non-default options; the SDK derives its own syncs from it."""
    imports.add("BrowserContext")
    args: list[tuple[str, Any]] = [("context_id", _id_arg(browser, ids))]
    if not browser.auto_upload:
        args.append(("auto_upload", False))
    if browser.sync_mode is not m.BrowserSyncMode.STANDARD:
        args.append(("sync_mode", _py_value(browser.sync_mode, imports)))
    ext = browser.extension_option
    if ext is not None:
        imports.add("ExtensionOption")
        option = [("context_id", _id_arg(ext, ids)), ("extension_ids", list(ext.extension_ids))]
        args.append(("extension_option", _Call("ExtensionOption", option)))
    fp = browser.fingerprint_context
    if fp is not None:
        imports.add("BrowserFingerprintContext")
        args.append(("fingerprint_context",
                     _Call("BrowserFingerprintContext", [("fingerprint_context_id", _id_arg(fp, ids))])))
    return _Call("BrowserContext", args)


def _mount_call(mount: m.BetaContextMount, ids: dict[tuple[str, bool], str], imports: set[str]) -> _Call:
    """``BetaContextMount(...)`` with the id (or the variable holding it), the path and the non-default fields."""
    imports.add("BetaContextMount")
    args: list[tuple[str, Any]] = [("context_id", _id_arg(mount, ids)), ("path", mount.path)]
    base = m.BetaContextMount("", "")
    for name in ("access_mode", "strategy", "source_path"):
        value = getattr(mount, name)
        if value != getattr(base, name):
            args.append((name, _py_value(value, imports)))
    return _Call("BetaContextMount", args)


def _name_variables(document: Document, taken: set[str]) -> dict[tuple[str, bool], str]:
    """One variable per context name, holding its id when the code runs: ``{(name, create): variable}``."""
    taken.update(("agent_bay", "context_id"))
    return {(name, create): _variable(f"{name}_id", taken) for name, create in document.context_names}


def _id_arg(entry: m.ContextSync | m.BetaContextMount | m.BrowserContext | m.ExtensionOption
            | m.FingerprintContext, ids: dict[tuple[str, bool], str]) -> Any:
    if not entry.unresolved:
        return entry.context_id
    return next(_Name(var) for (name, _), var in ids.items() if name == entry.context_name)


def _policy_arg(
    model: m.Model,
    index: int,
    decl: m.ContextDecl,
    policy: m.SyncPolicy,
    imports: set[str],
    taken: set[str],
    variables: dict[tuple[int, str], str],
    definitions: list[str],
) -> Any:
    ref = decl.policy_ref
    if ref is None or ref.name not in model.policies:
        return policy_call(policy, imports)
    key = (index, ref.name)
    if key not in variables:
        variables[key] = _variable(ref.name, taken)
        definitions.extend(_render(policy_call(policy, imports), 0, f"{variables[key]} = "))
    return _Name(variables[key])


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- writing -------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename.

    Not :func:`syncdsl.safe_write.safe_write`: that one refuses text that is not
    YAML, which Python code is not. OSError on failure; the temporary file is gone.
    """
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
