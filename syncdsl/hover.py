"""Hover text: what the thing under the cursor is, from the one schema and the resolver.

- a key: its schema documentation (type, doc, values, default);
- an enum value: that value's documentation;
- a policy name (its definition, a ``policy:`` or an ``extends:``) or a
  context's ``context_id`` or ``context_name``: the resolved policy with the
  provenance of every field, as ``syncdsl explain`` shows it (for a name, also
  how its id is looked up);
- a white-list, exclude, archive-exclude or recycle path: what it means in the
  session of each context that uses it ("`/src` -> `/home/wuying/src`");
- a rule code in a ``# syncdsl: disable=`` comment: the rule's documentation.

Unlike completion, hover works on the parsed tree: it describes what is
written, so the tree (from the latest lint) is exactly what it needs.
"""

from __future__ import annotations

from syncdsl.diagnostics import Position, Span
from syncdsl.document import ParsedFile, YamlDocument
from syncdsl.model import BrowserPartDecl, Model, build_model
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.records import record
from syncdsl.schema import field_at, markdown_doc, markdown_enum_doc

Step = str | int


@record(frozen=True)
class HoverText:
    markdown: str
    span: Span


def rule_markdown(code: str) -> str | None:
    """A rule's documentation as hover Markdown, or None for an unknown code."""
    from syncdsl.rules import get_rule

    rule = get_rule(code)
    if rule is None:
        return None
    doc = (rule.__doc__ or "").strip()
    return f"**{rule.CODE}** `{rule.NAME}` ({rule.SEVERITY.value})\n\n{doc}\n"


def _suppression_hover(parsed: ParsedFile, pos: Position) -> HoverText | None:
    from syncdsl.suppressions import _directives

    if "syncdsl" not in parsed.source.line_text(pos.line):
        return None
    for directive in _directives(parsed):
        if directive.line != pos.line:
            continue
        for code in directive.codes:
            if code.span.contains(pos):
                text = rule_markdown(code.code) or f"unknown rule code `{code.written}`"
                return HoverText(text, code.span)
    return None


def document_at(parsed: ParsedFile, pos: Position) -> YamlDocument | None:
    """The YAML document of the file that holds ``pos`` (the last one starting at or before it)."""
    chosen: YamlDocument | None = None
    for doc in parsed.documents:
        if doc.span.start <= pos:
            chosen = doc
    return chosen or (parsed.documents[0] if parsed.documents else None)


@record
class NodeAt:
    """The innermost key or value under a position, and its path from the document root."""

    path: tuple[Step, ...]  # for a key: the path of the mapping holding it; for a value: its own path
    node: Node
    is_key: bool


def node_at(root: Node, pos: Position) -> NodeAt | None:
    path: list[Step] = []
    node: Node = root
    seen: set[int] = set()
    while id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.pairs:
                if key.span.contains(pos):
                    return NodeAt(tuple(path), key, True)
                if value.span.contains(pos) and value.span.start != value.span.end:
                    step: Step = key.value if isinstance(key, ScalarNode) and isinstance(key.value, str) else "?"
                    path.append(step)
                    node = value
                    break
            else:
                return None
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.items):
                if item.span.contains(pos):
                    path.append(index)
                    node = item
                    break
            else:
                return None
        else:
            return NodeAt(tuple(path), node, False)
    return None


def hover_at(parsed: ParsedFile, pos: Position, file_label: str = "<document>") -> HoverText | None:
    """Hover Markdown for ``pos``, or None when there is nothing to say."""
    found = _suppression_hover(parsed, pos)
    if found is not None:
        return found
    doc = document_at(parsed, pos)
    if doc is None or not isinstance(doc.root, MappingNode):
        return None
    at = node_at(doc.root, pos)
    if at is None:
        return None
    model = build_model(doc.root, parsed.source)
    if at.is_key:
        return _key_hover(at, model, file_label)
    return _value_hover(at, model, file_label)


def _key_hover(at: NodeAt, model: Model, file_label: str) -> HoverText | None:
    from syncdsl.explain import explain_policy

    key = at.node
    assert isinstance(key, ScalarNode)
    if not isinstance(key.value, str):
        return None
    if at.path == ("policies",):
        decl = next((d for d in model.all_policies if d.key is key), None)
        if decl is not None:
            return HoverText(explain_policy(model, decl, file_label), key.span)
    spec = field_at((*at.path, key.value))
    if spec is None:
        return None
    return HoverText(markdown_doc(spec), key.span)


def _value_hover(at: NodeAt, model: Model, file_label: str) -> HoverText | None:
    from syncdsl.explain import explain_context, explain_policy

    node = at.node
    assert isinstance(node, ScalarNode)
    path = at.path
    name = path[-1] if path else None
    if name in ("policy", "extends") and isinstance(node.value, str):
        target = model.policies.get(node.value)
        if target is None:
            return HoverText(f"policy `{node.value}` is not defined under `policies`", node.span)
        return HoverText(explain_policy(model, target, file_label), node.span)
    if name in ("context_id", "context_name") and path and path[0] in ("contexts", "mounts", "browser_context"):
        context = next((c for c in model.named() if node in (c.context_id_node, c.context_name_node)), None)
        if isinstance(context, BrowserPartDecl):  # extensions and fingerprint: explained with their browser
            context = model.browser
        if context is not None:
            return HoverText(explain_context(model, context, file_label), node.span)
    from syncdsl.session_paths import uses

    used = uses(model).get(id(node))
    if used:
        from syncdsl.explain import explain_path_value

        return HoverText(explain_path_value(used), node.span)
    spec = field_at(path)
    if spec is None:
        return None
    if spec.enum:
        text = markdown_enum_doc(spec, node.value)
        if text is not None:
            return HoverText(text, node.span)
    return HoverText(markdown_doc(spec), node.span)


def models_of(parsed: ParsedFile) -> list[Model]:
    return [build_model(d.root if isinstance(d.root, MappingNode) else None, parsed.source) for d in parsed.documents]
