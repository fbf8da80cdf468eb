#!/usr/bin/env bash
# `make serve-prod` and the systemd unit (deploy/ntm.service): bring the database up to date,
# then serve with gunicorn behind nginx. Every step is idempotent, so a restart or an upgrade
# (git pull && systemctl restart ntm) runs the same path:
#   1. migrate            tables of this version
#   2. load_reference     administrative levels, regions, commune groups
#   3. load_criteria      the shipped criteria sets (changes recorded in history)
#   4. collectstatic      compressed, fingerprinted static files served by whitenoise
#   5. gunicorn           deploy/gunicorn.conf.py (NTM_BIND, WEB_CONCURRENCY)
# Configuration: the environment (systemd EnvironmentFile=), or NTM_ENV_FILE=/etc/ntm.env.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${NTM_ENV_FILE:-}" ]; then
  [ -r "$NTM_ENV_FILE" ] || { echo "!! Không đọc được tệp cấu hình $NTM_ENV_FILE" >&2; exit 1; }
  set -a; . "$NTM_ENV_FILE"; set +a
fi
export DJANGO_ENV="${DJANGO_ENV:-production}"
py=.venv/bin/python
echo "==> [1/5] Tạo/cập nhật bảng (migrate)"
$py manage.py migrate --noinput -v1
echo "==> [2/5] Dữ liệu tham chiếu"
$py manage.py load_reference
echo "==> [3/5] Bộ tiêu chí đi kèm"
$py manage.py load_criteria
echo "==> [4/5] Tệp tĩnh"
$py manage.py collectstatic --noinput -v0
echo "==> [5/5] gunicorn trên ${NTM_BIND:-127.0.0.1:8000}, ${WEB_CONCURRENCY:-3} worker"
exec .venv/bin/gunicorn -c deploy/gunicorn.conf.py ntm.wsgi
