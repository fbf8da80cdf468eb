# ntm — the front door. `make run` starts the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo lives in the founding document's year: mid-October 2024, before the 9-month deadline.
DEMO_TODAY ?= 2024-10-15

.PHONY: help install install-dev run demo test test-fast check lint fmt lock tools serve-prod bench clean

help:
	@echo "make run        - cài đặt, dựng dữ liệu minh họa và chạy tại http://$(HOST):$(PORT)"
	@echo "make test       - chạy toàn bộ bài kiểm thử (đơn vị + trình duyệt)"
	@echo "make check      - ruff, import-linter, mypy, makemigrations --check"
	@echo "make fmt        - định dạng mã nguồn"
	@echo "make serve-prod - chạy như máy chủ thật (gunicorn, nhiều worker)"

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên.")'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { bash scripts/ensure-tools.sh venv && $(PYTHON) -m venv $(VENV); }
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -q --require-hashes -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# One command: install, migrate, load the shipped data, build the demo, serve.
run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py load_criteria
	NTM_TODAY=$(DEMO_TODAY) $(PY) manage.py seed_demo
	@echo ""
	@echo "==> Mở http://$(HOST):$(PORT) trong trình duyệt. Dừng bằng Ctrl+C."
	NTM_TODAY=$(DEMO_TODAY) $(PY) manage.py runserver $(HOST):$(PORT)

demo: run

tools:
	@bash scripts/ensure-tools.sh

# Every test: unit, database, documents and the real browser.
test: install-dev tools
	@bash scripts/run-tests.sh $(ARGS)

test-fast: install-dev
	NTM_SKIP_BROWSER=1 bash scripts/run-tests.sh -m "not browser" $(ARGS)

check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy ntm
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the hashed lock files from pyproject.toml.
lock: install-dev
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --extra dev -o requirements-dev.lock pyproject.toml

serve-prod: install
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_ENV=production $(VENV)/bin/gunicorn ntm.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache artifacts
