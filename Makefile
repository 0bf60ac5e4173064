# The two commands a newcomer needs: `make app` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := sessions/demo
PORT ?= 8866
INSTALLED := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HUB := deploy/jupyterhub

.PHONY: app test lint typecheck pytest bench chromium hub-proxy clean screenshots docs

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependency list changes.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(DEMO)/datapackage.json: | $(INSTALLED)
	$(BIN)/toolkit new $(DEMO) --template housing-coproduction \
	  --title "Improving repairs together" --facilitator "Demo facilitator"

# A demo left by an older toolkit version that this one cannot read is moved aside, not lost.
app: $(INSTALLED)
	@if [ -d $(DEMO) ] && ! $(BIN)/toolkit validate $(DEMO) >/dev/null 2>&1; then \
	  echo "moving the old demo session aside to $(DEMO)-old-$$$$"; mv $(DEMO) $(DEMO)-old-$$$$; fi
	@$(MAKE) --no-print-directory $(DEMO)/datapackage.json
	$(BIN)/toolkit serve $(DEMO) --host 127.0.0.1 --port $(PORT)

chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install chromium' (Debian/Ubuntu), then 'make test' again."; \
	  exit 1; \
	fi

# JupyterHub's proxy for the Hub tests, pinned by $(HUB)/package-lock.json; installed again
# only when the lockfile changes. Without npm the Hub tests skip, saying what to install.
hub-proxy:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "No npm: the JupyterHub tests will be skipped (install Node.js 20 or newer and npm)"; \
	elif [ ! -f $(HUB)/node_modules/.package-lock.json ] || \
	     [ $(HUB)/package-lock.json -nt $(HUB)/node_modules/.package-lock.json ]; then \
	  cd $(HUB) && npm ci --no-audit --no-fund --loglevel=error; \
	fi

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

pytest: $(INSTALLED) chromium hub-proxy
	$(BIN)/pytest -n 2 --dist loadfile  # two workers, a test file each: one Voila per module

test: lint typecheck pytest

# phone_load runs a room of 200 phones, then 1,000 (`--phones N ...` for others);
# shared_phones, 10 workshops of 100 phones on the one shared address.
BENCHMARKS := records vote_load phone_load shared_phones pages report steps

# Every benchmark runs even when one misses its targets; docs/benchmarks.md is written last
# from the figures they saved in .bench/.
bench: $(INSTALLED) chromium
	@rm -f .bench/*.json; status=0; \
	for b in $(BENCHMARKS); do echo "== benchmarks/$$b.py"; \
	  $(BIN)/python benchmarks/$$b.py || status=1; done; \
	$(BIN)/python benchmarks/report_md.py; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

screenshots: $(INSTALLED) chromium
	$(BIN)/python -m devtools.screenshots

docs: $(INSTALLED)
	$(BIN)/python -m devtools.records_doc
