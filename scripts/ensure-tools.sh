#!/usr/bin/env bash
# Installs the Debian packages the tests use (Chromium for browser tests; LibreOffice, fonts and
# poppler for documents) when they are missing and we are root. Otherwise says loudly what is
# missing: those tests are then skipped, never silently passed.
set -u
want=()
case "${1:-all}" in
  venv) want=(python3-venv) ;;
  *)
    command -v chromium >/dev/null 2>&1 || want+=(chromium)
    command -v soffice >/dev/null 2>&1 || want+=(libreoffice-writer-nogui)
    command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
    [ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || want+=(fonts-liberation2)
    ;;
esac
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Cài các gói còn thiếu: ${want[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null && exit 0
fi
echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
echo "!! THIẾU GÓI HỆ THỐNG: ${want[*]}"
echo "!! Các bài kiểm thử cần chúng sẽ bị BỎ QUA. Cài bằng:"
echo "!!   sudo apt-get install -y ${want[*]}"
echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
exit 0
