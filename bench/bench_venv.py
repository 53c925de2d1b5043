"""Build ``bench/.venv``: syncdsl installed from a freshly built wheel, plus the tools it is compared with.

The development venv (``.venv``) holds an *editable* install, whose import hooks add tens of
milliseconds to every start; users get a wheel. So the benchmarks run syncdsl from a regular
install made here, every time, from the current work tree:

1. copy the package's sources (``pyproject.toml``, ``README.md``, ``LICENSE``, ``syncdsl/``,
   ``lsp_server/``) to a temporary folder, so the build writes nothing into the checkout;
2. ``pip wheel`` there (an isolated build with the project's own build backend);
3. create ``bench/.venv`` once (git-ignored) with yamllint, check-jsonschema and matplotlib;
4. install the wheel into it (forced, so the latest sources always win) with its dependencies.

Usage: python bench/bench_venv.py [--venv DIR] [--quiet]; prints the venv's interpreter path.
``make bench``, ``make bench-lsp`` and ``make bench-plot`` call it before measuring.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_VENV = BENCH / ".venv"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "syncdsl", "lsp_server")
# The peers and the plotting library; installed once, when the venv is created (or --refresh).
TOOLS = ("yamllint", "check-jsonschema", "matplotlib")


def _run(argv: list[str], quiet: bool) -> None:
    if not quiet:
        print("+ " + " ".join(argv), file=sys.stderr, flush=True)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL if quiet else None)


def build_wheel(out: Path, quiet: bool) -> Path:
    """A wheel of the work tree as it is now (committed or not), built outside the checkout."""
    with tempfile.TemporaryDirectory(prefix="syncdsl-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in SOURCES:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif path.exists():
                shutil.copy2(path, src / name)
        dist = Path(tmp) / "dist"
        pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)]
        _run(pip, quiet)
        (wheel,) = dist.glob("syncdsl-*.whl")
        out.mkdir(parents=True, exist_ok=True)
        target = out / wheel.name
        shutil.copy2(wheel, target)
        return target


def python_of(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_venv(env: Path, refresh: bool, quiet: bool) -> Path:
    python = python_of(env)
    stamp = env / ".tools-installed"
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
    if refresh or not stamp.exists():
        _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], quiet)
        _run([str(python), "-m", "pip", "install", "--quiet", *TOOLS], quiet)
        stamp.write_text(" ".join(TOOLS) + "\n", encoding="utf-8")
    return python


def check_install(python: Path) -> dict[str, str]:
    """Where the venv imports syncdsl from, and whether pip recorded the install as editable."""
    probe = (
        "import json, importlib.metadata as m, syncdsl, lsp_server;"
        "d = m.distribution('syncdsl'); u = d.read_text('direct_url.json') or '{}';"
        "print(json.dumps({'version': d.version, 'file': syncdsl.__file__, 'lsp_server': lsp_server.__file__,"
        " 'editable': str(json.loads(u).get('dir_info', {}).get('editable', False))}))"
    )
    out = subprocess.run([str(python), "-I", "-c", probe], check=True, capture_output=True, text=True, cwd="/")
    info: dict[str, str] = json.loads(out.stdout)
    if info["editable"] != "False" or str(ROOT / "syncdsl") in info["file"]:
        raise SystemExit(f"bench venv imports syncdsl from the work tree, not from a wheel: {info}")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="the benchmark venv (default bench/.venv)")
    parser.add_argument("--refresh", action="store_true", help="reinstall the peer tools too")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    env = args.venv.resolve()
    python = ensure_venv(env, args.refresh, args.quiet)
    wheel = build_wheel(env / "wheels", args.quiet)
    # Dependencies from the wheel's metadata; --force-reinstall --no-deps then replaces syncdsl itself.
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], args.quiet)
    _run([str(python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel)], args.quiet)
    info = check_install(python)
    print(f"bench venv: {python} (syncdsl {info['version']} from {Path(info['file']).parent})", file=sys.stderr)
    print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
