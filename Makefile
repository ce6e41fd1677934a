# Everything runs inside a virtual environment that this Makefile creates.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg
# The test targets run two workers. The unit and tooling tests give each one BLAS thread (two per worker
# fight over the cores and run small matrix products several times slower). The notebooks run with two
# threads on any machine: the stored outputs were made so, and float32 sums in another order (another thread
# count) move the last digits of notebook 6's CIFAR-10 numbers. Two notebooks at once then run four BLAS
# threads on two cores: OPENBLAS_THREAD_TIMEOUT=4 puts each to sleep as soon as its product is done, instead of
# spinning for 0.1 s while the other notebook's threads wait for the core (the notebooks' step: 285 s -> 205 s;
# the numbers do not change).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
STORED_THREADS := OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 OPENBLAS_THREAD_TIMEOUT=4

.PHONY: venv run test test-tools lab data bench bench-ablation student course grade html slides text clean

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
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 tests
	$(STORED_THREADS) $(BIN)/python -m pytest -n 2 --dist loadscope $(NBVAL) notebooks

## test-tools: the course tooling's tests (student edition and its wrong-answer checks, sites, slides,
## bench, ablation, a fresh install of the package); CI runs `make test test-tools`
test-tools: venv
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 tools/tests

## data: download, verify and extract CIFAR-10 (see cs231n/config.py for the settings)
data: venv
	$(BIN)/python -m cs231n.download

## bench: train the bench's recipe; last line: test_acc=… test_images=10000 train_seconds=… budget_seconds=… examples_per_s=… gemm_fraction=…
bench: venv
	OPENBLAS_THREAD_TIMEOUT=4 $(BIN)/python -m tools.bench

## bench-ablation: from the official recipe to BEST, then to the bench's, one change at a time; tables in results/
bench-ablation: venv
	OPENBLAS_THREAD_TIMEOUT=4 $(BIN)/python -m tools.ablation
	OPENBLAS_THREAD_TIMEOUT=4 $(BIN)/python -m tools.ablation --bench-recipe

## text: the notebooks' text copies (jupytext py:percent) in notebooks/text/, for diffs; CI checks they are in sync
text: venv
	$(BIN)/python -m tools.text_copies

## student: the student edition (stubs for the solution blocks, no outputs) in build/student/, a git
## repository: each build is a new commit, ready to push (see README, For teachers)
student: venv
	$(BIN)/python -m tools.edition build/student

## course: the nbgrader course built from this edition in COURSE (default build/course): nbgrader_config.py,
## source/ and release/two_layer_net/ (the folder to hand out), the gradebook, the hidden tests in grader/
COURSE ?= build/course
course: venv
	$(BIN)/python -m tools.nbgrader_course $(COURSE)

## grade: grade every hand-in of SUBMISSIONS (submission_NAME.zip files, or nbgrader's submitted/ folder)
## with nbgrader: OUT/grades.csv and OUT/feedback/STUDENT/*.html (OUT defaults to build/grading)
OUT ?= build/grading
grade: venv
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder-of-zips [OUT=build/grading]"; exit 2; }
	$(BIN)/python -m tools.grading $(SUBMISSIONS) $(OUT)

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
