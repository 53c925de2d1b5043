"""Diff: what changes between two versions of a file in the *resolved* contexts, and which changes risk data.

A YAML diff shows the lines that moved; a one-line change to a shared policy
changes every context that extends it, and an edit can also leave every
context as it was. ``syncdsl diff OLD NEW`` compares what the SDK would
build: each context's resolved policy, field by field, with the place each
side's value comes from (as ``syncdsl explain`` shows it).

Context syncs, context mounts (``mounts:``) and the browser context (with the
syncs the SDK adds for it) are compared alike: each is
paired by what names it (``context_id``, or the context name when the file
uses one) together with its mount path; a context whose id
stayed but whose mount moved (or the other way round) is paired by the part
that stayed, and the other part is reported as changed.

Each change may carry markers:

- **loses data** (``loses-data``): after the change the platform keeps less,
  or deletes sooner: a shorter recycle lifecycle or a lifecycle reaching more
  paths, ``auto_upload`` or ``auto_download`` turned off, local deletions now
  propagated (``delete_policy.sync_local_file`` turned on), a white list
  narrowed (an entry removed, made deeper, an exclusion added), files moved
  into the archive (``upload_mode: Archive``, an archive exclusion removed),
  a context removed or moved to another id or mount path, a policy removed,
  a context mount made read-only or pointed at another folder (``source_path``),
  the browser profile no longer uploaded or synced in ``minimal`` mode;
- **keeps data longer** (``keeps-data-longer``): a longer lifecycle or one
  reaching fewer paths, local deletions no longer propagated
  (``sync_local_file`` turned off).

White-list and exclude paths are compared as :mod:`syncdsl.session_paths`
reads them (relative to the mount and to their white list), so ``/src`` and
``src`` are the same entry and every message names the in-session path.

JSON (``--format json``)::

    {
      "old": "HEAD:team.sync.yaml", "new": "team.sync.yaml",
      "changed": true,
      "summary": {"changed": 1, "added": 0, "removed": 1, "unchanged": 2,
                  "loses_data": 2, "keeps_data_longer": 0},
      "contexts": [
        {"status": "changed",             # or "added", "removed"
         "kind": "sync",                   # or "mount" (an entry of `mounts`)
         "context_id": "SdkCtx-1", "context_name": null, "path": "/home/wuying",   # the NEW side's, else OLD's
         "old": {"line": 12, "policy": "policy `strict` extends `standard`"} | null,
         "new": {...} | null,
         "risks": [RISK],                  # the context's own (removed, moved)
         "changes": [
           {"field": "recycle_policy.lifecycle",      # or "context_id", "path", "policy", ...
            "old": "Lifecycle_30Days", "new": "Lifecycle_1Day",   # plain data, as written in YAML
            "old_sent": true, "new_sent": true,
            "old_source": SOURCE | null, "new_source": SOURCE | null,   # null: SDK default
            "added": [...], "removed": [...],          # list fields: entries on one side only
            "notes": ["..."],
            "risks": [RISK]}]}]
    }

A RISK is ``{"kind": "loses-data" | "keeps-data-longer", "reason": "..."}``; a SOURCE is
``{"policy", "file", "line", "column", "via"}`` as in ``syncdsl explain``'s JSON.
"""

from __future__ import annotations

from typing import Any

from syncdsl import model as m
from syncdsl.explain import ContextInfo, FieldInfo, Source, context_info, provenance
from syncdsl.records import field, record
from syncdsl.session_paths import join, mount_key, relative_key

LOSES = "loses-data"
KEEPS = "keeps-data-longer"
RISK_TEXT = {LOSES: "loses data", KEEPS: "keeps data longer"}

_DAYS = {
    "Lifecycle_1Day": 1,
    "Lifecycle_3Days": 3,
    "Lifecycle_5Days": 5,
    "Lifecycle_10Days": 10,
    "Lifecycle_15Days": 15,
    "Lifecycle_30Days": 30,
    "Lifecycle_90Days": 90,
    "Lifecycle_180Days": 180,
    "Lifecycle_360Days": 360,
}  # Lifecycle_Forever: no limit


def _days(lifecycle: Any) -> float:
    return _DAYS.get(lifecycle, float("inf"))


def _lifetime(lifecycle: Any, short: bool = False) -> str:
    """``deleted 30 days after upload`` (``short``: ``30 days``), or ``kept forever``."""
    days = _DAYS.get(lifecycle)
    if days is None:
        return "kept forever"
    span = f"{days} day{'s' if days != 1 else ''}"
    return span if short else f"deleted {span} after upload"


@record(frozen=True)
class Risk:
    kind: str  # LOSES or KEEPS
    reason: str


@record
class Change:
    key: str  # "recycle_policy.lifecycle", or the context's own "context_id", "path", "policy", ...
    old: Any
    new: Any
    old_source: Source | None = None
    new_source: Source | None = None
    old_sent: bool = True
    new_sent: bool = True
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    has_source: bool = True  # False for the context's own keys (no policy provenance to show)


@record
class Version:
    """One context sync or context mount on one side."""

    decl: Any  # m.ContextDecl, or a context mount's declaration
    info: ContextInfo

    @property
    def kind(self) -> str:
        return getattr(self.info, "kind", "sync")

    @property
    def ident(self) -> str | None:
        if getattr(self.decl, "by_name", False):
            return "name:" + str(getattr(self.decl, "context_name", ""))
        return self.decl.context_id

    @property
    def mount(self) -> str:
        return mount_key(self.decl.path) if self.decl.path else ""


@record
class ContextDiff:
    status: str  # "changed", "added", "removed", "same"
    old: Version | None
    new: Version | None
    changes: list[Change] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def current(self) -> Version:
        version = self.new or self.old
        assert version is not None
        return version

    def all_risks(self) -> list[Risk]:
        return self.risks + [r for c in self.changes for r in c.risks]


@record
class DiffReport:
    old: str
    new: str
    contexts: list[ContextDiff]

    @property
    def shown(self) -> list[ContextDiff]:
        return [c for c in self.contexts if c.status != "same"]

    @property
    def changed(self) -> bool:
        return bool(self.shown)

    def count(self, status: str) -> int:
        return sum(1 for c in self.contexts if c.status == status)

    def risk_count(self, kind: str) -> int:
        return sum(1 for c in self.contexts for r in c.all_risks() if r.kind == kind)


# --- pairing ----------------------------------------------------------------------------------


def versions(models: list[m.Model], file: str) -> list[Version]:
    """Every context sync, then every context mount (where the model has them), document by document."""
    parts = getattr(m, "BrowserPartDecl", ())  # a browser context's parts are compared with it
    out: list[Version] = []
    for n, model in enumerate(models):
        named = model.named() if hasattr(model, "named") else model.contexts
        out.extend(Version(c, context_info(model, c, file, n + 1)) for c in named if not isinstance(c, parts))
    return out


def _pair(old: list[Version], new: list[Version]) -> list[tuple[Version | None, Version | None]]:
    """Pairs in the new side's order (removed contexts where they stood in the old one)."""
    matched: dict[int, int] = {}  # new index -> old index
    free_old = set(range(len(old)))

    def match(key: Any) -> None:
        """Pair the unpaired by ``key``; after the exact pass, only where the key is unique on both sides."""
        free: dict[Any, list[int]] = {}
        for i in free_old:
            k = key(old[i])
            if k is not None:
                free.setdefault(k, []).append(i)
        open_new: dict[Any, list[int]] = {}
        for j, n in enumerate(new):
            if j not in matched and (k := key(n)) is not None:
                open_new.setdefault(k, []).append(j)
        for k, js in open_new.items():
            candidates = free.get(k, [])
            if key is not _exact and (len(candidates) != 1 or len(js) != 1):
                continue  # ambiguous: leave them as removed and added
            for j, i in zip(js, candidates, strict=False):  # in order of appearance
                matched[j] = i
                free_old.remove(i)

    match(_exact)
    match(lambda v: ("id", v.kind, v.ident) if v.ident else None)
    match(lambda v: ("mount", v.kind, v.mount) if v.mount else None)
    pairs: list[tuple[Version | None, Version | None]] = []
    reverse = {i: j for j, i in matched.items()}
    cursor = 0  # old contexts before it that have no partner are listed where they stood
    for j, n in enumerate(new):
        if j in matched:
            i = matched[j]
            while cursor < i:
                if cursor not in reverse:
                    pairs.append((old[cursor], None))
                cursor += 1
            pairs.append((old[i], n))
        else:
            pairs.append((None, n))
    pairs.extend((old[i], None) for i in range(cursor, len(old)) if i not in reverse)
    return pairs


def _exact(v: Version) -> Any:
    return ("both", v.kind, v.ident, v.mount)


# --- comparing -------------------------------------------------------------------------------


def compare(old_models: list[m.Model], old_file: str, new_models: list[m.Model], new_file: str) -> DiffReport:
    old, new = versions(old_models, old_file), versions(new_models, new_file)
    return DiffReport(old_file, new_file, [_compare_pair(a, b) for a, b in _pair(old, new)])


def _compare_pair(old: Version | None, new: Version | None) -> ContextDiff:
    if new is None:
        assert old is not None
        where = old.decl.path or "its mount path"
        if old.kind == "mount":
            reason = f"the context is no longer mounted: nothing written under {where} is persisted"
        else:
            reason = f"the context is no longer synced: files under {where} are neither downloaded nor persisted"
        return ContextDiff("removed", old, None, risks=[Risk(LOSES, reason)])
    if old is None:
        return ContextDiff("added", None, new)
    diff = ContextDiff("changed", old, new)
    diff.changes.extend(_identity_changes(old, new))
    diff.changes.extend(_policy_changes(old, new))
    if not diff.changes:
        diff.status = "same"
    return diff


def _own(name: str, old: Any, new: Any, risks: list[Risk] | None = None) -> Change:
    return Change(name, old, new, risks=risks or [], has_source=False)


def _identity_changes(old: Version, new: Version) -> list[Change]:
    out: list[Change] = []
    a, b = old.decl, new.decl
    if (a.context_id, getattr(a, "context_name", None)) != (b.context_id, getattr(b, "context_name", None)):
        for key in ("context_id", "context_name"):
            before, after = getattr(a, key, None), getattr(b, key, None)
            if before != after:
                reason = (
                    "another context: what the old one stores is no longer downloaded here, "
                    "and files written now go to the new one"
                )
                out.append(_own(key, before, after, [Risk(LOSES, reason)]))
    if old.mount != new.mount:
        reason = (
            f"mounted elsewhere: files written under {a.path} are no longer persisted, "
            f"and the stored files appear under {b.path}"
        )
        out.append(_own("path", a.path, b.path, [Risk(LOSES, reason)]))
    wait_a, wait_b = getattr(a, "wait", None), getattr(b, "wait", None)
    if wait_a != wait_b:
        out.append(_own("beta_wait_for_completion", wait_a, wait_b))
    return out


def policy_text(info: ContextInfo) -> str:
    """``policy `strict` extends `standard```, ``inline policy``, ``no policy``, or ``mounted``."""
    if getattr(info, "kind", "sync") == "mount":
        return "mounted"
    if getattr(info, "kind", "sync") == "browser":
        return "the SDK syncs the browser's data itself"
    if not info.has_policy:
        return "no policy"
    if not info.defined:
        return f"policy `{info.policy_name}` (not defined)"
    head = f"policy `{info.chain[0]}`" if info.policy_name is not None else "inline policy"
    if len(info.chain) > 1:
        head += " extends " + " -> ".join(f"`{n}`" for n in info.chain[1:])
    return head


def _policy_changes(old: Version, new: Version) -> list[Change]:
    a, b = old.info, new.info
    out: list[Change] = []
    before, after = policy_text(a), policy_text(b)
    if before != after:
        risks = []
        if a.fields and not b.fields:
            risks.append(Risk(LOSES, "no policy is sent any more: the service decides what is synced (undocumented)"))
        out.append(_own("policy", Text(before), Text(after), risks))
    if not a.fields or not b.fields:
        return out
    if old.kind == "browser" and _sdk_syncs(a) != _sdk_syncs(b):
        before_syncs, after_syncs = _sdk_syncs(a), _sdk_syncs(b)
        paths = [", ".join(s.path for s in getattr(info, "sdk_syncs", [])) for info in (a, b)]
        syncs = _own("sdk_syncs", Text(paths[0] or "none"), Text(paths[1] or "none"))
        syncs.added = [Text(v) for v in after_syncs if v not in before_syncs]
        syncs.removed = [Text(v) for v in before_syncs if v not in after_syncs]
        out.append(syncs)
    old_fields = {f.key: f for f in a.fields}
    new_fields = {f.key: f for f in b.fields}
    for key, nf in new_fields.items():
        of = old_fields[key]
        if of.value == nf.value and of.sent == nf.sent:
            continue
        change = Change(key, of.value, nf.value, of.source, nf.source, of.sent, nf.sent)
        _describe(change, old, new, old_fields, new_fields)
        out.append(change)
    return out


def _describe(
    change: Change, old: Version, new: Version, old_fields: dict[str, FieldInfo], new_fields: dict[str, FieldInfo]
) -> None:
    key, before, after = change.key, change.old, change.new
    mount = new.decl.path or ""
    if new.kind == "mount":
        _mount_field(change, new)
        return
    if new.kind == "browser":
        _browser_field(change)
        return
    if isinstance(before, list) and isinstance(after, list) and key != "bw_list.white_lists":
        change.added = [v for v in after if v not in before]
        change.removed = [v for v in before if v not in after]
    if key == "upload_policy.auto_upload" and before and not after:
        change.risks.append(Risk(LOSES, "nothing written in a session is uploaded any more"))
    elif key == "download_policy.auto_download" and before and not after:
        change.risks.append(Risk(LOSES, "sessions no longer get the stored files when they start"))
    elif key == "delete_policy.sync_local_file":
        if after:
            change.risks.append(Risk(LOSES, "files deleted in a session are now deleted from the context too"))
        else:
            change.risks.append(Risk(KEEPS, "files deleted in a session now stay in the context"))
    elif key == "recycle_policy.lifecycle" and _days(after) != _days(before):
        kind = LOSES if _days(after) < _days(before) else KEEPS
        lifetime = f"stored files are {_lifetime(after)} instead of {_lifetime(before, short=True)}"
        change.risks.append(Risk(kind, lifetime))
    elif key == "recycle_policy.paths":
        _recycle_paths(change, old_fields, new_fields, mount)
    elif key == "upload_policy.upload_mode" and after == "Archive":
        change.risks.append(Risk(LOSES, "files are packed into one archive: only archive exclusions stay reachable "
                                        "one by one (presigned URLs)"))
    elif key == "upload_policy.archive_exclude_paths":
        _archive_excludes(change, new_fields, mount)
    elif key == "bw_list.white_lists":
        _white_lists(change, old.decl.path or "", mount)
    if not change.new_sent and not change.old_sent:
        change.notes.append("not sent either way: " + (_not_sent(new_fields, key) or "the SDK drops it"))
    elif change.old_sent != change.new_sent:
        change.notes.append("sent now" if change.new_sent else "no longer sent: " + (_not_sent(new_fields, key) or ""))


def _mount_field(change: Change, new: Version) -> None:
    """A context mount's own settings (data-persistence.md, "Context Mount")."""
    where = new.decl.path
    if change.key == "access_mode" and change.new == "readOnly":
        change.risks.append(Risk(LOSES, f"the mount is read-only now: nothing written under {where} is persisted"))
    elif change.key == "source_path":
        before = f"`{change.old}`" if change.old else "the whole context"
        after = f"`{change.new}`" if change.new else "the whole context"
        change.risks.append(Risk(LOSES, f"{where} now shows {after} of the context instead of {before}: what was "
                                        "written there before is no longer seen at this path"))
    elif change.key == "strategy" and change.new == "performance":
        change.notes.append("`performance` mounts allow no symbolic links, random writes or permission changes")


def _browser_field(change: Change) -> None:
    """The browser context's options (browser-context.md; the SDK's BrowserContext)."""
    if change.key == "auto_upload" and change.old and not change.new:
        change.risks.append(Risk(LOSES, "the browser's profile (logins, cookies) is no longer uploaded when the "
                                        "session ends"))
    elif change.key == "sync_mode" and change.new == "minimal":
        change.risks.append(Risk(LOSES, "minimal mode keeps fewer profile files (cookies and `Local State`, not "
                                        "local storage, saved logins or preferences)"))


def _sdk_syncs(info: ContextInfo) -> list[str]:
    return [f"{s.path} <- {s.context_name or s.context_id}: {s.what}" for s in getattr(info, "sdk_syncs", [])]


def _not_sent(fields: dict[str, FieldInfo], key: str) -> str:
    note = fields[key].note
    return note.removeprefix("not sent: ")


def _recycle_paths(change: Change, old_fields: dict[str, FieldInfo], new_fields: dict[str, FieldInfo],
                   mount: str) -> None:
    old_life = old_fields["recycle_policy.lifecycle"].value
    new_life = new_fields["recycle_policy.lifecycle"].value
    if _days(new_life) != float("inf"):
        for value in change.added:
            where = "every path of the context" if value == "" else f"`{value}`"
            change.risks.append(Risk(LOSES, f"{new_life} now also applies to {where}"))
    if _days(old_life) != float("inf"):
        for value in change.removed:
            where = "every path of the context" if value == "" else f"`{value}`"
            change.risks.append(Risk(KEEPS, f"{old_life} no longer applies to {where}"))


def _archive_excludes(change: Change, new_fields: dict[str, FieldInfo], mount: str) -> None:
    if new_fields["upload_policy.upload_mode"].value != "Archive":
        return
    before = change.old if change.old_sent else []
    for value in before:
        if value not in change.new:
            change.risks.append(Risk(LOSES, f"files under the prefix {join(mount, value)} are now packed into the "
                                            "archive, no longer reachable one by one"))
    for value in change.added:
        change.notes.append(f"files under the prefix {join(mount, value)} are now uploaded one by one")


# --- white lists ---------------------------------------------------------------------------


@record(frozen=True)
class _Entry:
    regex: bool
    key: str  # plain: relative to the mount; regex: the pattern
    written: str
    excludes: frozenset[str]  # plain: relative to the white list; regex: the patterns
    exclude_regex: bool

    @property
    def shown(self) -> str:
        return f"regex `{self.written}`" if self.regex else (f"`{self.written}`" if self.written else '`""`')

    def covers(self, other: _Entry) -> bool:
        """Whether this plain entry's folder holds ``other``'s (a plain entry; anything for the whole mount)."""
        if self.regex:
            return False
        if self.key == "":
            return True
        return not other.regex and (other.key == self.key or other.key.startswith(self.key + "/"))


def _entries(value: Any) -> list[_Entry]:
    """A resolved ``white_lists`` value (plain data) as comparable entries; ``[]`` read as the whole mount."""
    items: list[dict[str, Any]] = value if isinstance(value, list) and value else [{"path": ""}]
    out = []
    for item in items:
        regex = bool(item.get("is_path_regex"))
        path = item.get("path", "")
        exclude_regex = bool(item.get("is_exclude_regex"))
        excludes: list[str] = item.get("exclude_paths", [])
        keys = frozenset(excludes) if exclude_regex else frozenset(relative_key(e) for e in excludes)
        out.append(_Entry(regex, path if regex else relative_key(path), path, keys, exclude_regex))
    return out


def _where(entry: _Entry, mount: str) -> str:
    return f"directories matching `{entry.written}` under {mount}" if entry.regex else join(mount, entry.key)


def _excluded_at(entry: _Entry, exclude: str, mount: str) -> str:
    if entry.exclude_regex:
        return f"directories matching `{exclude}` under {_where(entry, mount)}"
    if entry.regex:
        return f"`{exclude}` under each directory matching `{entry.written}`"
    return join(join(mount, entry.key), exclude)


def _white_lists(change: Change, old_mount: str, mount: str) -> None:
    before, after = _entries(change.old), _entries(change.new)
    if not change.old or not change.new:
        change.notes.append("`white_lists: []` read as the whole mount (the guides do not say)")
    by_key = {(e.regex, e.key): e for e in after}
    replacing: set[_Entry] = set()
    for old in before:
        same = by_key.get((old.regex, old.key))
        if same is not None:
            _same_entry(change, old, same, mount)
            continue
        wider = next((n for n in after if n.covers(old)), None)
        if wider is not None:
            replacing.add(wider)
            change.notes.append(f"white list {old.shown} replaced by {wider.shown}, which holds it")
            for exclude in sorted(wider.excludes):
                hit = _newly_excluded(wider, exclude, old)
                if hit is not None:
                    change.risks.append(Risk(LOSES, f"{_excluded_at(wider, exclude, mount)} is excluded by white "
                                                    f"list {wider.shown}{hit}"))
            continue
        deeper = [n for n in after if old.covers(n)]
        if deeper:
            kept = ", ".join(n.shown for n in deeper)
            change.risks.append(Risk(LOSES, f"white list {old.shown} narrowed to {kept}: the rest of "
                                            f"{_where(old, mount)} is no longer persisted"))
            continue
        change.risks.append(Risk(LOSES, f"white list {old.shown} removed: {_where(old, mount)} is no longer "
                                        "persisted"))
    old_keys = {(e.regex, e.key) for e in before}
    for new in after:
        if (new.regex, new.key) not in old_keys and new not in replacing and not any(o.covers(new) for o in before):
            change.notes.append(f"white list {new.shown} added: {_where(new, mount)}")


def _newly_excluded(wider: _Entry, exclude: str, old: _Entry) -> str | None:
    """Whether an exclusion of ``wider`` removes part of what ``old`` (which it holds) synced: a note, or None."""
    if wider.exclude_regex:
        return " (a pattern: it may match inside the old entry's folders)"
    if old.regex:
        return None
    target = "/".join(p for p in (wider.key, exclude) if p)
    if target == old.key or old.key.startswith(target + "/"):
        return ""  # the whole of the old entry
    if target.startswith(old.key + "/"):
        return None if target[len(old.key) + 1 :] in old.excludes else ""
    return None


def _same_entry(change: Change, old: _Entry, new: _Entry, mount: str) -> None:
    if old.exclude_regex != new.exclude_regex:
        how = "patterns" if new.exclude_regex else "plain paths"
        change.risks.append(Risk(LOSES, f"the exclusions of white list {new.shown} are now read as {how}: "
                                        "they may exclude more"))
        return
    for exclude in sorted(new.excludes - old.excludes):
        change.risks.append(Risk(LOSES, f"{_excluded_at(new, exclude, mount)} is now excluded from white list "
                                        f"{new.shown}"))
    for exclude in sorted(old.excludes - new.excludes):
        change.notes.append(f"{_excluded_at(new, exclude, mount)} is no longer excluded from white list {new.shown}")


# --- rendering -------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as YAML flow text; white lists shortly (``[/src excluding /node_modules, /config]``)."""
    from syncdsl.sdk import yaml_scalar

    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict) and "exclude_paths" in value:
        text = yaml_scalar(value["path"], in_flow=True)
        if value.get("is_path_regex"):
            text += " (regex)"
        if value["exclude_paths"]:
            regex = " regex" if value.get("is_exclude_regex") else ""
            excludes = ", ".join(yaml_scalar(e, in_flow=True) for e in value["exclude_paths"])
            text += f" (excluding{regex} {excludes})"
        return text
    if value is None:
        return "(unset)"
    if isinstance(value, Text):
        return str(value)
    return yaml_scalar(value, in_flow=True)


class Text(str):
    """A value that is words (a policy description), shown as it is rather than as YAML."""


def _summary(report: DiffReport) -> str:
    if not report.changed:
        n = len(report.contexts)
        return f"no change in the resolved contexts ({n} context{'s' if n != 1 else ''} compared)"
    parts = [f"{report.count(s)} {s}" for s in ("changed", "removed", "added") if report.count(s)]
    parts.append(f"{report.count('same')} unchanged")
    head = "contexts: " + ", ".join(parts)
    loses, keeps = report.risk_count(LOSES), report.risk_count(KEEPS)
    risks = []
    if loses:
        risks.append(f"{loses} change that loses data" if loses == 1 else f"{loses} changes that lose data")
    if keeps:
        verb = "keeps" if keeps == 1 else "keep"
        noun = "" if loses else (" change" if keeps == 1 else " changes")
        risks.append(f"{keeps}{noun} that {verb} data longer")
    return head + ("; " + " and ".join(risks) if risks else "")


def context_title(diff: ContextDiff) -> str:
    version = diff.current
    decl = version.decl
    who = decl.label
    where = f" at {decl.path}" if decl.path else ""
    if diff.status == "changed" and diff.old is not None and diff.old.decl.path != decl.path:
        where = f" at {diff.old.decl.path} -> {decl.path}"
    return f"{who}{where} ({policy_text(version.info)})"


_STYLE = {"-": "\x1b[31m", "+": "\x1b[32m", "~": "\x1b[33m", LOSES: "\x1b[1;31m", KEEPS: "\x1b[1;33m",
          "head": "\x1b[1m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"
_MARK = {"changed": "~", "added": "+", "removed": "-"}


def render_text(report: DiffReport, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if color and text else text

    out = [paint(f"--- {report.old}", "head"), paint(f"+++ {report.new}", "head")]
    for diff in report.shown:
        mark = _MARK[diff.status]
        out.append("")
        version = diff.current
        line = version.info.line
        file = report.new if diff.new is not None else report.old
        out.append(paint(f"{mark} {file}:{line}: {context_title(diff)}", mark))
        for risk in diff.risks:
            out.append("    " + paint(f"! {RISK_TEXT[risk.kind]}: ", risk.kind) + risk.reason)
        for change in diff.changes:
            out.append(f"  {change.key}: {paint(show(change.old), '-')} -> {paint(show(change.new), '+')}")
            for value in change.removed:
                out.append("      " + paint(f"- {show(value)}", "-"))
            for value in change.added:
                out.append("      " + paint(f"+ {show(value)}", "+"))
            if change.has_source:
                out.append("      " + paint(f"before: {provenance(change.old_source)}", "dim"))
                out.append("      " + paint(f"after:  {provenance(change.new_source)}", "dim"))
            out.extend(f"      note: {n}" for n in change.notes)
            for risk in change.risks:
                out.append("      " + paint(f"! {RISK_TEXT[risk.kind]}: ", risk.kind) + risk.reason)
    out.append("")
    out.append(_summary(report))
    return "".join(line + "\n" for line in out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_where(source: Source | None) -> str:
    return provenance(source)


def render_markdown(report: DiffReport) -> str:
    """A pull-request comment: a summary, then one table per changed context."""
    out = [f"### syncdsl diff: {_md_code(report.old)} → {_md_code(report.new)}", ""]
    loses = report.risk_count(LOSES)
    summary = _summary(report)
    out.append(("**Data risk.** " if loses else "") + summary[0].upper() + summary[1:] + ".")
    for diff in report.shown:
        out.extend(["", f"#### {diff.status.capitalize()}: {_md(context_title(diff))}", ""])
        for risk in diff.risks:
            out.append(f"- **{RISK_TEXT[risk.kind]}**: {_md(risk.reason)}")
        if diff.risks and diff.changes:
            out.append("")
        if not diff.changes:
            if diff.status == "added":
                out.append("New context.")
            continue
        out.extend(["| field | before | after | effect |", "|---|---|---|---|"])
        for change in diff.changes:
            before, after = _md_code(show(change.old)), _md_code(show(change.new))
            if change.has_source:
                before += f"<br><sub>{_md(_md_where(change.old_source))}</sub>"
                after += f"<br><sub>{_md(_md_where(change.new_source))}</sub>"
            effect = [f"**{RISK_TEXT[r.kind]}**: {r.reason}" for r in change.risks] + change.notes
            if change.removed:
                effect.append("removed: " + ", ".join(_md_code(show(v)) for v in change.removed))
            if change.added:
                effect.append("added: " + ", ".join(_md_code(show(v)) for v in change.added))
            out.append(f"| {_md_code(change.key)} | {_md(before)} | {_md(after)} | {_md('<br>'.join(effect))} |")
    return "\n".join(out) + "\n"


def _source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"policy": source.policy, "file": source.file, "line": source.line, "column": source.column,
            "via": list(source.via)}


def _side_json(version: Version | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {"line": version.info.line, "policy": policy_text(version.info)}


def to_json(report: DiffReport) -> dict[str, Any]:
    return {
        "old": report.old,
        "new": report.new,
        "changed": report.changed,
        "summary": {
            "changed": report.count("changed"),
            "added": report.count("added"),
            "removed": report.count("removed"),
            "unchanged": report.count("same"),
            "loses_data": report.risk_count(LOSES),
            "keeps_data_longer": report.risk_count(KEEPS),
        },
        "contexts": [
            {
                "status": diff.status,
                "kind": diff.current.kind,
                "context_id": diff.current.decl.context_id,
                "context_name": getattr(diff.current.decl, "context_name", None),
                "path": diff.current.decl.path,
                "old": _side_json(diff.old),
                "new": _side_json(diff.new),
                "risks": [{"kind": r.kind, "reason": r.reason} for r in diff.risks],
                "changes": [
                    {
                        "field": c.key,
                        "old": c.old,
                        "new": c.new,
                        "old_sent": c.old_sent,
                        "new_sent": c.new_sent,
                        "old_source": _source_json(c.old_source),
                        "new_source": _source_json(c.new_source),
                        "added": c.added,
                        "removed": c.removed,
                        "notes": c.notes,
                        "risks": [{"kind": r.kind, "reason": r.reason} for r in c.risks],
                    }
                    for c in diff.changes
                ],
            }
            for diff in report.shown
        ],
    }
