"""Explain: every context's resolved policy, field by field, with where each value came from.

The same facts feed three outputs: ``syncdsl explain`` text, its JSON, and the
Markdown the language server shows on hover (:func:`explain_context`,
:func:`explain_policy`). A value either comes from the file — the ``file:line``
of the value that set it, and the ``extends`` chain it travelled through — or
is the SDK default.

JSON (``syncdsl explain --format json``) is a list, one object per context
sync and then one per context mount, document by document::

    {
      "kind": "sync",                      # or "mount" (an entry of `mounts`)
      "document": 1,                       # 1-based YAML document of the file
      "context_id": "SdkCtx-0123abcd",     # null when missing or named by name
      "context_name": null,                # the name, when the context is named by `context_name`
      "create": false,                     # with a name: whether the lookup may create it
      "path": "/home/wuying/data",         # null when missing
      "line": 14,                          # 1-based line of the context item
      "policy": null                       # no policy: the SDK sends none
             | {"name": "strict",          # the name used by `policy:`; null for an inline policy
                "defined": true,           # false: the name is not defined (nothing resolved, no fields)
                "chain": ["strict", "standard"]},   # the policy, then each `extends` parent;
                                                    # an inline policy is "inline"
      "fields": [                          # every field, in the SDK's order (empty without a policy)
        {"field": "upload_policy.upload_mode",
         "value": "Archive",               # as written in YAML (enums by wire value)
         "default": false,
         "sent": true,                     # false when the SDK drops it from the request
         "source": {"policy": "standard",  # null for an inline policy
                    "file": "team.sync.yaml", "line": 7, "column": 20,   # 1-based
                    "via": ["strict", "standard"]}}   # [] when the context's own policy set it
        # "source" is null for an SDK default
      ],
      "paths": [                           # what each path of the policy means in the session
        {"kind": "white list path",        # or "exclude path", "archive exclude path", "recycle path"
         "value": "/src", "regex": false,
         "absolute": "/home/wuying/src",   # null where the platform does not say (recycle paths)
         "means": "`/home/wuying/src`",    # in words
         "sent": true,                     # false: archive excludes outside Archive mode
         "line": 9, "column": 19}          # 1-based; null for an SDK default
      ]
    }

``mapping_policy.path`` is listed with value null and ``sent: false`` when no
policy in the chain writes ``mapping_policy`` (the SDK then sends no mapping).

Every entry has ``"sdk_syncs"``: for the browser context (``"kind": "browser"``,
``"path": null``, fields ``auto_upload`` and ``sync_mode``) the context syncs
the SDK adds for it, in the order it sends them, each ``{"path", "context_id",
"context_name", "what"}``; ``[]`` for the others.

A mount has ``"policy": null``, ``"paths": []`` and three fields,
``access_mode``, ``strategy`` and ``source_path``, each with ``"source":
{"file", "line", "column"}`` where the mount writes it (null for the SDK
default).
"""

from __future__ import annotations

import enum
from typing import Any

from syncdsl import model as m
from syncdsl.nodes import ScalarNode
from syncdsl.records import field, record
from syncdsl.session_paths import InSession, context_paths, relative_key
from syncdsl.suggest import did_you_mean

DEFAULT_TEXT = "SDK default"


@record
class Source:
    policy: str | None  # the policy's name; None for an inline policy (or a mount's own key)
    file: str
    line: int  # 1-based
    column: int  # 1-based
    via: tuple[str, ...] = ()  # the chain from the context's policy to the setter, when inherited
    entry: bool = False  # True: set on the entry itself (a mount's key), not by a policy


@record
class FieldInfo:
    key: str  # "upload_policy.upload_mode"
    value: Any  # plain data, as written in YAML
    source: Source | None  # None: the SDK default
    sent: bool = True
    note: str = ""  # why the value is not sent


@record
class PathInfo:
    """What one path of the policy means in the session (see :mod:`syncdsl.session_paths`)."""

    kind: str  # "white list path", "exclude path", "archive exclude path", "recycle path"
    value: str  # as written
    regex: bool
    absolute: str | None  # the in-session path; for a regex the directory it is matched under
    means: str  # in words, for people
    sent: bool
    line: int | None  # 1-based, None for an SDK default
    column: int | None


@record
class SdkSync:
    """A context sync the SDK adds by itself for the browser context."""

    path: str
    context_id: str | None  # None when named by name
    context_name: str | None
    what: str  # in words: what it holds and how it is synced


@record
class ContextInfo:
    document: int  # 1-based
    context_id: str | None
    path: str | None
    line: int
    context_name: str | None = None  # set when the context is named by `context_name`
    create: bool = False
    kind: str = "sync"  # "sync" (under `contexts`), "mount" (under `mounts`) or "browser" (`browser_context`)
    source_path: str = ""  # mounts: the folder of the context that is mounted
    sdk_syncs: list[SdkSync] = field(default_factory=list)  # browser: the syncs the SDK adds for it
    policy_name: str | None = None
    has_policy: bool = False
    defined: bool = True
    chain: tuple[str, ...] = ()
    fields: list[FieldInfo] = field(default_factory=list)
    paths: list[PathInfo] = field(default_factory=list)


def _name(decl: m.PolicyDecl) -> str:
    return decl.name if decl.name is not None else "inline"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, m.WhiteList):
        return {
            "path": value.path,
            "exclude_paths": list(value.exclude_paths),
            "is_path_regex": value.is_path_regex,
            "is_exclude_regex": value.is_exclude_regex,
        }
    return value


def resolve_fields(model: m.Model, decl: m.PolicyDecl, file: str) -> tuple[tuple[str, ...], list[FieldInfo]]:
    """The chain of names and every field of ``decl``'s resolved policy with its source."""
    chain = model.chain(decl)
    names = tuple(_name(d) for d in chain)
    labels = [d.label for d in chain]
    resolved = model.resolve(decl)
    policy = resolved.policy
    out: list[FieldInfo] = []
    for key in m.field_keys():
        section_name, _, field_name = key.partition(".")
        section = getattr(policy, section_name)
        origin = resolved.origins.get(key, m.Origin())
        value = None if section is None else _plain(getattr(section, field_name))
        info = FieldInfo(key, value, _source(origin, labels, names, file))
        if section is None:
            info.sent, info.note = False, "no mapping policy is sent"
        elif key == "upload_policy.archive_exclude_paths" and (
            policy.upload_policy.upload_mode is not m.UploadMode.ARCHIVE and policy.upload_policy.archive_exclude_paths
        ):
            info.sent, info.note = False, f"not sent: upload_mode is {policy.upload_policy.upload_mode.value}"
        out.append(info)
    return names, out


def _source(origin: m.Origin, labels: list[str], names: tuple[str, ...], file: str) -> Source | None:
    if origin.node is None:
        return None
    index = labels.index(origin.policy) if origin.policy in labels else 0
    start = origin.node.span.start
    via = names[: index + 1] if index > 0 else ()
    return Source(names[index] if names[index] != "inline" else None, file, start.line + 1, start.column + 1, via)


def _path_info(meaning: InSession) -> PathInfo:
    start = meaning.node.span.start if meaning.node is not None else None
    return PathInfo(
        meaning.kind,
        meaning.value,
        meaning.regex,
        meaning.absolute,
        meaning.means,
        meaning.sent,
        start.line + 1 if start else None,
        start.column + 1 if start else None,
    )


_MOUNT_FIELDS = ("access_mode", "strategy", "source_path")


def mount_info(model: m.Model, decl: m.MountDecl, file: str, document: int = 1) -> ContextInfo:
    """A context mount: its three settings, each from its key or the SDK default."""
    info = ContextInfo(document, decl.context_id, decl.path, decl.node.span.start.line + 1, kind="mount")
    if decl.by_name:
        info.context_name, info.create = decl.context_name, decl.create
    mount = model.context_mount(decl)
    info.source_path = mount.source_path
    for name in _MOUNT_FIELDS:
        value = _plain(getattr(mount, name))
        node = decl.node.get(name)
        source = None
        if node is not None and not (isinstance(node, ScalarNode) and node.value is None):
            start = node.span.start
            source = Source(None, file, start.line + 1, start.column + 1, entry=True)
        info.fields.append(FieldInfo(name, value, source))
    return info


def _entry_source(decl: m.NamedDecl, name: str, file: str) -> Source | None:
    node = decl.node.get(name)
    if node is None or (isinstance(node, ScalarNode) and node.value is None):
        return None
    start = node.span.start
    return Source(None, file, start.line + 1, start.column + 1, entry=True)


def _ref(entry: m.BrowserContext | m.ExtensionOption | m.FingerprintContext) -> tuple[str | None, str | None]:
    return (None, entry.context_name) if entry.unresolved else (entry.context_id, None)


def browser_info(model: m.Model, decl: m.BrowserDecl, file: str, document: int = 1) -> ContextInfo:
    """The browser context: its options and the context syncs the SDK adds for it, in the SDK's order."""
    info = ContextInfo(document, decl.context_id, None, decl.node.span.start.line + 1, kind="browser")
    if decl.by_name:
        info.context_name, info.create = decl.context_name, decl.create
    browser = model.browser_context()
    assert browser is not None
    info.fields = [
        FieldInfo("auto_upload", browser.auto_upload, _entry_source(decl, "auto_upload", file)),
        FieldInfo("sync_mode", browser.sync_mode.value, _entry_source(decl, "sync_mode", file)),
    ]
    ext, fp = browser.extension_option, browser.fingerprint_context
    if ext is not None and ext.extension_ids:
        count = len(ext.extension_ids)
        what = f"{count} extension{'s' if count != 1 else ''} ({', '.join(ext.extension_ids)}), download only"
        info.sdk_syncs.append(SdkSync(m.EXTENSIONS_PATH, *_ref(ext), what))
    if fp is not None:
        info.sdk_syncs.append(SdkSync(m.FINGERPRINT_PATH, *_ref(fp), "the browser fingerprint, download only"))
    files = len(m.browser_profile_files(browser.sync_mode))
    upload = "uploaded when the session ends" if browser.auto_upload else "never uploaded"
    what = f"the browser's profile ({files} files, `{browser.sync_mode.value}` mode), {upload}"
    info.sdk_syncs.append(SdkSync(m.BROWSER_DATA_PATH, *_ref(browser), what))
    return info


def context_info(model: m.Model, decl: m.NamedDecl, file: str, document: int = 1) -> ContextInfo:
    if isinstance(decl, m.MountDecl):
        return mount_info(model, decl, file, document)
    if isinstance(decl, m.BrowserDecl):
        return browser_info(model, decl, file, document)
    assert isinstance(decl, m.ContextDecl)
    info = ContextInfo(document, decl.context_id, decl.path, decl.node.span.start.line + 1)
    if decl.by_name:
        info.context_name, info.create = decl.context_name, decl.create
    info.paths = [_path_info(p) for p in context_paths(model, decl)]
    if decl.inline is not None:
        info.has_policy = True
        info.chain, info.fields = resolve_fields(model, decl.inline, file)
    elif decl.policy_ref is not None:
        info.has_policy = True
        info.policy_name = decl.policy_ref.name
        target = model.policies.get(decl.policy_ref.name)
        if target is None:
            info.defined = False
        else:
            info.chain, info.fields = resolve_fields(model, target, file)
    return info


def explain_models(models: list[m.Model], file: str) -> list[ContextInfo]:
    """Every context sync, then every mount, then the browser context, document by document."""
    return [
        context_info(model, c, file, i + 1)
        for i, model in enumerate(models)
        for c in model.named()
        if not isinstance(c, m.BrowserPartDecl)  # explained with their browser context
    ]


def select_context(infos: list[ContextInfo], context_id: str) -> list[ContextInfo]:
    """The contexts with ``context_id`` as id or name; raise LookupError with a did-you-mean message when none."""
    chosen = [i for i in infos if context_id in (i.context_id, i.context_name)]
    if chosen:
        return chosen
    known = [name for i in infos for name in (i.context_id, i.context_name) if name]
    raise LookupError(f"no context `{context_id}`{did_you_mean(context_id, known)}")


# --- rendering --------------------------------------------------------------------------


def _flow(value: Any) -> str:
    from syncdsl.sdk import yaml_scalar

    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return yaml_scalar(value, in_flow=True)


def provenance(source: Source | None) -> str:
    """``set by policy `standard` at team.sync.yaml:7 (via strict -> standard)`` or ``SDK default``."""
    if source is None:
        return DEFAULT_TEXT
    if source.entry:
        return f"set at {source.file}:{source.line}" if source.file else f"set on line {source.line}"
    who = f"policy `{source.policy}`" if source.policy is not None else "the inline policy"
    text = f"set by {who} at {source.file}:{source.line}" if source.file else f"set by {who} on line {source.line}"
    if source.via:
        text += f" (via {' -> '.join(source.via)})"
    return text


def _policy_line(info: ContextInfo) -> str:
    if info.kind == "mount":
        return "mounted (beta): writes are persisted at once; no sync policy"
    if info.kind == "browser":
        return "the SDK syncs the browser's data itself, at fixed paths"
    if not info.has_policy:
        return "no policy: the SDK sends none"
    if not info.defined:
        return f"policy `{info.policy_name}` is not defined"
    head = f"policy `{info.chain[0]}`" if info.policy_name is not None else "inline policy"
    if len(info.chain) > 1:
        head += " extends " + " -> ".join(f"`{n}`" for n in info.chain[1:])
    return head


def _who(info: ContextInfo, code: Any = None) -> str:
    """``context `SdkCtx-1```, ``context named `team` ``, ``mount `SdkCtx-2```, or ``context (no context_id)``."""
    quote = code or (lambda text: f"`{text}`")
    noun = {"mount": "mount", "browser": "browser context"}.get(info.kind, "context")
    if info.context_name is not None:
        return f"{noun} named {quote(info.context_name)}"
    return f"{noun} {quote(info.context_id)}" if info.context_id is not None else f"{noun} (no context_id)"


def name_line(info: ContextInfo, code: Any = None) -> str | None:
    """How a context named by name gets its id, or None for a context named by id."""
    if info.context_name is None:
        return None
    create = ", create=True" if info.create else ""
    call = f"agent_bay.context.get(name={info.context_name!r}{create})"
    then = "created when no context has this name" if info.create else "it must exist already"
    return f"id looked up when the session is built: {code(call) if code else call}; {then}"


def _title(info: ContextInfo, file: str) -> str:
    where = f" at {info.path}" if info.path is not None else ""
    return f"{file}:{info.line}: {_who(info)}{where}"


_MAX_ALIGN = 56


def render_text(infos: list[ContextInfo], file: str) -> str:
    documents = {i.document for i in infos}
    out: list[str] = []
    for n, info in enumerate(infos):
        if n:
            out.append("")
        if len(documents) > 1 and (n == 0 or infos[n - 1].document != info.document):
            out.append(f"--- document {info.document}")
        out.append(_title(info, file))
        named = name_line(info)
        if named is not None:
            out.append(f"  {named}")
        out.append(f"  {_policy_line(info)}")
        rows: list[tuple[str, str]] = []
        section = ""
        for f in info.fields:
            if "." not in f.key:  # a mount's own key
                rows.append((f"  {f.key}: {_flow(f.value)}", provenance(f.source)))
                continue
            sec, _, name = f.key.partition(".")
            if sec != section:
                section = sec
                rows.append((f"  {sec}:", ""))
            if f.value is None and not f.sent:
                rows.append((f"    {name}: (unset)", f"{DEFAULT_TEXT}; {f.note}"))
                continue
            where = provenance(f.source) + (f"; {f.note}" if f.note else "")
            rows.append((f"    {name}: {_flow(f.value)}", where))
        width = min(_MAX_ALIGN, max((len(left) for left, right in rows if right), default=0))
        for left, right in rows:
            out.append(f"{left.ljust(width)}  {right}".rstrip() if right else left)
        if info.paths:
            out.append(f"  in the session (mounted at {info.path}):")
            out.extend(f"    {_path_line(p)}" for p in info.paths)
        if info.kind == "mount" and info.path is not None:
            out.append(f"  in the session: {mount_line(info)}")
        if info.sdk_syncs:
            out.append("  context syncs the SDK adds:")
            out.extend(f"    {sdk_sync_line(sync)}" for sync in info.sdk_syncs)
    return "".join(line + "\n" for line in out)


def sdk_sync_line(sync: SdkSync, markdown: bool = False) -> str:
    """``/tmp/agentbay_browser <- context named `profile`: the browser's profile (...)``."""
    who = f"context named `{sync.context_name}`" if sync.context_name is not None else f"context `{sync.context_id}`"
    path = f"`{sync.path}`" if markdown else sync.path
    what = sync.what if markdown else sync.what.replace("`", "")
    return f"{path} <- {who}: {what}"


def mount_line(info: ContextInfo, code: Any = None) -> str:
    """What a mount shows at its path: the whole context, or one folder of it."""
    quote = code or (lambda text: text)
    if relative_key(info.source_path):
        return f"the context's folder {quote(info.source_path)} at {quote(info.path or '')}"
    return f"the whole context at {quote(info.path or '')}"


def _path_line(p: PathInfo, markdown: bool = False) -> str:
    what = p.kind.replace(" path", "") + (" regex" if p.regex else "")
    means = p.means if markdown else p.means.replace("`", "")
    return f"{what} {_flow(p.value)} -> {means}" + ("" if p.line is not None else " (SDK default)")


def to_json(infos: list[ContextInfo]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for info in infos:
        policy: dict[str, Any] | None = None
        if info.has_policy:
            policy = {"name": info.policy_name, "defined": info.defined, "chain": list(info.chain)}
        out.append(
            {
                "kind": info.kind,
                "document": info.document,
                "context_id": info.context_id,
                "context_name": info.context_name,
                "create": info.create,
                "path": info.path,
                "line": info.line,
                "policy": policy,
                "fields": [
                    {
                        "field": f.key,
                        "value": f.value,
                        "default": f.source is None,
                        "sent": f.sent,
                        "source": None
                        if f.source is None
                        else {"file": f.source.file, "line": f.source.line, "column": f.source.column}
                        if f.source.entry
                        else {
                            "policy": f.source.policy,
                            "file": f.source.file,
                            "line": f.source.line,
                            "column": f.source.column,
                            "via": list(f.source.via),
                        },
                    }
                    for f in info.fields
                ],
                "sdk_syncs": [
                    {"path": x.path, "context_id": x.context_id, "context_name": x.context_name, "what": x.what}
                    for x in info.sdk_syncs
                ],
                "paths": [
                    {
                        "kind": p.kind,
                        "value": p.value,
                        "regex": p.regex,
                        "absolute": p.absolute,
                        "means": p.means,
                        "sent": p.sent,
                        "line": p.line,
                        "column": p.column,
                    }
                    for p in info.paths
                ],
            }
        )
    return out


# --- Markdown for hover -------------------------------------------------------------------


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_table(fields: list[FieldInfo]) -> list[str]:
    lines = ["| field | value | from |", "|---|---|---|"]
    for f in fields:
        value = "(unset)" if f.value is None and not f.sent else _code(_flow(f.value))
        where = provenance(f.source) + (f"; {f.note}" if f.note else "")
        lines.append(f"| {_cell(_code(f.key))} | {_cell(value)} | {_cell(where)} |")
    return lines


def explain_context(model: m.Model, context_decl: m.NamedDecl, path: str) -> str:
    """Markdown for a hover on a context: its policy chain and every resolved field with provenance.

    ``path`` names the file in locations (``team.sync.yaml:7``); pass ``""`` for ``on line 7``.
    """
    info = context_info(model, context_decl, path)
    head = f"**{_who(info, _code)}**" + (f" mounted at {_code(info.path)}" if info.path is not None else "")
    lines = [head, ""]
    named = name_line(info, _code)
    if named is not None:
        lines.extend([named, ""])
    lines.append(_policy_line(info))
    if info.fields:
        lines.append("")
        lines.extend(_markdown_table(info.fields))
    if info.paths:
        lines.extend(["", "In the session:", ""])
        lines.extend(f"- {_path_line(p, markdown=True)}" for p in info.paths)
    if info.kind == "mount":
        lines.extend(["", f"In the session: {mount_line(info, _code)}"])
    if info.sdk_syncs:
        lines.extend(["", "Context syncs the SDK adds:", ""])
        lines.extend(f"- {sdk_sync_line(sync, markdown=True)}" for sync in info.sdk_syncs)
    return "\n".join(lines) + "\n"


def explain_path_value(uses: list[tuple[m.ContextDecl, InSession]]) -> str:
    """Markdown for a hover on a white-list, exclude, archive-exclude or recycle path: what it means where used."""
    meaning = uses[0][1]
    what = meaning.kind + (" (a regular expression)" if meaning.regex else "")
    shown = _code(meaning.value) if meaning.value else '`""`'
    lines = [f"**{what}** {shown}", ""]
    for context, used in uses:
        lines.append(f"- in {context.label} (mount {_code(context.path or '')}): {used.means}")
    return "\n".join(lines) + "\n"


def explain_policy(model: m.Model, decl: m.PolicyDecl, path: str) -> str:
    """Markdown for a hover on a policy name (its definition or a reference): the resolved policy."""
    names, fields = resolve_fields(model, decl, path)
    head = f"**policy {_code(names[0])}**" if decl.name is not None else "**inline policy**"
    if len(names) > 1:
        head += " extends " + " -> ".join(_code(n) for n in names[1:])
    return "\n".join([head, "", *_markdown_table(fields)]) + "\n"
