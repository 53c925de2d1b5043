"""Configuration files: every key, every kind of mistake, discovery by walking up, patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncdsl.config import Config, ConfigError, ConfigResolver, glob_regex, load_config, matches_any, parse_code_list
from syncdsl.diagnostics import Severity
from syncdsl.document import Limits


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_of_pyproject_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pyproject.toml",
        """
[project]
name = "x"

[tool.syncdsl]
select = ["SD1", "sd303"]
ignore = ["SD111,SD110"]
severity = { SD303 = "error", SD305 = "info", SD206 = "off" }
include = ["deploy/*.yaml"]
exclude = ["legacy/**"]
fail-on = "warning"
max-file-size = 1000
max-depth = 20
max-aliases = 50
""",
    )
    config = load_config(path)
    assert config == Config(
        select=("SD1", "SD303"),
        ignore=("SD111", "SD110", "SD206"),
        severity={"SD303": Severity.ERROR, "SD305": Severity.INFO},
        include=("deploy/*.yaml",),
        exclude=("legacy/**",),
        fail_on=Severity.WARNING,
        limits=Limits(max_file_size=1000, max_depth=20, max_aliases=50),
        path=path,
    )
    assert config.is_enabled("SD101") and not config.is_enabled("SD111") and not config.is_enabled("SD001")
    assert config.base_dir == tmp_path


def test_syncdsl_toml_uses_top_level_keys(tmp_path: Path) -> None:
    path = _write(tmp_path / ".syncdsl.toml", 'ignore = ["SD303"]\n')
    assert load_config(path) == Config(ignore=("SD303",), path=path)


def test_pyproject_without_table_gives_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(path) == Config(path=path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('sellect = ["SD1"]', "key `sellect`: unknown key (did you mean `select`?)"),
        ('fail_on = "warning"', "key `fail_on`: unknown key (did you mean `fail-on`?)"),
        ("colour = true", "key `colour`: unknown key"),
        ('select = "SD101"', "key `select`: expected a list of strings, got `SD101`"),
        ("select = [1]", "key `select`: expected a list of strings, got a list"),
        ('select = ["SD999"]', "key `select`: unknown rule code `SD999`"),
        ('select = ["unused-policy"]', "key `select`: unknown rule code `UNUSED-POLICY` (did you mean `SD303`?)"),
        ('ignore = ["XY1"]', "key `ignore`: unknown rule code `XY1`"),
        ('severity = "error"', "key `severity`: expected a table of rule code = level, got `error`"),
        ('severity = { SD777 = "error" }', "key `severity.SD777`: unknown rule code `SD777`"),
        (
            'severity = { SD101 = "fatal" }',
            "key `severity.SD101`: expected one of `error`, `warning`, `info`, `off`, got `fatal`",
        ),
        ('fail-on = "never"', "key `fail-on`: expected one of `error`, `warning`, `info`, got `never`"),
        ("max-depth = 501", "key `max-depth`: expected an integer from 1 to 500, got `501`"),
        ("max-depth = 0", "key `max-depth`: expected an integer from 1 to 500, got `0`"),
        ('max-depth = "10"', "key `max-depth`: expected an integer from 1 to 500, got `10`"),
        ("max-file-size = true", "key `max-file-size`: expected an integer of at least 1, got `true`"),
        ("max-aliases = -1", "key `max-aliases`: expected an integer of at least 0, got `-1`"),
        ("max-aliases = 1.5", "key `max-aliases`: expected an integer of at least 0, got `1.5`"),
        ("include = [[]]", "key `include`: expected a list of strings, got a list"),
        ("exclude = {}", "key `exclude`: expected a list of strings, got a table"),
    ],
)
def test_bad_keys_name_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "pyproject.toml", f"[tool.syncdsl]\n{body}\n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "pyproject.toml")
    assert str(err.value) == f"pyproject.toml: [tool.syncdsl] {message}"
    _write(tmp_path / ".syncdsl.toml", f"{body}\n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / ".syncdsl.toml")
    assert str(err.value) == f".syncdsl.toml: {message}"


def test_invalid_toml_and_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / ".syncdsl.toml", "select = [\n")
    with pytest.raises(ConfigError, match=r"^\.syncdsl\.toml: invalid TOML: "):
        load_config(tmp_path / ".syncdsl.toml")
    (tmp_path / ".syncdsl.toml").write_bytes(b"select = ['\xff']\n")
    with pytest.raises(ConfigError, match=r"^\.syncdsl\.toml: invalid TOML"):
        load_config(tmp_path / ".syncdsl.toml")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "missing.toml")
    assert str(err.value) == "missing.toml: cannot read: No such file or directory"
    _write(tmp_path / "pyproject.toml", "[tool]\nsyncdsl = 3\n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "pyproject.toml")
    assert str(err.value) == "pyproject.toml: [tool.syncdsl] must be a table"


def test_parse_code_list() -> None:
    assert parse_code_list(["sd1,SD303", " SD303 ", ""]) == ("SD1", "SD303")
    with pytest.raises(ValueError, match=r"^unknown rule code `SD4`$"):
        parse_code_list(["SD4"])


def test_overrides_replace_select_and_add_ignore() -> None:
    config = Config(select=("SD1",), ignore=("SD101",), fail_on=Severity.ERROR)
    assert config.with_overrides() is config
    assert config.with_overrides(select=("SD3",), ignore=("SD303", "SD101"), fail_on=Severity.INFO) == Config(
        select=("SD3",), ignore=("SD101", "SD303"), fail_on=Severity.INFO
    )


# --- discovery -----------------------------------------------------------------------------------


def test_nearest_config_wins_and_syncdsl_toml_beats_pyproject(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.syncdsl]\nignore = ["SD303"]\n')
    _write(tmp_path / "team" / ".syncdsl.toml", 'ignore = ["SD304"]\n')
    _write(tmp_path / "team" / "pyproject.toml", '[tool.syncdsl]\nignore = ["SD305"]\n')
    _write(tmp_path / "other" / "pyproject.toml", '[project]\nname = "no syncdsl table here"\n')
    resolver = ConfigResolver()
    assert resolver.for_file(tmp_path / "a.sync.yaml").ignore == ("SD303",)
    assert resolver.for_file(tmp_path / "team" / "deep" / "b.sync.yaml").ignore == ("SD304",)
    # a pyproject.toml without [tool.syncdsl] does not stop the walk
    assert resolver.for_file(tmp_path / "other" / "c.sync.yaml").ignore == ("SD303",)
    assert resolver.for_file(tmp_path / "other" / "c.sync.yaml").path == tmp_path / "pyproject.toml"


def test_pyproject_is_parsed_only_when_it_may_configure_syncdsl(tmp_path: Path) -> None:
    # mentions syncdsl only as a dependency (and is not even valid TOML): not a syncdsl configuration
    _write(tmp_path / "a" / "pyproject.toml", 'dependencies = ["syncdsl>=0.1"]\n[broken\n')
    assert ConfigResolver().for_directory(tmp_path / "a") == Config()
    # the other spellings of the table are found
    _write(tmp_path / "b" / "pyproject.toml", '[tool]\nsyncdsl = { ignore = ["SD303"] }\n')
    assert ConfigResolver().for_directory(tmp_path / "b").ignore == ("SD303",)
    _write(tmp_path / "c" / "pyproject.toml", 'tool.syncdsl.ignore = ["SD304"]\n')
    assert ConfigResolver().for_directory(tmp_path / "c").ignore == ("SD304",)
    # a console script named syncdsl is not a [tool] entry either (the file is broken TOML: never parsed)
    _write(tmp_path / "d" / "pyproject.toml", '[project.scripts]\nsyncdsl = "syncdsl.cli:main"\n[broken\n')
    assert ConfigResolver().for_directory(tmp_path / "d") == Config()


def test_discovery_is_cached_per_directory(tmp_path: Path) -> None:
    _write(tmp_path / ".syncdsl.toml", 'ignore = ["SD303"]\n')
    resolver = ConfigResolver()
    first = resolver.for_directory(tmp_path / "x" / "y")
    (tmp_path / ".syncdsl.toml").write_text("this is not toml [", encoding="utf-8")
    assert resolver.for_directory(tmp_path / "x" / "y") is first
    assert resolver.for_directory(tmp_path / "x") is first  # filled in on the way up
    with pytest.raises(ConfigError):
        ConfigResolver().for_directory(tmp_path)


def test_pinned_and_disabled_config_with_overrides(tmp_path: Path) -> None:
    pinned = _write(tmp_path / "ci.toml", 'select = ["SD3"]\nfail-on = "warning"\n')
    _write(tmp_path / "sub" / ".syncdsl.toml", 'select = ["SD1"]\n')
    resolver = ConfigResolver(config_file=pinned, ignore=("SD303",))
    assert resolver.for_file(tmp_path / "sub" / "a.sync.yaml") == Config(
        select=("SD3",), ignore=("SD303",), fail_on=Severity.WARNING, path=pinned
    )
    resolver = ConfigResolver(no_config=True, fail_on=Severity.INFO)
    assert resolver.for_file(tmp_path / "sub" / "a.sync.yaml") == Config(fail_on=Severity.INFO)


def test_no_config_anywhere_gives_defaults(tmp_path: Path) -> None:
    assert ConfigResolver().for_directory(tmp_path) == Config()


# --- patterns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.yaml", "a.yaml", True),
        ("*.yaml", "deep/dir/a.yaml", True),  # no slash: any depth
        ("*.yaml", "a.yml", False),
        ("deploy/*.yaml", "deploy/a.yaml", True),
        ("deploy/*.yaml", "x/deploy/a.yaml", False),  # a slash anchors at the config directory
        ("deploy/*.yaml", "deploy/sub/a.yaml", False),  # * stays within one segment
        ("deploy/**/*.yaml", "deploy/a.yaml", True),
        ("deploy/**/*.yaml", "deploy/x/y/a.yaml", True),
        ("/top.yaml", "top.yaml", True),
        ("/top.yaml", "sub/top.yaml", False),
        ("./legacy/**", "legacy/a.sync.yaml", True),
        ("legacy/**", "legacy/", True),
        ("legacy", "legacy", True),
        ("legacy", "x/legacy", True),
        ("a?.yaml", "ab.yaml", True),
        ("a?.yaml", "a/.yaml", False),
        ("[ab].yaml", "b.yaml", True),
        ("[!ab].yaml", "b.yaml", False),
        ("[!ab].yaml", "c.yaml", True),
        ("[.yaml", "[.yaml", True),  # an unclosed class is a literal
        ("a+b(1).yaml", "a+b(1).yaml", True),
    ],
)
def test_glob_patterns(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).match(path)) is matches
    assert matches_any(path, ["nothing-matches", pattern]) is matches
