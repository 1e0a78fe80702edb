"""What a document keeps for the next one (the lines a paragraph breaks into, the page operators it draws, the
numbers reportlab formats) never carries one record's text into another, and changes nothing in the file."""

from __future__ import annotations

import contextlib
import io
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import rl_accel
from reportlab.pdfgen import canvas as rl_canvas

from desktop.models.visits import records
from desktop.models.visits.editing import AttendeeInput
from desktop.paths import database_path
from desktop.printing import numbers
from desktop.printing.layout import KeptParagraph
from desktop.printing.visit_record import build_visit_record
from tests.support.requests import Station, clone, make_station
from tests.support.visits import signed_visit

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils are installed by test.sh")

# text made of characters every record prints and ASCII, which have the same codes in every record: what the
# kept drawing applies to
TEXTS = {"a": ("现场服务记录 A-0772-1111", "质量工作站核对 A", "13907721111"),
         "b": ("现场服务记录 B-0772-2222", "质量工作站核对 B", "13907722222")}


class NothingKept(dict[Any, Any]):
    def get(self, key: Any, default: Any = None) -> Any:
        return default

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("kept") / "template.sqlite3")


def test_kept_paragraphs_never_carry_one_records_text_into_another(template: Station, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    st = clone(template, database_path(tmp_path))
    contents = {}
    for key, (work, question, phone) in TEXTS.items():
        visit = signed_visit(st, work_done=f"{work}\n{work}", questions=question,
                             attendees=(AttendeeInput("覃春梅", "质量部经理", phone),))
        contents[key] = records.record_content(st.db, visit)
    st.db.close()

    def build(key: str) -> bytes:
        out = io.BytesIO()
        build_visit_record(contents[key], out)
        return out.getvalue()

    first_a, first_b, again_a, again_b = build("a"), build("b"), build("a"), build("b")
    assert (first_a, first_b) == (again_a, again_b)
    drawn = " ".join(str(k[0]) for k in KeptParagraph._drawn)
    assert "A-0772-1111" in drawn and "B-0772-2222" in drawn  # the records' own lines were kept, and drawn again
    read = {"a": pdf_text(first_a, tmp_path, "a"), "b": pdf_text(first_b, tmp_path, "b")}
    for key, other in (("a", "b"), ("b", "a")):
        for text in TEXTS[key]:
            assert text.replace(" ", "") in read[key]
        for text in TEXTS[other]:
            assert text.replace(" ", "") not in read[key]

    # and the same files as reportlab draws them with nothing kept
    monkeypatch.setattr(KeptParagraph, "_drawn_key", lambda self: None)
    monkeypatch.setattr(KeptParagraph, "_broken", NothingKept())
    monkeypatch.setattr(numbers, "swapped", contextlib.nullcontext)
    assert (build("a"), build("b")) == (first_a, first_b)


def test_kept_numbers_are_reportlabs() -> None:
    rng = random.Random(7)
    values: list[Any] = [0, 1, -1, 1.0, True, 0.5, 1e-8, -1e-8, 123456789.123, 56.69291338582677, 0.1 + 0.2]
    values += [rng.uniform(-1000, 1000) for _ in range(2000)] + [rng.randint(-10**6, 10**6) for _ in range(500)]
    values += [round(rng.uniform(0, 600), rng.randint(0, 6)) for _ in range(2000)]
    for v in values:
        assert numbers.kept_fp_str(v) == rl_accel.fp_str(v)
        assert numbers.kept_fp_str(v) == rl_accel.fp_str(v)  # and again, from what was kept
    for i in range(0, len(values) - 6, 6):
        six = values[i:i + 6]
        assert numbers.kept_fp_str(*six) == rl_accel.fp_str(*six) == numbers.kept_fp_str(six)


def test_reportlabs_own_formatting_is_back_after_a_document() -> None:
    real = rl_canvas.fp_str
    with numbers.swapped():
        assert rl_canvas.fp_str is numbers.kept_fp_str
    assert rl_canvas.fp_str is real
