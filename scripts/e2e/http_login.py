"""Log in over HTTP(S) as a real browser would, through nginx to gunicorn, and check the home
page; then optionally check that the same session still works (after a reload of gunicorn).

Usage: python scripts/e2e/http_login.py BASE_URL HOST USERNAME PASSWORD_FILE COOKIE_FILE
       python scripts/e2e/http_login.py --again BASE_URL HOST COOKIE_FILE
Exit 0 when the page after login is the user's home page.
"""

from __future__ import annotations

import http.cookiejar
import re
import ssl
import sys
import urllib.parse
import urllib.request

# The test certificate is self-signed; the host name is sent in the Host header.
CONTEXT = ssl._create_unverified_context()  # noqa: S323


def opener(jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), urllib.request.HTTPSHandler(context=CONTEXT)
    )


def fetch(
    client: urllib.request.OpenerDirector,
    url: str,
    host: str,
    data: bytes | None = None,
    **headers: str,
) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers={"Host": host, **headers})  # noqa: S310
    try:
        with client.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8", "replace")


def home_ok(body: str, status: int, url: str) -> bool:
    return status == 200 and "/dang-nhap/" not in url and "Đăng xuất" in body


def login(base: str, host: str, username: str, password: str, cookies: str) -> int:
    jar = http.cookiejar.MozillaCookieJar(cookies)
    client = opener(jar)
    status, _, body = fetch(client, f"{base}/dang-nhap/", host)
    assert status == 200, f"GET /dang-nhap/ trả về {status}"
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, "trang đăng nhập không có mã CSRF"
    origin = f"{urllib.parse.urlsplit(base).scheme}://{host}"
    headers = {"Origin": origin, "Referer": f"{origin}/dang-nhap/"}

    def post(secret: str) -> tuple[int, str, str]:
        form = {"csrfmiddlewaretoken": match.group(1), "username": username, "password": secret}
        data = urllib.parse.urlencode(form).encode()
        return fetch(client, f"{base}/dang-nhap/", host, data, **headers)

    # A wrong password first: the failure counter lives in the shared cache (Redis); this POST
    # answered 500 when the redis package was missing.
    status, _, body = post(password + "-sai")
    if status != 200 or ("errorlist" not in body and "không đúng" not in body):
        print(
            f"!! Mật khẩu sai không được từ chối đúng cách: {status}\n{body[:2000]}",
            file=sys.stderr,
        )
        return 1
    status, url, body = post(password)
    jar.save(ignore_discard=True)
    if not home_ok(body, status, url):
        print(f"!! Đăng nhập thất bại: {status} {url}\n{body[:2000]}", file=sys.stderr)
        return 1
    print(f"   đăng nhập {username}: {status} {url}")
    return 0


def again(base: str, host: str, cookies: str) -> int:
    jar = http.cookiejar.MozillaCookieJar(cookies)
    jar.load(ignore_discard=True)
    status, url, body = fetch(opener(jar), f"{base}/", host)
    if not home_ok(body, status, url):
        print(f"!! Phiên đăng nhập không còn: {status} {url}", file=sys.stderr)
        return 1
    print(f"   phiên vẫn còn: {status} {url}")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--again":
        sys.exit(again(*sys.argv[2:5]))
    base, host, username, password_file, cookies = sys.argv[1:6]
    with open(password_file, encoding="utf-8") as handle:
        secret = handle.read().strip()
    sys.exit(login(base, host, username, secret, cookies))
