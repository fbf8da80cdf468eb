"""Deterministic fault points for crash tests: inert unless a test asks for one.

A service calls ``checkpoint("reports.approve.mid")`` between two writes of one transaction.
In production ``NTM_FAULTPOINT`` is unset and the call returns at once. A crash test starts a
process with ``NTM_FAULTPOINT`` set to that name and ``NTM_FAULTPOINT_READY`` set to a file
path: the process writes the file when it reaches the point (its writes so far are made but
not committed), then sleeps so the test can kill it with SIGKILL at exactly that moment.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_SECONDS = 120


def checkpoint(name: str) -> None:
    if os.environ.get("NTM_FAULTPOINT") != name:
        return
    ready = os.environ.get("NTM_FAULTPOINT_READY")
    if ready:
        Path(ready).write_text(name, encoding="utf-8")
    time.sleep(WAIT_SECONDS)
