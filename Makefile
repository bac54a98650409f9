# Stages as file targets: a second `make` does nothing; touching an input re-runs what depends on it.
PY      := .venv/bin/python
OUT     := processed
WORK    := $(OUT)/work
INPUTS  := $(shell find raw -name '*.pdf' -o -name '*.txt')
SRC     := $(shell find pipeline -name '*.py')
SCHEMAS := $(wildcard schemas/*.json)
TABLES  := $(patsubst schemas/%.json,$(OUT)/%.parquet,$(SCHEMAS))
RUN     := $(PY) -m pipeline
ENGINE  ?= pdfium
FORMATS ?= parquet

.PHONY: all setup ingest normalize segment extract validate codebook snapshot test test-styles test-fuzz bench clean
all: validate

setup: .venv/.installed
.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

ingest: $(WORK)/lines.parquet
$(WORK)/documents.parquet $(WORK)/lines.parquet $(WORK)/press_releases.parquet $(WORK)/session_facts.parquet &: $(INPUTS) $(SRC) .venv/.installed
	$(RUN) ingest raw --out $(OUT) --engine $(ENGINE)

normalize: $(WORK)/blocks.parquet
$(WORK)/blocks.parquet $(WORK)/footnotes.parquet $(WORK)/footnote_refs.parquet $(WORK)/repairs.parquet &: $(WORK)/lines.parquet $(SRC)
	$(RUN) normalize --out $(OUT)

segment: $(WORK)/segments.parquet
$(WORK)/segments.parquet: $(WORK)/blocks.parquet $(SRC)
	$(RUN) segment --out $(OUT)

extract: $(WORK)/extract.done
$(WORK)/extract.done: $(WORK)/segments.parquet $(WORK)/footnotes.parquet $(SRC)
	$(RUN) extract --out $(OUT)
	touch $@

validate: $(OUT)/manifest.json
$(OUT)/manifest.json $(TABLES) &: $(WORK)/extract.done $(SCHEMAS) $(SRC)
	$(RUN) validate --out $(OUT) --formats $(FORMATS)

codebook: docs/codebook.md
docs/codebook.md: $(OUT)/manifest.json $(SCHEMAS)
	$(RUN) codebook --tables $(OUT) --to $@

snapshot: $(OUT)/manifest.json
	$(RUN) snapshot --tables $(OUT) --to tests/snapshots

test: .venv/.installed
	$(PY) -m pytest

# The PDF reader against many more randomised page styles than `make test` draws.
test-styles: .venv/.installed
	PDF_STYLE_EXAMPLES=300 $(PY) -m pytest tests/test_pdf_styles.py

# The whole pipeline against many more mutations of the real report than `make test` draws.
test-fuzz: .venv/.installed
	FUZZ_EXAMPLES=500 $(PY) -m pytest tests/test_fuzz.py

bench: .venv/.installed
	$(PY) bench/benchmark.py

clean:
	rm -rf $(OUT)
