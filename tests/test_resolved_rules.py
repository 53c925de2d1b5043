"""Rules on resolved policies and on the document as a whole (SD201-SD204, SD301-SD306).

The fixtures show each rule once; these cases pin down what inheritance does
to them: where an inherited value is reported, how often, and what counts as
a use or a cycle. Each test runs only the rules under test on one document,
so the expected lines are exactly those rules' output.
"""

from __future__ import annotations

import textwrap
from types import ModuleType

import syncdsl.rules.sd201_archive_excludes_ignored as sd201
import syncdsl.rules.sd202_extract_options_ignored as sd202
import syncdsl.rules.sd203_mapping_to_itself as sd203
import syncdsl.rules.sd204_empty_mapping_path as sd204
import syncdsl.rules.sd301_undefined_policy as sd301
import syncdsl.rules.sd302_extends_cycle as sd302
import syncdsl.rules.sd303_unused_policy as sd303
import syncdsl.rules.sd304_duplicate_mount_path as sd304
import syncdsl.rules.sd305_nested_mount_path as sd305
import syncdsl.rules.sd306_duplicate_context as sd306
from syncdsl.diagnostics import Diagnostic
from syncdsl.document import parse
from syncdsl.linter import lint
from syncdsl.rules.base import RuleContext
from syncdsl.rules.paths import mount_key
from tests.fixture_format import render_diagnostics, render_fixes, span_text


def run(text: str, *rules: ModuleType) -> list[Diagnostic]:
    parsed = parse(textwrap.dedent(text))
    assert not parsed.diagnostics, parsed.diagnostics
    ctx = RuleContext(parsed.source, parsed.documents[0])
    found = [d for rule in rules for d in rule.check(ctx)]
    return sorted(found, key=lambda d: d.sort_key)


def lines(text: str, *rules: ModuleType) -> list[str]:
    return render_diagnostics(run(text, *rules)).splitlines()


# --- SD201 archive-excludes-ignored ---------------------------------------------------


def test_excludes_inherited_through_two_levels_are_reported_once_at_the_source() -> None:
    text = """\
        version: 1
        policies:
          base:
            upload_policy:
              archive_exclude_paths: [logs]
          mid:
            extends: base
          leaf:
            extends: mid
        contexts:
          - {context_id: a, path: /a, policy: leaf}
          - {context_id: b, path: /b, policy: mid}
          - context_id: c
            path: /c
            policy: {extends: leaf}
        """
    assert lines(text, sd201) == [
        "5:30-5:36 SD201 [warning] `archive_exclude_paths` ignored in policy `base`: `upload_mode` is `File`"
        " (the SDK default) and the SDK sends exclusions only in `Archive` mode",
    ]


def test_child_in_archive_mode_does_not_hide_the_parent_used_alone_in_file_mode() -> None:
    text = """\
        version: 1
        policies:
          parent:
            upload_policy:
              upload_mode: File
              archive_exclude_paths: [logs]
          child:
            extends: parent
            upload_policy: {upload_mode: Archive}
        contexts:
          - {context_id: a, path: /a, policy: child}
          - {context_id: b, path: /b, policy: parent}
        """
    assert lines(text, sd201) == [
        "6:30-6:36 SD201 [warning] `archive_exclude_paths` ignored in policy `parent`: `upload_mode` is `File`"
        " (line 5) and the SDK sends exclusions only in `Archive` mode",
    ]


def test_child_switching_back_to_file_is_reported_at_the_parents_excludes_naming_the_mode_line() -> None:
    text = """\
        version: 1
        policies:
          parent:
            upload_policy:
              upload_mode: Archive
              archive_exclude_paths: [logs]
        contexts:
          - context_id: a
            path: /a
            policy:
              extends: parent
              upload_policy: {upload_mode: File}
        """
    assert lines(text, sd201) == [
        "6:30-6:36 SD201 [warning] `archive_exclude_paths` ignored in inline policy of context `a`:"
        " `upload_mode` is `File` (line 12) and the SDK sends exclusions only in `Archive` mode",
    ]


def test_mode_inherited_from_a_parent_names_the_parent() -> None:
    text = """\
        version: 1
        policies:
          files:
            upload_policy: {upload_mode: File}
          child:
            extends: files
            upload_policy:
              archive_exclude_paths: [logs]
        contexts:
          - {context_id: a, path: /a, policy: child}
        """
    assert lines(text, sd201) == [
        "8:30-8:36 SD201 [warning] `archive_exclude_paths` ignored in policy `child`: `upload_mode` is `File`"
        " (line 4 in policy `files`) and the SDK sends exclusions only in `Archive` mode",
    ]


def test_invalid_upload_mode_is_left_to_the_schema() -> None:
    text = """\
        version: 1
        contexts:
          - context_id: a
            path: /a
            policy:
              upload_policy:
                upload_mode: archive
                archive_exclude_paths: [logs]
        """
    assert lines(text, sd201) == []


def test_empty_excludes_in_file_mode_are_fine() -> None:
    text = """\
        version: 1
        contexts:
          - context_id: a
            path: /a
            policy:
              upload_policy: {archive_exclude_paths: []}
        """
    assert lines(text, sd201) == []


# --- SD202 extract-options-ignored ------------------------------------------------------


def test_extract_options_inherited_through_two_levels_are_reported_once_at_the_source() -> None:
    text = """\
        version: 1
        policies:
          base:
            extract_policy:
              delete_src_file: true
              extract_current_folder: true
          mid:
            extends: base
            extract_policy: {extract: false}
          leaf:
            extends: mid
        contexts:
          - {context_id: a, path: /a, policy: leaf}
          - context_id: b
            path: /b
            policy: {extends: mid}
        """
    assert lines(text, sd202) == [
        "5:24-5:28 SD202 [warning] `delete_src_file: true` ignored in policy `mid`: `extract` is `false` (line 9),"
        " so nothing is extracted",
        "6:31-6:35 SD202 [warning] `extract_current_folder: true` ignored in policy `mid`: `extract` is `false`"
        " (line 9), so nothing is extracted",
    ]


def test_sdk_default_delete_src_file_does_not_count() -> None:
    text = """\
        version: 1
        policies:
          off:
            extract_policy: {extract: false}
        contexts:
          - {context_id: a, path: /a, policy: off}
          - context_id: b
            path: /b
            policy:
              extends: off
              extract_policy: {delete_src_file: false}
        """
    assert lines(text, sd202) == []


def test_extract_switched_off_in_parent_names_the_parent() -> None:
    text = """\
        version: 1
        policies:
          off:
            extract_policy: {extract: false}
        contexts:
          - context_id: a
            path: /a
            policy:
              extends: off
              extract_policy: {extract_current_folder: true}
        """
    assert lines(text, sd202) == [
        "10:48-10:52 SD202 [warning] `extract_current_folder: true` ignored in inline policy of context `a`:"
        " `extract` is `false` (line 4 in policy `off`), so nothing is extracted",
    ]


# --- SD203 mapping-to-itself / SD204 empty-mapping-path --------------------------------


def test_windows_mapping_paths_compare_separators_drive_case_and_trailing_slashes() -> None:
    text = """\
        version: 1
        contexts:
          - context_id: a
            path: 'C:\\Users\\me\\data'
            policy:
              mapping_policy: {path: 'c:/Users/me/data/'}
          - context_id: b
            path: D:/work
            policy:
              mapping_policy: {path: 'd:\\work\\'}
          - context_id: c
            path: C:\\Users\\me\\data
            policy:
              mapping_policy: {path: 'C:\\Users\\Me\\data'}
          - context_id: d
            path: /home/wuying/data
            policy:
              mapping_policy: {path: 'C:\\home\\wuying\\data'}
        """
    assert lines(text, sd203) == [
        "6:30-6:49 SD203 [warning] mapping path `c:/Users/me/data/` is the mount path `C:\\Users\\me\\data`"
        " of context `a`, so it maps nothing",
        "10:30-10:40 SD203 [warning] mapping path `d:\\work\\` is the mount path `D:/work` of context `b`,"
        " so it maps nothing",
    ]


def test_mapping_from_a_shared_policy_is_compared_per_context_and_reported_once() -> None:
    text = """\
        version: 1
        policies:
          shared:
            mapping_policy: {path: /data}
        contexts:
          - {context_id: a, path: /srv, policy: shared}
          - {context_id: b, path: /data/, policy: shared}
          - context_id: c
            path: /data
            policy: {extends: shared}
        """
    assert lines(text, sd203) == [
        "4:28-4:33 SD203 [warning] mapping path `/data` is the mount path `/data/` of context `b`, so it maps nothing",
    ]


def test_mount_key() -> None:
    assert mount_key("C:\\Users\\me\\") == mount_key("c:/Users/me") == "c:/Users/me"
    assert mount_key("/home/wuying/") == "/home/wuying"
    assert mount_key("/") == ""
    assert mount_key("/Home") != mount_key("/home")


def test_empty_mapping_paths_once_per_written_section() -> None:
    text = """\
        version: 1
        policies:
          blank: &blank
            mapping_policy: {path: "  "}
          again:
            <<: *blank
            delete_policy: {sync_local_file: false}
        contexts:
          - context_id: a
            path: /a
            policy: {mapping_policy: {}}
          - context_id: b
            path: /b
            policy: {extends: blank, mapping_policy: {path: /x}}
        """
    assert lines(text, sd204) == [
        "4:28-4:32 SD204 [warning] empty mapping path in policy `blank`: it maps nothing",
        "11:30-11:32 SD204 [warning] `mapping_policy` without a `path` in inline policy of context `a`:"
        " it maps nothing",
    ]


# --- SD301 undefined-policy ---------------------------------------------------------------


def test_undefined_names_in_policy_and_extends_with_suggestion_fixes() -> None:
    text = """\
        version: 1
        policies:
          standard: {}
          strict: {extends: standart}
        contexts:
          - {context_id: a, path: /a, policy: 'stric'}
          - context_id: b
            path: /b
            policy: {extends: standard2}
          - {context_id: c, path: /c, policy: zzz}
          - {context_id: d, path: /d, policy: strict}
        """
    found = run(text, sd301)
    assert render_diagnostics(found).splitlines() == [
        "4:21-4:29 SD301 [error] undefined policy `standart`; did you mean `standard`?",
        "6:39-6:46 SD301 [error] undefined policy `stric`; did you mean `strict`?",
        "9:23-9:32 SD301 [error] undefined policy `standard2`; did you mean `standard`?",
        "10:39-10:42 SD301 [error] undefined policy `zzz`; defined policies: `standard`, `strict`",
    ]
    assert render_fixes(found).splitlines() == [
        "SD301 suggestion \"Change to `standard`\" 4:21-4:29 -> 'standard'",
        "SD301 suggestion \"Change to `strict`\" 6:39-6:46 -> \"'strict'\"",
        "SD301 suggestion \"Change to `standard`\" 9:23-9:32 -> 'standard'",
    ]


def test_undefined_policy_without_any_policies() -> None:
    text = """\
        version: 1
        contexts:
          - {context_id: a, path: /a, policy: standard}
        """
    assert lines(text, sd301) == ["3:39-3:47 SD301 [error] undefined policy `standard`; `policies` defines none"]


# --- SD302 extends-cycle / SD303 unused-policy -----------------------------------------------


def test_cycle_of_three_reports_every_member_from_its_own_point_of_view() -> None:
    text = """\
        version: 1
        policies:
          a: {extends: b}
          b: {extends: c}
          c: {extends: a}
          d: {extends: a}
        contexts:
          - {context_id: x, path: /x, policy: d}
        """
    assert lines(text, sd302, sd303) == [
        "3:16-3:17 SD302 [error] `extends` cycle `a -> b -> c -> a`",
        "4:16-4:17 SD302 [error] `extends` cycle `b -> c -> a -> b`",
        "5:16-5:17 SD302 [error] `extends` cycle `c -> a -> b -> c`",
    ]


def test_self_extends_is_a_cycle_and_not_a_use() -> None:
    text = """\
        version: 1
        policies:
          me:
            extends: me
        contexts:
          - {context_id: x, path: /x}
        """
    assert lines(text, sd302, sd303) == [
        "3:3-3:5 SD303 [warning] unused policy `me`: no context or `extends` names it",
        "4:14-4:16 SD302 [error] policy `me` extends itself",
    ]


def test_policy_used_only_through_extends_is_not_unused() -> None:
    text = """\
        version: 1
        policies:
          grandparent: {}
          parent: {extends: grandparent}
          for-inline: {}
          spare: {}
          child: {extends: parent}
        contexts:
          - {context_id: x, path: /x, policy: child}
          - context_id: y
            path: /y
            policy: {extends: for-inline}
        """
    assert lines(text, sd303) == ["6:3-6:8 SD303 [warning] unused policy `spare`: no context or `extends` names it"]


# --- SD304-SD306: contexts against each other ------------------------------------------------


def test_duplicate_mount_paths_point_back_to_the_first() -> None:
    text = """\
        version: 1
        contexts:
          - {context_id: a, path: /data}
          - {context_id: b, path: /data//}
          - {context_id: c, path: /data}
        """
    found = run(text, sd304)
    assert render_diagnostics(found).splitlines() == [
        "4:27-4:34 SD304 [error] mount path `/data//` is already used by context `a` (line 3)",
        "5:27-5:32 SD304 [error] mount path `/data` is already used by context `a` (line 3)",
    ]
    assert [(span_text(r.span), r.message) for d in found for r in d.related] == [
        ("3:27-3:32", "context `a` mounts here"),
        ("3:27-3:32", "context `a` mounts here"),
    ]


def test_nested_mount_paths_name_the_closest_outer_context() -> None:
    text = """\
        version: 1
        contexts:
          - {context_id: root, path: /}
          - {context_id: a, path: /a}
          - {context_id: ab, path: /ab}
          - {context_id: deep, path: /a/b/c}
        """
    found = run(text, sd305)
    assert render_diagnostics(found).splitlines() == [
        "4:27-4:29 SD305 [warning] mount path `/a` lies inside `/`, the mount path of context `root`",
        "5:28-5:31 SD305 [warning] mount path `/ab` lies inside `/`, the mount path of context `root`",
        "6:30-6:36 SD305 [warning] mount path `/a/b/c` lies inside `/a`, the mount path of context `a`",
    ]
    assert [span_text(r.span) for d in found for r in d.related] == ["3:30-3:31", "3:30-3:31", "4:27-4:29"]


def test_duplicate_context_ids_point_back_to_the_first() -> None:
    text = """\
        version: 1
        contexts:
          - {context_id: same, path: /a}
          - {context_id: other, path: /b}
          - {context_id: same, path: /c}
        """
    found = run(text, sd306)
    assert render_diagnostics(found).splitlines() == [
        "5:18-5:22 SD306 [warning] duplicate context `same` (first listed on line 3)",
    ]
    assert [(span_text(r.span), r.message) for d in found for r in d.related] == [
        ("3:18-3:22", "`same` first listed here"),
    ]


# --- aliases: one node reached from two places ------------------------------------------------


def test_undefined_policy_behind_an_anchor_or_tag_and_an_alias_reported_once() -> None:
    text = """\
        version: 1
        policies:
          strict: {}
        contexts:
          - {context_id: a, path: /a, policy: &p strictt}
          - {context_id: b, path: /b, policy: *p}
          - {context_id: c, path: /c, policy: !!str strictt}
          - {context_id: d, path: /d, policy: "strictt"}
        """
    found = run(text, sd301)
    assert render_diagnostics(found).splitlines() == [
        "5:42-5:49 SD301 [error] undefined policy `strictt`; did you mean `strict`?",
        "7:45-7:52 SD301 [error] undefined policy `strictt`; did you mean `strict`?",
        "8:39-8:48 SD301 [error] undefined policy `strictt`; did you mean `strict`?",
    ]
    # Spans start after anchor and tag properties, so the rename keeps them; but `&p strictt` is
    # also `*p`, and the linter drops fixes on text an alias shares.
    assert render_fixes([d for d in lint(textwrap.dedent(text)) if d.code == "SD301"]).splitlines() == [
        "SD301 suggestion \"Change to `strict`\" 7:45-7:52 -> 'strict'",
        "SD301 suggestion \"Change to `strict`\" 8:39-8:48 -> '\"strict\"'",
    ]


def test_aliased_duplicate_path_and_id_are_reported_at_the_later_contexts_key() -> None:
    text = """\
        version: 1
        contexts:
          - context_id: &id same
            path: &p /data
          - context_id: *id
            path: *p
        """
    assert lines(text, sd304, sd306) == [
        "5:5-5:15 SD306 [warning] duplicate context `same` (first listed on line 3)",
        "6:5-6:9 SD304 [error] mount path `/data` is already used by context `same` (line 4)",
    ]
