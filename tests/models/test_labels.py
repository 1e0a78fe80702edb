"""One label table per set of stored codes: every code has its English and its Chinese, and the screen, the printed
documents and the spreadsheets take their words from the same table."""

from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum

import pytest

import desktop.models
from desktop.models.core.labels import Label, LabelTable
from desktop.models.requests.labels import REQUEST_STATUS_LABELS
from desktop.models.requests.tables import RequestStatus


def _modules() -> list[object]:
    found = []
    for info in pkgutil.walk_packages(desktop.models.__path__, "desktop.models."):
        if ".migrations" not in info.name:
            found.append(importlib.import_module(info.name))
    return found


def test_every_set_of_stored_codes_has_a_complete_label_table() -> None:
    modules = _modules()
    enums = {value for m in modules for value in vars(m).values()
             if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == m.__name__}
    tables = [value for m in modules for value in vars(m).values() if isinstance(value, LabelTable)]
    labelled = {t.codes for t in tables}
    assert len(enums) >= 20, enums  # the check looked where the codes are
    assert sorted(e.__name__ for e in enums - labelled) == []
    for table in tables:
        for code in table.codes:
            name = table.label(code)
            assert name is not None and name.en.strip() and name.zh.strip(), (table.codes, code)


def test_a_code_without_a_label_is_refused_when_the_table_is_made() -> None:
    with pytest.raises(ValueError, match="archived"):
        LabelTable(RequestStatus, {s: Label(s.value, s.value) for s in RequestStatus if s != "archived"})


def test_the_document_language_is_chinese_and_an_unknown_code_shows_as_it_is() -> None:
    assert REQUEST_STATUS_LABELS.zh("awaiting_instruction") == "待批示"
    assert REQUEST_STATUS_LABELS.text("awaiting_instruction", "en") == "Awaiting instruction"
    assert REQUEST_STATUS_LABELS.zh("no_such_status") == "no_such_status"
