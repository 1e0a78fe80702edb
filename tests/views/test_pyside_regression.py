"""PySide6 6.12.0 on Python 3.11 dies (Fatal Python error: none_dealloc) after ~5,000 calls to Qt methods
returning nothing. The pin keeps us below 6.12; this test fails (the process crashes) if a bad version
comes back. It runs in a child process so a crash is reported, not fatal to the whole test run."""

from __future__ import annotations

import subprocess
import sys

import PySide6

CODE = """
from PySide6.QtCore import QObject
obj = QObject()
for i in range(20_000):
    obj.setObjectName("x")
    obj.setProperty("n", i)
print("ok", obj.objectName())
"""


def test_twenty_thousand_void_calls() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok x"


def test_pinned_version() -> None:
    major, minor = (int(p) for p in PySide6.__version__.split(".")[:2])
    assert (major, minor) == (6, 11), PySide6.__version__
