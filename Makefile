VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Two installs into the same venv: RUN_STAMP is syncdsl and what it needs at run time (the CLI and
# the language server); STAMP adds the test and dev tools (pytest, ruff, mypy, playwright, the SDK...).
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench clean install install-run

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

install-run: $(RUN_STAMP)

install: $(STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/syncdsl lint samples/

pytest: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check syncdsl lsp_server tests bench scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: pytest lint typecheck

# Benchmarks run syncdsl from a wheel of the work tree installed into bench/.venv (git-ignored), never from
# the editable install of .venv (its import hooks slow every start); bench/bench_venv.py rebuilds it each time.
BENCH_PY := bench/.venv/bin/python

.PHONY: bench-venv bench-npm bench-plot
bench-venv: | $(PY)
	$(PY) bench/bench_venv.py --quiet > /dev/null

bench-npm:
	cd bench && npm install --no-audit --no-fund --silent

# The command line next to yamllint and check-jsonschema, the language server next to yaml-language-server,
# in one run; writes its sections of bench/RESULTS.md and bench/plot.png.
bench: bench-venv bench-npm
	$(BENCH_PY) bench/run.py
	$(BENCH_PY) bench/plot.py

bench-plot: bench-venv
	$(BENCH_PY) bench/plot.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Language-server latency next to yaml-language-server (installed from npm into bench/node_modules) alone.
.PHONY: bench-lsp
bench-lsp: bench-venv bench-npm
	$(BENCH_PY) bench/lsp_bench.py

# --- editors and docs -------------------------------------------------------------------------
VSCODE_DIR := editor/vscode

.PHONY: vsix docs

# The VS Code extension: npm ci (from package-lock.json), typecheck, eslint, unit tests, bundle, the
# server bundle (this checkout and its dependencies into editor/vscode/bundled/libs, with the venv's pip),
# vsce package -> editor/vscode/syncdsl-<version>.vsix. tests/test_vscode_package.py builds it too.
vsix: $(RUN_STAMP)
	cd $(VSCODE_DIR) && npm ci --ignore-scripts --no-audit --no-fund && \
		SYNCDSL_BUNDLE_PYTHON=$(abspath $(PY)) npm run package

# code-server (VS Code in the browser, from the npm registry) for tests/test_vscode_e2e.py, into
# ~/.cache/syncdsl-e2e (SYNCDSL_E2E_CACHE); needs Node.js 20, a C++ toolchain, libkrb5-dev and ripgrep.
.PHONY: code-server
code-server:
	sh editor/vscode/e2e/install-code-server.sh

# docs/rules/*.md from the rule docstrings (tests/test_rule_docs.py fails when they drift).
docs: $(STAMP)
	$(PY) scripts/gen_rule_docs.py

# schema/syncdsl.schema.json, the committed JSON Schema (tests/test_schema_file.py fails when it drifts).
.PHONY: schema
schema: $(RUN_STAMP)
	$(VENV)/bin/syncdsl schema > schema/syncdsl.schema.json

# The browser playground: npm ci (from editor/web/package-lock.json), typecheck, bundle, then copy the
# result into syncdsl/web/, which ships in the Python package (commit it; tests/test_playground.py fails
# when it is older than its sources). `syncdsl playground` serves it.
WEB_DIR := editor/web

.PHONY: web
web:
	cd $(WEB_DIR) && npm ci --ignore-scripts --no-audit --no-fund && npm run build
	rm -rf syncdsl/web
	cp -R $(WEB_DIR)/dist syncdsl/web

# Coverage-guided fuzzing of lint, fmt, --fix and export (atheris; not part of `make test`).
# FUZZ_TIME seconds (default 600); new inputs go to tests/fuzz/work/, each distinct failure once to
# tests/fuzz/work/findings/ (FUZZ_KEEP_GOING=0 stops at the first one instead, leaving a crash-* file).
FUZZ_TIME ?= 600
FUZZ_KEEP_GOING ?= 1
.PHONY: fuzz
fuzz: $(STAMP)
	$(PIP) install --quiet atheris
	mkdir -p tests/fuzz/work
	FUZZ_KEEP_GOING=$(FUZZ_KEEP_GOING) $(PY) tests/fuzz/fuzz_lint.py -max_total_time=$(FUZZ_TIME) -rss_limit_mb=2048 -timeout=20 \
		-artifact_prefix=tests/fuzz/ tests/fuzz/work tests/fuzz/corpus

# Time of lint, fmt and --fix at n, 2n and 4n for the file shapes that once were quadratic (many
# duplicates in one list, many documents, many contexts); replaces its own section of bench/RESULTS.md.
.PHONY: bench-shapes
bench-shapes: $(STAMP)
	$(PY) bench/shapes.py --write

# `syncdsl plan` on a synthetic 100,000-file mount folder (and 10,000 for the scaling check); replaces
# its own section of bench/RESULTS.md.
.PHONY: bench-plan
bench-plan: $(STAMP)
	$(PY) bench/plan_bench.py
