"""``.gitignore`` matching (syncdsl/cli/gitignore.py) against git itself.

The same tree and ignore files are given to ``git ls-files --others
--exclude-standard`` (what git does not ignore) and to syncdsl's walk; the
two lists must be equal. Patterns cover gitignore(5): names at any depth,
anchored and middle-slash patterns, ``**`` in its three places, ``*``, ``?``,
classes, negation (also of a folder from a deeper file), folder-only
patterns, escapes, trailing spaces, nested files and ``.git/info/exclude``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from syncdsl.cli import gitignore

TOP = """\
# comment
*.log
!keep.log
/rooted.txt
docs/*.tmp
**/cache/
out/**
a/**/deep.txt
file?.dat
[bc]lass.txt
[!x]neg.txt
\\#hash.txt
\\!bang.txt
trailing.txt<SP><SP><SP>
escaped\\<SP>
build/
""".replace("<SP>", " ")  # trailing spaces: dropped unless escaped
NESTED = """\
# relative to sub/
*.txt
!wanted.txt
!cache/
/anchored.md
"""
INFO_EXCLUDE = "secret/\n"

FILES = [
    "x.log", "keep.log", "sub/y.log", "sub/keep.log",
    "rooted.txt", "sub/rooted.txt",
    "docs/a.tmp", "docs/deeper/b.tmp", "sub/docs/c.tmp",
    "cache/d", "sub/cache/e", "deep/er/cache/f",
    "out/g", "out/x/h", "sub/out/i",
    "a/deep.txt", "a/b/deep.txt", "a/b/c/deep.txt", "b/a/deep.txt",
    "file1.dat", "file12.dat", "sub/fileZ.dat",
    "class.txt", "blass.txt", "clas.txt",
    "aneg.txt", "xneg.txt",
    "#hash.txt", "!bang.txt",
    "trailing.txt", "escaped ", "escaped",
    "build/j", "sub/build", "x/build/k",
    "sub/one.txt", "sub/wanted.txt", "sub/anchored.md", "sub/deeper/anchored.md", "sub/deeper/two.txt",
    "secret/s", "sub/secret/t",
    "plain.sync.yaml", "sub/plain.sync.yaml",
]


def _git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "XDG_CONFIG_HOME": str(cwd / ".no-xdg"),  # no global excludes file
        "HOME": str(cwd / ".no-home"),
    }
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _ours(root: Path) -> list[str]:
    """Every file syncdsl's walk keeps (the same decisions files.py makes, for every file name)."""
    kept: list[str] = []
    ignorers = {str(root): gitignore.for_folder(str(root))}
    for dirpath, dirnames, filenames in os.walk(root):
        ignorer = ignorers.pop(dirpath)
        keep_dirs = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if d == ".git" or ignorer.ignored(full, True):
                continue
            ignorers[full] = ignorer.child(full)
            keep_dirs.append(d)
        dirnames[:] = keep_dirs
        for name in filenames:
            full = os.path.join(dirpath, name)
            if not ignorer.ignored(full, False):
                kept.append(os.path.relpath(full, root).replace(os.sep, "/"))
    return sorted(kept)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path / "repo"
    root.mkdir()
    _git("init", "-q", cwd=root)
    (root / ".gitignore").write_text(TOP, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / ".gitignore").write_text(NESTED, encoding="utf-8")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text(INFO_EXCLUDE, encoding="utf-8")
    for name in FILES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    return root


def test_the_walk_keeps_what_git_keeps(tree: Path) -> None:
    # git quotes unusual names (`"escaped "`) unless core.quotePath is off; compare with -z instead.
    theirs = sorted(p for p in _git("ls-files", "-z", "--others", "--exclude-standard", cwd=tree).split("\0") if p)
    assert _ours(tree) == theirs


def test_a_few_decisions_spelt_out(tree: Path) -> None:
    kept = _ours(tree)
    assert "keep.log" in kept and "x.log" not in kept  # negation
    assert "sub/rooted.txt" not in kept  # ignored by sub/'s `*.txt`, not by the anchored `/rooted.txt`
    assert "sub/wanted.txt" in kept  # re-included by the deeper file
    assert "sub/cache/e" in kept and "cache/d" not in kept  # a folder re-included by `!cache/`
    assert "sub/deeper/anchored.md" in kept and "sub/anchored.md" not in kept
    assert "sub/build" in kept and "x/build/k" not in kept  # `build/` matches folders only
    assert "#hash.txt" not in kept and "!bang.txt" not in kept  # escaped first characters
    assert "secret/s" not in kept and "sub/secret/t" not in kept  # .git/info/exclude


def test_nested_repository_starts_afresh(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    (outer / ".git").mkdir(parents=True)
    (outer / ".gitignore").write_text("*.sync.yaml\n", encoding="utf-8")
    inner = outer / "vendor" / "inner"
    (inner / ".git").mkdir(parents=True)
    (inner / "a.sync.yaml").write_text("x\n", encoding="utf-8")
    ignorer = gitignore.for_folder(str(outer))
    assert ignorer.ignored(str(outer / "b.sync.yaml"), False)
    nested = ignorer.child(str(outer / "vendor")).child(str(inner))
    assert not nested.ignored(str(inner / "a.sync.yaml"), False)
    assert not gitignore.ignored_with_parents(str(inner / "a.sync.yaml"), False)


@pytest.mark.parametrize(
    ("line", "path", "ignored"),
    [
        ("*.log", "a/b.log", True),
        ("/a.log", "b/a.log", False),
        ("a/*.log", "a/b/c.log", False),  # `*` stays in one segment
        ("a/**/c.log", "a/c.log", True),
        ("**", "x/y", True),
        ("a**b", "axxb", True),  # `**` not next to `/` is a plain `*`
        ("a**b", "ax/xb", False),
        ("[a-c]?.txt", "b1.txt", True),
        ("[a-c]?.txt", "d1.txt", False),
        ("[", "[", True),  # an unclosed class is a literal
        ("build", "a/build", True),  # a plain name, compared as text
        ("build", "a/xbuild", False),
        ("*.tmp", "a/b.tmp", True),  # a suffix, compared as text
        ("*.tmp", "a.tmp/b", False),
    ],
)
def test_single_patterns(line: str, path: str, ignored: bool) -> None:
    rule = gitignore.parse_line(line)
    assert rule is not None
    assert rule.matches(path) is ignored
    assert bool(rule.regex.match(path)) is ignored  # the text shortcuts agree with the regex
