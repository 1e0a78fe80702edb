"""Spreadsheets as people really have them: reading CSV in whatever encoding Excel or WPS saved, and writing
cells that stay data.

- **Reading CSV**: UTF-16 with its BOM, then UTF-8 (with or without BOM), then GB18030 (a superset of the GBK
  that WPS and Excel 2010–2013 save "CSV" in); only a file none of these reads is left to charset-normalizer.
- **Reading .xlsx**: the first sheet's values (``read_xlsx_rows``); a file that is not a workbook is a
  ``BadFile`` with a message for people.
- **Writing .xlsx**: text is a text cell, even when it starts with = + - @ (cell type string, with Excel's
  "quote prefix" so editing keeps it text): no apostrophe is added to the data. Dates and times are real
  date cells with a number format. Control characters stored before they were refused are cleaned out, so
  no stored row can make an export fail.
- **Writing CSV**: a CSV cell has no type, so text that a spreadsheet would run as a formula gets a leading
  apostrophe (and import takes one off again).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desktop.models.core import clock
from desktop.models.core.validators import clean_text

FORMULA_START = ("=", "+", "-", "@", "'", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d[\d-]*")  # a phone number or a plain number is not a formula
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


# who makes the spreadsheets of this job (an export job sets it): written into each workbook's properties
MADE_BY: ContextVar[str] = ContextVar("made_by", default="")


def new_workbook() -> Any:
    """A write-only workbook whose properties say who made it and when (保密制度: exported files carry both)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    who = MADE_BY.get()
    if who:
        book.properties.creator = who
        book.properties.lastModifiedBy = who
    book.properties.created = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return book


@contextmanager
def made_by(who: str) -> Iterator[None]:
    """The spreadsheets made in the block say ``who`` made them."""
    token = MADE_BY.set(who)
    try:
        yield
    finally:
        MADE_BY.reset(token)


class UndecodableFile(Exception):
    """The file is not text in any encoding the station recognises."""


class BadFile(Exception):
    """A file refused as a whole (not a workbook, no header, the wrong kind); ``message`` is for people."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class RowProblem:
    line: int  # line in the file, header = 1
    field: str  # "name", "uscc", … or "" for the whole row
    message: str  # English; the UI and the CLI translate it


def cell_text(value: object) -> str:
    """A cell's value as text: a whole number read as a float (a spreadsheet's 2027.0) without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_xlsx_rows(path: Path, max_rows: int | None = None) -> list[tuple[object, ...]]:
    """The values of the workbook's first sheet, row by row (at most ``max_rows``)."""
    import openpyxl  # imported here: only import/export needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BadFile("The file cannot be read as an Excel workbook.") from exc
    try:
        return list(book.worksheets[0].iter_rows(values_only=True, max_row=max_rows))
    finally:
        book.close()


def formula_like(value: str) -> bool:
    return bool(value) and value[0] in FORMULA_START and not _NUMBER.fullmatch(value)


def csv_cell(value: str, multiline: bool = False) -> str:
    """Text for a CSV cell: cleaned of control characters, with an apostrophe before what looks like a
    formula (and before a leading apostrophe, so that import, which takes one off, gives it back exactly)."""
    value = clean_text(value, multiline)
    return "'" + value if formula_like(value) else value


def csv_uncell(value: str) -> str:
    """What ``csv_cell`` wrote, back: one apostrophe before a formula sign (or another apostrophe) goes."""
    return value[1:] if value[:1] == "'" and value[1:2] and value[1] in FORMULA_START else value


def xlsx_text(sheet: Any, value: str, multiline: bool = False) -> Any:
    """A write-only text cell holding ``value`` (cleaned of control characters) as data, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    value = clean_text(value, multiline)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True
    return cell


def xlsx_date(sheet: Any, value: date | datetime | None) -> Any:
    """A date cell (a datetime as the station's wall-clock time, as spreadsheets know no time zones); None is
    empty."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, datetime):
        wall = value.astimezone(clock.station_zone()).replace(tzinfo=None, second=0, microsecond=0)
        cell = WriteOnlyCell(sheet, value=wall)
        cell.number_format = DATETIME_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    return cell


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-16 with its BOM (Excel's "Unicode text"), UTF-8 (BOM or not), then GB18030
    (WPS and Excel 2010–2013 save GBK, which it contains: a detector mistakes a short GBK file for Korean), and
    only then the encoding charset-normalizer finds."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with suppress(UnicodeDecodeError):
            return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        with suppress(UnicodeDecodeError):
            return data.decode(encoding)
    from charset_normalizer import from_bytes  # imported here: only import needs it

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableFile
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UndecodableFile from exc


def read_csv(path: Path) -> list[list[str]]:
    """Every row of the CSV file ``path``, decoded as ``decode`` says."""
    return list(csv.reader(io.StringIO(decode(path.read_bytes()), newline="")))


@contextmanager
def written_beside(path: Path) -> Iterator[Path]:
    """A file to write ``path``'s new content to ("<name>.part" beside it), moved into place when the block ends;
    removed if the block fails, so a failed export never leaves half a file nor spoils the one before."""
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
