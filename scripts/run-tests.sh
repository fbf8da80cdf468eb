#!/usr/bin/env bash
# Runs pytest once. The database is SQLite unless DATABASE_URL names PostgreSQL.
set -u
cd "$(dirname "$0")/.."
export NTM_TESTING=1
# Tests never touch ./data: settings are read before any fixture runs, so point the data folder
# at a throw-away directory here (conftest.py also gives each test its own).
NTM_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ntm-test-data.XXXXXX")"
export NTM_DATA_DIR
trap 'rm -rf "$NTM_DATA_DIR"' EXIT
mkdir -p artifacts
engine="SQLite"; [ -n "${DATABASE_URL:-}" ] && engine="PostgreSQL (${DATABASE_URL%%\?*})"
echo "==> Chạy kiểm thử trên ${engine}"
# One test process per CPU (pytest-xdist); NTM_TEST_WORKERS=0 runs everything in this process.
workers="${NTM_TEST_WORKERS:-auto}"
if [ "$workers" = "0" ]; then
  .venv/bin/python -m pytest "$@"
else
  .venv/bin/python -m pytest -n "$workers" "$@"
fi
code=$?
if [ $code -eq 5 ]; then
  echo "!! pytest không tìm thấy bài kiểm thử nào: coi là LỖI." >&2
  exit 1
fi
exit $code
