"""Fill ``bundled/libs`` with syncdsl and everything it needs at run time, for the .vsix.

Run by ``npm run bundle:server`` (and so by ``npm run package``) with the Python
named in ``SYNCDSL_BUNDLE_PYTHON`` (default ``python3``); it needs pip and PyPI.

1. A wheel of syncdsl is built from this checkout (``pip wheel --no-deps``).
2. That wheel and its dependencies are installed into ``bundled/libs`` with
   ``pip install --target``, resolved for the oldest Python syncdsl supports
   (3.10): then the backports that only older Pythons need (``tomli``,
   ``exceptiongroup``) are in the bundle too, and every pure-Python package
   works on any newer version.
3. The one compiled module the server benefits from, libyaml's parser in
   ``ruamel.yaml.clib``, is built per Python version. Its file names carry the
   version (``_ruamel_yaml.cpython-312-x86_64-linux-gnu.so``), so the wheels
   for every supported CPython on this platform are unpacked side by side and
   each interpreter loads its own. On any other interpreter or platform the
   module does not load and syncdsl uses ruamel.yaml's pure-Python parser.
   (websockets' optional C speed-up is left as resolved: it falls back to
   pure Python by itself, and only the playground's WebSocket uses it.)
4. Console scripts, byte-code, the playground's web page and the C modules' debug
   information are removed; ``bundle.json`` records what went in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EXTENSION = Path(__file__).resolve().parent.parent
REPO = EXTENSION.parent.parent
LIBS = EXTENSION / "bundled" / "libs"
OLDEST_PYTHON = "3.10"
# Every CPython the C parser is bundled for (its wheels exist for these on the usual platforms).
C_PARSER_PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
PYTHON_310_BACKPORTS = ("tomli>=2.0", "exceptiongroup>=1.1.1")


def pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "--no-input", "--quiet"]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main() -> int:
    if sys.version_info < (3, 10):
        sys.exit(f"bundle_server.py needs Python 3.10 or newer (this is {sys.version.split()[0]})")
    shutil.rmtree(LIBS, ignore_errors=True)
    LIBS.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="syncdsl-bundle-") as tmp:
        wheels = Path(tmp) / "wheels"
        pip("wheel", "--no-deps", "--wheel-dir", str(wheels), str(REPO))
        (wheel,) = wheels.glob("syncdsl-*.whl")
        pip(
            "install",
            "--target",
            str(LIBS),
            "--no-compile",
            "--only-binary=:all:",
            "--python-version",
            OLDEST_PYTHON,
            "--no-warn-script-location",
            "--no-warn-conflicts",
            str(wheel),
            # pip evaluates environment markers for the running Python, not for --python-version:
            # name the backports that syncdsl and cattrs need below 3.11 explicitly.
            *PYTHON_310_BACKPORTS,
        )
        clib = _installed_version("ruamel.yaml.clib")
        for version in C_PARSER_PYTHONS:
            if version == OLDEST_PYTHON:
                continue
            target = Path(tmp) / f"clib-{version}"
            try:
                pip(
                    "download",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--python-version",
                    version,
                    "--dest",
                    str(target),
                    f"ruamel.yaml.clib=={clib}",
                )
            except subprocess.CalledProcessError:
                print(f"  no ruamel.yaml.clib {clib} wheel for Python {version} on this platform: skipped", flush=True)
                continue
            for found in target.glob("*.whl"):
                with zipfile.ZipFile(found) as whl:
                    for name in whl.namelist():
                        if "/" not in name and name.startswith("_ruamel_yaml") and name.endswith((".so", ".pyd")):
                            (LIBS / name).write_bytes(whl.read(name))
    shutil.rmtree(LIBS / "bin", ignore_errors=True)
    # The playground's web page: `syncdsl playground` is not something the extension runs.
    shutil.rmtree(LIBS / "syncdsl" / "web", ignore_errors=True)
    _strip_debug_info()
    for cache in LIBS.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    record = {
        "built_with": sys.version.split()[0],
        "resolved_for_python": OLDEST_PYTHON,
        "packages": _distributions(),
        "c_parser_modules": sorted(p.name for p in LIBS.glob("_ruamel_yaml*") if p.is_file()),
    }
    (LIBS / "bundle.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in LIBS.rglob("*") if p.is_file())
    print(f"bundled {len(record['packages'])} packages into {LIBS} ({size / 1e6:.1f} MB unpacked)", flush=True)
    return 0


def _strip_debug_info() -> None:
    """The C parser's wheels carry debug information (about 2.2 of their 2.6 MB): drop it where `strip` exists."""
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return
    for module in LIBS.glob("_ruamel_yaml*.so"):
        subprocess.run([strip, "--strip-debug", str(module)], check=True)


def _installed_version(name: str) -> str:
    normalised = name.replace(".", "_").replace("-", "_").lower()
    for info in LIBS.glob("*.dist-info"):
        dist, _, rest = info.name.removesuffix(".dist-info").partition("-")
        if dist.replace(".", "_").replace("-", "_").lower() == normalised:
            return rest
    raise SystemExit(f"{name} was not installed into {LIBS}")


def _distributions() -> dict[str, str]:
    found = {}
    for info in sorted(LIBS.glob("*.dist-info")):
        dist, _, version = info.name.removesuffix(".dist-info").partition("-")
        found[dist] = version
    return found


if __name__ == "__main__":
    os.chdir(EXTENSION)
    sys.exit(main())
