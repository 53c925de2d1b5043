"""Every bad input of SPEC §7 through the real CLI: a diagnostic with a position, never a traceback or a hang.

Each file is generated here; each run is a subprocess with a generous timeout
(the bound on "no hang"), and the exact first output line is checked.
"""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from tests.test_cli_subprocess import syncdsl

BAD = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: data/tmp\n"
SD106 = (
    "SD106 [warning] relative mount path `data/tmp` in context `SdkCtx-1`:"
    " the mount path must be absolute (`/…` or `C:\\…`)"
)
NUL = "SD001 [error] NUL byte in file: this looks like a binary file, not YAML"
TOO_DEEP = "SD004 [error] nesting deeper than 100 levels (max-depth)"


def _billion_laughs() -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, 10):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, tuple[bytes, int, str]] = {
    # name: (file content, exit code, first output line after "<file>:")
    "invalid-utf8": (
        b"version: 1\ncontexts:\n  - context_id: caf\xe9\n",
        1,
        "3:20: SD001 [error] invalid UTF-8 (byte 0xe9): invalid continuation byte",
    ),
    "utf8-bom": (codecs.BOM_UTF8 + BAD.encode(), 0, f"4:11: {SD106}"),
    "utf16-le-bom": (codecs.BOM_UTF16_LE + BAD.encode("utf-16-le"), 0, f"4:11: {SD106}"),
    "utf16-be-bom": (codecs.BOM_UTF16_BE + BAD.encode("utf-16-be"), 0, f"4:11: {SD106}"),
    "crlf": (BAD.replace("\n", "\r\n").encode(), 0, f"4:11: {SD106}"),
    "bom-and-crlf": (codecs.BOM_UTF8 + BAD.replace("\n", "\r\n").encode(), 0, f"4:11: {SD106}"),
    "tab-indentation": (
        b"version: 1\ncontexts:\n\t- context_id: x\n",
        1,
        "3:1: SD001 [error] tab character used for indentation; YAML indents with spaces",
    ),
    "tab-separator": (BAD.replace("path: ", "path:\t").encode(), 0, f"4:11: {SD106}"),
    "nul-byte": (b"version: 1\ncontexts:\x00\n", 1, f"2:10: {NUL}"),
    # binary files: the NUL byte test comes first (line 3 of a PNG header starts with one)
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 1, f"3:1: {NUL}"),
    "random-bytes": (random.Random(1234).randbytes(4096), 1, f"10:68: {NUL}"),
    "empty": (
        b"",
        1,
        "1:1: SD005 [error] the file is empty; expected a mapping with `version` and `contexts`",
    ),
    "only-comments": (
        b"# nothing here yet\n",
        1,
        "1:1: SD005 [error] the file is empty; expected a mapping with `version` and `contexts`",
    ),
    "billion-laughs": (
        _billion_laughs(),
        1,
        "5:63: SD004 [error] aliases expand to more than 10,000 nodes (max-aliases); this looks like an alias bomb",
    ),
    "deep-flow": (b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", 1, f"1:103: {TOO_DEEP}"),
    "deep-flow-mapping": (b"{a: " * 100_000 + b"x" + b"}" * 100_000 + b"\n", 1, f"1:401: {TOO_DEEP}"),
    "deep-block": (b"- " * 100_000 + b"x\n", 1, f"1:201: {TOO_DEEP}"),
    "python-tag": (
        b"version: 1\ncontexts: !!python/object/apply:os.system ['touch PWNED']\n",
        1,
        "2:11: SD003 [error] unsupported tag `!!python/object/apply:os.system`: only plain YAML values are allowed",
    ),
    "over-size-limit": (
        b"# " + b"x" * 5_999_997 + b"\n",
        1,
        "1:1: SD004 [error] file is 6,000,000 bytes, over the 5,000,000-byte limit (max-file-size)",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gives_a_positioned_diagnostic(tmp_path: Path, name: str) -> None:
    data, code, first = CASES[name]
    (tmp_path / "input.sync.yaml").write_bytes(data)
    out = syncdsl("lint", "--no-show-source", "input.sync.yaml", cwd=tmp_path)
    assert out.returncode == code, out.stderr
    assert out.stdout.splitlines()[0] == f"input.sync.yaml:{first}"
    assert out.stderr == ""
    # The source snippet is drawn too, without failing on any of these inputs.
    shown = syncdsl("lint", "input.sync.yaml", cwd=tmp_path)
    assert shown.returncode == code and shown.stdout.splitlines()[0] == out.stdout.splitlines()[0]
    assert not (tmp_path / "PWNED").exists()


def test_a_one_megabyte_line(tmp_path: Path) -> None:
    long_id = "a" * 1_000_000
    text = f"version: 1\ncontexts:\n  - {{context_id: {long_id}, path: data/tmp}}\n"
    (tmp_path / "long.sync.yaml").write_text(text, encoding="utf-8")
    out = syncdsl("lint", "long.sync.yaml", cwd=tmp_path)
    assert out.returncode == 0  # SD106 is a warning
    lines = out.stdout.splitlines()
    column = len("  - {context_id: ") + len(long_id) + len(", path: ") + 1
    assert lines[0].startswith(f"long.sync.yaml:3:{column}: SD106 [warning] relative mount path `data/tmp`")
    # the snippet is a window around the range, not the whole megabyte
    assert lines[1] == " 3 | …" + "a" * 32 + ", path: data/tmp}"
    assert lines[2] == "   | " + " " * 41 + "^" * 8
    as_json = json.loads(syncdsl("lint", "--format", "json", "long.sync.yaml", cwd=tmp_path).stdout)
    assert (as_json[0]["line"], as_json[0]["column"], as_json[0]["end_column"]) == (3, column, column + 8)


def test_crlf_positions_match_lf_positions(tmp_path: Path) -> None:
    (tmp_path / "lf.sync.yaml").write_bytes(BAD.encode())
    (tmp_path / "crlf.sync.yaml").write_bytes(BAD.replace("\n", "\r\n").encode())
    lf = json.loads(syncdsl("lint", "--format", "json", "lf.sync.yaml", cwd=tmp_path).stdout)
    crlf = json.loads(syncdsl("lint", "--format", "json", "crlf.sync.yaml", cwd=tmp_path).stdout)
    assert [{**d, "path": ""} for d in lf] == [{**d, "path": ""} for d in crlf]
    assert (crlf[0]["line"], crlf[0]["column"], crlf[0]["end_line"], crlf[0]["end_column"]) == (4, 11, 4, 19)


def test_tab_separated_value_keeps_the_caret_aligned(tmp_path: Path) -> None:
    (tmp_path / "tab.sync.yaml").write_bytes(BAD.replace("path: ", "path:\t").encode())
    lines = syncdsl("lint", "tab.sync.yaml", cwd=tmp_path).stdout.splitlines()
    assert lines[1:3] == [" 4 |     path:   data/tmp", "   |             ^^^^^^^^"]


def test_a_configured_lower_size_limit(tmp_path: Path) -> None:
    (tmp_path / ".syncdsl.toml").write_text("max-file-size = 10\nmax-depth = 2\n", encoding="utf-8")
    (tmp_path / "a.sync.yaml").write_bytes(BAD.encode())
    out = syncdsl("lint", "--no-show-source", "a.sync.yaml", cwd=tmp_path)
    assert out.stdout.splitlines()[0] == (
        f"a.sync.yaml:1:1: SD004 [error] file is {len(BAD)} bytes, over the 10-byte limit (max-file-size)"
    )
