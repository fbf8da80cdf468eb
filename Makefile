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

.PHONY: help install install-dev run demo test test-fast check lint fmt lock tools serve-prod bench serve-bench load clean

help:
	@echo "make run        - cài đặt, dựng dữ liệu minh họa và chạy tại http://$(HOST):$(PORT)"
	@echo "make test       - chạy toàn bộ bài kiểm thử (đơn vị + trình duyệt)"
	@echo "make check      - ruff, import-linter, mypy, makemigrations --check"
	@echo "make fmt        - định dạng mã nguồn"
	@echo "make serve-prod - chạy như máy chủ thật: migrate, nạp dữ liệu, tệp tĩnh, gunicorn"
	@echo "make bench      - đo tốc độ trên tỉnh tổng hợp (NTM_DATA_DIR riêng; DATABASE_URL cho PostgreSQL)"
	@echo "make serve-bench - gunicorn nhiều worker trên cơ sở dữ liệu đo hiệu năng (127.0.0.1:8765)"
	@echo "make load       - chạy thử tải 200 người dùng vào make serve-bench (chỉ 127.0.0.1)"

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
	$(PY) manage.py verify_audit --seal
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
	bash scripts/run-tests.sh -m "not browser" $(ARGS)

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

# Production: migrate, reference data, criteria, static files, gunicorn (scripts/serve-prod.sh).
# Configuration from the environment, or NTM_ENV_FILE=/etc/ntm.env make serve-prod.
serve-prod: install
	bash scripts/serve-prod.sh

# Speed, measured (issue 8): a synthetic province in its own database, never ./data.
# SQLite: make bench  (file under BENCH_DIR). PostgreSQL: DATABASE_URL=postgres://…/ntm_bench make bench
BENCH_DIR ?= /tmp/ntm-bench/sqlite
BENCH_COMMUNES ?= 170
BENCH_RUNS ?= 30
BENCH_ENV = NTM_DATA_DIR=$${NTM_DATA_DIR:-$(BENCH_DIR)} NTM_TODAY=$(DEMO_TODAY) DEBUG=0 LOG_LEVEL=ERROR
bench: install-dev
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py generate_province --if-missing --communes $(BENCH_COMMUNES)
	$(BENCH_ENV) $(PY) manage.py bench --runs $(BENCH_RUNS)

# Production shape on the bench database: gunicorn, several workers, compressed static files.
# The load run creates its sessions in the same database, so both share these settings.
# Terminal 1: make serve-bench   Terminal 2: make load   (add DATABASE_URL=… to both for PostgreSQL)
BENCH_PORT ?= 8765
BENCH_PROD_ENV = $(BENCH_ENV) DJANGO_ENV=production SECURE_SSL_REDIRECT=0 \
	SECRET_KEY=$${BENCH_SECRET_KEY:-bench-only-secret-key-never-use-in-production-7c1d} \
	ALLOWED_HOSTS=127.0.0.1,localhost NTM_STATIC_ROOT=$${NTM_DATA_DIR:-$(BENCH_DIR)}/static
serve-bench: install
	$(BENCH_PROD_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_PROD_ENV) $(VENV)/bin/gunicorn ntm.wsgi --bind 127.0.0.1:$(BENCH_PORT) --workers $${WEB_CONCURRENCY:-4} --timeout 60

# 200 simulated users at a report deadline (view, enter a value, send it); loopback only,
# bounded by LOAD_SECONDS and 3 rounds per user; prints p95 and the error count.
LOAD_USERS ?= 200
LOAD_SECONDS ?= 90
load: install
	$(BENCH_PROD_ENV) $(PY) -m ntm.bench.load --url http://127.0.0.1:$(BENCH_PORT) --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --https-proxy-header

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts
