"""Crossing over to the AgentBay SDK: resolved contexts to SDK objects and back.

``to_sdk`` needs the SDK itself (``pip install 'syncdsl[agentbay]'``); nothing
else in syncdsl imports it, because ``import agentbay`` is slow, pulls in a
large dependency tree and, as a side effect of its logger, creates
``agentbay.log`` in the working directory (set ``AGENTBAY_LOG_FILE`` to move it).

``from_sdk`` only reads attributes, so it accepts the SDK's own objects,
syncdsl's SDK-shaped dataclasses or anything shaped like them (enums are read
through ``.value``; plain strings are accepted too). It writes a tidy document:

- ``version: 1``, then ``policies`` (only when some are shared), then ``contexts``;
- only fields that differ from the SDK defaults are written, and a section whose
  every field is the default is left out (it resolves to the same thing);
- a policy used by two or more contexts becomes one named policy, defined once
  in order of first use; a policy used by one context stays inline, next to the
  context it belongs to, because a name used once only adds a hop for the reader;
- generated names describe what the policy changes (``archive-keep-30-days``,
  ``no-download``); ties get ``-2``, ``-3``; a policy that changes nothing is
  ``sdk-defaults``.

Policies are compared by value, not by wire form: ``archive_exclude_paths`` in
``File`` mode is kept (and linted as SD201) because the SDK object has it, even
though the SDK never sends it. Likewise other problems that syncdsl reports in
the objects themselves (a relative mount path, two contexts on one path) are
written as they are, so that linting the result points at them; for objects
without such problems the result lints clean.

A section set to ``None`` after construction (the SDK's ``__post_init__`` never
leaves one) is read as that section's default.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any

from syncdsl import model as m
from syncdsl.records import fields

_INSTALL_HINT = (
    "syncdsl.to_sdk needs the AgentBay SDK (module `agentbay`); install it with: pip install 'syncdsl[agentbay]'"
)


def _sdk_module() -> Any:
    try:
        import agentbay
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc
    return agentbay


# --- syncdsl model -> SDK objects ----------------------------------------------------


def _sdk_enum(sdk: Any, value: enum.Enum) -> Any:
    return getattr(sdk, type(value).__name__)(value.value)


def _sdk_section(sdk: Any, section: Any) -> Any:
    kwargs: dict[str, Any] = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if isinstance(value, enum.Enum):
            value = _sdk_enum(sdk, value)
        elif isinstance(value, list):
            value = [sdk.WhiteList(**_plain_fields(v)) if isinstance(v, m.WhiteList) else v for v in value]
        kwargs[f.name] = value
    return getattr(sdk, type(section).__name__)(**kwargs)


def _plain_fields(obj: Any) -> dict[str, Any]:
    return {f.name: (list(v) if isinstance(v := getattr(obj, f.name), list) else v) for f in fields(obj)}


def policy_to_sdk(policy: m.SyncPolicy, sdk: Any = None) -> Any:
    """One resolved policy as an ``agentbay.SyncPolicy`` with every section spelt out."""
    sdk = sdk or _sdk_module()
    kwargs = {
        name: None if (section := getattr(policy, name)) is None else _sdk_section(sdk, section)
        for name in m.SECTIONS
    }
    return sdk.SyncPolicy(**kwargs)


def to_sdk(contexts: Iterable[m.ContextSync], sdk: Any = None) -> list[Any]:
    """Resolved contexts as ``agentbay.ContextSync`` objects (equal, as dataclasses, to hand-built ones).

    ``sdk`` is the module holding the SDK classes; it defaults to ``agentbay``.
    """
    sdk = sdk or _sdk_module()
    return [
        sdk.ContextSync(
            context_id=c.context_id,
            path=c.path,
            policy=None if c.policy is None else policy_to_sdk(c.policy, sdk),
            beta_wait_for_completion=c.beta_wait_for_completion,
        )
        for c in contexts
    ]


def mounts_to_sdk(mounts: Iterable[m.BetaContextMount], sdk: Any = None) -> list[Any]:
    """Context mounts as ``agentbay.BetaContextMount`` objects (ids resolved)."""
    sdk = sdk or _sdk_module()
    return [
        sdk.BetaContextMount(
            context_id=c.context_id,
            path=c.path,
            access_mode=_sdk_enum(sdk, c.access_mode),
            strategy=_sdk_enum(sdk, c.strategy),
            source_path=c.source_path,
        )
        for c in mounts
    ]


def browser_to_sdk(browser: m.BrowserContext, sdk: Any = None) -> Any:
    """An ``agentbay.BrowserContext`` (ids resolved); the SDK builds its extension and fingerprint syncs."""
    sdk = sdk or _sdk_module()
    ext = fp = None
    if browser.extension_option is not None:
        e = browser.extension_option
        ext = sdk.ExtensionOption(context_id=e.context_id, extension_ids=list(e.extension_ids))
    if browser.fingerprint_context is not None:
        fp = sdk.BrowserFingerprintContext(fingerprint_context_id=browser.fingerprint_context.context_id)
    return sdk.BrowserContext(
        context_id=browser.context_id,
        auto_upload=browser.auto_upload,
        sync_mode=_sdk_enum(sdk, browser.sync_mode),
        extension_option=ext,
        fingerprint_context=fp,
    )


def session_params(
    contexts: Iterable[m.ContextSync],
    mounts: Iterable[m.BetaContextMount],
    image_id: str | None = None,
    browser: m.BrowserContext | None = None,
    sdk: Any = None,
) -> Any:
    """``agentbay.CreateSessionParams`` with the image, context syncs, mounts and browser context (ids resolved)."""
    sdk = sdk or _sdk_module()
    return sdk.CreateSessionParams(
        image_id=image_id,
        context_syncs=to_sdk(contexts, sdk) or None,
        beta_context_mounts=mounts_to_sdk(mounts, sdk) or None,
        browser_context=None if browser is None else browser_to_sdk(browser, sdk),
    )


# --- context names -> ids, through the SDK's client ----------------------------------------


def context_id_lookup(agent_bay: Any, create: dict[str, bool]) -> Any:
    """A function from a context name to its id, asking ``agent_bay.context.get(name=..., create=...)``.

    ``create`` says, per name, whether the service may create the context when no
    context has that name. Each name is looked up once. A failed lookup raises
    :class:`syncdsl.SyncDslError` naming the context and the service's message.
    ``agent_bay`` must be the synchronous ``agentbay.AgentBay`` client.
    """
    from syncdsl.api import SyncDslError

    found: dict[str, str] = {}

    def lookup(name: str) -> str:
        if name in found:
            return found[name]
        allow = create.get(name, False)
        try:
            result = agent_bay.context.get(name=name, create=allow)
        except Exception as exc:  # noqa: BLE001 - the SDK raises its own errors and lets others through
            raise SyncDslError(f"context named `{name}`: the lookup failed: {exc}") from exc
        if inspect.isawaitable(result):
            close = getattr(result, "close", None)
            if callable(close):
                close()
            raise SyncDslError("context names are looked up with the synchronous client: pass agentbay.AgentBay")
        context = getattr(result, "context", None)
        context_id = getattr(context, "id", None) or getattr(result, "context_id", None)
        if not getattr(result, "success", False) or not context_id:
            why = getattr(result, "error_message", "") or "no such context"
            hint = "" if allow else " (write `create: true` to create it)"
            raise SyncDslError(f"context named `{name}` could not be resolved: {why}{hint}")
        found[name] = str(context_id)
        return found[name]

    return lookup


# --- the SDK's own validation -------------------------------------------------------------

_WILDCARD = re.compile(r"[*?\[\]]")


def sdk_violations(contexts: Iterable[m.ContextSync]) -> list[str]:
    """What the SDK's ``__post_init__`` checks would reject in these contexts, one message each.

    Lint reports the same problems (SD101-SD103), but configuration can silence
    those rules; export must still never emit something the SDK cannot build.
    """
    out: list[str] = []
    for c in contexts:
        if c.policy is None:
            continue
        where = f"context `{c.context_id or c.context_name}`"
        for path in c.policy.recycle_policy.paths:
            if path.strip() and _WILDCARD.search(path):
                out.append(f"{where}: the SDK rejects wildcard recycle path `{path}`")
        for wl in c.policy.bw_list.white_lists:
            if not wl.is_path_regex and _WILDCARD.search(wl.path):
                out.append(f"{where}: the SDK rejects wildcard white list path `{wl.path}` without is_path_regex")
            if not wl.is_exclude_regex:
                out.extend(
                    f"{where}: the SDK rejects wildcard exclude path `{e}` without is_exclude_regex"
                    for e in wl.exclude_paths
                    if _WILDCARD.search(e)
                )
    return out


# --- SDK objects (duck-typed) -> syncdsl model ------------------------------------------


class FromSdkError(ValueError):
    """An object handed to :func:`from_sdk` cannot be expressed in syncdsl."""


def _value(obj: Any, name: str, where: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        raise FromSdkError(f"{where}: has no attribute `{name}`") from None


def _read_enum(raw: Any, enum_cls: type[enum.Enum], where: str) -> enum.Enum:
    wire = raw.value if isinstance(raw, enum.Enum) else raw
    for member in enum_cls:
        if member.value == wire:
            return member
    allowed = ", ".join(member.value for member in enum_cls)
    shown = wire if isinstance(wire, str) else repr(wire)
    raise FromSdkError(f"{where}: `{shown}` is not one of {allowed}")


def _read_bool(raw: Any, where: str) -> bool:
    if not isinstance(raw, bool):
        raise FromSdkError(f"{where}: expected a bool, got {type(raw).__name__}")
    return raw


def _read_str(raw: Any, where: str) -> str:
    if not isinstance(raw, str):
        raise FromSdkError(f"{where}: expected a str, got {type(raw).__name__}")
    return raw


def _read_str_list(raw: Any, where: str) -> list[str]:
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise FromSdkError(f"{where}: expected a list of str, got {type(raw).__name__}")
    return [_read_str(item, f"{where}[{i}]") for i, item in enumerate(raw)]


_ENUMS: dict[str, type[enum.Enum]] = {
    "upload_strategy": m.UploadStrategy,
    "upload_mode": m.UploadMode,
    "download_strategy": m.DownloadStrategy,
    "lifecycle": m.Lifecycle,
}
_STR_LISTS = {"archive_exclude_paths", "paths", "exclude_paths"}


def _read_fields(obj: Any, cls: type, where: str) -> Any:
    out = cls()
    for f in fields(cls):
        raw = _value(obj, f.name, where)
        at = f"{where}.{f.name}"
        if f.name in _ENUMS:
            value: Any = _read_enum(raw, _ENUMS[f.name], at)
        elif f.name in _STR_LISTS:
            value = _read_str_list(raw, at)
        elif f.name == "path":
            value = _read_str(raw, at)
        elif f.name == "white_lists":
            if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
                raise FromSdkError(f"{at}: expected a list of WhiteList, got {type(raw).__name__}")
            value = [_read_fields(wl, m.WhiteList, f"{at}[{i}]") for i, wl in enumerate(raw)]
        else:
            value = _read_bool(raw, at)
        setattr(out, f.name, value)
    return out


def _read_policy(obj: Any, where: str) -> m.SyncPolicy:
    """A policy as the model holds it; a section set to ``None`` reads as the SDK's default for it."""
    policy = m.SyncPolicy()
    for name, cls in m.SECTIONS.items():
        raw = _value(obj, name, where)
        if raw is None:
            continue
        setattr(policy, name, _read_fields(raw, cls, f"{where}.{name}"))
    return policy


def read_context_syncs(objects: Iterable[Any]) -> list[m.ContextSync]:
    """Duck-typed SDK ``ContextSync`` objects as syncdsl's model; raise :class:`FromSdkError` when impossible."""
    out: list[m.ContextSync] = []
    for i, obj in enumerate(objects):
        where = f"context_syncs[{i}]"
        context_id = _read_str(_value(obj, "context_id", where), f"{where}.context_id")
        path = _read_str(_value(obj, "path", where), f"{where}.path")
        raw_policy = _value(obj, "policy", where)
        policy = None if raw_policy is None else _read_policy(raw_policy, f"{where}.policy")
        wait = getattr(obj, "beta_wait_for_completion", None)
        if wait is not None:
            wait = _read_bool(wait, f"{where}.beta_wait_for_completion")
        out.append(m.ContextSync(context_id, path, policy, wait))
    return out


_ACCESS_MODES = m.BetaContextMountAccessMode
_STRATEGIES = m.BetaContextMountStrategy


def read_mounts(objects: Iterable[Any], where_list: str = "beta_context_mounts") -> list[m.BetaContextMount]:
    """Duck-typed SDK ``BetaContextMount`` objects as syncdsl's model; :class:`FromSdkError` when impossible."""
    out: list[m.BetaContextMount] = []
    for i, obj in enumerate(objects):
        where = f"{where_list}[{i}]"
        out.append(
            m.BetaContextMount(
                _read_str(_value(obj, "context_id", where), f"{where}.context_id"),
                _read_str(_value(obj, "path", where), f"{where}.path"),
                _read_enum(_value(obj, "access_mode", where), _ACCESS_MODES, f"{where}.access_mode"),  # type: ignore
                _read_enum(_value(obj, "strategy", where), _STRATEGIES, f"{where}.strategy"),  # type: ignore
                _read_str(_value(obj, "source_path", where), f"{where}.source_path"),
            )
        )
    return out


def read_browser_context(obj: Any, where: str = "browser_context") -> m.BrowserContext:
    """A duck-typed SDK ``BrowserContext`` as syncdsl's model; :class:`FromSdkError` when impossible."""
    ext = fp = None
    option = getattr(obj, "extension_option", None)
    if option is not None:
        at = f"{where}.extension_option"
        ext = m.ExtensionOption(
            _read_str(_value(option, "context_id", at), f"{at}.context_id"),
            _read_str_list(_value(option, "extension_ids", at), f"{at}.extension_ids"),
        )
    fingerprint = getattr(obj, "fingerprint_context", None)
    if fingerprint is not None:
        at = f"{where}.fingerprint_context"
        fp = m.FingerprintContext(
            _read_str(_value(fingerprint, "fingerprint_context_id", at), f"{at}.fingerprint_context_id")
        )
    mode = getattr(obj, "sync_mode", None)
    return m.BrowserContext(
        _read_str(_value(obj, "context_id", where), f"{where}.context_id"),
        _read_bool(_value(obj, "auto_upload", where), f"{where}.auto_upload"),
        m.BrowserSyncMode.STANDARD if mode is None else _read_enum(mode, m.BrowserSyncMode, f"{where}.sync_mode"),  # type: ignore
        ext,
        fp,
    )


def _own_syncs(params: Any) -> list[Any]:
    """``params.context_syncs`` without the ones ``CreateSessionParams`` added for its browser context."""
    syncs = list(params.context_syncs or [])
    browser = getattr(params, "browser_context", None)
    if browser is None:
        return syncs
    added = [*(getattr(browser, "extension_context_syncs", None) or [])]
    fingerprint = getattr(browser, "fingerprint_context_sync", None)
    if fingerprint is not None:
        added.append(fingerprint)
    return [s for s in syncs if not any(s is a for a in added)]


def _is_mount(obj: Any) -> bool:
    return hasattr(obj, "access_mode") and not hasattr(obj, "policy")


# --- the model -> YAML text ----------------------------------------------------------------


# Fields written even when they hold their default, because leaving them out reads badly:
# `bw_list: {}` (no white lists at all), `- {}` (a white list of everything), `mapping_policy: {}`.
_ALWAYS_WRITTEN = {"white_lists", "path"}


def _non_default(obj: Any) -> dict[str, Any]:
    """The fields of a section (or white list) that differ from its class defaults, as plain data."""
    defaults = type(obj)()
    return {
        f.name: _plain_yaml(getattr(obj, f.name))
        for f in fields(obj)
        if f.name in _ALWAYS_WRITTEN or getattr(obj, f.name) != getattr(defaults, f.name)
    }


def _plain_yaml(value: Any) -> Any:
    """A field value as data: enums to their wire value, white lists to mappings."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain_yaml(v) for v in value]
    if isinstance(value, m.WhiteList):
        return _non_default(value)
    return value


def policy_body(policy: m.SyncPolicy) -> dict[str, dict[str, Any]]:
    """The sections and fields of ``policy`` that differ from the SDK defaults, in the SDK's order.

    A section is compared with what ``SyncPolicy.__post_init__`` would put there
    and its fields with the section class's own defaults, so that writing the
    result back resolves to exactly ``policy``.
    """
    base = m.SyncPolicy()
    body: dict[str, dict[str, Any]] = {}
    for name in m.SECTIONS:
        section = getattr(policy, name)
        if section is None or section == getattr(base, name):
            continue
        body[name] = _non_default(section)
    return body


_LIFECYCLE_WORDS = {
    "Lifecycle_1Day": "keep-1-day",
    "Lifecycle_3Days": "keep-3-days",
    "Lifecycle_5Days": "keep-5-days",
    "Lifecycle_10Days": "keep-10-days",
    "Lifecycle_15Days": "keep-15-days",
    "Lifecycle_30Days": "keep-30-days",
    "Lifecycle_90Days": "keep-90-days",
    "Lifecycle_180Days": "keep-180-days",
    "Lifecycle_360Days": "keep-360-days",
    "Lifecycle_Forever": "keep-forever",
}


def _name_words(policy: m.SyncPolicy) -> list[str]:
    """Words that say what a policy changes, most telling first."""
    up, down = policy.upload_policy, policy.download_policy
    words: list[str] = []
    if not up.auto_upload:
        words.append("no-upload")
    if up.upload_mode is m.UploadMode.ARCHIVE:
        words.append("archive")
    if not down.auto_download:
        words.append("no-download")
    if not policy.delete_policy.sync_local_file:
        words.append("keep-deleted")
    if not policy.extract_policy.extract:
        words.append("no-extract")
    if policy.recycle_policy.lifecycle is not m.Lifecycle.LIFECYCLE_FOREVER:
        words.append(_LIFECYCLE_WORDS[policy.recycle_policy.lifecycle.value])
    if policy.bw_list != m.SyncPolicy().bw_list:
        words.append("filtered")
    if policy.mapping_policy is not None:
        words.append("mapped")
    return words


def _policy_name(policy: m.SyncPolicy, taken: set[str]) -> str:
    words = _name_words(policy)[:3]
    if words:
        stem = "-".join(words)
    elif policy_body(policy):
        stem = "custom"
    else:
        stem = "sdk-defaults"
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


def _key(policy: m.SyncPolicy) -> str:
    return repr(policy)  # dataclass repr: every field, enums included; equal policies give equal keys


def from_sdk(objects: Any) -> str:
    """A syncdsl document (YAML text) equivalent to SDK objects.

    ``objects`` is a list of SDK ``ContextSync`` objects (and ``BetaContextMount``
    objects, which become ``mounts``), or a ``CreateSessionParams``: its image,
    ``context_syncs``, ``beta_context_mounts`` and ``browser_context`` (the syncs
    the SDK itself added for the browser context are left out: writing
    ``browser_context`` makes it add them again). ``syncdsl export`` of the
    result gives exactly the SDK's own request for the same objects. Raises
    :class:`FromSdkError` (a ``ValueError``) when there is nothing to write or an
    object is not shaped like what it stands for.
    """
    image_id = None
    browser = None
    if hasattr(objects, "context_syncs") and hasattr(objects, "beta_context_mounts"):
        contexts = read_context_syncs(_own_syncs(objects))
        mounts = read_mounts(objects.beta_context_mounts or [])
        raw_browser = getattr(objects, "browser_context", None)
        browser = None if raw_browser is None else read_browser_context(raw_browser)
        image = getattr(objects, "image_id", None)
        image_id = None if image is None else _read_str(image, "image_id") or None
        source = "an AgentBay SDK CreateSessionParams"
    else:
        items = list(objects)
        contexts = read_context_syncs([o for o in items if not _is_mount(o)])
        mounts = read_mounts([o for o in items if _is_mount(o)])
        source = "AgentBay SDK ContextSync" + (" and BetaContextMount" if mounts else "") + " objects"
    if not contexts and not mounts and browser is None:
        raise FromSdkError(
            "from_sdk needs at least one ContextSync or BetaContextMount: a syncdsl document lists one or more "
            "contexts or mounts"
        )
    return render_document(contexts, mounts, source, image_id, browser)


def render_document(
    contexts: list[m.ContextSync],
    mounts: list[m.BetaContextMount] | None = None,
    source: str = "AgentBay SDK ContextSync objects",
    image_id: str | None = None,
    browser: m.BrowserContext | None = None,
) -> str:
    uses: dict[str, int] = {}
    for c in contexts:
        if c.policy is not None:
            uses[_key(c.policy)] = uses.get(_key(c.policy), 0) + 1
    names: dict[str, str] = {}
    taken: set[str] = set()
    shared: list[tuple[str, m.SyncPolicy]] = []
    for c in contexts:
        if c.policy is None or uses[_key(c.policy)] < 2 or _key(c.policy) in names:
            continue
        name = _policy_name(c.policy, taken)
        names[_key(c.policy)] = name
        shared.append((name, c.policy))

    out = [f"# Generated by syncdsl.from_sdk from {source}.", "version: 1"]
    if image_id is not None:
        out.append(f"image_id: {yaml_scalar(image_id)}")
    if shared:
        out.append("policies:")
        for name, policy in shared:
            out.extend(_mapping_lines(name, policy_body(policy), 1))
    if contexts:
        out.append("contexts:")
    for c in contexts:
        out.append(f"  - context_id: {yaml_scalar(c.context_id)}")
        out.append(f"    path: {yaml_scalar(c.path)}")
        if c.policy is not None:
            shared_name = names.get(_key(c.policy))
            if shared_name is not None:
                out.append(f"    policy: {shared_name}")
            else:
                out.extend(_mapping_lines("policy", policy_body(c.policy), 2))
        if c.beta_wait_for_completion is not None:
            out.append(f"    beta_wait_for_completion: {yaml_scalar(c.beta_wait_for_completion)}")
    if mounts:
        out.append("mounts:")
        out.extend(_mount_lines(mount) for mount in mounts)
    if browser is not None:
        out.extend(_browser_lines(browser))
    return "\n".join(out) + "\n"


def _browser_lines(browser: m.BrowserContext) -> list[str]:
    lines = ["browser_context:", f"  context_id: {yaml_scalar(browser.context_id)}"]
    if not browser.auto_upload:
        lines.append("  auto_upload: false")
    if browser.sync_mode is not m.BrowserSyncMode.STANDARD:
        lines.append(f"  sync_mode: {browser.sync_mode.value}")
    ext = browser.extension_option
    if ext is not None:
        lines.extend(["  extension_option:", f"    context_id: {yaml_scalar(ext.context_id)}",
                      f"    extension_ids: {yaml_flow(list(ext.extension_ids))}"])
    fp = browser.fingerprint_context
    if fp is not None:
        lines.extend(["  fingerprint_context:", f"    context_id: {yaml_scalar(fp.context_id)}"])
    return lines


def _mount_lines(mount: m.BetaContextMount) -> str:
    """One ``mounts`` item: the id and the path, then the fields that differ from the SDK's defaults."""
    lines = [f"  - context_id: {yaml_scalar(mount.context_id)}", f"    path: {yaml_scalar(mount.path)}"]
    base = m.BetaContextMount("", "")
    for name in ("access_mode", "strategy", "source_path"):
        value = getattr(mount, name)
        if value != getattr(base, name):
            lines.append(f"    {name}: {yaml_scalar(_plain_yaml(value))}")
    return "\n".join(lines)


def _mapping_lines(key: str, body: dict[str, Any], level: int) -> list[str]:
    pad = "  " * level
    if not body:
        return [f"{pad}{key}: {{}}"]
    lines = [f"{pad}{key}:"]
    for sub, value in body.items():
        if isinstance(value, dict):
            lines.extend(_mapping_lines(sub, value, level + 1))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            lines.append(f"{pad}  {sub}:")
            for item in value:
                lines.extend(_list_item_lines(item, level + 2))
        else:
            lines.append(f"{pad}  {sub}: {yaml_flow(value)}")
    return lines


def _list_item_lines(item: dict[str, Any], level: int) -> list[str]:
    pad = "  " * level
    if not item:
        return [f"{pad}- {{}}"]
    lines: list[str] = []
    for i, (key, value) in enumerate(item.items()):
        lead = f"{pad}- " if i == 0 else f"{pad}  "
        lines.append(f"{lead}{key}: {yaml_flow(value)}")
    return lines


def yaml_flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(v, in_flow=True) for v in value) + "]"
    return yaml_scalar(value)


_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_./~\\][A-Za-z0-9_./~\\@+=$%^-]*(?: [A-Za-z0-9_./~\\@+=$%^-]+)*\Z")
_PLAIN_SAFE_FLOW = re.compile(r"[A-Za-z0-9_./~\\][A-Za-z0-9_./~\\@+=$%^-]*\Z")


def yaml_scalar(value: Any, in_flow: bool = False) -> str:
    """A YAML 1.2 scalar that reads back as exactly ``value`` (plain when that is safe)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if not isinstance(value, str):
        return str(value)
    if not value:
        return '""'
    from syncdsl.document import resolve_plain

    pattern = _PLAIN_SAFE_FLOW if in_flow else _PLAIN_SAFE
    if pattern.match(value) and resolve_plain(value) == value and not value.startswith("~"):
        return value
    if value.isprintable() and "\\" not in value:
        return '"' + value.replace('"', '\\"') + '"' if "'" in value else "'" + value + "'"
    if value.isprintable() and "'" not in value:
        return "'" + value + "'"
    return _double_quoted(value)


def _double_quoted(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch.isprintable() and ch != "\ufeff":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)
