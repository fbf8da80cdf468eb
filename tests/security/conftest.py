"""Fixtures of the security tests: the reporting world of ntm/reports is reused as is."""

from ntm.reports.tests.conftest import reporting  # noqa: F401 — a fixture, re-exported
