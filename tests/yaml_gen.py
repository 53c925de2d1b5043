"""Hypothesis strategies that write syncdsl-shaped YAML text in many styles.

The generator draws a document (known keys in random order, unknown keys,
values of the right and the wrong type) and writes it the way people do:
block or flow collections, 2-4 column indents, sequences flush or indented
under their key, plain/quoted/block scalars, anchors and aliases, merge keys,
full-line and end-of-line comments at varying columns, blank lines, CRLF and
a BOM. The text is valid YAML by construction; tests still check that it parses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from syncdsl.model import SECTIONS

WORDS = ["alpha", "beta", "logs", "cache", "tmp", "data", "x", "Lifecycle_30Days", "Archive", "File"]
PATHS = ["/home/wuying/data", "/home/wuying/cache", "/tmp/*.log", "/var/log", "", "logs", "/a/b", "/data/[a]"]
COMMENT_TEXT = st.text(
    alphabet=st.sampled_from("abc XYZ:#-_'\"é∑✓{}[],"), min_size=0, max_size=12
).map(lambda s: s.replace("\n", " "))

FIELD_KINDS: dict[str, str] = {
    "auto_upload": "bool",
    "upload_strategy": "enum",
    "upload_mode": "enum",
    "archive_exclude_paths": "paths",
    "auto_download": "bool",
    "download_strategy": "enum",
    "sync_local_file": "bool",
    "extract": "bool",
    "delete_src_file": "bool",
    "extract_current_folder": "bool",
    "lifecycle": "enum",
    "paths": "paths",
    "white_lists": "whitelists",
    "path": "path",
    "exclude_paths": "paths",
    "is_path_regex": "bool",
    "is_exclude_regex": "bool",
}
SECTION_FIELDS = {
    "upload_policy": ["auto_upload", "upload_strategy", "upload_mode", "archive_exclude_paths"],
    "download_policy": ["auto_download", "download_strategy"],
    "delete_policy": ["sync_local_file"],
    "extract_policy": ["extract", "delete_src_file", "extract_current_folder"],
    "recycle_policy": ["lifecycle", "paths"],
    "bw_list": ["white_lists"],
    "mapping_policy": ["path"],
}
assert set(SECTION_FIELDS) == set(SECTIONS)
WHITE_LIST_KINDS = {"path": "path", "exclude_paths": "paths", "is_path_regex": "bool", "is_exclude_regex": "bool"}
ENUMS = {
    "upload_strategy": ["UploadBeforeResourceRelease"],
    "upload_mode": ["File", "Archive", "archive"],
    "download_strategy": ["DownloadAsync"],
    "lifecycle": ["Lifecycle_1Day", "Lifecycle_30Days", "LIFECYCLE_30DAYS", "Lifecycle_Forever"],
}


# --- a document as data ----------------------------------------------------------------------------


@dataclass
class Scalar:
    value: Any  # str, int, bool, None


@dataclass
class Seq:
    items: list[Any]


@dataclass
class Map:
    pairs: list[tuple[str, Any]] = field(default_factory=list)


@st.composite
def scalar_value(draw: st.DrawFn, kind: str = "any") -> Scalar:
    if kind == "bool":
        return Scalar(draw(st.sampled_from([True, False, "true", "yes"])))
    if kind == "enum":
        return Scalar(draw(st.sampled_from(ENUMS["lifecycle"] + ENUMS["upload_mode"])))
    if kind == "path":
        return Scalar(draw(st.sampled_from(PATHS)))
    return Scalar(
        draw(
            st.one_of(
                st.sampled_from(WORDS + PATHS),
                st.integers(-5, 500),
                st.booleans(),
                st.none(),
                st.text(alphabet=st.sampled_from("ab c:#'\"\\-é"), max_size=8),
            )
        )
    )


@st.composite
def field_value(draw: st.DrawFn, name: str) -> Any:
    kind = FIELD_KINDS.get(name, "any")
    if kind == "paths":
        if draw(st.integers(0, 6)) == 0:
            return draw(scalar_value("path"))  # wrong type: a scalar
        return Seq([draw(scalar_value("path")) for _ in range(draw(st.integers(0, 3)))])
    if kind == "whitelists":
        items = []
        for _ in range(draw(st.integers(0, 2))):
            wl = Map()
            for key in draw(st.permutations(["path", "exclude_paths", "is_path_regex", "is_exclude_regex"]))[
                : draw(st.integers(0, 4))
            ]:
                kind = WHITE_LIST_KINDS[key]
                wl.pairs.append((key, draw(field_value(key)) if kind == "paths" else draw(scalar_value(kind))))
            items.append(wl)
        return Seq(items)
    return draw(scalar_value(kind))


@st.composite
def policy(draw: st.DrawFn, names: list[str]) -> Map:
    m = Map()
    if names and draw(st.booleans()):
        m.pairs.append(("extends", Scalar(draw(st.sampled_from(names)))))
    for section in draw(st.permutations(list(SECTIONS)))[: draw(st.integers(0, 4))]:
        sec = Map()
        fields = SECTION_FIELDS[section]
        for name in draw(st.permutations(fields))[: draw(st.integers(1, len(fields)))]:
            sec.pairs.append((name, draw(field_value(name))))
        m.pairs.append((section, sec))
    draw(st.randoms()).shuffle(m.pairs)
    return m


@st.composite
def document(draw: st.DrawFn) -> Map:
    root = Map()
    names = draw(st.lists(st.sampled_from(["standard", "strict", "fast", "p1"]), max_size=3, unique=True))
    if draw(st.integers(0, 5)):
        root.pairs.append(("version", Scalar(draw(st.sampled_from([1, 1, 2, "1"])))))
    if names:
        pols = Map([(n, draw(policy(names))) for n in names])
        root.pairs.append(("policies", pols))
    contexts = Seq([])
    for i in range(draw(st.integers(0, 3))):
        c = Map()
        c.pairs.append(("context_id", Scalar(f"SdkCtx-{i:08x}")))
        c.pairs.append(("path", draw(scalar_value("path"))))
        if names and draw(st.booleans()):
            c.pairs.append(("policy", Scalar(draw(st.sampled_from(names)))))
        elif draw(st.booleans()):
            c.pairs.append(("policy", draw(policy(names))))
        if draw(st.booleans()):
            c.pairs.append(("beta_wait_for_completion", Scalar(draw(st.booleans()))))
        draw(st.randoms()).shuffle(c.pairs)
        contexts.items.append(c)
    root.pairs.append(("contexts", contexts))
    if draw(st.booleans()):
        root.pairs.append(("x-note", draw(scalar_value())))
    draw(st.randoms()).shuffle(root.pairs)
    return root


# --- writing it as text --------------------------------------------------------------------------


class Writer:
    """Writes a document with drawn style choices; remembers anchors so aliases refer back."""

    def __init__(self, draw: st.DrawFn, comments: bool = True, aliases: bool = True) -> None:
        self.draw = draw
        self.comments = comments
        self.aliases = aliases
        self.lines: list[str] = []
        self.anchors = 0
        self.scalar_anchors: list[str] = []
        self.map_anchors: list[str] = []

    def choice(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def chance(self, one_in: int) -> bool:
        return self.draw(st.integers(0, one_in - 1)) == 0

    def comment(self) -> str:
        return "#" + self.draw(COMMENT_TEXT)

    def eol(self) -> str:
        if self.comments and self.chance(4):
            return " " * self.draw(st.integers(1, 3)) + self.comment()
        return ""

    def before_entry(self, indent: int) -> None:
        if self.chance(6):
            self.lines.append("")
        if self.comments and self.chance(4):
            for _ in range(self.draw(st.integers(1, 2))):
                self.lines.append(" " * self.draw(st.integers(0, indent)) + self.comment())

    def anchor(self, kind: str) -> str:
        if not self.chance(6):
            return ""
        self.anchors += 1
        name = f"a{self.anchors}"
        if kind != "map":
            self.scalar_anchors.append(name)
        return f"&{name} "

    def scalar(self, s: Scalar, flow: bool) -> str:
        v = s.value
        if v is None:
            return self.choice(["null", "~", "Null"]) if flow else self.choice(["null", "~", ""])
        if isinstance(v, bool):
            return self.choice(["true", "True"] if v else ["false", "FALSE"])
        if isinstance(v, int):
            return str(v)
        style = self.choice(["plain", "single", "double"])
        plain_ok = (
            v
            and all(ch.isalnum() or ch in "/_-.*" for ch in v)
            and not v.startswith(("-", "*", "."))
            and v.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n")
            and not v.lstrip("-").isdigit()
        )
        if style == "plain" and plain_ok:
            return v
        if style == "single":
            return "'" + v.replace("'", "''") + "'"
        return json.dumps(v, ensure_ascii=False)

    def inline(self, node: Any) -> str:
        if isinstance(node, Scalar):
            if self.aliases and self.scalar_anchors and self.chance(10):
                return "*" + self.choice(self.scalar_anchors)
            return self.anchor("scalar") + self.scalar(node, flow=True)
        if isinstance(node, Seq):
            return "[" + ", ".join(self.inline(i) for i in node.items) + "]"
        return "{" + ", ".join(f"{k}: {self.inline(v)}" for k, v in node.pairs) + "}"

    def value_after_key(self, node: Any, indent: int) -> None:
        """Append the rest of a `key:` line (already in self.lines[-1]) and any nested lines."""
        step = self.choice([2, 2, 3, 4])
        if isinstance(node, Scalar):
            if isinstance(node.value, str) and "\n" not in node.value and node.value and self.chance(8):
                style = self.choice(["|", ">-", "|+"])
                self.lines[-1] += f" {style}" + self.eol()
                for part in node.value.split(" "):
                    self.lines.append(" " * (indent + step) + part if part else "")
                if style == "|+":
                    self.lines.append("")
                return
            text = self.inline(node)
            self.lines[-1] += (" " + text if text else "") + self.eol()
            return
        empty = not (node.items if isinstance(node, Seq) else node.pairs)
        if empty or self.chance(5):
            self.lines[-1] += " " + self.inline(node) + self.eol()
            return
        if isinstance(node, Map) and self.aliases and self.map_anchors and self.chance(8):
            self.lines[-1] += " " + "*" + self.choice(self.map_anchors) + self.eol()
            return
        if isinstance(node, Map):
            name = self.anchor("map").strip()
            self.lines[-1] += (" " + name if name else "") + self.eol()
            self.block_map(node, indent + step)
            if name:  # only now: an alias inside its own anchor would be recursive
                self.map_anchors.append(name[1:])
        else:
            self.lines[-1] += self.eol()
            self.block_seq(node, indent + self.choice([0, 2]))

    def block_map(self, node: Map, indent: int) -> None:
        if self.aliases and self.map_anchors and self.chance(8):
            self.lines.append(" " * indent + "<<: *" + self.choice(self.map_anchors) + self.eol())
        for key, value in node.pairs:
            self.before_entry(indent)
            self.lines.append(" " * indent + key + ":")
            self.value_after_key(value, indent)

    def block_seq(self, node: Seq, indent: int) -> None:
        for item in node.items:
            self.before_entry(indent)
            if isinstance(item, Map) and item.pairs and not self.chance(5):
                first, *rest = item.pairs
                self.lines.append(" " * indent + "- " + first[0] + ":")
                self.value_after_key(first[1], indent + 2)
                self.block_map(Map(rest), indent + 2)
            elif isinstance(item, (Map, Seq)) and (item.pairs if isinstance(item, Map) else item.items):
                self.lines.append(" " * indent + "-" + self.eol())
                if isinstance(item, Map):
                    self.block_map(item, indent + 2)
                else:
                    self.block_seq(item, indent + 2)
            else:
                self.lines.append(" " * indent + "- " + self.inline(item) + self.eol())

    def text(self, root: Map) -> str:
        if self.comments and self.chance(3):
            self.lines.append(self.comment())
            self.lines.append("")
        self.block_map(root, 0)
        if self.comments and self.chance(3):
            self.lines.append(" " * self.draw(st.integers(0, 2)) + self.comment())
        return "\n".join(self.lines) + ("\n" if self.draw(st.booleans()) else "")


@st.composite
def yaml_text(draw: st.DrawFn, comments: bool = True, encodings: bool = True, aliases: bool = True) -> str:
    """A generated document as text; with ``encodings``, maybe CRLF and a BOM; ``aliases``: aliases and merge keys."""
    root = draw(document())
    text = Writer(draw, comments, aliases).text(root)
    if encodings and draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if encodings and draw(st.integers(0, 3)) == 0:
        text = "\ufeff" + text
    return text
