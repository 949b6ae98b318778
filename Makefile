# make demo: set up .venv from the pinned lock file and run the demo.  make test: lint, import layers, types, all tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install demo test lock bench clean

install: $(STAMP)
	@# The web edition's browser test (tests/test_web_edition.py) drives Debian's chromium: install it where missing.
	@test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the web edition test"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null; } \
	  || echo "Could not install chromium: the web edition test will be skipped (and fail with CI=true)"; \
	  else echo "/usr/bin/chromium is missing: run 'sudo apt-get install chromium' (Debian) for the web edition test;" \
	  "without it that test is skipped (and fails with CI=true)"; fi; }

# uv (pinned in the lock file like everything else) installs the lock file in seconds; pip took about a minute.
# The venv is made without pip (ensurepip: 3.5 s) where the Python that makes it has a pip that can install
# into another interpreter (--python, pip >= 22.3): that pip puts uv in; otherwise the venv gets its own pip.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --disable-pip-version-check -q --python $(BIN)/python install $$(grep '^uv==' requirements.lock) \
	  || { $(PYTHON) -m venv --clear $(VENV) && $(PIP) install $$(grep '^uv==' requirements.lock); }
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: install
	$(BIN)/hr demo --out out/demo

# The tests run in three pytest-xdist workers (two cores; many tests wait on servers and subprocesses), a module
# to a worker so that its module fixtures are built once; PYTEST_WORKERS= runs them in one process.
PYTEST_WORKERS ?= -n 3 --dist loadscope
# mypy's incremental cache outside the clone, like uv's: a fresh clone is checked in under a second instead of
# 14 s where this machine has checked the same sources before (mypy compares each file's hash, so a changed
# file, dependency or mypy version is checked again); MYPY_CACHE= keeps mypy's own .mypy_cache in the clone.
MYPY_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/hr-rapport/mypy
# Bytecode of the project's own modules (hr, flows, reports, tasks, tests) is written to their __pycache__
# (ignored by git) even where the environment sets PYTHONDONTWRITEBYTECODE, as this machine does: otherwise
# every test worker compiles and assertion-rewrites every test module again (collection 7.8 -> 4.6 s, measured)
# and every `hr`, flow-run and worker process compiles the project again (~0.25 s each, about a hundred of them).
PYTEST_BYTECODE ?= PYTHONDONTWRITEBYTECODE=

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy $(if $(MYPY_CACHE),--cache-dir $(MYPY_CACHE))
	$(PYTEST_BYTECODE) $(BIN)/pytest $(PYTEST_WORKERS)

# make bench: first the tests that assert wall-clock times (marked `bench`, left out of `make test`), then
# Bærum and Oslo presets on DuckDB and PostgreSQL, size curve, Oslo backfill, Dask speed-up;
# prints a table and writes bench/results.md. Data sets are generated first, two at a time, and kept in .bench/;
# the last full run took 17.6 min on 5 Dec (bench/results.md, docs/scale.md); `--stop-after MIN` bounds a run.
bench: install
	$(BIN)/pytest -m bench
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.cold

# Re-resolve the pinned lock file from pyproject.toml's direct dependencies (needs the package registry).
lock:
	rm -rf /tmp/hr-lock-venv && $(PYTHON) -m venv /tmp/hr-lock-venv
	/tmp/hr-lock-venv/bin/pip install -q . '.[test,install]'
	/tmp/hr-lock-venv/bin/pip freeze --exclude hr-rapport | cat lock-header.txt - > requirements.lock

clean:
	rm -rf $(VENV) out .hr

# make serve: a local Prefect server on 127.0.0.1 (PREFECT_PORT=4200 to choose the port; default a free one)
# with its database and logs under $HR_HOME/prefect-server (default .hr/prefect-server), the hr-process work pool,
# the deployments of prefect.yaml and a supervised worker (restarted after a crash, its lost runs marked Crashed).
# Ctrl-C stops all of it. See docs/operations.md.
.PHONY: serve
serve: install
	PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(BIN)/python -m flows.serve $(if $(PREFECT_PORT),--port $(PREFECT_PORT))

# make bench-backfill: `hr backfill sykefravaer 2016H1 2018H2` on the Bærum-sized demo data, cold, again with
# nothing changed, with --force, and unchanged through a Prefect server started for it (flows/serve.py); prints the times and fails
# unless the second run is ≥ 5× faster, the server run takes ≤ 2× the second and every figures file is
# byte-identical (BENCH_SCALE=tiny for the tiny preset). See docs/operations.md.
# make bench-cold: Bærum cold and warm `hr report sykefravaer` (no Prefect server) against the floor, a fresh
# Python process reading every extract once; median of three, taken in turns; replaces «Kaldstart» in bench/results.md.
.PHONY: bench-cold
bench-cold: install
	$(BIN)/python -m bench.cold --scale $(or $(BENCH_SCALE),baerum)

.PHONY: bench-backfill
bench-backfill: install
	$(BIN)/python -m bench.backfill --scale $(or $(BENCH_SCALE),baerum)
