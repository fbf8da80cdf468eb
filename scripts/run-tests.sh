#!/usr/bin/env bash
# Runs pytest once. The database is SQLite unless DATABASE_URL names PostgreSQL.
set -u
cd "$(dirname "$0")/.."
export NTM_TESTING=1
mkdir -p artifacts
engine="SQLite"; [ -n "${DATABASE_URL:-}" ] && engine="PostgreSQL (${DATABASE_URL%%\?*})"
echo "==> Chạy kiểm thử trên ${engine}"
.venv/bin/python -m pytest "$@"
code=$?
if [ $code -eq 5 ]; then
  echo "!! pytest không tìm thấy bài kiểm thử nào: coi là LỖI." >&2
  exit 1
fi
exit $code
