"""Start the syncdsl language server for the VS Code extension, on whatever Python the extension chose.

The extension ships syncdsl and its dependencies in ``bundled/libs`` (filled by
``scripts/bundle_server.py`` when the .vsix is built) and runs this file with the
user's interpreter. ``SYNCDSL_IMPORT_STRATEGY`` (the ``syncdsl.importStrategy``
setting) decides whose packages win:

- ``useBundled`` (the default): the bundled folder goes first on ``sys.path``, so
  the server is the one the extension was built with, whatever the environment
  holds.
- ``fromEnvironment``: the bundled folder goes last, so a syncdsl installed in the
  interpreter's environment (a project's pinned version) is used, and the bundle
  only fills in what that environment lacks (for example pygls, when the project
  installed an older syncdsl without it).

Everything this file prints goes to stderr, which the extension shows in its
output channel; stdout is the LSP stream. A problem it can name (a Python that is
too old, a syncdsl that cannot be imported) is one line starting with
``syncdsl:`` and exit code 3, which the extension puts in its error message.
Otherwise its first line is ``syncdsl <version> <bundled|from the environment> ...``,
written once everything is imported, just before the server starts reading: the
extension waits for that line (or the exit) before it talks LSP.

The file runs on any Python, 2.7 included (plain ``%`` formatting, nothing newer),
so that a too-old interpreter gets the message rather than a SyntaxError.
"""

import os
import sys

EXIT_CANNOT_START = 3
MIN_PYTHON = (3, 10)


def _say(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _c_parser_available():
    try:
        from ruamel.yaml.cyaml import CParser  # noqa: F401
    except Exception:  # noqa: BLE001 - any failure to load the extension module means the pure-Python parser
        return False
    return True


def main():
    version = "%d.%d.%d" % sys.version_info[:3]
    if sys.version_info < MIN_PYTHON:
        _say(
            "syncdsl: the language server needs Python %d.%d or newer, and %s is Python %s; "
            "choose another interpreter (the Python extension's, or the syncdsl.interpreter setting)"
            % (MIN_PYTHON + (sys.executable, version))
        )
        return EXIT_CANNOT_START
    here = os.path.dirname(os.path.abspath(__file__))
    libs = os.path.join(os.path.dirname(here), "libs")
    strategy = os.environ.get("SYNCDSL_IMPORT_STRATEGY", "useBundled")
    if not os.path.isdir(os.path.join(libs, "syncdsl")) and strategy != "fromEnvironment":
        _say("syncdsl: the extension's bundled server is missing (%s); reinstall the extension" % libs)
        return EXIT_CANNOT_START
    if strategy == "fromEnvironment":
        # The environment's own syncdsl, imported before the bundle is on the path (an editable install is
        # found by a finder that runs after the path search); the bundle then fills in missing packages.
        try:
            import syncdsl  # noqa: F401
        except ImportError:
            sys.path.insert(0, libs)
        else:
            sys.path.append(libs)
    else:
        sys.path.insert(0, libs)
    try:
        import syncdsl
        from syncdsl.cli import main as cli_main
    except Exception as exc:  # noqa: BLE001 - reported in one line, the extension shows it
        _say("syncdsl: cannot import syncdsl with %s: %s: %s" % (sys.executable, type(exc).__name__, exc))
        return EXIT_CANNOT_START
    location = os.path.dirname(os.path.abspath(syncdsl.__file__))
    origin = "bundled" if location.startswith(libs + os.sep) else "from the environment"
    parser = "libyaml (C)" if _c_parser_available() else "pure Python (ruamel.yaml.clib does not load on this Python)"
    _say(
        "syncdsl %s %s (%s), Python %s (%s), importStrategy %s, YAML parser: %s"
        % (syncdsl.__version__, origin, location, version, sys.executable, strategy, parser)
    )
    return cli_main(["lsp"])


if __name__ == "__main__":
    sys.exit(main())
