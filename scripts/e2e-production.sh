#!/usr/bin/env bash
# The README's production path, followed end to end on this machine (run by .ci/run):
#   1. an empty PostgreSQL database, Redis, the environment file made from
#      deploy/ntm.env.example with the documented one-time key generation;
#   2. `make serve-prod` (migrate, reference data, criteria, static files, gunicorn with
#      deploy/gunicorn.conf.py) until /suc-khoe/ answers 200;
#   3. first setup of a province: `setup_province`, then `import_units` with an XLSX of two
#      communes, their hamlets and people;
#   4. nginx with deploy/nginx-ntm.conf (`nginx -t`, then HTTPS through it to gunicorn);
#   5. a commune officer logs in over HTTP with REDIS_URL set; the session survives a reload of
#      gunicorn (the secret key is fixed); Redis holds the shared cache;
#   6. backup, then `restore --yes` with no terminal, and the server is ready again.
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), redis-server, nginx, openssl.
# NTM_E2E_DB names the throw-away database (dropped at start and end).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$(date +%s)
DB="${NTM_E2E_DB:-ntm_e2e}"
PG="${NTM_E2E_PG:-postgres://postgres@127.0.0.1:5432}"
PROVINCE="${NTM_E2E_PROVINCE:-75}"
HOST_NAME=ntm.example.gov.vn
W=$(mktemp -d /tmp/ntm-e2e.XXXXXX)
chmod 755 "$W"
say() { echo "==> [e2e] $*"; }
fail() { echo "!! [e2e] THẤT BẠI: $*" >&2; for f in "$W"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -c 4000 "$f" >&2; echo >&2; }; done; exit 1; }
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
psql_admin() { psql "$PG/postgres" -v ON_ERROR_STOP=1 -q -c "$1"; }

for tool in psql nginx redis-server openssl curl; do
  command -v "$tool" >/dev/null || fail "thiếu $tool (CI cài bằng apt: postgresql nginx redis-server)"
done

APP_PORT=$(free_port); REDIS_PORT=$(free_port); HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port)
serve_pid="" ; nginx_conf=""
stop_server() {
  # make, scripts/serve-prod.sh (exec'd into the gunicorn master) and the workers: one group.
  [ -n "$serve_pid" ] || return 0
  kill -TERM -- "-$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=""
}
cleanup() {
  set +e
  stop_server
  [ -n "$nginx_conf" ] && nginx -p "$W/nginx" -c "$nginx_conf" -s stop 2>/dev/null
  [ -f "$W/redis.pid" ] && kill "$(cat "$W/redis.pid")" 2>/dev/null
  psql_admin "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" 2>/dev/null
  [ "${NTM_E2E_KEEP:-0}" = "1" ] || rm -rf "$W"
}
trap cleanup EXIT

say "1. CSDL trống $DB, Redis trên cổng $REDIS_PORT"
psql_admin "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
psql_admin "CREATE DATABASE \"$DB\""
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$W/redis.pid" --logfile "$W/redis.log" --dir "$W"

say "1. Tệp cấu hình từ deploy/ntm.env.example (khóa bí mật tạo một lần)"
ENV_FILE="$W/ntm.env"
cp deploy/ntm.env.example "$ENV_FILE"
# The documented one-time key generation, as written in the example file.
key_line=$(grep -E "^#\s+sudo sed -i .s\|\^SECRET_KEY=" deploy/ntm.env.example | sed -E 's/^#\s+sudo //; s|/etc/ntm.env|'"$ENV_FILE"'|')
[ -n "$key_line" ] || fail "deploy/ntm.env.example không còn ghi lệnh tạo khóa"
bash -c "$key_line"
grep -qE '^SECRET_KEY=THAY-BANG-' "$ENV_FILE" && fail "khóa bí mật chưa được tạo"
grep -q '\$(' <(grep -v '^#' "$ENV_FILE") && fail "tệp cấu hình còn lệnh \$(...) mà systemd không chạy"
setenv() { sed -i "s|^$1=.*|$1=$2|" "$ENV_FILE"; grep -q "^$1=" "$ENV_FILE" || echo "$1=$2" >> "$ENV_FILE"; }
setenv DATABASE_URL "$PG/$DB"
setenv REDIS_URL "redis://127.0.0.1:$REDIS_PORT/0"
setenv NTM_DATA_DIR "$W/data"
setenv NTM_STATIC_ROOT "$W/static"
setenv NTM_BIND "127.0.0.1:$APP_PORT"
setenv WEB_CONCURRENCY 2
setenv CSRF_TRUSTED_ORIGINS "https://$HOST_NAME:$HTTPS_PORT"
setenv SITE_URL "https://$HOST_NAME:$HTTPS_PORT"
setenv EMAIL_BACKEND django.core.mail.backends.locmem.EmailBackend
export NTM_ENV_FILE="$ENV_FILE"
key1=$(set -a; . "$ENV_FILE"; echo "$SECRET_KEY"); key2=$(set -a; . "$ENV_FILE"; echo "$SECRET_KEY")
[ "$key1" = "$key2" ] || fail "khóa bí mật đổi mỗi lần đọc tệp cấu hình"

say "2. make serve-prod (gunicorn trên 127.0.0.1:$APP_PORT)"
# Monitoring on the server asks gunicorn directly, with the site's name (ALLOWED_HOSTS).
health() { curl -s -o "$W/health.json" -w '%{http_code}' -H "Host: $HOST_NAME" "http://127.0.0.1:$APP_PORT/suc-khoe/" || true; }
start_server() {
  # -o: the virtualenv is already installed (CI ran make install-dev); do not reinstall it here.
  setsid make -s -o .venv/.installed serve-prod > "$W/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 180); do
    [ "$(health)" = "200" ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || fail "make serve-prod đã dừng"
    sleep 1
  done
  fail "/suc-khoe/ không trả về 200 sau 180 giây"
}
start_server
grep -q '"ok"' "$W/health.json" || fail "/suc-khoe/: $(cat "$W/health.json")"
for step in "migrate" "Dữ liệu tham chiếu" "Bộ tiêu chí" "Tệp tĩnh" "gunicorn"; do
  grep -q "$step" "$W/serve.log" || fail "make serve-prod không chạy bước '$step'"
done
tables=$(psql "$PG/$DB" -tA -c "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")
[ "$tables" -gt 50 ] || fail "CSDL chỉ có $tables bảng"
echo "   $tables bảng, /suc-khoe/ = $(cat "$W/health.json")"

say "3. Thiết lập lần đầu: tỉnh $PROVINCE, hai xã từ XLSX"
manage() { bash scripts/manage-prod.sh "$@"; }
printf '%s\n' "e2e-$(openssl rand -hex 12)" > "$W/password"
chmod 600 "$W/password"
communes=(); while IFS= read -r line; do [ -n "$line" ] && communes+=("$line"); done < <(
  echo "99901:Thử Nghiệm Một"; echo "99902:Thử Nghiệm Hai")
manage setup_province --province "$PROVINCE" --admin quantri.tinh --password-file "$W/password" \
  > "$W/setup.log" 2>&1 || fail "setup_province"
# The first two communes of the province in the reference list, when setup created them.
mapfile -t listed < <(manage shell --no-imports -c "
from ntm.geography.models import AdministrativeUnit as U
for u in U.objects.filter(parent__code='$PROVINCE', level__is_commune=True).order_by('code')[:2]:
  print(f'{u.code}:{u.name}')" 2>/dev/null || true)
[ "${#listed[@]}" -eq 2 ] && communes=("${listed[@]}")
# Written with the importer's own column lists, in the production environment.
joined=$(IFS='|'; echo "${communes[*]}")
manage shell --no-imports -c "import runpy, sys; sys.argv = ['units_xlsx', '$W/units.xlsx', *'$joined'.split('|')]; runpy.run_path('scripts/e2e/units_xlsx.py', run_name='__main__')" \
  || fail "tệp XLSX thiết lập"
manage import_units "$W/units.xlsx" >> "$W/setup.log" 2>&1 || fail "import_units"
# Accounts imported from XLSX get their first password from the administrator.
manage shell --no-imports -c "
from ntm.accounts.models import User
u = User.objects.get(username='canbontm.xa1'); u.set_password(open('$W/password').read().strip()); u.save()"
cat "$W/setup.log" | tail -n 5

if command -v systemd-analyze >/dev/null; then
  say "4. deploy/ntm.service: systemd-analyze verify (đường dẫn của máy này)"
  sed -e "s|/opt/ntm|$ROOT|g" -e "s|^User=ntm|User=root|; s|^Group=ntm|Group=root|" \
      -e "s|/etc/ntm.env|$ENV_FILE|; s|/var/lib/ntm|$W|" deploy/ntm.service > "$W/ntm.service"
  systemd-analyze verify "$W/ntm.service" > "$W/systemd.log" 2>&1 || fail "systemd-analyze verify: $(cat "$W/systemd.log")"
  grep -qiE "unknown|invalid|error" "$W/systemd.log" && fail "ntm.service: $(cat "$W/systemd.log")"
else
  echo "   (không có systemd-analyze: bỏ qua kiểm tra tệp ntm.service)"
fi

say "4. nginx (deploy/nginx-ntm.conf): nginx -t, HTTPS cổng $HTTPS_PORT -> gunicorn"
mkdir -p "$W/nginx/logs" "$W/nginx/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST_NAME" \
  -keyout "$W/nginx/tls/privkey.pem" -out "$W/nginx/tls/fullchain.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/$HOST_NAME/|$W/nginx/tls/|" \
    -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$APP_PORT;|" \
    -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
    -e '/listen \[::\]/d' -e "s|root /var/www/html;|root $W/nginx;|" \
    deploy/nginx-ntm.conf > "$W/nginx/site.conf"
grep -q "127.0.0.1:$APP_PORT" "$W/nginx/site.conf" || fail "không đổi được cổng trong nginx-ntm.conf"
nginx_conf="$W/nginx/nginx.conf"
cat > "$nginx_conf" <<EOF
worker_processes 1;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log $W/nginx/logs/access.log;
  client_body_temp_path $W/nginx/body; proxy_temp_path $W/nginx/proxy;
  fastcgi_temp_path $W/nginx/fastcgi; uwsgi_temp_path $W/nginx/uwsgi; scgi_temp_path $W/nginx/scgi;
  include $W/nginx/site.conf;
}
EOF
nginx -t -p "$W/nginx" -c "$nginx_conf" > "$W/nginx-t.log" 2>&1 || fail "nginx -t: $(cat "$W/nginx-t.log")"
nginx -p "$W/nginx" -c "$nginx_conf" || fail "nginx không khởi động"
BASE="https://127.0.0.1:$HTTPS_PORT"
through() { curl -sk -o "$W/through.out" -w '%{http_code}' -H "Host: $HOST_NAME" "$BASE$1"; }
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $HOST_NAME" "http://127.0.0.1:$HTTP_PORT/dang-nhap/")
[[ "$code" == "301 https://$HOST_NAME/dang-nhap/" ]] || fail "HTTP không chuyển sang HTTPS: $code"
[ "$(through /suc-khoe/)" = "200" ] || fail "qua nginx: /suc-khoe/ $(cat "$W/through.out")"
[ "$(through /static/ntm/app.css)" = "200" ] || fail "qua nginx: tệp tĩnh"
[ "$(through /dang-nhap/)" = "200" ] || fail "qua nginx: trang đăng nhập"
grep -qi "Strict-Transport-Security" <(curl -skI -H "Host: $HOST_NAME" "$BASE/dang-nhap/") || fail "thiếu HSTS qua nginx"
echo "   nginx -t: $(tail -n1 "$W/nginx-t.log")"

say "5. Cán bộ xã đăng nhập qua nginx + gunicorn, REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
.venv/bin/python scripts/e2e/http_login.py "$BASE" "$HOST_NAME:$HTTPS_PORT" canbontm.xa1 "$W/password" "$W/cookies.txt" \
  || fail "đăng nhập cán bộ xã"
keys=$(redis-cli -p "$REDIS_PORT" dbsize)
[ "$keys" -gt 0 ] || fail "Redis trống: bộ nhớ đệm không dùng Redis"
echo "   Redis: $keys khóa"
say "5. Khởi động lại make serve-prod (lần hai, trên CSDL đã có dữ liệu): phiên vẫn còn"
stop_server
start_server
.venv/bin/python scripts/e2e/http_login.py --again "$BASE" "$HOST_NAME:$HTTPS_PORT" "$W/cookies.txt" \
  || fail "phiên đăng nhập mất sau khi khởi động lại (khóa bí mật đổi?)"

say "6. Sao lưu, rồi khôi phục bằng --yes không có bàn phím"
manage backup --output "$W/backups" > "$W/backup.log" 2>&1 || fail "backup"
archive=$(ls "$W"/backups/ntm-backup-*.tar.gz | head -n1)
manage restore --yes "$archive" < /dev/null > "$W/restore.log" 2>&1 || fail "restore --yes"
tail -n1 "$W/restore.log"
[ "$(health)" = "200" ] || fail "/suc-khoe/ sau khôi phục: $(cat "$W/health.json")"
.venv/bin/python scripts/e2e/http_login.py "$BASE" "$HOST_NAME:$HTTPS_PORT" canbontm.xa1 "$W/password" "$W/cookies2.txt" \
  || fail "đăng nhập sau khôi phục"

say "ĐẠT sau $(( $(date +%s) - started )) giây"
