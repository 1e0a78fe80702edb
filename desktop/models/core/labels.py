"""Display names, in one place for the screen, printed documents and exports.

A ``Label`` is the English source and the Chinese of one name. A ``LabelTable`` names every code of one set of
stored codes (a ``StrEnum``); it refuses to be built when a code has no label, so a code added without one fails
at import (and ``tests/models/test_labels.py`` imports every area's tables). The screen shows the language the
app runs in (``desktop.views.shared.labels``); printed documents and spreadsheets are Chinese whatever the UI
language, as the standard's forms are (``zh``). Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from desktop.models.core.tables import Role, StationLevel

DOCUMENT_LANGUAGE = "zh_CN"


@dataclass(frozen=True)
class Label:
    en: str
    zh: str

    def text(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


C = TypeVar("C", bound=StrEnum)


class LabelTable(Generic[C]):
    """The label of every code of ``codes``, in the codes' own order."""

    def __init__(self, codes: type[C], labels: Mapping[C, tuple[str, str] | Label]) -> None:
        missing = [c.value for c in codes if c not in labels]
        unknown = [str(c) for c in labels if c not in codes.__members__.values()]
        if missing or unknown:
            raise ValueError(f"{codes.__name__}: no label for {missing}, labels for unknown codes {unknown}")
        self.codes = codes
        self._labels = {c: v if isinstance(v, Label) else Label(*v) for c, v in labels.items()}
        self._by_value = {str(c.value): v for c, v in self._labels.items()}  # a dict lookup per cell painted

    def __iter__(self) -> Iterator[C]:
        return iter(self.codes)

    def label(self, code: str) -> Label | None:
        return self._by_value.get(str(code))

    def text(self, code: str, language: str = DOCUMENT_LANGUAGE) -> str:
        """The name of ``code`` in ``language``; a code this table does not know is shown as it is."""
        found = self.label(code)
        return found.text(language) if found else code

    def zh(self, code: str) -> str:
        """The Chinese name, as printed documents and exports use it."""
        return self.text(code, DOCUMENT_LANGUAGE)

    def code_of(self, text: str, also: Mapping[str, C] | None = None) -> C | None:
        """The code whose Chinese name or stored value is ``text`` (a spreadsheet cell); ``also`` adds other
        spellings."""
        for code, label in self._labels.items():
            if text in (code.value, label.zh):
                return code
        return (also or {}).get(text)


def labels_of(tables: Iterable[object]) -> list[LabelTable[StrEnum]]:
    """The label tables among ``tables`` (a module's values, say)."""
    return [t for t in tables if isinstance(t, LabelTable)]


STATION_LEVEL_LABELS = LabelTable(StationLevel, {
    StationLevel.COUNTY: ("County", "县级"),
    StationLevel.DISTRICT: ("District", "区级"),
    StationLevel.NEW_DISTRICT: ("New district", "新区"),
    StationLevel.PARK: ("Park", "园区"),
})
ROLE_LABELS = LabelTable(Role, {
    Role.CLERK: ("Window clerk", "窗口人员"),
    Role.FIELD_OFFICER: ("Field officer", "外勤人员"),
    Role.ADMIN: ("Station admin", "站点管理员"),
})
