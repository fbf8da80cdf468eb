#!/usr/bin/env bash
# manage.py with the production configuration, for the operator and cron:
#   scripts/manage-prod.sh backup --output /var/backups/ntm --keep 14
#   scripts/manage-prod.sh restore --yes /var/backups/ntm/ntm-backup-….tar.gz
# Reads NTM_ENV_FILE (default /etc/ntm.env) so the command sees the same database as gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${NTM_ENV_FILE:-/etc/ntm.env}"
if [ -r "$env_file" ]; then
  set -a; . "$env_file"; set +a
else
  echo "!! Không đọc được $env_file: dùng biến môi trường hiện có" >&2
fi
export DJANGO_ENV="${DJANGO_ENV:-production}"
exec .venv/bin/python manage.py "$@"
