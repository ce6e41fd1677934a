# Everything runs inside a virtual environment that this Makefile creates.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: venv run test test-tools lab data bench bench-ablation student html slides text clean

venv: $(STAMP)

$(STAMP): requirements.txt tools/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r tools/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## run: execute every notebook headless into build/notebooks/
run: venv
	mkdir -p build/notebooks
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir build/notebooks $(NOTEBOOKS)

## test: the lesson's unit tests, then re-execute the notebooks and compare their stored outputs (2 workers each)
test: venv
	$(BIN)/python -m pytest -n 2 tests
	$(BIN)/python -m pytest -n 2 --dist loadscope $(NBVAL) notebooks

## test-tools: the course tooling's tests (student edition and its wrong-answer checks, sites, slides,
## bench, ablation, a fresh install of the package); CI runs `make test test-tools`
test-tools: venv
	$(BIN)/python -m pytest -n 2 tools/tests

## data: download, verify and extract CIFAR-10 (see cs231n/config.py for the settings)
data: venv
	$(BIN)/python -m cs231n.download

## bench: train the best configuration; last line: test_acc=… test_images=10000 train_seconds=… examples_per_s=… gemm_fraction=…
bench: venv
	OPENBLAS_THREAD_TIMEOUT=4 $(BIN)/python -m tools.bench

## bench-ablation: from the official recipe to the bench's, one change at a time; tables in results/
bench-ablation: venv
	OPENBLAS_THREAD_TIMEOUT=4 $(BIN)/python -m tools.ablation

## text: the notebooks' text copies (jupytext py:percent) in notebooks/text/, for diffs; CI checks they are in sync
text: venv
	$(BIN)/python -m tools.text_copies

## student: the student edition (stubs for the solution blocks, no outputs) in build/student/
student: venv
	$(BIN)/python -m tools.edition build/student

## html: the teacher site (outputs, solutions) in build/html/teacher/ and the student site (exercises
## stubbed, no solutions) in build/html/student/, each with its slides; MathJax and reveal.js are
## installed by npm (versions pinned in tools/site_assets/package-lock.json) into build/vendor/
html: venv
	$(BIN)/python -m tools.site build/html

## slides: one reveal.js deck per notebook in build/slides/ (works offline; open build/slides/index.html)
slides: venv
	$(BIN)/python -m tools.slides build/slides

## lab: open JupyterLab on the notebooks
lab: venv
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf $(VENV) build .pytest_cache *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
