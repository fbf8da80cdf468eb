"""Operations: the health check tells a ready server from an unfinished one, the maintenance
page covers a restore, X-Forwarded-For is believed only from the proxy, logs are one line."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from ntm.core import health, maintenance_page
from ntm.core.logs import JsonFormatter, OneLineFormatter
from ntm.core.proxy import client_from_forwarded, parse_networks


@pytest.fixture(autouse=True)
def _fresh_health() -> Any:
    health.forget()
    yield
    health.forget()


@pytest.mark.django_db
def test_health_is_ok_when_migrated() -> None:
    response = Client().get("/suc-khoe/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_is_503_while_a_migration_is_pending() -> None:
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = 'core'")
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"
    assert response.json()["pending_migrations"] >= 1


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_unreachable() -> None:
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = Client().get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.django_db
def test_maintenance_page_covers_every_page_while_on(settings: Any, tmp_path: Path) -> None:
    settings.NTM_MAINTENANCE_FILE = tmp_path / "maintenance.on"
    client = Client()
    with maintenance_page.enabled("restore"):
        page = client.get("/dang-nhap/")
        assert page.status_code == 503
        assert "Hệ thống đang bảo trì" in page.content.decode()
        assert page["Retry-After"]
        assert client.get("/suc-khoe/").status_code == 503
    assert not settings.NTM_MAINTENANCE_FILE.exists()
    assert client.get("/dang-nhap/").status_code == 200


def test_maintenance_flag_is_removed_even_when_the_restore_fails(
    settings: Any, tmp_path: Path
) -> None:
    settings.NTM_MAINTENANCE_FILE = tmp_path / "maintenance.on"
    with pytest.raises(RuntimeError), maintenance_page.enabled():
        assert maintenance_page.is_on()
        raise RuntimeError("pg_restore failed")
    assert not maintenance_page.is_on()


PROXIES = parse_networks(["127.0.0.1", "10.0.0.0/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # nginx on the same machine
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # spoofed left part ignored
        ("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # two proxies
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not a proxy: header ignored
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    peer: str, forwarded: str, client: str
) -> None:
    assert client_from_forwarded(peer, forwarded, PROXIES) == client


def test_forwarded_for_is_ignored_without_configured_proxies() -> None:
    assert client_from_forwarded("127.0.0.1", "203.0.113.7", []) == "127.0.0.1"


def _record_with_traceback() -> logging.LogRecord:
    try:
        raise ValueError("dòng 1\ndòng 2")
    except ValueError:
        return logging.LogRecord(
            "ntm", logging.ERROR, __file__, 1, "Lỗi %s", ("x",), sys.exc_info()
        )


def test_text_log_record_is_one_line() -> None:
    line = OneLineFormatter().format(_record_with_traceback())
    assert "\n" not in line
    assert "Lỗi x" in line and "ValueError" in line


def test_json_log_record_is_one_line_of_json() -> None:
    line = JsonFormatter().format(_record_with_traceback())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["message"] == "Lỗi x"
    assert "ValueError" in entry["exception"]


ROOT = Path(__file__).resolve().parents[3]


def _manage(tmp_path: Path, *args: str, **extra: str) -> Any:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"NTM_DATA_DIR": str(tmp_path), "NTM_TESTING": "0", **extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_log_record_is_printed_once_in_development(tmp_path: Path) -> None:
    code = "import logging; logging.getLogger('django.request').warning('dấu-hiệu-%s', 42)"
    result = _manage(tmp_path, "shell", "--no-imports", "-c", code, DEBUG="1", LOG_LEVEL="INFO")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("dấu-hiệu-42") == 1, result.stderr


def test_production_refuses_the_example_secret_key(tmp_path: Path) -> None:
    result = _manage(
        tmp_path,
        "check",
        DJANGO_ENV="production",
        SECRET_KEY="THAY-BANG-KHOA-TAO-MOT-LAN",
        ALLOWED_HOSTS="ntm.example.gov.vn",
    )
    assert result.returncode != 0
    assert "SECRET_KEY vẫn là giá trị mẫu" in result.stderr
