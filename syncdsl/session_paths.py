"""What each path written in a context's policy means inside the session.

This is the language's one model of in-session paths: the rules, ``syncdsl
explain`` and the language server's hover all read it, so they agree by
construction. The facts it encodes, with their sources (``shared/PLATFORM.md``
collects them; D1 is the SDK guide ``docs/guides/common-features/basics/
data-persistence.md``):

- a white-list ``path`` is relative to the context's mount path, a leading
  ``/`` optional, ``""`` the whole mount (D1 "Selective Directory Sync" and
  "Path Specifications"; the SDK's own helpers write ``ext_<id>`` under mount
  ``/tmp/extensions/``);
- ``exclude_paths`` are relative to their white-list path (D1 "Path
  Specifications": ``/node_modules`` under ``/src`` is ``<mount>/src/node_modules``);
- a regex white list (``is_path_regex``) is matched under the mount, and regex
  excludes under each directory it matched (D1 "Regex Support in WhiteList");
- ``archive_exclude_paths`` are path prefixes relative to the sync path, sent
  only in ``Archive`` mode (D1 "Hybrid Storage with Archive Exclude Paths");
- what ``recycle_policy.paths`` are relative to is not documented; ``""`` means
  every path of the context (D1 "Data Lifecycle Management").

Everything here is lexical: the linter never sees the session's file system.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.records import record

if TYPE_CHECKING:
    from syncdsl.model import ContextDecl, Model, Resolved

WHITE_LIST = "white list path"
EXCLUDE = "exclude path"
ARCHIVE_EXCLUDE = "archive exclude path"
RECYCLE = "recycle path"

# The writable mount roots of the `linux_latest` image (D1 troubleshooting "Issue 1"); the default of
# the `writable-roots` configuration key.
DEFAULT_WRITABLE_ROOTS: tuple[str, ...] = ("/home/wuying", "/tmp", "/var/tmp")

# --- images -----------------------------------------------------------------------------------
#
# What the guides say about the session images that matter here: context mounts need `aio-ubuntu-2404`
# (D1 "Context Mount", image requirement); a browser context works on `browser_latest` and `linux_latest`
# only (D4 and "Browser Capabilities by Image Type"); `windows_latest` is the Windows image (D3 uses
# `C:\Users\Administrator\...` there). `mobile_latest` is the SDK's mobile image (its mobile helper mounts
# `/data/agentbay_mobile_info`). Any other id (a custom image) is unknown: no rule guesses about it.

MOUNT_IMAGE = "aio-ubuntu-2404"
BROWSER_IMAGES: tuple[str, ...] = ("browser_latest", "linux_latest")
POSIX_IMAGES: tuple[str, ...] = ("linux_latest", "browser_latest", "aio-ubuntu-2404", "mobile_latest")
WINDOWS_IMAGES: tuple[str, ...] = ("windows_latest",)


def image_family(image: str | None) -> str | None:
    """``"posix"`` or ``"windows"`` for an image the guides describe; None for a custom or unknown one."""
    if image in POSIX_IMAGES:
        return "posix"
    if image in WINDOWS_IMAGES:
        return "windows"
    return None


def writable_roots_for(image: str | None, roots: tuple[str, ...], by_image: dict[str, tuple[str, ...]]) -> (
    tuple[str, ...] | None
):
    """The writable mount roots of ``image``: its entry of ``by_image`` (configuration key
    `image-writable-roots`), else ``roots`` (`writable-roots`, by default the `linux_latest` set).
    None for a Windows image, which has no documented POSIX set."""
    if image is not None and image in by_image:
        return by_image[image]
    if image_family(image) == "windows":
        return None
    return roots


# Mount paths the SDK's own helpers sync (agentbay/_common/config.py, session_params.py of SDK 0.22.3):
# browser data, extensions, browser fingerprint, mobile simulation. They are where the SDK puts them,
# on the images the helpers are made for, so no rule second-guesses them.
SDK_HELPER_MOUNTS: tuple[str, ...] = (
    "/tmp/agentbay_browser",
    "/tmp/extensions",
    "/tmp/browser_fingerprint",
    "/data/agentbay_mobile_info",
)

# --- what a path is ----------------------------------------------------------------------

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_DRIVE = re.compile(r"^[A-Za-z]:")


def is_posix_absolute(path: str) -> bool:
    return path.startswith("/")


def is_windows_absolute(path: str) -> bool:
    """``C:\\data``, ``C:/data`` or a UNC path ``\\\\server\\share``."""
    return bool(_WINDOWS_ABSOLUTE.match(path))


def is_absolute(path: str) -> bool:
    return is_posix_absolute(path) or is_windows_absolute(path)


def windows_style(path: str) -> bool:
    return is_windows_absolute(path) or ("\\" in path and "/" not in path)


# Pure and called for every path by several rules, on every re-lint of an edited file:
# memoised, bounded so a long-running language server does not grow without end.
@lru_cache(maxsize=8192)
def normalise(path: str, *, fold_case: bool = True) -> str:
    """A comparable form: ``\\`` read as ``/``; ``.``, ``..``, repeated and trailing separators folded away.

    A Windows path is case-folded, and a drive letter always; the root ``/`` becomes ``""``, so
    ``key + "/"`` prefixes every path below it. ``fold_case=False`` folds only the drive letter, as
    the mount-path rules expect (``C:\\Me`` is not ``C:\\me``).
    """
    if not path:
        return path
    windows = windows_style(path)
    path = posixpath.normpath(path.replace("\\", "/")).rstrip("/")
    if windows and fold_case:
        return path.casefold()
    return path[0].lower() + path[1:] if _DRIVE.match(path) else path


def mount_key(path: str) -> str:
    """What the mount-path rules compare mount paths by: :func:`normalise` with only a drive letter folded."""
    return normalise(path, fold_case=False)


def is_under(child: str, parent: str) -> bool:
    """True when ``child`` is ``parent`` or lies inside it (lexically); ``""`` contains everything."""
    if parent == "":
        return True
    p, c = normalise(parent), normalise(child)
    return c == p or c.startswith(p + "/")


def _segments(path: str) -> list[str]:
    return [part for part in posixpath.normpath("/" + path.replace("\\", "/")).split("/") if part]


def relative_key(path: str) -> str:
    """A path relative to a base, as the platform reads it: leading separators optional, so ``/src`` is ``src``.

    ``""``, ``/`` and ``.`` all mean the base itself and give ``""``.
    """
    return "/".join(_segments(path))


def repeated_prefix(path: str, base: str) -> str | None:
    """What is left of ``path`` once ``base`` is cut off its front, read as relative paths, or None.

    None when ``path`` does not start with the whole segments of ``base``; ``""`` when it is ``base``
    itself. ``base`` must not be the root (every path would repeat it). Windows-style paths compare
    case-insensitively; what is left keeps the spelling of ``path``.
    """
    base_parts = _segments(base)
    if not base_parts:
        return None
    parts = _segments(path)
    if len(parts) < len(base_parts):
        return None
    if windows_style(base) or windows_style(path):
        same = all(a.casefold() == b.casefold() for a, b in zip(parts, base_parts, strict=False))
    else:
        same = parts[: len(base_parts)] == base_parts
    return "/".join(parts[len(base_parts) :]) if same else None


def join(base: str, relative: str) -> str:
    """``relative`` read under ``base``, as the platform does: ``join("/home/wuying", "/src")`` is ``/home/wuying/src``.

    A Windows base joins with ``\\``. A trailing separator of ``relative`` is kept (it matters for
    archive prefixes); ``""`` is ``base`` itself.
    """
    sep = "\\" if windows_style(base) else "/"
    head = base.rstrip("/\\") or base[:1]
    rest = relative.lstrip("/\\")
    if sep == "\\":
        rest = rest.replace("/", "\\")
    if not rest:
        return head or sep
    return head + rest if head.endswith(sep) else head + sep + rest


def under_writable_root(mount: str, roots: tuple[str, ...]) -> bool:
    return any(is_under(mount, root) for root in roots)


def sdk_helper_mount(mount: str) -> bool:
    """True for the mount paths the SDK's own browser, extension, fingerprint and mobile helpers use."""
    key = mount_key(mount)
    return any(key == mount_key(p) for p in SDK_HELPER_MOUNTS)


# --- what a context's paths mean ------------------------------------------------------------


@record(frozen=True)
class InSession:
    """One path of a context's resolved policy and what it means in that context's session.

    ``absolute`` is the in-session path for a plain entry and, for a regex, the directory the pattern
    is matched under (None where the platform does not say). ``node`` is where the value is written;
    None for an SDK default (the white list ``""`` of a policy without ``bw_list``).
    """

    kind: str
    value: str
    node: ScalarNode | None
    regex: bool
    absolute: str | None
    means: str
    white_list: InSession | None = None  # an exclude path's white-list entry
    sent: bool = True  # archive excludes outside Archive mode are dropped by the SDK


def _string_items(seq: Node | None) -> Iterator[ScalarNode]:
    if isinstance(seq, SequenceNode):
        for item in seq.items:
            if isinstance(item, ScalarNode) and isinstance(item.value, str):
                yield item


def _white_list_nodes(resolved: Resolved) -> list[MappingNode | None]:
    """The written entries of the resolved ``white_lists``, aligned with ``resolved.policy.bw_list.white_lists``."""
    count = len(resolved.policy.bw_list.white_lists)
    node = resolved.origins["bw_list.white_lists"].node
    if isinstance(node, SequenceNode):
        entries: list[MappingNode | None] = [i for i in node.items if isinstance(i, MappingNode)]
        if len(entries) == count:
            return entries
    return [None] * count


def _regex_means(pattern: str, under: str) -> str:
    return f"directories matching `{pattern}` under `{under}`"


def policy_paths(mount: str, resolved: Resolved) -> list[InSession]:
    """Every path of ``resolved`` read under the mount path ``mount``, in the order they are written."""
    from syncdsl.model import UploadMode

    out: list[InSession] = []
    policy = resolved.policy
    for entry, node in zip(policy.bw_list.white_lists, _white_list_nodes(resolved), strict=True):
        path_node = node.get("path") if node is not None else None
        path_node = path_node if isinstance(path_node, ScalarNode) and isinstance(path_node.value, str) else None
        if entry.is_path_regex:
            white = InSession(WHITE_LIST, entry.path, path_node, True, mount, _regex_means(entry.path, mount))
        else:
            absolute = join(mount, entry.path)
            means = f"`{absolute}`" + (" (the whole mount)" if not relative_key(entry.path) else "")
            white = InSession(WHITE_LIST, entry.path, path_node, False, absolute, means)
        out.append(white)
        exclude_nodes = list(_string_items(node.get("exclude_paths") if node is not None else None))
        if len(exclude_nodes) != len(entry.exclude_paths):
            exclude_nodes = []
        for i, value in enumerate(entry.exclude_paths):
            exclude_node = exclude_nodes[i] if exclude_nodes else None
            if white.regex:
                base = None
                where = f"each directory matched by `{entry.path}`"
            else:
                base = white.absolute
                where = f"`{base}`"
            if entry.is_exclude_regex:
                means = f"directories matching `{value}` under {where}"
                out.append(InSession(EXCLUDE, value, exclude_node, True, base, means, white))
            elif base is None:
                means = f"`{value}` under {where}"
                out.append(InSession(EXCLUDE, value, exclude_node, False, None, means, white))
            else:
                absolute = join(base, value)
                out.append(InSession(EXCLUDE, value, exclude_node, False, absolute, f"`{absolute}`", white))
    upload = policy.upload_policy
    archive = upload.upload_mode is UploadMode.ARCHIVE
    archive_nodes = list(_string_items(resolved.origins["upload_policy.archive_exclude_paths"].node))
    if len(archive_nodes) != len(upload.archive_exclude_paths):
        archive_nodes = []
    for i, value in enumerate(upload.archive_exclude_paths):
        absolute = join(mount, value)
        means = f"files whose path starts with `{absolute}`, uploaded one by one outside the archive"
        if not archive:
            means = f"nothing: not sent, `upload_mode` is `{upload.upload_mode.value}`"
        out.append(InSession(ARCHIVE_EXCLUDE, value, archive_nodes[i] if archive_nodes else None, False,
                             absolute, means, sent=archive))
    recycle_nodes = list(_string_items(resolved.origins["recycle_policy.paths"].node))
    if len(recycle_nodes) != len(policy.recycle_policy.paths):
        recycle_nodes = []
    for i, value in enumerate(policy.recycle_policy.paths):
        means = "every path of the context" if value == "" else f"`{value}` (the guides do not say relative to what)"
        out.append(InSession(RECYCLE, value, recycle_nodes[i] if recycle_nodes else None, False, None, means))
    return out


def context_paths(model: Model, context: ContextDecl) -> list[InSession]:
    """What every path of ``context``'s policy means in its session; empty without a usable mount or policy."""
    if not context.path or not context.path.strip():
        return []
    resolved = model.context_policy(context)
    if resolved is None:
        return []
    return policy_paths(context.path, resolved)


def uses(model: Model) -> dict[int, list[tuple[ContextDecl, InSession]]]:
    """For each written path node (by id), every context whose policy uses it and what it means there.

    A value in a named policy shared by contexts with different mounts means a different path in each.
    Computed once per model (several rules and the hover read it); the model must not change after.
    """
    found = _USES.get(model)
    if found is None:
        found = {}
        for context in model.contexts:
            for meaning in context_paths(model, context):
                if meaning.node is not None:
                    found.setdefault(id(meaning.node), []).append((context, meaning))
        _USES[model] = found
    return found


_USES: weakref.WeakKeyDictionary[Model, dict[int, list[tuple[ContextDecl, InSession]]]] = weakref.WeakKeyDictionary()


# --- matching a concrete path (``syncdsl plan``) --------------------------------------------
#
# The helpers below say how a path *relative to the mount* (``src/app.py``) meets each kind of
# entry, so that ``plan`` reads the same entries the same way as everything above. They work on
# the relative form because a local copy of the mount folder is walked, not the session.

# The regex flavour the service uses for `is_path_regex` / `is_exclude_regex` is not documented
# (D1 "Regex Support in WhiteList" only shows `project-.*` and `record.*`), so ``plan`` evaluates
# patterns with Python's `re` as an approximation, and says so.
REGEX_FLAVOUR = (
    "Python `re` (an approximation: the service's regex flavour is not documented); a pattern must match "
    "a whole leading part of the path (re.fullmatch), relative to the mount for a white list and to each "
    "matched folder for an exclusion, written with or without a leading `/`"
)

# How `recycle_policy.paths` entries are read: the guides do not say what they are relative to
# (D1 "Data Lifecycle Management" writes `/tmp/cache` without naming the mount).
RECYCLE_AUTO = "auto"
RECYCLE_ABSOLUTE = "absolute"
RECYCLE_MOUNT = "mount"
RECYCLE_READINGS: tuple[str, ...] = (RECYCLE_AUTO, RECYCLE_ABSOLUTE, RECYCLE_MOUNT)
RECYCLE_READING_TEXT = {
    RECYCLE_AUTO: "an entry inside the mount path is read as an in-session absolute path, any other entry as "
    "relative to the mount (the guides do not say which)",
    RECYCLE_ABSOLUTE: "every entry is read as an in-session absolute path (the guides do not say which)",
    RECYCLE_MOUNT: "every entry is read as relative to the mount, like a white-list path (the guides do not say "
    "which)",
}


def is_within(relative: str, key: str) -> bool:
    """Whether ``relative`` (a key relative to some base) is ``key`` or lies below it; ``""`` holds everything."""
    return key == "" or relative == key or relative.startswith(key + "/")


def archive_prefix(value: str) -> str:
    """What an `archive_exclude_paths` entry is a prefix of: the path relative to the mount, as plain text.

    Leading separators are dropped (the entry is relative, like :func:`join` reads it) and a trailing
    ``/`` is kept, so ``logs/`` covers the folder and ``logs`` also covers ``logs.txt`` (D1 "Hybrid
    Storage with Archive Exclude Paths").
    """
    return value.replace("\\", "/").lstrip("/")


def regex_subjects(relative: str) -> tuple[str, str]:
    """The strings a white-list or exclude pattern is tried against for one relative path: with and without ``/``."""
    return relative, "/" + relative


def recycle_scope(mount: str, value: str, reading: str = RECYCLE_AUTO) -> tuple[str, str | None]:
    """How one `recycle_policy.paths` entry is read under ``mount``: (the reading used, the key relative to the mount).

    ``""`` is every path of the context (key ``""``). The key is None when the entry, read as an
    absolute path, lies outside the mount: it then covers nothing in this context.
    """
    if value == "":
        return RECYCLE_MOUNT, ""
    if reading == RECYCLE_AUTO:
        reading = RECYCLE_ABSOLUTE if is_absolute(value) and is_under(value, mount) else RECYCLE_MOUNT
    if reading == RECYCLE_MOUNT:
        return RECYCLE_MOUNT, relative_key(value)
    rest = repeated_prefix(value, mount) if _segments(mount) else relative_key(value)
    return RECYCLE_ABSOLUTE, rest
