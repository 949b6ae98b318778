# make demo: set up .venv from the pinned lock file and run the demo.  make test: all tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install demo test lock bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: install
	$(BIN)/hr demo --out out/demo

test: install
	$(BIN)/pytest

# Re-resolve the pinned lock file from pyproject.toml's direct dependencies (needs the package registry).
lock:
	rm -rf /tmp/hr-lock-venv && $(PYTHON) -m venv /tmp/hr-lock-venv
	/tmp/hr-lock-venv/bin/pip install -q . '.[test]'
	/tmp/hr-lock-venv/bin/pip freeze --exclude hr-rapport | cat lock-header.txt - > requirements.lock

clean:
	rm -rf $(VENV) out .hr

# make serve: a local Prefect server on 127.0.0.1 (PREFECT_PORT=4200 to choose the port; default a free one)
# with its database under .hr/prefect-server, the hr-process work pool, the deployments of prefect.yaml and
# a worker. Ctrl-C stops all of it. See docs/operations.md.
.PHONY: serve
serve: install
	PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(BIN)/python -m flows.serve $(if $(PREFECT_PORT),--port $(PREFECT_PORT))
