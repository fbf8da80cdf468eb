"""Pages travel compressed, and the benchmark's page weight is what a real browser downloads."""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ntm.bench import run, weight
from ntm.bench.generate import generate
from ntm.core import clock

TODAY = dt.date(2024, 10, 15)


@pytest.mark.django_db
def test_pages_are_sent_gzip_compressed_to_browsers_that_accept_it(world: Any) -> None:
    client = Client()
    client.force_login(world.hamlet_head)
    plain = client.get(reverse("home"))
    packed = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.content).decode()
    assert "Việc của tôi" in html
    assert len(packed.content) < len(plain.content) / 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the page server runs in another thread
def test_chromium_measures_what_each_page_transfers(browser: Any) -> None:
    with clock.pinned(TODAY):
        generate(communes=1, hamlets_per_commune=2, years=1, seed=31)
        actors = run.find_actors(31)
        with override_settings(ROOT_URLCONF="ntm.bench.urls"):
            pages = [
                (label, url, user)
                for label, url, user, _ in run.key_pages(actors)
                if label in {"Việc của tôi (trưởng ấp)", "Trang công khai của ấp"}
            ]
            measured = weight.measure(pages, log=lambda line: None, browser=browser)
    assert set(measured) == {"Việc của tôi (trưởng ấp)", "Trang công khai của ấp"}
    for label, found in measured.items():
        assert "gzip" in found.encodings, (label, found)
        assert found.requests >= 2, (label, found)  # the page and at least its stylesheet
        assert 1 < found.kb < run.WEIGHT_BUDGET_KB, (label, found)
    # The signed-in page carries the application's CSS and scripts; the public one is lighter.
    assert measured["Trang công khai của ấp"].kb < measured["Việc của tôi (trưởng ấp)"].kb
