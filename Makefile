# Stages as file targets: a second `make` does nothing; touching an input re-runs what depends on it.
PY      := .venv/bin/python
OUT     := processed
WORK    := $(OUT)/work
INPUTS  := $(shell find raw -name '*.pdf' -o -name '*.txt')
SRC     := $(shell find pipeline -name '*.py' -o -name '*.json')
SCHEMAS := $(wildcard pipeline/schemas/*.json)
TABLES  := $(patsubst pipeline/schemas/%.json,$(OUT)/%.parquet,$(SCHEMAS))
RUN     := $(PY) -m pipeline
ENGINE  ?= pdfium
FORMATS ?= parquet

.PHONY: FORCE all setup lint browser ingest normalize segment extract validate site codebook snapshot test test-styles test-fuzz bench clean
all: validate

setup: .venv/.installed
# constraints.txt pins every package to the versions tested (pyproject.toml says what is needed).
.venv/.installed: pyproject.toml constraints.txt
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# The engine is a prerequisite: `make ENGINE=pdfplumber` after `make` reads the PDFs again.
# The stamp's recipe runs every time but rewrites the file only when the engine changed.
ENGINE_STAMP := $(WORK)/engine
$(ENGINE_STAMP): FORCE
	@mkdir -p $(WORK); echo $(ENGINE) | cmp -s - $@ || echo $(ENGINE) > $@
FORCE:

ingest: $(WORK)/lines.parquet
$(WORK)/documents.parquet $(WORK)/lines.parquet $(WORK)/press_releases.parquet $(WORK)/session_facts.parquet &: $(INPUTS) $(SRC) $(ENGINE_STAMP) .venv/.installed
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

# The static browser of the published set: OUT/site/index.html (page images of PDF inputs are
# rendered once and kept in OUT/site/images/).
site: $(OUT)/manifest.json
	$(RUN) site --out $(OUT) --inputs raw

codebook: docs/codebook.md
docs/codebook.md: $(OUT)/manifest.json $(SCHEMAS)
	$(RUN) codebook --tables $(OUT) --to $@

snapshot: $(OUT)/manifest.json
	$(RUN) snapshot --tables $(OUT) --to tests/snapshots

# ruff (pyflakes, pycodestyle's errors, bugbear) and mypy, both configured in pyproject.toml.
lint: .venv/.installed
	$(PY) -m ruff check pipeline tests
	$(PY) -m mypy pipeline

# The browser tests need a Chromium: as root with apt-get (CI, a fresh machine) Debian's package
# is installed when missing; elsewhere those tests skip, saying why.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

test: .venv/.installed lint browser
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
