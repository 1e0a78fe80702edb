"""Shared test set-up. Qt runs offscreen, and in Chinese (the default UI language)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
os.environ.pop("QUALITY_STATION_DATA_DIR", None)  # never a real profile

import pytest


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["quality-station-tests"]


@pytest.fixture
def zh_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the zh_CN translation installed, as the app runs by default, for this test only:
    the others see the English source strings whatever ran before them."""
    from PySide6.QtCore import QLocale

    from desktop.app import install_translators

    before = QLocale()
    installed = install_translators(qapp, "zh_CN")
    yield qapp
    for translator in installed:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(before)



@pytest.fixture(autouse=True)
def memory_keyring():  # type: ignore[no-untyped-def]
    """Every test gets an empty in-memory keychain (a headless machine has no usable one)."""
    import keyring

    from tests.keyrings import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)
