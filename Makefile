# The two commands of the README. Each sets up what it needs (a virtual environment in .venv) first.
#   make course   set up, then open JupyterLab on lesson 00
#   make test     set up (with the test tools and a browser), then run the whole test suite
#   make site     build the course website into _build/site/ (executes every lesson)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LAB_ARGS ?=
# Offline-friendly JupyterLab: no news or update checks, no extension manager reaching PyPI.
# Root (as in containers and CI) must say so explicitly.
LAB_FLAGS = --LabApp.news_url= --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.extension_manager=readonly $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: course test setup setup-test setup-site npm browser bench build site

course: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb $(LAB_FLAGS) $(LAB_ARGS)

test: setup-test browser npm
	$(BIN)/python -m pytest -n 2 --dist loadfile

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test
setup-site: $(VENV)/.installed-site

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-site: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[site]'
	touch $@

# The website serves Vega, Vega-Lite and vega-embed itself; its tests inject axe-core (package.json).
npm: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The course website: SITE_REPO=ORG/REPO and SITE_HUB=https://hub.example.edu set its launch buttons
# (default: the README's placeholder). Prints the build time and the site's size.
SITE_REPO ?=
SITE_HUB ?=
site: setup-site npm
	$(BIN)/python site/build.py $(if $(SITE_REPO),--repo $(SITE_REPO)) $(if $(SITE_HUB),--hub $(SITE_HUB))

# The browser test drives Debian's Chromium (never a downloaded browser).
browser:
	@sh scripts/ensure-chromium

bench: setup
	$(BIN)/python tools/bench.py

build: setup
	$(BIN)/entente build
