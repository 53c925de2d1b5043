"""The pre-commit hooks, run by the real ``pre-commit`` against a temporary git repository.

pre-commit installs a hook repository by cloning it and ``pip install``-ing it
into its own virtual environment (from PyPI for the dependencies), exactly as
it would for a user. The hook repository here is a one-commit snapshot of this
checkout's working tree (the package sources and ``.pre-commit-hooks.yaml``):
``pre-commit try-repo`` on the checkout itself would only see committed and
tracked files (its "shadow repo" adds ``git add -u`` changes, never new files),
so an uncommitted new module or hook would be silently missing.

``try-repo`` always builds the hook environment in a throw-away store, so it
is used once (the way a hook author tries a hook); the other tests put the
hook repository in ``.pre-commit-config.yaml`` and share one PRE_COMMIT_HOME
per test session, so that environment is built once and nothing leaks into
``~/.cache``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import syncdsl

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
# What `pip install .` of the hook repository needs.
SNAPSHOT = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "syncdsl/", "lsp_server/")

GOOD = """\
# Build cache sync for the CI runners.
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/build
    policy:
      recycle_policy:
        lifecycle: Lifecycle_1Day
        paths: [/home/wuying/build/cache]
"""

# The same document with a wildcard in its recycle path (SD101).
BAD = GOOD.replace("cache]", "cache/*.o]")

# Valid, but not in canonical layout: `path` before `context_id`, `paths` before `lifecycle`, one-space comment.
UNFORMATTED = """\
version: 1
contexts:
  - path: /home/wuying/build # build outputs
    context_id: SdkCtx-0123abcd
    policy:
      recycle_policy:
        paths: [/home/wuying/build/cache]
        lifecycle: Lifecycle_1Day
"""


def _git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "syncdsl tests",
        "GIT_AUTHOR_EMAIL": "tests@syncdsl.invalid",
        "GIT_COMMITTER_NAME": "syncdsl tests",
        "GIT_COMMITTER_EMAIL": "tests@syncdsl.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,  # no user hooks, templates or signing
    }
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def _source_files() -> list[str]:
    """The snapshot's files: tracked and new (not ignored) files of the working tree, else a walk."""
    try:
        listed = _git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT).split("\0")
    except (AssertionError, OSError):
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    wanted = [f for f in listed if f and any(f == s or (s.endswith("/") and f.startswith(s)) for s in SNAPSHOT)]
    return [f for f in wanted if (ROOT / f).is_file()]


@pytest.fixture(scope="session")
def tools() -> None:
    missing = [name for name in ("git",) if shutil.which(name) is None]
    if missing:
        if IN_CI:
            pytest.fail(f"{', '.join(missing)} not found")
        pytest.skip(f"{', '.join(missing)} not installed")


@pytest.fixture(scope="session")
def hook_repo(tools: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's hooks and package sources, and its commit."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _source_files():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo).strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    work = tmp_path / "project"
    work.mkdir()
    _git("init", "-q", "-b", "main", cwd=work)
    yield work


def _pre_commit(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "syncdsl tests",
        "GIT_AUTHOR_EMAIL": "tests@syncdsl.invalid",
        "GIT_COMMITTER_NAME": "syncdsl tests",
        "GIT_COMMITTER_EMAIL": "tests@syncdsl.invalid",
    }
    env.pop("PRE_COMMIT", None)
    # The pre-commit of this environment, run as a module so no console script on PATH is needed.
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def _try_repo(hook: str, repo: tuple[Path, str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    path, rev = repo
    return _pre_commit(["try-repo", str(path), hook, "--ref", rev, "--all-files"], cwd, home)


def _add(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=project)


def _status(output: str, name: str) -> str:
    """The result pre-commit prints for one hook: ``syncdsl lint.....Failed`` -> ``Failed``."""
    for line in output.splitlines():
        found = re.fullmatch(rf"{re.escape(name)}\.+(\(no files to check\))?(\w+)", line.strip())
        if found:
            return found.group(2)
    raise AssertionError(f"no status line for {name!r} in:\n{output}")


def _sd101_line(path: str, text: str) -> str:
    (found,) = [d for d in syncdsl.lint(text) if d.code == "SD101"]
    start = found.span.start
    return f"{path}:{start.line + 1}:{start.column + 1}: SD101 [error] {found.message}"


def _config(repo: tuple[Path, str]) -> str:
    path, rev = repo
    hooks = "".join(f"      - id: {hook}\n" for hook in ("syncdsl-fmt", "syncdsl-lint"))
    return f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n{hooks}"


def _run_hook(hook: str, project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit run HOOK --all-files` with the hook repository in .pre-commit-config.yaml."""
    return _pre_commit(["run", hook, "--all-files"], project, home)


def test_try_repo_lint_blocks_a_bad_file_and_shows_the_diagnostic(
    hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path
) -> None:
    """`pre-commit try-repo`, as a hook author checks a hook before publishing it."""
    _add(
        project,
        {
            "sync/build.sync.yaml": BAD,
            "sync/cache.sync.yml": GOOD,
            "notes.yaml": "not: [a, syncdsl, file",  # invalid YAML, but not a syncdsl file: never handed over
        },
    )
    proc = _try_repo("syncdsl-lint", hook_repo, project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert _status(out, "syncdsl lint") == "Failed"
    # The SD101 finding at the list item (line 9, column 17), exactly as `syncdsl lint` prints it.
    expected = _sd101_line("sync/build.sync.yaml", BAD)
    assert expected.startswith("sync/build.sync.yaml:9:17: SD101 [error] ")
    assert expected in out.splitlines()
    assert "cache.sync.yml:" not in out
    assert "notes.yaml" not in out


def test_lint_hook_passes_good_files(hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path) -> None:
    _add(project, {".pre-commit-config.yaml": _config(hook_repo), "a.sync.yml": GOOD, "b/c.sync.yaml": GOOD})
    proc = _run_hook("syncdsl-lint", project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert _status(out, "syncdsl lint") == "Passed"


def test_lint_hook_skips_when_no_syncdsl_file_changed(
    hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path
) -> None:
    _add(project, {".pre-commit-config.yaml": _config(hook_repo), "values.yaml": "a: [1, 2\n"})
    proc = _run_hook("syncdsl-lint", project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "syncdsl lint" in out and out.rstrip().endswith("(no files to check)Skipped")


def test_fmt_hook_rewrites_and_reports(hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path) -> None:
    from syncdsl.formatter import format_text

    _add(project, {".pre-commit-config.yaml": _config(hook_repo), "build.sync.yaml": UNFORMATTED, "ok.sync.yaml": GOOD})
    proc = _run_hook("syncdsl-fmt", project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert _status(out, "syncdsl fmt") == "Failed"
    assert "- files were modified by this hook" in out
    # fmt's own report (pre-commit hands both files to one `syncdsl fmt` run: it batches at least 4).
    assert "1 file reformatted, 1 file left unchanged" in out.splitlines()
    formatted = (project / "build.sync.yaml").read_text(encoding="utf-8")
    assert formatted == format_text(UNFORMATTED)
    assert formatted == (
        "version: 1\n"
        "contexts:\n"
        "  - context_id: SdkCtx-0123abcd\n"
        "    path: /home/wuying/build  # build outputs\n"
        "    policy:\n"
        "      recycle_policy:\n"
        "        lifecycle: Lifecycle_1Day\n"
        "        paths: [/home/wuying/build/cache]\n"
    )
    assert (project / "ok.sync.yaml").read_text(encoding="utf-8") == GOOD
    # Once the rewrite is staged, the hook passes.
    _git("add", "-A", cwd=project)
    again = _run_hook("syncdsl-fmt", project, pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _status(again.stdout, "syncdsl fmt") == "Passed"


def _commit(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "GIT_CONFIG_GLOBAL": os.devnull}
    identity = ["-c", "user.name=syncdsl tests", "-c", "user.email=tests@syncdsl.invalid"]
    return subprocess.run(
        ["git", *identity, "commit", "-m", "add sync config"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def test_installed_hooks_block_the_commit(hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path) -> None:
    """`pre-commit install`, then a plain `git commit`: refused with the diagnostic, accepted once fixed."""
    _add(project, {".pre-commit-config.yaml": _config(hook_repo), "team.sync.yaml": BAD})
    installed = _pre_commit(["install"], project, pre_commit_home)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    refused = _commit(project, pre_commit_home)
    out = refused.stdout + refused.stderr
    assert refused.returncode == 1, out
    assert _status(out, "syncdsl fmt") == "Passed"  # BAD is formatted; only the lint objects
    assert _status(out, "syncdsl lint") == "Failed"
    assert _sd101_line("team.sync.yaml", BAD) in out.splitlines()
    no_head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=project, capture_output=True)
    assert no_head.returncode != 0  # nothing was committed

    _add(project, {"team.sync.yaml": GOOD})
    accepted = _commit(project, pre_commit_home)
    out = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, out
    assert _status(out, "syncdsl lint") == "Passed"
    assert _git("log", "--format=%s", cwd=project).strip() == "add sync config"


def test_hooks_pass_force_exclude() -> None:
    """pre-commit names every file, so the hooks ask for the same exclusions as a folder walk."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"^  entry: (.+)$", text, flags=re.M)
    assert entries == ["syncdsl lint --force-exclude", "syncdsl fmt --force-exclude"]


def test_hooks_leave_excluded_and_ignored_files_alone(
    hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path
) -> None:
    """The configuration's extend-exclude, the default `build` exclusion and .gitignore hold under pre-commit."""
    _add(
        project,
        {
            ".pre-commit-config.yaml": _config(hook_repo),
            ".syncdsl.toml": 'extend-exclude = ["legacy/"]\n',
            ".gitignore": "generated/\n",
            "legacy/old.sync.yaml": BAD,
            "build/out.sync.yaml": UNFORMATTED,
        },
    )
    # A file in an ignored folder can still be tracked (`git add -f`); pre-commit then hands it over too.
    generated = project / "generated" / "made.sync.yaml"
    generated.parent.mkdir()
    generated.write_text(BAD, encoding="utf-8")
    _git("add", "-f", "generated/made.sync.yaml", cwd=project)
    for hook, name in (("syncdsl-lint", "syncdsl lint"), ("syncdsl-fmt", "syncdsl fmt")):
        proc = _run_hook(hook, project, pre_commit_home)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, out
        assert _status(out, name) == "Passed"
    assert (project / "build" / "out.sync.yaml").read_text(encoding="utf-8") == UNFORMATTED
    # The same files are still checked when they are not excluded.
    _add(project, {"team.sync.yaml": BAD})
    proc = _run_hook("syncdsl-lint", project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert _sd101_line("team.sync.yaml", BAD) in out.splitlines()
    assert "legacy/old.sync.yaml" not in out and "generated/made.sync.yaml" not in out
