"""The SDK-shaped model and the `extends` resolver with provenance.

The dataclasses and enums mirror ``agentbay/_common/params/context_sync.py`` of
wuying-agentbay-sdk 0.22.3 field for field (names, defaults, wire values), so a
resolved policy is exactly the ``SyncPolicy`` the SDK would build. The SDK is
not imported: export compares against it in the tests instead.

Resolution: a policy's ``extends`` parent is resolved first, then each of the
child's sections is merged over it field by field; lists replace. A section
that nobody in the chain writes takes the SDK's ``SyncPolicy.__post_init__``
default (and ``mapping_policy`` stays unset); a section that somebody writes
takes the section dataclass's defaults for the fields nobody writes. ``null``
counts as absent. Every resolved field remembers the node that set it.
Values of the wrong type are skipped here (the schema reports them), so the
resolver always yields a valid policy.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from syncdsl.diagnostics import Span
from syncdsl.document import Source
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode, scalar_text
from syncdsl.records import field, fields, record, replace

# --- the SDK's model ------------------------------------------------------------------


class UploadStrategy(enum.Enum):
    UPLOAD_BEFORE_RESOURCE_RELEASE = "UploadBeforeResourceRelease"


class DownloadStrategy(enum.Enum):
    DOWNLOAD_ASYNC = "DownloadAsync"


class UploadMode(enum.Enum):
    FILE = "File"
    ARCHIVE = "Archive"


class Lifecycle(enum.Enum):
    LIFECYCLE_1DAY = "Lifecycle_1Day"
    LIFECYCLE_3DAYS = "Lifecycle_3Days"
    LIFECYCLE_5DAYS = "Lifecycle_5Days"
    LIFECYCLE_10DAYS = "Lifecycle_10Days"
    LIFECYCLE_15DAYS = "Lifecycle_15Days"
    LIFECYCLE_30DAYS = "Lifecycle_30Days"
    LIFECYCLE_90DAYS = "Lifecycle_90Days"
    LIFECYCLE_180DAYS = "Lifecycle_180Days"
    LIFECYCLE_360DAYS = "Lifecycle_360Days"
    LIFECYCLE_FOREVER = "Lifecycle_Forever"


class BrowserSyncMode(enum.Enum):
    MINIMAL = "minimal"
    STANDARD = "standard"


class BetaContextMountAccessMode(enum.Enum):
    READ_WRITE = "readWrite"
    READ_ONLY = "readOnly"


class BetaContextMountStrategy(enum.Enum):
    STANDARD = "standard"
    PERFORMANCE = "performance"


@record
class UploadPolicy:
    """SDK UploadPolicy."""

    auto_upload: bool = True
    upload_strategy: UploadStrategy = UploadStrategy.UPLOAD_BEFORE_RESOURCE_RELEASE
    upload_mode: UploadMode = UploadMode.FILE
    archive_exclude_paths: list[str] = field(default_factory=list)


@record
class DownloadPolicy:
    """SDK DownloadPolicy."""

    auto_download: bool = True
    download_strategy: DownloadStrategy = DownloadStrategy.DOWNLOAD_ASYNC


@record
class DeletePolicy:
    """SDK DeletePolicy."""

    sync_local_file: bool = True


@record
class ExtractPolicy:
    """SDK ExtractPolicy."""

    extract: bool = True
    delete_src_file: bool = True
    extract_current_folder: bool = False


@record
class RecyclePolicy:
    """SDK RecyclePolicy."""

    lifecycle: Lifecycle = Lifecycle.LIFECYCLE_FOREVER
    paths: list[str] = field(default_factory=lambda: [""])


@record
class WhiteList:
    """SDK WhiteList."""

    path: str = ""
    exclude_paths: list[str] = field(default_factory=list)
    is_path_regex: bool = False
    is_exclude_regex: bool = False


@record
class BWList:
    """SDK BWList."""

    white_lists: list[WhiteList] = field(default_factory=list)


@record
class MappingPolicy:
    """SDK MappingPolicy."""

    path: str = ""


@record
class SyncPolicy:
    """All sections set after resolution, except ``mapping_policy`` (None unless written)."""

    upload_policy: UploadPolicy = field(default_factory=UploadPolicy)
    download_policy: DownloadPolicy = field(default_factory=DownloadPolicy)
    delete_policy: DeletePolicy = field(default_factory=DeletePolicy)
    extract_policy: ExtractPolicy = field(default_factory=ExtractPolicy)
    recycle_policy: RecyclePolicy = field(default_factory=RecyclePolicy)
    bw_list: BWList = field(default_factory=lambda: BWList([WhiteList()]))
    mapping_policy: MappingPolicy | None = None


class _NamedContext:
    """What the dataclasses below share: a context known by ``context_id``, or by ``context_name`` until resolved."""

    context_id: str
    context_name: str | None

    @property
    def unresolved(self) -> bool:
        """True while the context is known only by its name."""
        return self.context_name is not None and not self.context_id


@record
class ContextSync(_NamedContext):
    """SDK ContextSync, plus how syncdsl names its context when the id is not known yet.

    ``context_name`` (with ``create``) stands in for ``context_id`` until the
    service resolves it (:func:`resolve_names`); the SDK object has neither.
    """

    context_id: str
    path: str
    policy: SyncPolicy | None = None
    beta_wait_for_completion: bool | None = None
    context_name: str | None = None
    create: bool = False


@record
class BetaContextMount(_NamedContext):
    """SDK BetaContextMount (``agentbay/_common/params/beta_context_mount.py``), plus a context name as in
    :class:`ContextSync`."""

    context_id: str
    path: str
    access_mode: BetaContextMountAccessMode = BetaContextMountAccessMode.READ_WRITE
    strategy: BetaContextMountStrategy = BetaContextMountStrategy.STANDARD
    source_path: str = ""
    context_name: str | None = None
    create: bool = False


@record
class ExtensionOption(_NamedContext):
    """SDK ExtensionOption (``agentbay/_common/models/extension.py``), plus a context name."""

    context_id: str
    extension_ids: list[str] = field(default_factory=list)
    context_name: str | None = None
    create: bool = False


@record
class FingerprintContext(_NamedContext):
    """SDK BrowserFingerprintContext (its ``fingerprint_context_id`` is ``context_id`` here), plus a context name."""

    context_id: str
    context_name: str | None = None
    create: bool = False


@record
class BrowserContext(_NamedContext):
    """SDK BrowserContext (``agentbay/_common/params/session_params.py``): what configuration can hold of it."""

    context_id: str
    auto_upload: bool = True
    sync_mode: BrowserSyncMode = BrowserSyncMode.STANDARD
    extension_option: ExtensionOption | None = None
    fingerprint_context: FingerprintContext | None = None
    context_name: str | None = None
    create: bool = False


# --- the syncs the SDK adds for a browser context ----------------------------------------
#
# Facts of SDK 0.22.3: the paths are constants of agentbay/_common/config.py; BrowserContext builds the
# extension and fingerprint syncs when it is constructed (session_params.py) and CreateSessionParams
# appends them to the user's context syncs; AgentBay.create (_apply_browser_context in agentbay.py)
# appends the browser-data sync after the mounts, white-listing profile files by sync mode.

BROWSER_DATA_PATH = "/tmp/agentbay_browser"
EXTENSIONS_PATH = "/tmp/extensions/"
FINGERPRINT_PATH = "/tmp/browser_fingerprint"

# Profile files kept in `minimal` mode: the login state.
_MINIMAL_PROFILE = ("/Local State", "/Default/Cookies", "/Default/Cookies-journal")
# `standard` mode adds storage, saved logins and form data, settings, network state and caches.
_STANDARD_PROFILE = (
    *_MINIMAL_PROFILE,
    "/Default/Local Storage",
    "/Default/IndexedDB",
    "/Default/Session Storage",
    "/Default/Login Data",
    "/Default/Login Data-journal",
    "/Default/Login Data For Account",
    "/Default/Login Data For Account-journal",
    "/Default/Web Data",
    "/Default/Web Data-journal",
    "/Default/Preferences",
    "/Default/Secure Preferences",
    "/Default/TransportSecurity",
    "/Default/Network Persistent State",
    "/Default/GPUCache",
    "/Default/Affiliation Database",
    "/Default/Affiliation Database-journal",
)


def browser_profile_files(mode: BrowserSyncMode) -> tuple[str, ...]:
    """The profile paths the SDK white-lists under the browser-data path in ``mode``."""
    return _MINIMAL_PROFILE if mode is BrowserSyncMode.MINIMAL else _STANDARD_PROFILE


def browser_helper_syncs(browser: BrowserContext) -> tuple[list[ContextSync], ContextSync]:
    """(the syncs the SDK adds to ``context_syncs``, the browser-data sync it adds after the mounts)."""
    before: list[ContextSync] = []
    ext = browser.extension_option
    if ext is not None and ext.extension_ids and (ext.context_id or ext.context_name):
        policy = SyncPolicy(
            upload_policy=UploadPolicy(auto_upload=False),
            delete_policy=DeletePolicy(sync_local_file=False),
            extract_policy=ExtractPolicy(extract=True, delete_src_file=True),
            bw_list=BWList([WhiteList(path=i) for i in ext.extension_ids]),
        )
        before.append(ContextSync(ext.context_id, EXTENSIONS_PATH, policy, None, ext.context_name, ext.create))
    fp = browser.fingerprint_context
    if fp is not None and (fp.context_id.strip() or fp.context_name):
        policy = SyncPolicy(
            upload_policy=UploadPolicy(auto_upload=False),
            extract_policy=ExtractPolicy(extract=True, delete_src_file=True),
            bw_list=BWList([]),
        )
        before.append(ContextSync(fp.context_id, FINGERPRINT_PATH, policy, None, fp.context_name, fp.create))
    data_policy = SyncPolicy(
        upload_policy=UploadPolicy(auto_upload=browser.auto_upload),
        bw_list=BWList([WhiteList(path=p) for p in browser_profile_files(browser.sync_mode)]),
    )
    data = ContextSync(browser.context_id, BROWSER_DATA_PATH, data_policy, None, browser.context_name, browser.create)
    return before, data


# --- the wire form: what the SDK's __dict__() methods produce ---------------------------


def _enum_value(value: enum.Enum | None) -> Any:
    return value.value if value else None


def policy_to_wire(p: SyncPolicy) -> dict[str, Any]:
    up = p.upload_policy
    upload: dict[str, Any] = {
        "autoUpload": up.auto_upload,
        "uploadStrategy": _enum_value(up.upload_strategy),
        "uploadMode": _enum_value(up.upload_mode),
    }
    if up.archive_exclude_paths and up.upload_mode == UploadMode.ARCHIVE:
        upload["archiveExcludePaths"] = list(up.archive_exclude_paths)
    wire: dict[str, Any] = {
        "uploadPolicy": upload,
        "downloadPolicy": {
            "autoDownload": p.download_policy.auto_download,
            "downloadStrategy": _enum_value(p.download_policy.download_strategy),
        },
        "deletePolicy": {"syncLocalFile": p.delete_policy.sync_local_file},
        "extractPolicy": {
            "extract": p.extract_policy.extract,
            "deleteSrcFile": p.extract_policy.delete_src_file,
            "extractToCurrentFolder": p.extract_policy.extract_current_folder,
        },
        "recyclePolicy": {
            "lifecycle": _enum_value(p.recycle_policy.lifecycle),
            "paths": list(p.recycle_policy.paths),
        },
        "bwList": {
            "whiteLists": [
                {
                    "path": wl.path,
                    "excludePaths": list(wl.exclude_paths),
                    "isPathRegex": wl.is_path_regex,
                    "isExcludeRegex": wl.is_exclude_regex,
                }
                for wl in p.bw_list.white_lists
            ]
        },
    }
    if p.mapping_policy is not None:
        wire["mappingPolicy"] = {"path": p.mapping_policy.path}
    return wire


class UnresolvedNameError(ValueError):
    """A context known only by name has no wire form until its id is looked up."""


def _wire_id(entry: ContextSync | BetaContextMount) -> str:
    if entry.unresolved:
        raise UnresolvedNameError(f"context `{entry.context_name}` is known only by name: resolve its id first")
    return entry.context_id


def context_to_wire(c: ContextSync) -> dict[str, Any]:
    out: dict[str, Any] = {"context_id": _wire_id(c), "path": c.path}
    if c.policy is not None:
        out["policy"] = policy_to_wire(c.policy)
    if c.beta_wait_for_completion is not None:
        out["beta_wait_for_completion"] = c.beta_wait_for_completion
    return out


def mount_to_wire(m: BetaContextMount) -> dict[str, Any]:
    """The persistence entry ``AgentBay.create`` builds for a mount (``type: "mount"`` and its ``mount_config``),
    by the attribute names of the SDK's request models; ``strategy`` travels as ``storage_mode``."""
    return {
        "context_id": _wire_id(m),
        "path": m.path,
        "type": "mount",
        "mount_config": {
            "access_mode": m.access_mode.value,
            "storage_mode": m.strategy.value,
            "source_path": m.source_path,
        },
    }


# --- declarations as written -----------------------------------------------------------

SECTIONS: dict[str, type] = {
    "upload_policy": UploadPolicy,
    "download_policy": DownloadPolicy,
    "delete_policy": DeletePolicy,
    "extract_policy": ExtractPolicy,
    "recycle_policy": RecyclePolicy,
    "bw_list": BWList,
    "mapping_policy": MappingPolicy,
}

_ENUM_FIELDS: dict[str, type[enum.Enum]] = {
    "upload_strategy": UploadStrategy,
    "upload_mode": UploadMode,
    "download_strategy": DownloadStrategy,
    "lifecycle": Lifecycle,
}
# field -> wire value -> member: a lookup instead of a scan of the enum per field written.
_ENUM_BY_VALUE: dict[str, dict[str, enum.Enum]] = {
    name: {m.value: m for m in cls} for name, cls in _ENUM_FIELDS.items()
}
_BOOL_FIELDS = {
    "auto_upload", "auto_download", "sync_local_file", "extract", "delete_src_file",
    "extract_current_folder", "is_path_regex", "is_exclude_regex",
}
_STR_LIST_FIELDS = {"archive_exclude_paths", "paths", "exclude_paths"}


@record
class Ref:
    """A policy name used by `policy:` or `extends:`."""

    name: str
    node: ScalarNode

    @property
    def span(self) -> Span:
        return self.node.span


@record
class PolicyDecl:
    """A named or inline policy as written."""

    name: str | None  # None for an inline context policy
    label: str
    node: MappingNode
    key: ScalarNode | None = None
    extends: Ref | None = None


@record
class NamedDecl:
    """Something written that names an AgentBay context: by ``context_id``, or by ``context_name`` (+ ``create``)."""

    index: int
    node: MappingNode
    context_id: str | None = None
    context_id_node: Node | None = None
    context_name: str | None = None
    context_name_node: Node | None = None
    create: bool = False
    create_node: Node | None = None
    path: str | None = None
    path_node: Node | None = None

    noun = "context"

    def _read_reference(self) -> None:
        item = self.node
        self.context_id_node = item.get("context_id")
        self.context_id = scalar_text(self.context_id_node)
        self.context_name_node = item.get("context_name")
        self.context_name = scalar_text(self.context_name_node)
        self.create_node = item.get("create")
        if isinstance(self.create_node, ScalarNode) and isinstance(self.create_node.value, bool):
            self.create = self.create_node.value
        self.path_node = item.get("path")
        self.path = scalar_text(self.path_node)

    @property
    def by_name(self) -> bool:
        """True when the context is named (and not also given an id, which SD208 reports)."""
        return self.context_name is not None and self.context_id is None

    @property
    def label(self) -> str:
        if self.context_id and self.context_id.strip():
            return f"{self.noun} `{self.context_id}`"
        if self.context_name and self.context_name.strip():
            return f"{self.noun} named `{self.context_name}`"
        return f"{self.noun} #{self.index + 1}"


@record
class ContextDecl(NamedDecl):
    """A context list item as written."""

    policy_ref: Ref | None = None
    inline: PolicyDecl | None = None
    wait: bool | None = None


@record
class MountDecl(NamedDecl):
    """A ``mounts`` list item as written; enum fields hold None when written with a value outside the enum."""

    access_mode: BetaContextMountAccessMode | None = BetaContextMountAccessMode.READ_WRITE
    strategy: BetaContextMountStrategy | None = BetaContextMountStrategy.STANDARD
    source_path: str = ""
    source_path_node: Node | None = None

    noun = "mount"


@record
class BrowserPartDecl(NamedDecl):
    """``browser_context.extension_option`` or ``browser_context.fingerprint_context`` as written."""

    extension_ids: list[str] = field(default_factory=list)
    extension_ids_node: Node | None = None

    noun = "browser part"


@record
class BrowserDecl(NamedDecl):
    """``browser_context`` as written."""

    auto_upload: bool = True
    sync_mode: BrowserSyncMode | None = BrowserSyncMode.STANDARD
    extension: BrowserPartDecl | None = None
    fingerprint: BrowserPartDecl | None = None

    noun = "browser context"


@record(frozen=True)
class Origin:
    """Where a resolved field's value came from; ``node is None`` means the SDK default."""

    node: Node | None = None
    policy: str | None = None


@record
class Resolved:
    """A policy after `extends` and SDK defaults, with provenance."""

    policy: SyncPolicy
    origins: dict[str, Origin]
    chain: tuple[str, ...]  # labels, the policy itself first


def field_keys() -> Iterator[str]:
    """Every provenance key, in the SDK's order: ``section.field``."""
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            yield f"{section}.{f.name}"


def _ref(node: Node | None) -> Ref | None:
    name = scalar_text(node)
    if name is None or not isinstance(node, ScalarNode):
        return None
    return Ref(name, node)


def _policy_decl(name: str | None, label: str, node: MappingNode, key: ScalarNode | None) -> PolicyDecl:
    return PolicyDecl(name, label, node, key, _ref(node.get("extends")))


class Model:
    """Declarations of one document plus memoised resolution."""

    def __init__(self, root: MappingNode | None, source: Source | None = None) -> None:
        self.source = source
        self.policies: dict[str, PolicyDecl] = {}
        self.all_policies: list[PolicyDecl] = []
        self.contexts: list[ContextDecl] = []
        self.mounts: list[MountDecl] = []
        self.browser: BrowserDecl | None = None
        self.image_id: str | None = None  # `image_id` when it is a non-blank string
        self.image_node: Node | None = None
        self._resolved: dict[int, Resolved] = {}
        self._layers: dict[int, _Layers] = {}
        if root is not None:
            self._collect(root)
        self.cycles: list[list[str]] = self._find_cycles()

    def _collect(self, root: MappingNode) -> None:
        self.image_node = root.get("image_id")
        image = scalar_text(self.image_node)
        self.image_id = image if image and image.strip() else None
        self._collect_mounts(root)
        self._collect_browser(root)
        policies = root.get("policies")
        if isinstance(policies, MappingNode):
            for key, value in policies.effective_pairs():
                if not isinstance(value, MappingNode) or not isinstance(key.value, str):
                    continue
                decl = _policy_decl(key.value, f"policy `{key.value}`", value, key)
                self.all_policies.append(decl)
                self.policies.setdefault(key.value, decl)
        contexts = root.get("contexts")
        if not isinstance(contexts, SequenceNode):
            return
        for index, item in enumerate(contexts.items):
            if not isinstance(item, MappingNode):
                continue
            c = ContextDecl(index, item)
            c._read_reference()
            policy = item.get("policy")
            if isinstance(policy, MappingNode):
                c.inline = _policy_decl(None, f"inline policy of {c.label}", policy, None)
                self.all_policies.append(c.inline)
            else:
                c.policy_ref = _ref(policy)
            wait = item.get("beta_wait_for_completion")
            if isinstance(wait, ScalarNode) and isinstance(wait.value, bool):
                c.wait = wait.value
            self.contexts.append(c)

    def named(self) -> Iterator[NamedDecl]:
        """Every entry that names a context: the context syncs, the mounts, the browser context and its parts."""
        yield from self.contexts
        yield from self.mounts
        if self.browser is not None:
            yield self.browser
            if self.browser.extension is not None:
                yield self.browser.extension
            if self.browser.fingerprint is not None:
                yield self.browser.fingerprint

    def _collect_browser(self, root: MappingNode) -> None:
        node = root.get("browser_context")
        if not isinstance(node, MappingNode):
            return
        browser = BrowserDecl(0, node)
        browser._read_reference()
        auto = node.get("auto_upload")
        if isinstance(auto, ScalarNode) and isinstance(auto.value, bool):
            browser.auto_upload = auto.value
        browser.sync_mode = _enum_or_default(node.get("sync_mode"), BrowserSyncMode.STANDARD)
        for key, noun in (("extension_option", "extension context"), ("fingerprint_context", "fingerprint context")):
            part_node = node.get(key)
            if not isinstance(part_node, MappingNode):
                continue
            part = BrowserPartDecl(0, part_node)
            part.noun = noun  # type: ignore[misc]
            part._read_reference()
            ids = part_node.get("extension_ids")
            if isinstance(ids, SequenceNode):
                part.extension_ids_node = ids
                part.extension_ids = [t for t in (scalar_text(i) for i in ids.items) if t is not None]
            if key == "extension_option":
                browser.extension = part
            else:
                browser.fingerprint = part
        self.browser = browser

    def browser_context(self) -> BrowserContext | None:
        """The browser context as the SDK's ``BrowserContext`` fields (names unresolved), or None."""
        b = self.browser
        if b is None:
            return None
        ext = fp = None
        if b.extension is not None:
            e = b.extension
            ext = ExtensionOption(e.context_id or "", list(e.extension_ids), e.context_name if e.by_name else None,
                                  e.create)
        if b.fingerprint is not None:
            f = b.fingerprint
            fp = FingerprintContext(f.context_id or "", f.context_name if f.by_name else None, f.create)
        name = b.context_name if b.by_name else None
        return BrowserContext(b.context_id or "", b.auto_upload, b.sync_mode or BrowserSyncMode.STANDARD, ext, fp,
                              name, b.create)

    def _collect_mounts(self, root: MappingNode) -> None:
        mounts = root.get("mounts")
        if not isinstance(mounts, SequenceNode):
            return
        for index, item in enumerate(mounts.items):
            if not isinstance(item, MappingNode):
                continue
            mount = MountDecl(index, item)
            mount._read_reference()
            mount.access_mode = _enum_or_default(item.get("access_mode"), BetaContextMountAccessMode.READ_WRITE)
            mount.strategy = _enum_or_default(item.get("strategy"), BetaContextMountStrategy.STANDARD)
            mount.source_path_node = item.get("source_path")
            mount.source_path = scalar_text(mount.source_path_node) or ""
            self.mounts.append(mount)

    def context_mount(self, mount: MountDecl) -> BetaContextMount:
        name = mount.context_name if mount.by_name else None
        return BetaContextMount(
            mount.context_id or "",
            mount.path or "",
            mount.access_mode or BetaContextMountAccessMode.READ_WRITE,
            mount.strategy or BetaContextMountStrategy.STANDARD,
            mount.source_path,
            name,
            mount.create,
        )

    def _find_cycles(self) -> list[list[str]]:
        cycles: list[list[str]] = []
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in self.policies:
            walk: list[str] = []
            name: str | None = start
            while name is not None and name in self.policies and state.get(name) is None:
                state[name] = 1
                walk.append(name)
                parent = self.policies[name].extends
                name = parent.name if parent else None
            if name is not None and state.get(name) == 1:
                cycles.append(walk[walk.index(name) :])
            for n in walk:
                state[n] = 2
        return cycles

    # resolution

    def chain(self, decl: PolicyDecl) -> list[PolicyDecl]:
        """The policy and its ancestors, child first; stops at a cycle or an unknown name."""
        out = [decl]
        seen = {id(decl.node)}
        current = decl
        while current.extends is not None:
            parent = self.policies.get(current.extends.name)
            if parent is None or id(parent.node) in seen:
                break
            out.append(parent)
            seen.add(id(parent.node))
            current = parent
        return out

    def resolve(self, decl: PolicyDecl) -> Resolved:
        cached = self._resolved.get(id(decl.node))
        if cached is None:
            chain = self.chain(decl)
            cached = _finish(self._merged(chain), tuple(d.label for d in chain))
            self._resolved[id(decl.node)] = cached
        return cached

    def _merged(self, chain: list[PolicyDecl]) -> _Layers:
        """The chain's sections merged child-over-parent, reusing ancestors already merged.

        A policy that is not on an `extends` cycle always has the same ancestors,
        so its merge is cached; that keeps long chains linear instead of quadratic.
        """
        on_cycle = {name for cycle in self.cycles for name in cycle}
        cached_at = next((i for i, d in enumerate(chain) if id(d.node) in self._layers), len(chain))
        merged: _Layers = self._layers[id(chain[cached_at].node)] if cached_at < len(chain) else {}
        for decl in reversed(chain[:cached_at]):
            merged = _overlay(decl, merged)
            if decl.name is None or decl.name not in on_cycle:
                self._layers[id(decl.node)] = merged
        return merged

    def context_policy(self, c: ContextDecl) -> Resolved | None:
        if c.inline is not None:
            return self.resolve(c.inline)
        if c.policy_ref is not None and c.policy_ref.name in self.policies:
            return self.resolve(self.policies[c.policy_ref.name])
        return None

    def context_sync(self, c: ContextDecl) -> ContextSync:
        resolved = self.context_policy(c)
        name = c.context_name if c.by_name else None
        return ContextSync(
            c.context_id or "", c.path or "", resolved.policy if resolved else None, c.wait, name, c.create
        )


_E = TypeVar("_E", bound=enum.Enum)


def _enum_or_default(node: Node | None, default: _E) -> _E | None:
    """The member whose wire value ``node`` holds; ``default`` when absent or null; None for any other value."""
    if node is None or (isinstance(node, ScalarNode) and node.value is None):
        return default
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        for member in type(default):
            if member.value == node.value:
                return member
    return None


_Named = TypeVar("_Named", ContextSync, BetaContextMount, ExtensionOption, FingerprintContext, BrowserContext)


def resolve_names(entries: list[_Named], lookup: Callable[[str], str]) -> list[_Named]:
    """``entries`` with each context name replaced by the id ``lookup(name)`` gives (entries with ids stay)."""
    return [_resolve_one(e, lookup) for e in entries]


def _resolve_one(e: _Named, lookup: Callable[[str], str]) -> _Named:
    """``e`` with its id looked up, then (a browser context) its extensions' and fingerprint's, in that order."""
    if e.unresolved and e.context_name is not None:
        e = replace(e, context_id=lookup(e.context_name), context_name=None, create=False)
    if isinstance(e, BrowserContext):
        browser: BrowserContext = e
        ext, fp = browser.extension_option, browser.fingerprint_context
        resolved = replace(
            browser,
            extension_option=None if ext is None else _resolve_one(ext, lookup),
            fingerprint_context=None if fp is None else _resolve_one(fp, lookup),
        )
        return resolved  # type: ignore[return-value]  # _Named is BrowserContext here
    return e


def build_model(root: MappingNode | None, source: Source | None = None) -> Model:
    return Model(root, source)


# --- field-by-field merge ---------------------------------------------------------------


def _field_value(name: str, node: Node) -> tuple[bool, Any]:
    """(ok, value) for a field as written; ok is False when the type is wrong."""
    if name in _BOOL_FIELDS:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return True, node.value
        return False, None
    if name in _ENUM_FIELDS:
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            member = _ENUM_BY_VALUE[name].get(node.value)
            if member is not None:
                return True, member
        return False, None
    if name in _STR_LIST_FIELDS:
        if isinstance(node, SequenceNode) and all(scalar_text(i) is not None for i in node.items):
            return True, [scalar_text(i) for i in node.items]
        return False, None
    if name == "path":
        text = scalar_text(node)
        return (text is not None), text
    if name == "white_lists":
        if isinstance(node, SequenceNode) and all(isinstance(i, MappingNode) for i in node.items):
            return True, [_white_list(i) for i in node.items if isinstance(i, MappingNode)]
        return False, None
    return False, None


def _white_list(node: MappingNode) -> WhiteList:
    wl = WhiteList()
    for key, value in node.effective_pairs():
        name = key.value
        if name not in ("path", "exclude_paths", "is_path_regex", "is_exclude_regex"):
            continue
        ok, val = _field_value(name, value)
        if ok:
            setattr(wl, name, val)
    return wl


# section -> field -> (value, origin); a section present here was written by somebody.
_Layers = dict[str, dict[str, tuple[Any, Origin]]]


def _overlay(decl: PolicyDecl, parent: _Layers) -> _Layers:
    """``decl``'s own sections merged over its parent's (the child's fields win)."""
    merged = dict(parent)
    # One pass over the keys written (a policy has a few) rather than a lookup per known section.
    for section_key, node in decl.node.effective_pairs():
        section = section_key.value
        if section not in SECTIONS or not isinstance(node, MappingNode):
            continue
        values = dict(parent.get(section, {}))
        for key, value in node.effective_pairs():
            name = key.value
            if not isinstance(name, str):
                continue
            ok, val = _field_value(name, value)
            if ok:
                values[name] = (val, Origin(value, decl.label))
        merged[section] = values
    return merged


_SDK_DEFAULT = Origin()


def _plan() -> tuple[list[tuple[str, type, tuple[tuple[str, str], ...]]], dict[str, Origin]]:
    """(section, class, ((field, "section.field"), ...)) in the SDK's order, and every key's SDK default."""
    plan: list[tuple[str, type, tuple[tuple[str, str], ...]]] = []
    defaults: dict[str, Origin] = {}
    for section, cls in SECTIONS.items():
        keys = tuple((f.name, f"{section}.{f.name}") for f in fields(cls))
        defaults.update((key, _SDK_DEFAULT) for _, key in keys)
        plan.append((section, cls, keys))
    return plan, defaults


_PLAN, _DEFAULT_ORIGINS = _plan()


def _finish(layers: _Layers, chain: tuple[str, ...]) -> Resolved:
    written: dict[str, Any] = {}
    # Every key starts at the SDK default, in the SDK's order; written fields replace theirs in place.
    origins = dict(_DEFAULT_ORIGINS)
    for section, cls, keys in _PLAN:
        values = layers.get(section)
        if values is None:  # nobody wrote it: the SDK's SyncPolicy default (mapping_policy stays unset)
            continue
        kwargs: dict[str, Any] = {}
        for name, key in keys:
            hit = values.get(name)
            if hit is not None:
                kwargs[name] = hit[0]
                origins[key] = hit[1]
        written[section] = cls(**kwargs)
    return Resolved(SyncPolicy(**written), origins, chain)
