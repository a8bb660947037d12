# Two commands a new user needs: `make run` and `make test`. `make bench` writes BENCHMARKS.md.
PYTHON ?= python3
NPM    ?= npm
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
FRONT_STAMP := frontend/node_modules/.installed
FRONT_DIST  := frontend/dist/index.html
FRONT_SRC   := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html \
               frontend/vite.config.ts frontend/tsconfig.json

.PHONY: install run demo test lint typecheck unit frontend frontend-check browser compose bench load clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Loom needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,bench]'
	touch $@

install: $(STAMP)

# The editor: Node 20+ installs its packages from the lock file and builds into frontend/dist,
# which Django serves under /static/ui/.
$(FRONT_STAMP): frontend/package.json frontend/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "Loom's editor needs Node.js 20+ and npm"; exit 1; }
	# `npm install`, not `npm ci`: the lock lists only the platform packages (rollup's) that
	# this registry serves, and `npm ci` refuses a lock without every platform's. It installs
	# the locked versions and leaves the lock unchanged.
	cd frontend && $(NPM) install --no-audit --no-fund --loglevel=error
	touch $@

$(FRONT_DIST): $(FRONT_STAMP) $(FRONT_SRC)
	cd frontend && $(NPM) run build --silent

frontend: $(FRONT_DIST)

frontend-check: $(FRONT_STAMP)
	cd frontend && npx tsc -b && npx vitest run

# End-to-end tests drive the Debian package `chromium` (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null || { \
	    echo "Installing Debian's chromium for the end-to-end tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# tests/test_deployment.py runs `docker-compose config` on docker-compose.yml: Debian's
# docker-compose checks the file without a Docker daemon.
compose:
	@command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || { \
	    echo "Installing Debian's docker-compose to check docker-compose.yml"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose; }

run: $(STAMP) frontend
	$(PY) manage.py loom_run

demo: $(STAMP)
	$(PY) -m operators.demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP) frontend browser compose
	$(VENV)/bin/pytest -q

test: lint typecheck frontend-check unit

bench: $(STAMP) frontend browser
	$(PY) -m bench

# Five minutes of recommend traffic against the `make run` stack (not part of `make bench`).
load: $(STAMP)
	$(PY) -m bench.load_run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache frontend/node_modules frontend/dist
