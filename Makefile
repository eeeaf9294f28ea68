# Back Muscle Therapy: the two commands a newcomer needs are `make lab` and `make test`.
# Both create .venv on first use and install the course into it (editable).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=
# JupyterLab refuses to run as root without --allow-root (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help install hub lab test test-fast bench html slides docs check-docs check-quizzes clean-notebooks check-notebooks clean

help:
	@echo "make lab        set up and open the course in JupyterLab (headless: make lab ARGS=--no-browser)"
	@echo "make test       set up and run the whole test suite (unit, doctests, notebooks, browser)"
	@echo "make test-fast  the same without notebooks and browser"
	@echo "make bench      print benchmark lines: name key=value ... (kernel, notebooks, browser)"
	@echo "make html       build the book edition in book/ (book/index.html): every lesson, offline"
	@echo "make slides     one reveal.js deck per lesson in slides/, for projecting (needs npm once)"
	@echo "make hub        a local JupyterHub for a class on 127.0.0.1, to try the classroom path (ARGS=--students 8)"
	@echo "make docs       regenerate the README lesson table and the instructor guide's lesson notes"
	@echo "make check-docs say whether those generated parts are current (changes nothing)"
	@echo "make check-quizzes   validate every quiz bank in data/quizzes"
	@echo "make clean-notebooks strip outputs from notebooks (keeps cells tagged nbval-check-output)"

$(STAMP): pyproject.toml config/lab-overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,book,hub]'
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

install: $(STAMP)

# The class hub's proxy (tools/class_hub.py), from npm; without npm the hub's test is skipped
# (and fails in CI, where .ci/run installs Debian's nodejs and npm first).
HUB_PROXY := tools/hub/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): tools/hub/package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --prefix tools/hub; \
	else echo "npm not found: the class hub (tools/class_hub.py) and its test need it (apt-get install nodejs npm)"; fi

hub: $(STAMP) $(HUB_PROXY)
	$(BIN)/python tools/class_hub.py $(ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb $(ARGS)

test: $(STAMP) $(HUB_PROXY)
	$(BIN)/python -m pytest $(ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests course -m "not browser" $(ARGS)

bench: $(STAMP) $(HUB_PROXY)
	$(BIN)/python -m bench $(ARGS)

html: $(STAMP)
	$(BIN)/python tools/build_book.py --out book $(ARGS)

slides: $(STAMP) tools/slides/node_modules/reveal.js/package.json
	$(BIN)/python -m course slides --out slides $(ARGS)

tools/slides/node_modules/reveal.js/package.json: tools/slides/package-lock.json
	npm ci --no-audit --no-fund --prefix tools/slides

docs: $(STAMP)
	$(BIN)/python tools/generate_docs.py

check-docs: $(STAMP)
	$(BIN)/python tools/generate_docs.py --check

check-quizzes: $(STAMP)
	$(BIN)/python -m course check-quizzes

clean-notebooks: $(STAMP)
	$(BIN)/python tools/clean_notebooks.py notebooks/*.ipynb

clean:
	rm -rf $(VENV) book site test-artifacts
