"""Plan: what a context's resolved policy does to every file of a local copy of its mount folder.

``syncdsl plan FILE --context ID --root DIR`` walks DIR as if it were the
context's mount path and decides, for each file:

- **sync**: whether a white-list entry takes it in, or which exclusion (plain
  or regex) keeps it out, or that no entry covers it;
- **upload**: uploaded as a file (``File`` mode), packed into the archive
  (``Archive`` mode), uploaded as a file outside the archive (an
  ``archive_exclude_paths`` prefix), or not uploaded (``auto_upload: false``);
- **recycle**: which lifecycle applies, through which recycle path;
- **download**: downloaded at session start, inside the archive (unpacked or
  not, by ``extract_policy.extract``), or not (``auto_download: false``).

Every decision names the entry or field behind it and where it is written.
Paths are read exactly as :mod:`syncdsl.session_paths` reads them (its
``context_paths`` gives the entries; its matching helpers say how a relative
path meets each one), so ``plan`` agrees with the rules, ``explain`` and
hover. What the platform does not document is said in the output: the regex
flavour (Python ``re`` here), what recycle paths are relative to (a choice of
readings), and what an empty white list means.

The walk is iterative (``os.scandir``, no recursion, so depth is no
problem), never follows symbolic links (a link is planned as the entry it
is), and costs a constant amount of work per file and per folder: each
folder's match state is derived from its parent's, and identical decisions
are shared, not rebuilt.

JSON (``--format json``)::

    {
      "file": "team.sync.yaml",
      "context": {"context_id": "SdkCtx-1", "context_name": null, "path": "/home/wuying", "line": 12,
                  "policy": "sources"},          # the policy's name; "inline" for an inline policy
      "root": "/abs/path/of/DIR",
      "regex_flavour": "...",                    # null when the policy has no regex entry
      "recycle_reading": "auto",                 # how recycle paths were read (see --recycle-paths)
      "notes": ["..."],                          # what the guides leave open and how it was read
      "outcomes": [{"id": 1, "category": "uploaded as a file", "title": "synced, uploaded as a file, ...",
                    "files": 3, "bytes": 1200,
                    "sync": STEP, "upload": STEP | null, "recycle": STEP | null, "download": STEP | null}],
      "totals": [{"category": "uploaded as a file", "files": 3, "bytes": 1200}],
      "files": [{"path": "src/app.py", "in_session": "/home/wuying/src/app.py", "bytes": 40,
                 "symlink": false, "outcome": 1}],
      "unreadable": [{"path": "private", "error": "permission denied"}]
    }

A STEP is ``{"outcome": "synced", "label": "synced", "rules": [{"rule": "white list `/src` ->
/home/wuying/src", "source": SOURCE | null}]}``, SOURCE as in ``syncdsl explain``'s JSON
(``policy``, ``file``, ``line``, ``column``, ``via``; null for an SDK default).
"""

from __future__ import annotations

import gc
import os
import re
import stat
import time
from collections.abc import Callable
from typing import Any

from syncdsl import model as m
from syncdsl.explain import DEFAULT_TEXT, FieldInfo, Source, context_info
from syncdsl.records import field, record
from syncdsl.session_paths import (
    ARCHIVE_EXCLUDE,
    EXCLUDE,
    RECYCLE,
    RECYCLE_AUTO,
    RECYCLE_READING_TEXT,
    REGEX_FLAVOUR,
    WHITE_LIST,
    InSession,
    archive_prefix,
    context_paths,
    is_within,
    join,
    recycle_scope,
    regex_subjects,
    relative_key,
)

LIFECYCLE_DAYS: dict[m.Lifecycle, int | None] = {
    m.Lifecycle.LIFECYCLE_1DAY: 1,
    m.Lifecycle.LIFECYCLE_3DAYS: 3,
    m.Lifecycle.LIFECYCLE_5DAYS: 5,
    m.Lifecycle.LIFECYCLE_10DAYS: 10,
    m.Lifecycle.LIFECYCLE_15DAYS: 15,
    m.Lifecycle.LIFECYCLE_30DAYS: 30,
    m.Lifecycle.LIFECYCLE_90DAYS: 90,
    m.Lifecycle.LIFECYCLE_180DAYS: 180,
    m.Lifecycle.LIFECYCLE_360DAYS: 360,
    m.Lifecycle.LIFECYCLE_FOREVER: None,
}

EMPTY_WHITE_LIST_NOTE = (
    "`white_lists: []` names no entry; the guides do not say what an empty white list syncs (the SDK's own "
    "fingerprint sync sends one and still downloads its files): read here as the whole mount"
)

# Outcome categories, in the order totals are printed.
NOT_SYNCED = "not synced"
AS_FILE = "uploaded as a file"
IN_ARCHIVE = "packed into the archive"
OUTSIDE_ARCHIVE = "uploaded as a file outside the archive"
NOT_UPLOADED = "synced, not uploaded"
CATEGORIES = (AS_FILE, IN_ARCHIVE, OUTSIDE_ARCHIVE, NOT_UPLOADED, NOT_SYNCED)


class PlanError(Exception):
    """A context that cannot be planned or a folder that cannot be read: one line."""


# --- decisions -------------------------------------------------------------------------------


@record(frozen=True)
class RuleRef:
    """One entry or field a decision rests on, and where it is written (None: the SDK default)."""

    rule: str
    source: Source | None = field(compare=False, default=None)
    where: str = ""  # provenance(source), kept for equality and hashing

    @staticmethod
    def of(rule: str, source: Source | None) -> RuleRef:
        return RuleRef(rule, source, where(source))


def where(source: Source | None) -> str:
    """``team.sync.yaml:7, policy `standard` via strict -> standard``, or ``SDK default``: provenance, shortly."""
    if source is None:
        return DEFAULT_TEXT
    text = f"{source.file}:{source.line}" if source.file else f"line {source.line}"
    if source.policy is not None:
        text += f", policy `{source.policy}`"
    if source.via:
        text += f" via {' -> '.join(source.via)}"
    return text


@record(frozen=True)
class Step:
    outcome: str  # machine-readable: synced, excluded, unlisted, file, archive, ...
    label: str  # for people: "uploaded as a file"
    rules: tuple[RuleRef, ...]


@record(frozen=True)
class Decision:
    sync: Step
    upload: Step | None = None
    recycle: Step | None = None
    download: Step | None = None

    def __hash__(self) -> int:
        # Hashed once per file by the renderers: keep the (deep) hash of this shared object.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.sync, self.upload, self.recycle, self.download))
            object.__setattr__(self, "_hash", cached)
        return cached

    @property
    def synced(self) -> bool:
        return self.sync.outcome == "synced"

    @property
    def category(self) -> str:
        if not self.synced or self.upload is None:
            return NOT_SYNCED
        return {"file": AS_FILE, "archive": IN_ARCHIVE, "outside-archive": OUTSIDE_ARCHIVE}.get(
            self.upload.outcome, NOT_UPLOADED
        )

    @property
    def steps(self) -> list[tuple[str, Step]]:
        named = (("sync", self.sync), ("upload", self.upload), ("recycle", self.recycle), ("download", self.download))
        return [(name, step) for name, step in named if step is not None]

    @property
    def title(self) -> str:
        return ", ".join(step.label for _, step in self.steps)


# --- matching state, folder by folder ----------------------------------------------------------

_TOWARDS = "towards"  # a plain white list below this folder: may still be reached
_DEAD = "dead"  # a plain white list elsewhere: never reached below here
_SEARCHING = "searching"  # a regex white list not matched yet


@record(frozen=True)
class _In:
    """Inside a white-list entry at ``base`` (relative to the mount); ``excluded`` once an exclusion matched."""

    base: str
    excluded: RuleRef | None = None


_State = Any  # str sentinel or _In


@record
class _WhiteList:
    entry: InSession
    rule: RuleRef
    key: str | None  # plain: relative to the mount
    pattern: re.Pattern[str] | None  # regex
    plain_excludes: dict[str, RuleRef]
    regex_excludes: list[tuple[re.Pattern[str], RuleRef]]

    def start(self) -> _State:
        if self.pattern is not None:
            return _SEARCHING
        if self.key is None:
            return _DEAD
        return _In("") if self.key == "" else _TOWARDS

    def step(self, state: _State, rel: str) -> _State:
        if state is _DEAD:
            return state
        if state is _TOWARDS:
            assert self.key is not None
            if rel == self.key:
                return _In(rel)
            return _TOWARDS if self.key.startswith(rel + "/") else _DEAD
        if state is _SEARCHING:
            assert self.pattern is not None
            return _In(rel) if _full_match(self.pattern, rel) else state
        assert isinstance(state, _In)
        if state.excluded is not None:
            return state
        inner = rel[len(state.base) + 1 :] if state.base else rel
        hit = self.plain_excludes.get(inner)
        if hit is not None:
            return _In(state.base, hit)
        for pattern, rule in self.regex_excludes:
            if _full_match(pattern, inner):
                return _In(state.base, rule)
        return state


def _full_match(pattern: re.Pattern[str], rel: str) -> bool:
    return any(pattern.fullmatch(subject) for subject in regex_subjects(rel))


# --- the planner -----------------------------------------------------------------------------


@record
class ContextPlan:
    """Everything the renderers print, besides the tree itself."""

    file: str
    context: m.ContextDecl
    policy_name: str
    mount: str
    root: str  # absolute
    regex_used: bool
    recycle_reading: str
    notes: list[str]
    root_given: str = ""  # as the user wrote it


class Planner:
    """Decides each file of one context from its resolved policy; built once, then asked per folder and file."""

    def __init__(self, model: m.Model, context: m.ContextDecl, file: str, recycle_reading: str = RECYCLE_AUTO):
        resolved = model.context_policy(context)
        if resolved is None:
            if context.policy_ref is not None:
                raise PlanError(f"{context.label}: policy `{context.policy_ref.name}` is not defined")
            raise PlanError(
                f"{context.label} has no policy: the SDK sends none and the service decides; what it syncs then "
                "is not documented, so there is nothing to plan"
            )
        if not context.path or not context.path.strip():
            raise PlanError(f"{context.label} has no mount path")
        self.mount = context.path
        self.policy = resolved.policy
        info = context_info(model, context, file)
        self.fields: dict[str, FieldInfo] = {f.key: f for f in info.fields}
        self.file = file
        self.notes: list[str] = []
        self.regex_used = False
        self.recycle_reading = recycle_reading
        self._decisions: dict[Decision, Decision] = {}
        paths = context_paths(model, context)
        self.white_lists = self._white_lists(paths)
        self.archive = self._archive(paths)
        self.recycle = self._recycle(paths)
        self._fixed = self._fixed_steps()
        self._archive_mode = self._fixed["upload"].outcome == "archive" and bool(self.archive)
        self._recycle_paths = self._fixed["recycle"].outcome == "uncovered"
        self._by_key: dict[Any, Decision] = {}
        listed = ", ".join(f"`{wl.entry.value}`" if wl.entry.value else '""' for wl in self.white_lists)
        unlisted = RuleRef.of(f"under no white-list entry ({listed})", self.fields["bw_list.white_lists"].source)
        self._unlisted = self._intern(Decision(Step("unlisted", "not synced", (unlisted,))))

    # building the matchers from the one model of in-session paths

    def _source_at(self, key: str, entry: InSession | None) -> Source | None:
        """The list field's provenance, pointed at the entry's own line when it is written."""
        base = self.fields[key].source
        if entry is None or entry.node is None or base is None:
            return base
        start = entry.node.span.start
        return Source(base.policy, base.file, start.line + 1, start.column + 1, base.via)

    def _field(self, key: str) -> RuleRef:
        f = self.fields[key]
        value = f.value if not isinstance(f.value, bool) else str(f.value).lower()
        return RuleRef.of(f"{key.partition('.')[2]} {value}", f.source)

    def _compile(self, entry: InSession) -> re.Pattern[str] | None:
        self.regex_used = True
        try:
            return re.compile(entry.value)
        except re.error as exc:
            self.notes.append(
                f"the pattern `{entry.value}` is not a valid Python regular expression ({exc}); it matches nothing here"
            )
            return None

    def _white_lists(self, paths: list[InSession]) -> list[_WhiteList]:
        key = "bw_list.white_lists"
        out: list[_WhiteList] = []
        for entry in paths:
            source = self._source_at(key, entry)
            if entry.kind == WHITE_LIST:
                if entry.regex:
                    rule = RuleRef.of(f"white list regex `{entry.value}` (matched under {self.mount})", source)
                    pattern = self._compile(entry)
                    wl = _WhiteList(entry, rule, None, pattern, {}, [])
                    if pattern is None:
                        wl.key = None
                else:
                    shown = entry.value if entry.value else '""'
                    rule = RuleRef.of(f"white list `{shown}` -> {entry.absolute}", source)
                    wl = _WhiteList(entry, rule, relative_key(entry.value), None, {}, [])
                out.append(wl)
            elif entry.kind == EXCLUDE and out:
                wl = out[-1]
                owner = wl.rule.rule.partition(" -> ")[0].partition(" (matched")[0]
                if entry.regex:
                    rule = RuleRef.of(f"exclude regex `{entry.value}` of {owner}", source)
                    pattern = self._compile(entry)
                    if pattern is not None:
                        wl.regex_excludes.append((pattern, rule))
                else:
                    where = f" -> {entry.absolute}" if entry.absolute else ""
                    rule = RuleRef.of(f"exclude `{entry.value}` of {owner}{where}", source)
                    wl.plain_excludes.setdefault(relative_key(entry.value), rule)
        if not self.policy.bw_list.white_lists:
            self.notes.append(EMPTY_WHITE_LIST_NOTE)
            entry = InSession(WHITE_LIST, "", None, False, self.mount, f"`{self.mount}` (the whole mount)")
            rule = RuleRef.of(f"white_lists [] -> {self.mount} (read as the whole mount)", self.fields[key].source)
            out.append(_WhiteList(entry, rule, "", None, {}, []))
        return out

    def _archive(self, paths: list[InSession]) -> list[tuple[str, RuleRef]]:
        out = []
        for entry in paths:
            if entry.kind == ARCHIVE_EXCLUDE and entry.sent:
                source = self._source_at("upload_policy.archive_exclude_paths", entry)
                rule = RuleRef.of(f"archive exclude `{entry.value}` -> prefix {entry.absolute}", source)
                out.append((archive_prefix(entry.value), rule))
        return out

    def _recycle(self, paths: list[InSession]) -> list[tuple[str | None, RuleRef]]:
        out: list[tuple[str | None, RuleRef]] = []
        if LIFECYCLE_DAYS[self.policy.recycle_policy.lifecycle] is None:
            return out
        readings = set()
        for entry in paths:
            if entry.kind != RECYCLE:
                continue
            source = self._source_at("recycle_policy.paths", entry)
            reading, key = recycle_scope(self.mount, entry.value, self.recycle_reading)
            if entry.value == "":
                text = 'recycle path "" -> every path of the context'
            else:
                readings.add(reading)
                how = "an in-session absolute path" if reading == "absolute" else "relative to the mount"
                target = join(self.mount, key) if key is not None else "outside the mount: covers nothing here"
                text = f"recycle path `{entry.value}` (read as {how}) -> {target}"
            out.append((key, RuleRef.of(text, source)))
        if readings:
            self.notes.append(f"recycle paths ({self.recycle_reading}): {RECYCLE_READING_TEXT[self.recycle_reading]}")
        return out

    def _fixed_steps(self) -> dict[str, Step]:
        p = self.policy
        up, down = p.upload_policy, p.download_policy
        steps: dict[str, Step] = {}
        if not up.auto_upload:
            steps["upload"] = Step("off", "not uploaded", (self._field("upload_policy.auto_upload"),))
        elif up.upload_mode is m.UploadMode.FILE:
            steps["upload"] = Step("file", "uploaded as a file", (self._field("upload_policy.upload_mode"),))
        else:
            steps["upload"] = Step("archive", "packed into the archive", (self._field("upload_policy.upload_mode"),))
        days = LIFECYCLE_DAYS[p.recycle_policy.lifecycle]
        lifecycle = self._field("recycle_policy.lifecycle")
        if days is None:
            steps["recycle"] = Step("forever", "kept forever", (lifecycle,))
        else:
            unit = "day" if days == 1 else "days"
            steps["recycled"] = Step("recycled", f"deleted {days} {unit} after upload", (lifecycle,))
            paths = self._field_ref("recycle_policy.paths", "recycle paths")
            steps["recycle"] = Step("uncovered", "kept forever (no recycle path covers it)", (lifecycle, paths))
        auto_download = self._field("download_policy.auto_download")
        if not down.auto_download:
            steps["download"] = Step("off", "not downloaded at session start", (auto_download,))
        else:
            steps["download"] = Step("downloaded", "downloaded at session start", (auto_download,))
            extract = self._field("extract_policy.extract")
            if p.extract_policy.extract:
                steps["download-archive"] = Step(
                    "archive", "downloaded in the archive and unpacked", (auto_download, extract)
                )
            else:
                steps["download-archive"] = Step(
                    "archive-packed", "downloaded in the archive, not unpacked", (auto_download, extract)
                )
        return steps

    def _field_ref(self, key: str, what: str) -> RuleRef:
        f = self.fields[key]
        shown = "[" + ", ".join(f'"{v}"' if v == "" else str(v) for v in f.value) + "]"
        return RuleRef.of(f"{what} {shown}", f.source)

    # deciding

    def start(self) -> tuple[_State, ...]:
        return tuple(wl.start() for wl in self.white_lists)

    def step(self, states: tuple[_State, ...], rel: str) -> tuple[_State, ...]:
        if len(states) == 1:
            return (self.white_lists[0].step(states[0], rel),)
        return tuple([wl.step(s, rel) for wl, s in zip(self.white_lists, states, strict=True)])

    def decide(self, states: tuple[_State, ...], rel: str) -> Decision:
        """The decision for the file at ``rel`` whose own states (after :meth:`step`) are ``states``.

        Decisions are looked up by the indexes of the entries that made them, so a file costs a few
        comparisons, and every file with the same outcome shares one :class:`Decision`.
        """
        synced = -1
        excluded: RuleRef | None = None
        for i, s in enumerate(states):
            if s.__class__ is _In:
                if s.excluded is None:
                    synced = i
                    break
                if excluded is None:
                    excluded = s.excluded
        if synced < 0:
            if excluded is None:
                return self._unlisted
            found = self._by_key.get(id(excluded))
            if found is None:
                found = self._by_key[id(excluded)] = self._intern(Decision(Step("excluded", "not synced", (excluded,))))
            return found
        archive = -1
        if self._archive_mode:
            for i, (prefix, _) in enumerate(self.archive):
                if rel.startswith(prefix):
                    archive = i
                    break
        recycle = -1
        if self._recycle_paths:
            for i, (key, _) in enumerate(self.recycle):
                if key is not None and is_within(rel, key):
                    recycle = i
                    break
        lookup = (synced, archive, recycle)
        found = self._by_key.get(lookup)
        if found is None:
            found = self._by_key[lookup] = self._build(synced, archive, recycle)
        return found

    def _build(self, synced: int, archive: int, recycle_index: int) -> Decision:
        fixed = self._fixed
        upload = fixed["upload"]
        in_archive = upload.outcome == "archive"
        if archive >= 0:
            upload = Step("outside-archive", "uploaded as a file outside the archive", (self.archive[archive][1],))
            in_archive = False
        recycle = fixed["recycle"]
        if recycle_index >= 0:
            rules = (fixed["recycled"].rules[0], self.recycle[recycle_index][1])
            recycle = Step("recycled", fixed["recycled"].label, rules)
        download = fixed["download"]
        if in_archive and download.outcome == "downloaded":
            download = fixed["download-archive"]
        sync = Step("synced", "synced", (self.white_lists[synced].rule,))
        return self._intern(Decision(sync, upload, recycle, download))

    def _intern(self, decision: Decision) -> Decision:
        return self._decisions.setdefault(decision, decision)


# --- the tree ----------------------------------------------------------------------------------

MIXED = object()  # a folder whose files get different decisions


class Folder:
    __slots__ = ("name", "rel", "entries", "decision", "files", "size", "error")

    def __init__(self, name: str, rel: str) -> None:
        self.name = name
        self.rel = rel
        self.entries: list[Folder | PlannedFile] = []
        self.decision: Any = None  # a Decision when every file below agrees, MIXED, or None (no files)
        self.files = 0
        self.size = 0
        self.error: str | None = None


class PlannedFile:
    __slots__ = ("name", "rel", "size", "decision", "symlink")

    def __init__(self, name: str, rel: str, size: int, decision: Decision, symlink: bool) -> None:
        self.name = name
        self.rel = rel
        self.size = size
        self.decision = decision
        self.symlink = symlink


@record
class PlanResult:
    info: ContextPlan
    tree: Folder
    folders: list[Folder]  # every folder, parents before children
    decisions: list[Decision]  # in order of first appearance in the tree
    unreadable: list[tuple[str, str]]


def walk(planner: Planner, root: str, on_progress: Callable[[int], None] | None = None) -> tuple[Folder, list[Folder]]:
    """Read ``root`` breadth by folder (explicit stack, no recursion), deciding each file as it is listed."""
    top = Folder(".", "")
    folders = [top]
    stack: list[tuple[Folder, str, tuple[_State, ...]]] = [(top, root, planner.start())]
    seen = 0
    while stack:
        folder, path, states = stack.pop()
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            folder.error = (exc.strerror or str(exc)).lower()
            continue
        below: list[tuple[Folder, str, tuple[_State, ...]]] = []
        for entry in entries:
            rel = entry.name if not folder.rel else folder.rel + "/" + entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir:
                    symlink = entry.is_symlink()
                    st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone since the folder was listed
            child_states = planner.step(states, rel)
            if is_dir:
                sub = Folder(entry.name, rel)
                folder.entries.append(sub)
                folders.append(sub)
                below.append((sub, entry.path, child_states))
                continue
            if not (symlink or stat.S_ISREG(st.st_mode)):
                continue  # sockets, FIFOs, devices: not files the sync would store
            folder.entries.append(PlannedFile(entry.name, rel, st.st_size, planner.decide(child_states, rel), symlink))
            seen += 1
            if on_progress is not None and not seen & 1023:
                on_progress(seen)
        stack.extend(reversed(below))
    if on_progress is not None:
        on_progress(seen)
    return top, folders


def _aggregate(folders: list[Folder]) -> None:
    """Bottom-up: each folder's file count, size and common decision (children come after parents)."""
    for folder in reversed(folders):
        decision: Any = None
        files = size = 0
        for entry in folder.entries:
            if isinstance(entry, Folder):
                files += entry.files
                size += entry.size
                child = entry.decision
                if child is None:
                    continue
            else:
                files += 1
                size += entry.size
                child = entry.decision
            if decision is None:
                decision = child
            elif decision is not child:
                decision = MIXED
        folder.files, folder.size, folder.decision = files, size, decision


def plan(
    model: m.Model,
    context: m.ContextDecl,
    root: str,
    file: str,
    recycle_reading: str = RECYCLE_AUTO,
    on_progress: Callable[[int], None] | None = None,
) -> PlanResult:
    if not os.path.isdir(root):
        raise PlanError(f"{root}: {'not a directory' if os.path.exists(root) else 'no such directory'}")
    planner = Planner(model, context, file, recycle_reading)
    # Two objects per file that all live to the end: the cyclic collector would rescan them again
    # and again as the tree grows (superlinear), for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        tree, folders = walk(planner, root, on_progress)
        _aggregate(folders)
    finally:
        if enabled:
            gc.enable()
    order: dict[Decision, None] = {}
    unreadable: list[tuple[str, str]] = []
    for folder in folders:
        if folder.error is not None:
            unreadable.append((folder.rel or ".", folder.error))
        for entry in folder.entries:
            if isinstance(entry, PlannedFile):
                order.setdefault(entry.decision, None)
    policy_name = context.policy_ref.name if context.policy_ref is not None else "inline"
    notes = list(planner.notes)
    info = ContextPlan(file, context, policy_name, planner.mount, os.path.abspath(root), planner.regex_used,
                       recycle_reading, notes, root)
    decisions = _tree_order(tree, order)
    return PlanResult(info, tree, folders, decisions, unreadable)


def _tree_order(tree: Folder, found: dict[Decision, None]) -> list[Decision]:
    """Decisions numbered in the order the tree shows them (depth first, by name)."""
    out: dict[Decision, None] = {}
    stack: list[Folder | PlannedFile] = [tree]
    while stack and len(out) < len(found):
        node = stack.pop()
        if isinstance(node, PlannedFile):
            out.setdefault(node.decision, None)
        else:
            stack.extend(reversed(node.entries))
    return list(out)


def files_of(tree: Folder) -> list[PlannedFile]:
    """Every planned file, depth first by name."""
    out: list[PlannedFile] = []
    stack: list[Folder | PlannedFile] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, PlannedFile):
            out.append(node)
        else:
            stack.extend(reversed(node.entries))
    return out


def find_context(
    models: list[m.Model], selector: str | None, mount: str | None = None
) -> tuple[m.Model, m.ContextDecl]:
    """The one context ``selector`` names (its id or name; any when None), optionally at mount path ``mount``."""
    from syncdsl.session_paths import mount_key
    from syncdsl.suggest import did_you_mean

    every = [(model, c) for model in models for c in model.contexts]
    chosen = named = every
    if selector is not None:
        chosen = named = [(md, c) for md, c in every if selector in (c.context_id, getattr(c, "context_name", None))]
    if mount is not None:
        chosen = [(md, c) for md, c in chosen if c.path is not None and mount_key(c.path) == mount_key(mount)]
        if not chosen and named and selector is not None:
            where = ", ".join(str(c.path) for _, c in named)
            raise PlanError(f"`{selector}` is not mounted at {mount} (it is at {where})")
    if len(chosen) == 1:
        return chosen[0]
    mounts: list[Any] = [d for model in models for d in getattr(model, "mounts", [])]
    if not chosen and selector is not None:
        mounted = [d for d in mounts if selector in (d.context_id, getattr(d, "context_name", None))]
        if mounted:
            raise PlanError(
                f"`{selector}` is a context mount (at {', '.join(str(d.path) for d in mounted)}): a mount has no "
                "sync policy, its folder is the context's storage itself, so there is nothing to plan per file"
            )
    browsers = [b for model in models if (b := getattr(model, "browser", None)) is not None]
    if not chosen and selector is not None and any(
        selector in (b.context_id, getattr(b, "context_name", None)) for b in browsers
    ):
        raise PlanError(f"`{selector}` is the browser context: the SDK makes its context syncs itself, at fixed paths"
                        " (`syncdsl explain` lists them); plan covers the contexts the file lists")
    if not every:
        raise PlanError("the file lists no context syncs" + (" (only context mounts, which have no sync policy)"
                                                             if mounts else ""))
    if not chosen:
        if selector is None:
            raise PlanError(f"no context is mounted at {mount}")
        known = [c.context_id for _, c in every if c.context_id]
        known += [n for _, c in every if (n := getattr(c, "context_name", None))]
        at = f" at {mount}" if mount is not None else ""
        raise PlanError(f"no context `{selector}`{at}{did_you_mean(selector, known)}")
    listed = ", ".join(f"`{c.context_id}` at {c.path}" for _, c in chosen)
    if selector is None:
        raise PlanError(f"the file lists {len(chosen)} contexts ({listed}); choose one with --context")
    raise PlanError(f"`{selector}` names {len(chosen)} contexts ({listed}); add --mount PATH")


# --- rendering ---------------------------------------------------------------------------------


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def _count(n: int) -> str:
    return f"{n:,} file" if n == 1 else f"{n:,} files"


def _header(result: PlanResult) -> list[str]:
    info = result.info
    c = info.context
    policy = f"policy `{info.policy_name}`" if info.policy_name != "inline" else "its inline policy"
    lines = [
        f"{info.file}:{c.node.span.start.line + 1}: {c.label} mounted at {info.mount}, {policy}",
        f"local folder {info.root_given or info.root} read as {info.mount}",
    ]
    if info.regex_used:
        lines.append(f"regex: {REGEX_FLAVOUR}")
    lines.extend(f"note: {n}" for n in info.notes)
    return lines


def _subtree_counts(folder: Folder, ids: dict[Decision, int]) -> str:
    counts: dict[int, int] = {}
    stack: list[Folder | PlannedFile] = [folder]
    while stack:
        node = stack.pop()
        if isinstance(node, PlannedFile):
            n = ids[node.decision]
            counts[n] = counts.get(n, 0) + 1
        else:
            stack.extend(node.entries)
    return " ".join(f"[{n}]x{counts[n]:,}" for n in sorted(counts))


_Row = tuple[str, str, str, str]


def _tree_rows(result: PlanResult, ids: dict[Decision, int], expand: bool, depth: int | None) -> list[_Row]:
    """(indented name, file count, size, outcome) for each printed line, depth first by name."""
    rows: list[_Row] = []
    # (node, the drawing before its name, the lead its children continue, its depth)
    stack: list[tuple[Folder | PlannedFile, str, str, int]] = [(result.tree, "", "", 0)]
    while stack:
        node, prefix, lead, level = stack.pop()
        if isinstance(node, PlannedFile):
            link = " (symlink, not followed)" if node.symlink else ""
            rows.append((prefix + node.name + link, "", human_size(node.size), f"[{ids[node.decision]}]"))
            continue
        text = prefix + ("./" if node is result.tree else node.name + "/")
        if node.error is not None:
            rows.append((text, "", "", f"unreadable: {node.error}"))
            continue
        if node.files == 0:
            rows.append((text, "", "", "empty"))
            continue
        counts, size = _count(node.files), human_size(node.size)
        if node.decision is not MIXED and not expand:
            rows.append((text, counts, size, f"[{ids[node.decision]}]"))
            continue
        if depth is not None and level >= depth:
            rows.append((text, counts, size, _subtree_counts(node, ids)))
            continue
        rows.append((text, counts, size, ""))
        last = len(node.entries) - 1
        children = [
            (child, lead + ("└── " if i == last else "├── "), lead + ("    " if i == last else "│   "), level + 1)
            for i, child in enumerate(node.entries)
        ]
        stack.extend(reversed(children))
    return rows


def _rule_lines(step_name: str, step: Step) -> list[str]:
    out = []
    for i, rule in enumerate(step.rules):
        head = f"{step_name:<9}" if i == 0 else " " * 9
        out.append(f"{head} {rule.rule} ({rule.where})")
    return out


def render_text(result: PlanResult, expand: bool = False, depth: int | None = None) -> str:
    ids = {d: i + 1 for i, d in enumerate(result.decisions)}
    out = _header(result)
    out.append("")
    rows = _tree_rows(result, ids, expand, depth)
    width = min(60, max(len(r[0]) for r in rows))
    count_width = max(len(r[1]) for r in rows)
    size_width = max(len(r[2]) for r in rows)
    for name, files, size, outcome in rows:
        out.append(f"{name.ljust(width)}  {files.rjust(count_width)}  {size.rjust(size_width)}  {outcome}".rstrip())
    counts = decision_counts(result)
    if result.decisions:
        out.extend(["", "outcomes:"])
    for d in result.decisions:
        n, total = counts[d]
        out.append(f"  [{ids[d]}] {d.title}: {_count(n)}, {human_size(total)}")
        for step_name, step in d.steps:
            out.extend("      " + line for line in _rule_lines(step_name, step))
    out.extend(["", "totals:"])
    table = [(category, _count(n), human_size(total)) for category, (n, total) in _totals(result, counts).items()]
    every = sum(n for n, _ in counts.values()), sum(total for _, total in counts.values())
    table.append(("all", _count(every[0]), human_size(every[1])))
    w0, w1, w2 = (max(len(r[i]) for r in table) for i in range(3))
    out.extend(f"  {a.ljust(w0)}  {b.rjust(w1)}  {c.rjust(w2)}" for a, b, c in table)
    for rel, error in result.unreadable:
        out.append(f"warning: {rel}: unreadable ({error}); not planned")
    return "".join(line + "\n" for line in out)


def decision_counts(result: PlanResult) -> dict[Decision, tuple[int, int]]:
    """Files and bytes per decision."""
    counts: dict[Decision, list[int]] = {d: [0, 0] for d in result.decisions}
    for f in files_of(result.tree):
        c = counts[f.decision]
        c[0] += 1
        c[1] += f.size
    return {d: (c[0], c[1]) for d, c in counts.items()}


def _totals(result: PlanResult, counts: dict[Decision, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = {}
    for d in result.decisions:
        t = totals.setdefault(d.category, [0, 0])
        t[0] += counts[d][0]
        t[1] += counts[d][1]
    return {c: (totals[c][0], totals[c][1]) for c in CATEGORIES if c in totals}


def _source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"policy": source.policy, "file": source.file, "line": source.line, "column": source.column,
            "via": list(source.via)}


def _step_json(step: Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"outcome": step.outcome, "label": step.label,
            "rules": [{"rule": r.rule, "source": _source_json(r.source)} for r in step.rules]}


def to_json(result: PlanResult) -> dict[str, Any]:
    info = result.info
    c = info.context
    ids = {d: i + 1 for i, d in enumerate(result.decisions)}
    files = files_of(result.tree)
    counts = decision_counts(result)
    return {
        "file": info.file,
        "context": {"context_id": c.context_id, "context_name": getattr(c, "context_name", None), "path": c.path,
                    "line": c.node.span.start.line + 1, "policy": info.policy_name},
        "root": info.root,
        "regex_flavour": REGEX_FLAVOUR if info.regex_used else None,
        "recycle_reading": info.recycle_reading,
        "notes": info.notes,
        "outcomes": [
            {"id": ids[d], "category": d.category, "title": d.title, "files": counts[d][0], "bytes": counts[d][1],
             "sync": _step_json(d.sync), "upload": _step_json(d.upload), "recycle": _step_json(d.recycle),
             "download": _step_json(d.download)}
            for d in result.decisions
        ],
        "totals": [{"category": k, "files": n, "bytes": size} for k, (n, size) in _totals(result, counts).items()],
        "files": [
            {"path": f.rel, "in_session": join(info.mount, f.rel), "bytes": f.size, "symlink": f.symlink,
             "outcome": ids[f.decision]}
            for f in files
        ],
        "unreadable": [{"path": rel, "error": error} for rel, error in result.unreadable],
    }


class ScanProgress:
    """``plan: 12,345 files read`` on stderr, redrawn at most ten times a second, erased at the end."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self._start = time.monotonic()
        self._last = 0.0
        self.shown = False

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self._start < 0.3 or now - self._last < 0.1:
            return
        self._last = now
        self.shown = True
        self.stream.write(f"\rplan: {done:,} files read")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
