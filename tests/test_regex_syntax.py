"""syncdsl.regex_syntax: what no common regex flavour accepts, the literal prefix, and SD104 built on them.

The tables hold the constructs of each flavour the service might use; the
property test holds the module to its contract against one real flavour:
whatever Python's ``re`` compiles, ``regex_problem`` accepts.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncdsl.linter import lint
from syncdsl.regex_syntax import literal_prefix, regex_problem
from tests.fixture_format import render_diagnostics
from tests.test_cli_subprocess import TIMEOUT, clean_env, syncdsl_command

ACCEPTED = [
    # ordinary path patterns
    "project-.*",
    "record.*",
    r".*\.tmp$",
    r"^/home/wuying/photos/[0-9]+",
    "(reports|exports)/[^/]+",
    r"\d{4}-\d{2}",
    "a||b",
    "()",
    "(|)",
    "x{2,}",
    # named groups and references, of every flavour
    "(?<name>a)",
    "(?P<name>a)(?P=name)",
    "(?'name'a)",
    r"(?<n>a)\k<n>",
    r"(?<n>a)\k{n}",
    "(?&name)",
    "(?R)",
    "(?1)",
    "(?(1)a|b)",
    # other group syntaxes
    "(?:a)",
    "(?=a)",
    "(?!a)",
    "(?<=a)b",
    "(?<!a)b",
    "(?>a|ab)c",
    "(?|(a)|(b))",
    "(?i)abc",
    "(?i:abc)",
    "(?i-s:a.c)",
    "(?^i:abc)",
    "(?#a comment with ( in it)a*",
    "(?x) a # ( in a comment",
    "(?x: a b # ) ( \n )",
    "(*UTF)a",
    "(*:mark)a",
    "(*pla:a)b",
    # escapes
    r"\p{L}+",
    r"\P{Lu}",
    r"\x{41}",
    r"\N{DIGIT ONE}",
    r"\u{1F600}",
    r"a\z",
    r"\Aa\Z",
    r"\h+\v",
    r"\Qa.b(\E",
    "\\Qa\\",
    r"\Qno end",
    r"\y",
    # quantifiers
    "a*+",
    "a++",
    "a?+",
    "a*?",
    "a+?",
    "a??",
    "a{2,3}?",
    "a{2}+",
    "^*",
    "a$*",
    "{2}a",
    "a|{2}",
    "a*{2}",
    "a{2}{3}",
    # a brace that is no quantifier is a literal
    "a{",
    "a{b}",
    "{,3}",
    "a{1,2",
    "{}",
    "}",
    "]",
    # classes
    "[]a]",
    "[^]a]",
    "[a[b]",
    "[[:alpha:]]",
    "[[:alpha:][:digit:]]+",
    "[[.hyphen.][=e=]]",
    "[[:alpha:]",
    "[[:alpha:](]",
    "(a[[:alpha:])]",
    "[[:alpha:]z-a]",
    "[a-z&&[^aeiou]]",
    r"[\]]",
    r"[\d-z]",
    "[a-z-a]",
    "[a-]",
    "[!abc]",
    r"[\Q]\E]",
    r"[\Q]",  # JavaScript: the class `[Q]`
    r"(a\Q)",  # JavaScript: `(aQ)`
    r"\Q(\E)",  # JavaScript: `Q(E)`
    "[A-z]",
]

REJECTED = [
    ("project-(alpha|beta", "`(` at character 9 opens a group that is never closed"),
    ("((a)", "`(` at character 1 opens a group that is never closed"),
    ("(a(b", "`(` at character 3 opens a group that is never closed"),
    ("(?#no end", "`(` at character 1 opens a group that is never closed"),
    ("(?<name>a", "`(` at character 1 opens a group that is never closed"),
    ("(?", "`(` at character 1 opens a group that is never closed"),
    ("reports)", "`)` at character 8 closes no group"),
    ("(a))", "`)` at character 4 closes no group"),
    ("*.tmp", "`*` at character 1 has nothing to repeat"),
    ("+a", "`+` at character 1 has nothing to repeat"),
    ("?a", "`?` at character 1 has nothing to repeat"),
    ("a|*b", "`*` at character 3 has nothing to repeat"),
    ("(*b)", "`*` at character 2 has nothing to repeat"),
    ("(*.log)", "`*` at character 2 has nothing to repeat"),
    ("(?:*b)", "`*` at character 4 has nothing to repeat"),
    ("(?<n>+)", "`+` at character 6 has nothing to repeat"),
    ("(?#comment)*", "`*` at character 12 has nothing to repeat"),
    ("**/*.log", "`*` at character 1 has nothing to repeat"),
    ("cache/**", "`*` at character 8 follows another quantifier"),
    ("a*??", "`?` at character 4 follows another quantifier"),
    ("a+*", "`*` at character 3 follows another quantifier"),
    ("a{2}*", "`*` at character 5 follows another quantifier"),
    ("{2}*", "`*` at character 4 follows another quantifier"),
    ("v{3,2}", "`{3,2}` at character 2 has a minimum larger than its maximum"),
    ("{3,2}", "`{3,2}` at character 1 has a minimum larger than its maximum"),
    ("a{10,9}", "`{10,9}` at character 2 has a minimum larger than its maximum"),
    ("day-[9-0]", "the range `9-0` at character 6 is out of order"),
    ("[z-a]", "the range `z-a` at character 2 is out of order"),
    ("[a-cZ-A]", "the range `Z-A` at character 5 is out of order"),
    ("backup\\", "a trailing `\\` escapes nothing"),
    ("photos/[0-9", "`[` at character 8 opens a character class that is never closed"),
    ("[", "`[` at character 1 opens a character class that is never closed"),
    ("[^", "`[` at character 1 opens a character class that is never closed"),
    ("[]", "`[` at character 1 opens a character class that is never closed"),
    ("[^]", "`[` at character 1 opens a character class that is never closed"),
    ("[a\\]", "`[` at character 1 opens a character class that is never closed"),
    ("[a\\", "`[` at character 1 opens a character class that is never closed"),
    ("[[:alpha:]\\", "`[` at character 1 opens a character class that is never closed"),
    ("(\\Qa", "`(` at character 1 opens a group that is never closed"),
]

PREFIXES = [
    ("^/home/wuying/project-.*", "/home/wuying/project-"),
    ("/home/wuyingx?/a", "/home/wuying"),
    ("project-(alpha|beta)", "project-"),
    ("project-.*", "project-"),
    ("/home/wuying", "/home/wuying"),
    ("^/home/wuying$", "/home/wuying"),
    (r"\A/home", "/home"),
    (r"/home/wuying\.bak/x", "/home/wuying.bak/x"),
    (r"a\/b", "a/b"),
    (r"/data\d+", "/data"),
    (r"/data\b", "/data"),
    (r"\Q/home/wu.ying\E/.*", "/home/wu.ying/"),
    (r"\Qab\E*", "a"),
    (r"ab\Q\E*", "a"),
    ("ab*", "a"),
    ("ab+", "ab"),
    ("ab{0,3}", "a"),
    ("ab{0}", "a"),
    ("ab{,3}", "a"),
    ("ab{1,3}", "ab"),
    ("ab{2}", "ab"),
    ("ab{x", "ab"),
    ("ab[cd]", "ab"),
    ("ab(c)", "ab"),
    ("a.b", "a"),
    ("a$b", "a"),
    ("a]b}c", "a]b}c"),
    ("/a|/b", ""),
    ("/home/(a|b)", "/home/"),
    ("/home/[|]x|y", ""),
    ("/home/[|]x", "/home/"),
    ("/home/[[:alpha:]|]", ""),  # Python reads `[[:alpha:]` `|` `]`: either `/home/...` or `]`
    ("(?i)/home", ""),
    (".*", ""),
    ("^", ""),
    ("", ""),
    ("/home\\", "/home"),
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_accepted(pattern: str) -> None:
    assert regex_problem(pattern) is None


@pytest.mark.parametrize(("pattern", "message"), REJECTED)
def test_rejected_with_its_message(pattern: str, message: str) -> None:
    assert regex_problem(pattern) == message


@pytest.mark.parametrize(("pattern", "prefix"), PREFIXES)
def test_literal_prefix(pattern: str, prefix: str) -> None:
    assert literal_prefix(pattern) == prefix


def test_counts_of_any_length_are_compared_exactly() -> None:
    big = "9" * 5000  # more digits than int() converts by default
    assert (
        regex_problem(f"a{{1{big},{big}}}")
        == f"`{{1{big},{big}}}` at character 2 has a minimum larger than its maximum"
    )
    assert regex_problem(f"a{{{big},1{big}}}") is None
    assert regex_problem(f"a{{000{big},{big}}}") is None


def test_long_patterns_are_fine() -> None:
    assert regex_problem("(" * 100_000 + ")" * 100_000) is None
    assert regex_problem("[[:a" * 50_000) == "`[` at character 1 opens a character class that is never closed"
    assert regex_problem("\\Q" * 50_000) is None
    assert literal_prefix("a" * 100_000 + "?") == "a" * 99_999


POSIX_CLASS_FILE = """\
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    policy:
      bw_list:
        white_lists:
          - path: '[[:alpha:]]+-data'
            is_path_regex: true
            exclude_paths: ['[[:digit:]]+\\.tmp']
            is_exclude_regex: true
"""


def test_posix_classes_lint_clean_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render_diagnostics(lint(POSIX_CLASS_FILE)) == ""


def test_posix_classes_print_nothing_to_stderr(tmp_path: Path) -> None:
    path = tmp_path / "team.sync.yaml"
    path.write_text(POSIX_CLASS_FILE, encoding="utf-8")
    out = subprocess.run(
        [*syncdsl_command(), "lint", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env(PYTHONWARNINGS="always"),
        cwd=tmp_path,
    )
    assert (out.returncode, out.stderr) == (0, "")


def test_sd104_is_a_warning_with_the_problem_in_its_message() -> None:
    text = POSIX_CLASS_FILE.replace("'[[:alpha:]]+-data'", "project-(alpha|beta").replace(
        "'[[:digit:]]+\\.tmp'", "'*.tmp'"
    )
    assert render_diagnostics(lint(text)) == (
        "8:19-8:38 SD104 [warning] invalid regular expression `project-(alpha|beta` in white list path:"
        " `(` at character 9 opens a group that is never closed\n"
        "10:29-10:36 SD104 [warning] invalid regular expression `*.tmp` in exclude path:"
        " `*` at character 1 has nothing to repeat\n"
    )


_REGEX_CHARS = "ab()[]{}|*+?^$\\.:-,0123 x#\n=!<>P'Q"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_gives_none_or_a_message(pattern: str) -> None:
    problem = regex_problem(pattern)
    assert problem is None or (isinstance(problem, str) and problem)
    assert isinstance(literal_prefix(pattern), str)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_REGEX_CHARS, max_size=12) | st.text(max_size=12).map(lambda s: "[[:alpha:]" + s))
def test_whatever_python_compiles_is_accepted(pattern: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError):
            return
    assert regex_problem(pattern) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab/.-_", max_size=10), st.text(alphabet=_REGEX_CHARS, max_size=8))
def test_the_prefix_starts_every_python_match(prefix: str, rest: str) -> None:
    pattern = re.escape(prefix) + rest
    found = literal_prefix(pattern)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compiled = re.compile(pattern)
        except (re.error, OverflowError, RecursionError):
            return
    for subject in (prefix, prefix + "a", prefix + "ab0", prefix[:-1], ""):
        match = compiled.match(subject)
        if match is not None:
            assert match.group(0).startswith(found), (pattern, subject, found)
