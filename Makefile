# Caderneta — the two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint demo bench drill screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed  ## install and open the app on the default database
	$(BIN)/python main.py

test: $(VENV)/.installed-test  ## install and run every test headless
	$(BIN)/python -m ruff check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

demo: $(VENV)/.installed  ## a demo database with 200 customers in ./demo.sqlite3, then open it
	test -f demo.sqlite3 || $(BIN)/python main.py demo --db demo.sqlite3 --customers 200
	$(BIN)/python main.py --db demo.sqlite3

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_foundation.py
	$(BIN)/python benchmarks/bench_collection.py
	$(BIN)/python benchmarks/bench_safety.py
	$(BIN)/python benchmarks/bench_spreadsheets.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_scale.py

drill: $(VENV)/.installed  ## kill -9 a writer 40 times and check nothing broke (~1 min)
	$(BIN)/python tools/drill_kill.py --trials 40

screenshots: $(VENV)/.installed  ## a PNG of every screen in docs/screenshots, on the three laptops
	if command -v xvfb-run >/dev/null; then \
	  for shot in "1280x720 1" "1366x768 1.25" "1920x1080 1.5"; do set -- $$shot; \
	    QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=$$2 xvfb-run -a -s "-screen 0 $${1}x24" \
	      $(BIN)/python tools/screenshots.py docs/screenshots || exit 1; done; \
	else $(BIN)/python tools/screenshots.py docs/screenshots --size 1280x720; fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
