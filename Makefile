# Caderneta — the two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint demo bench drill screenshots clean dist test-frozen install-desktop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dist,test]"
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

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
	$(BIN)/python benchmarks/bench_conditional.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_privacy.py
	$(BIN)/python benchmarks/bench_gui_block.py
	$(BIN)/python benchmarks/bench_pieces.py

drill: $(VENV)/.installed  ## kill -9 a writer 60 times; after each, check every saved write and start the window (~10 min)
	$(BIN)/python tools/drill_kill.py --trials 60

screenshots: $(VENV)/.installed  ## a PNG of every screen in docs/screenshots, on the three laptops
	if command -v xvfb-run >/dev/null; then \
	  for shot in "1280x720 1" "1366x768 1.25" "1920x1080 1.5"; do set -- $$shot; \
	    QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=$$2 xvfb-run -a -s "-screen 0 $${1}x24" \
	      $(BIN)/python tools/screenshots.py docs/screenshots || exit 1; done; \
	else $(BIN)/python tools/screenshots.py docs/screenshots --size 1280x720; fi

DIST ?= dist
dist: $(VENV)/.installed-dist  ## the frozen program in dist/Caderneta/ (PyInstaller, one folder)
	$(BIN)/python -m PyInstaller packaging/caderneta.spec --noconfirm --distpath $(DIST) \
	  --workpath build/pyinstaller
	@du -sh $(DIST)/Caderneta

test-frozen: $(VENV)/.installed-dist  ## build the frozen folder and run its --self-test (2-4 min)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m frozen

APPS ?= $(HOME)/.local/share/applications
ICONS ?= $(HOME)/.local/share/icons/hicolor/256x256/apps
install-desktop:  ## Linux: Caderneta in the applications menu (frozen program, or make run)
	mkdir -p "$(APPS)" "$(ICONS)"
	cp resources/icon.png "$(ICONS)/caderneta.png"
	if [ -x "$(DIST)/Caderneta/Caderneta" ]; then exec="\"$$(cd "$(DIST)" && pwd)/Caderneta/Caderneta\""; \
	  sed -e "s|@EXEC@|$$exec|" packaging/linux/caderneta.desktop > "$(APPS)/caderneta.desktop"; \
	else sed -e "s|@EXEC@|make run|" packaging/linux/caderneta.desktop > "$(APPS)/caderneta.desktop"; \
	  echo "Path=$(CURDIR)" >> "$(APPS)/caderneta.desktop"; fi  # make run, in this folder
	@echo "Caderneta está no menu de aplicativos ($(APPS)/caderneta.desktop)."

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info build dist
