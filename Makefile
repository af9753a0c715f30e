# okrtui — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARGS ?=

.PHONY: run test lint format bench coach-report clean

# The virtualenv is made once; the install stamps are redone whenever pyproject.toml changes.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "okrtui needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(VENV)/bin/okrtui $(ARGS)

# NO_COLOR would change every snapshot; the suite sets its own clock and database paths.
# The tests run in TEST_WORKERS processes (pytest-xdist): the Pilot tests spend most of their
# time waiting for the app to settle, so more workers than cores still pays on 2 cores; idle
# workers take over queued tests (worksteal), so the long property runs do not trail at the end.
TEST_WORKERS ?= 4
test: $(VENV)/.installed-test
	env -u NO_COLOR TEXTUAL_ANIMATIONS=none $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# ruff (rules and formatting), mypy with the pydantic plugin, and the import contracts (layers).
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check okrtui tests benchmarks
	$(VENV)/bin/ruff format --check okrtui tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix okrtui tests benchmarks
	$(VENV)/bin/ruff format okrtui tests benchmarks

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks
	$(PY) -m benchmarks.coach_report
	$(PY) -m benchmarks.team_simulation --clones 5,10,20

# How the coach and the measure reader do on real published OKRs (tests/domain/data/real_okrs),
# overall and per publisher family; ARGS=--misses lists every row they get wrong.
coach-report: $(VENV)/.installed-run
	$(PY) -m benchmarks.coach_report $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
