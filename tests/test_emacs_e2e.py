"""End-to-end: the Emacs (eglot) snippet of docs/editors.md driving the real ``syncdsl lsp`` in a real Emacs.

Debian's ``emacs-nox`` (28.2) with ``elpa-eglot`` and ``elpa-yaml-mode`` runs in
batch mode. The driver below activates the installed packages as Emacs does at
startup (``package-initialize``), loads the elisp block of docs/editors.md's
Emacs section *unchanged* (the derived ``syncdsl-mode``, ``auto-mode-alist``,
``eglot-server-programs``, ``eglot-ensure`` on the mode hook and
``eglot-workspace-configuration``), visits a sample with three mistakes, runs
the command loop's ``post-command-hook`` (where ``eglot-ensure`` connects, as
after the user's first command) while waiting, and writes what flymake shows
as JSON: each diagnostic's code (eglot puts it in the text, ``syncdsl
[SD101]: ...``), its kind and its position. Then ``eglot-format-buffer`` runs
and the buffer must equal what ``syncdsl fmt`` makes of the file.

The snippet's settings make SD303 an `info`, which eglot shows as a note: that
proves ``eglot-workspace-configuration`` reached the server through
``workspace/configuration``.

Without Emacs, eglot or yaml-mode the test skips, except in CI (``CI`` set),
where .ci/run installs them and the test must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.editor_sample import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "editors.md"
IN_CI = bool(os.environ.get("CI"))
TIMEOUT = 180  # seconds for the whole Emacs run; a working one takes a few


# (code, flymake type, line (1-based, as Emacs counts), column (code points), end line, end column).
# `é` is one character, so SD101 starts at column 35; SD303 is a note because of the snippet's settings.
EXPECTED = [
    ("SD303", "eglot-note", 4, 2, 4, 10),
    ("SD101", "eglot-error", 6, 35, 6, 59),
    ("SD301", "eglot-error", 11, 12, 11, 19),
]

DRIVER = r"""
(package-initialize)            ; what Emacs does at startup for the installed elpa-* packages
(require 'json)
(setq eglot-sync-connect 60 eglot-connect-timeout 90)
(defvar syncdsl-e2e-out (getenv "SYNCDSL_E2E_OUT"))
(defvar syncdsl-e2e-result nil)
(defun syncdsl-e2e-put (key value) (push (cons key value) syncdsl-e2e-result))
(defun syncdsl-e2e-finish (err)
  (syncdsl-e2e-put 'error err)
  (with-temp-file syncdsl-e2e-out (insert (json-encode syncdsl-e2e-result)))
  (kill-emacs 0))
(defun syncdsl-e2e-wait (what predicate)
  (let ((deadline (+ (float-time) 90)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; eglot-ensure and flymake start from the command loop: run its hook as a command would.
      (run-hooks 'post-command-hook))
    (unless (funcall predicate) (error "timed out waiting for %s" what))))
(defun syncdsl-e2e-position (pos)
  (save-excursion (goto-char pos) (list (line-number-at-pos) (current-column))))

(condition-case err
    (progn
      (load (getenv "SYNCDSL_E2E_SNIPPET") nil t)   ; docs/editors.md, as a user's init.el holds it
      (find-file (getenv "SYNCDSL_E2E_FILE"))
      (syncdsl-e2e-put 'mode (symbol-name major-mode))
      (syncdsl-e2e-wait "the server" (lambda () (and (fboundp 'eglot-current-server) (eglot-current-server))))
      (syncdsl-e2e-put 'server (plist-get (eglot--server-info (eglot-current-server)) :name))
      (syncdsl-e2e-wait "diagnostics" (lambda () (and (bound-and-true-p flymake-mode) (flymake-diagnostics))))
      (syncdsl-e2e-put
       'diagnostics
       (vconcat
        (mapcar (lambda (d)
                  (list (cons 'text (flymake-diagnostic-text d))
                        (cons 'type (symbol-name (flymake-diagnostic-type d)))
                        (cons 'start (syncdsl-e2e-position (flymake-diagnostic-beg d)))
                        (cons 'end (syncdsl-e2e-position (flymake-diagnostic-end d)))))
                (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
      (eglot-format-buffer)
      (syncdsl-e2e-put 'formatted (buffer-substring-no-properties (point-min) (point-max)))
      (let ((server (eglot-current-server)))
        (eglot-shutdown server))
      (syncdsl-e2e-finish nil))
  (error (syncdsl-e2e-finish (error-message-string err))))
"""


def _emacs() -> str:
    emacs = shutil.which("emacs")
    reason = None
    if emacs is None:
        reason = "Emacs is not installed (apt-get install emacs-nox elpa-eglot elpa-yaml-mode)"
    else:
        probe = subprocess.run(
            [emacs, "--batch", "--eval", "(progn (package-initialize) (require 'eglot) (require 'yaml-mode))"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")},
        )
        if probe.returncode != 0:
            reason = f"eglot or yaml-mode is missing (apt-get install elpa-eglot elpa-yaml-mode): {probe.stderr[-500:]}"
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI must run the Emacs test: {reason}")
        pytest.skip(reason)
    assert emacs is not None
    return emacs


def _docs_snippet() -> str:
    docs = DOCS.read_text(encoding="utf-8")
    section = docs[docs.index("## Emacs (eglot)") :]
    section = section[: section.index("\n## ", 1)]
    found = re.search(r"```elisp\n(.*?)```", section, re.DOTALL)
    assert found is not None, "docs/editors.md's Emacs section holds an elisp block"
    return found.group(1)


def test_docs_snippet_is_what_the_test_loads() -> None:
    snippet = _docs_snippet()
    for needle in ("define-derived-mode syncdsl-mode yaml-mode", "eglot-server-programs", "eglot-ensure"):
        assert needle in snippet
    assert '(:syncdsl (:severity (:SD303 "info")))' in snippet


def test_eglot_shows_the_servers_diagnostics_and_formats(tmp_path: Path) -> None:
    emacs = _emacs()
    project = tmp_path / "project"
    project.mkdir()
    sample = project / "team.sync.yaml"
    sample.write_text(SAMPLE, encoding="utf-8")
    snippet = tmp_path / "syncdsl-init.el"
    snippet.write_text(_docs_snippet(), encoding="utf-8")
    driver = tmp_path / "driver.el"
    driver.write_text(DRIVER, encoding="utf-8")
    out = tmp_path / "out.json"
    home = tmp_path / "home"
    home.mkdir()
    # The snippet runs `syncdsl` from PATH: this environment's.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNCDSL_")}
    env.update(
        HOME=str(home),
        PATH=path,
        SYNCDSL_E2E_OUT=str(out),
        SYNCDSL_E2E_SNIPPET=str(snippet),
        SYNCDSL_E2E_FILE=str(sample),
        SYNCDSL_LSP_DEBOUNCE="0.02",
    )
    proc = subprocess.run(
        [emacs, "--batch", "-l", str(driver)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert out.is_file(), f"Emacs wrote no result ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["error"] is None, f"{got['error']}\n{proc.stderr[-3000:]}"
    assert got["mode"] == "syncdsl-mode"  # auto-mode-alist from the snippet
    assert got["server"] == "syncdsl"

    seen = []
    for d in got["diagnostics"]:
        code = re.match(r"syncdsl \[(SD\d{3})\]: ", d["text"])
        assert code is not None, d["text"]
        seen.append((code.group(1), d["type"], *d["start"], *d["end"]))
    assert seen == EXPECTED

    formatted = subprocess.run(
        [str(Path(sys.executable).parent / "syncdsl"), "fmt", "-", "--stdin-filename", str(sample)],
        input=SAMPLE,
        capture_output=True,
        text=True,
        cwd=project,
        env={k: v for k, v in os.environ.items() if not k.startswith("SYNCDSL_")},
    )
    assert formatted.returncode == 0, formatted.stderr
    assert got["formatted"] == formatted.stdout
    assert got["formatted"] != SAMPLE  # formatting did something (canonical key order)
