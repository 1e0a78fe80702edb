"""On-site visit records (§7.3.4): drafts, validation, signing and locking (by the service and by the database),
the canonical form and its hash, declined signatures, the paper path, and amendments."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.models.clients import clients
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests.attachments import stored_path
from desktop.models.visits import editing, records, signatures
from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, SignatureInput
from desktop.sync.wire import canonical_json
from tests.support.requests import NOW, Station, clone, drive, events, make_station
from tests.support.stations import LUOSIFEN
from tests.support.visits import HOSTILE, new_visit, sign, signed_visit, strokes, visit_input


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("visits") / "template.sqlite3")


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    station = clone(template, tmp_path / "own.sqlite3")
    yield station
    station.db.close()


# ---- drafts ---------------------------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed(st: Station) -> None:
    vid = new_visit(st)
    d = records.get_visit(st.db, vid)
    assert d.status == "draft" and d.content_hash is None and d.signatures == ()
    assert d.input == visit_input(st)
    assert d.client_name == LUOSIFEN.name
    changed = visit_input(st, work_done="改过的服务内容", attendees=(AttendeeInput("黄丽", "厂长", "0772-3812345"),))
    editing.save_visit(st.db, st.ids["clerk"], vid, changed, now=NOW)
    d = records.get_visit(st.db, vid)
    assert d.input.work_done == "改过的服务内容"
    assert d.input.attendees == (AttendeeInput("黄丽", "厂长", "0772-3812345"),)


@pytest.mark.parametrize(("changes", "field"), [
    ({"place": "  "}, "place"),
    ({"work_done": ""}, "work_done"),
    ({"officers": (OfficerRef(" "),)}, "officers"),
    ({"officers": ()}, "officers"),
    ({"visited_at": NOW + timedelta(hours=2)}, "visited_at"),
    ({"attendees": (AttendeeInput(""),)}, "attendee.0.name"),
    ({"attendees": (AttendeeInput("覃春梅"), AttendeeInput("韦国强", phone="12345"))}, "attendee.1.phone"),
    ({"follow_ups": (FollowUpInput("送检", ""),)}, "follow_up.0.owner"),
    ({"follow_ups": (FollowUpInput("送检", "王小明", NOW.date() - timedelta(days=5)),)}, "follow_up.0.due_on"),
    ({"questions": "问" * 4001}, "questions"),
])
def test_bad_input_is_refused_field_by_field(st: Station, changes: dict[str, object], field: str) -> None:
    rid = drive(st, "in_service")
    with pytest.raises(Invalid) as caught:
        editing.create_visit(st.db, st.admin, rid, visit_input(st, **changes), now=NOW)
    assert field in caught.value.errors
    assert records.list_visits(st.db, rid) == []


@pytest.mark.parametrize("status", ["escalated", "withdrawn", "archived"])
def test_no_visit_for_a_request_the_station_no_longer_works_on(st: Station, status: str) -> None:
    rid = drive(st, status)
    with pytest.raises(Refused):
        editing.create_visit(st.db, st.admin, rid, visit_input(st), now=NOW)


def test_a_draft_can_be_discarded_but_a_signed_record_cannot(st: Station) -> None:
    draft = new_visit(st)
    editing.delete_draft(st.db, st.admin, draft)
    with pytest.raises(NotFound):
        records.get_visit(st.db, draft)
    signed = signed_visit(st)
    with pytest.raises(Refused):
        editing.delete_draft(st.db, st.admin, signed)


# ---- signing --------------------------------------------------------------------------------------------


def test_signing_locks_the_record_with_the_hash_of_its_canonical_form(st: Station) -> None:
    vid = new_visit(st)
    sign(st, vid)
    d = records.get_visit(st.db, vid)
    assert d.status == "signed" and d.locked_at == NOW
    with st.db.read() as s:
        canonical = s.get(records.Visit, vid).canonical  # type: ignore[union-attr]
    assert canonical is not None
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == d.content_hash
    sealed = json.loads(canonical)
    assert sealed["client"]["name"] == LUOSIFEN.name
    assert sealed["signatures"]["client"]["strokes"] == [[list(p) for p in s] for s in strokes(1)]
    assert sealed["signatures"]["officer"]["name"] == "王小明"
    assert canonical == canonical_json(sealed).decode("utf-8")  # sorted keys, no spaces
    client_sig = next(g for g in d.signatures if g.role == "client")
    assert client_sig.png == signatures.render_png(strokes(1))  # the PNG is drawn from the strokes
    assert client_sig.png is not None and client_sig.png.startswith(b"\x89PNG")


def test_the_timeline_notes_the_signed_record(st: Station) -> None:
    vid = signed_visit(st)
    d = records.get_visit(st.db, vid)
    last = events(st.db, d.request_id)[-1]
    assert last["kind"] == "note"
    assert json.loads(last["data"]) == {"visit": d.uuid, "visit_event": "signed", "content_hash": d.content_hash}


def test_the_same_record_gives_the_same_hash_on_another_station_file(st: Station, tmp_path: Path) -> None:
    """The canonical form is independent of row ids, insertion order and the machine."""
    a = records.get_visit(st.db, signed_visit(st))
    with st.db.read() as s:
        sealed = json.loads(s.get(records.Visit, a.id).canonical)  # type: ignore[union-attr, arg-type]
    assert records.sha256_hex(canonical_json(sealed)) == a.content_hash


def test_empty_or_damaged_signatures_are_refused(st: Station) -> None:
    vid = new_visit(st)
    officer = SignatureInput("王小明", strokes(2))
    for client, field in [(SignatureInput("覃春梅", []), "client_signature"),
                          (SignatureInput("覃春梅", [[(10, 10, 500, 0)]]), "client_signature"),  # a dot
                          (SignatureInput("覃春梅", [[(99999, 1, 1, 1)]]), "client_signature"),
                          (SignatureInput("", strokes(1)), "client_name"),
                          (SignatureInput("覃春梅", declined_reason="  "), "declined_reason")]:
        with pytest.raises(Invalid) as caught:
            editing.sign_visit(st.db, st.admin, vid, client, officer, now=NOW)
        assert field in caught.value.errors
    with pytest.raises(Invalid) as caught:
        editing.sign_visit(st.db, st.admin, vid, SignatureInput("覃春梅", strokes(1)), SignatureInput("王小明", []),
                          now=NOW)
    assert "officer_signature" in caught.value.errors
    assert records.get_visit(st.db, vid).status == "draft"


def test_a_client_who_declines_is_recorded_with_the_reason(st: Station) -> None:
    vid = new_visit(st)
    sign(st, vid, declined="企业负责人不在场，经办人无权签字")
    d = records.get_visit(st.db, vid)
    client = next(g for g in d.signatures if g.role == "client")
    assert d.status == "signed"
    assert client.declined_reason == "企业负责人不在场，经办人无权签字" and client.png is None


def test_a_signed_record_refuses_every_change_at_the_service(st: Station) -> None:
    vid = signed_visit(st)
    with pytest.raises(Refused, match="signed"):
        editing.save_visit(st.db, st.admin, vid, visit_input(st, work_done="改"), now=NOW)
    with pytest.raises(Refused):
        sign(st, vid)
    assert records.get_visit(st.db, vid).input == visit_input(st)


@pytest.mark.parametrize("sql", [
    "UPDATE visit SET work_done = 'forged' WHERE id = ?",
    "UPDATE visit SET status = 'draft', content_hash = NULL, canonical = NULL, locked_at = NULL WHERE id = ?",
    "DELETE FROM visit WHERE id = ?",
    "UPDATE visit_attendee SET name = 'forged' WHERE visit_id = ?",
    "DELETE FROM visit_attendee WHERE visit_id = ?",
    "INSERT INTO visit_attendee (visit_id, position, name, title, phone) VALUES (?, 9, 'x', '', '')",
    "UPDATE visit_officer SET name = 'forged' WHERE visit_id = ?",
    "DELETE FROM visit_follow_up WHERE visit_id = ?",
    "UPDATE visit_signature SET signer_name = 'forged' WHERE visit_id = ?",
    "DELETE FROM visit_signature WHERE visit_id = ?",
])
def test_a_signed_record_refuses_every_change_at_the_database(st: Station, sql: str) -> None:
    vid = signed_visit(st)
    before = records.get_visit(st.db, vid)
    raw = sqlite3.connect(st.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="signed visit records cannot be changed"):
            raw.execute(sql, (vid,))
        raw.rollback()
    finally:
        raw.close()
    assert records.get_visit(st.db, vid) == before


def test_a_draft_stays_editable_at_the_database(st: Station) -> None:
    vid = new_visit(st)
    raw = sqlite3.connect(st.path)
    try:
        raw.execute("UPDATE visit SET place = 'x' WHERE id = ?", (vid,))
        raw.execute("UPDATE visit_attendee SET name = 'y' WHERE visit_id = ?", (vid,))
        raw.commit()
    finally:
        raw.close()
    assert records.get_visit(st.db, vid).input.place == "x"


def test_archived_documents_are_append_only(st: Station) -> None:
    vid = signed_visit(st)
    records.record_document(st.db, vid, "a.pdf", "0" * 64, 10, "font")
    raw = sqlite3.connect(st.path)
    try:
        for sql, value in (("UPDATE visit_document SET sha256 = ?", "1" * 64),
                           ("DELETE FROM visit_document WHERE sha256 = ?", "0" * 64)):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(sql, (value,))
    finally:
        raw.close()


def test_hostile_text_is_stored_as_typed(st: Station) -> None:
    vid = signed_visit(st, place=HOSTILE, work_done=HOSTILE + "\n'; DROP TABLE visit; --")
    d = records.get_visit(st.db, vid)
    assert d.input.place == HOSTILE and d.input.work_done.startswith(HOSTILE)


def test_renaming_the_client_later_does_not_alter_the_sealed_record(st: Station) -> None:
    vid = signed_visit(st)
    before = records.sealed_record(st.db, records.get_visit(st.db, vid).uuid)
    assert before is not None and before.recomputed_hash == before.content_hash
    clients.update_client(st.db, st.admin, st.client_id, replace(LUOSIFEN, name="柳州市龙城螺蛳粉集团有限公司"))
    after = records.sealed_record(st.db, before.uuid)
    assert after is not None and after.recomputed_hash == after.content_hash
    assert records.record_content(st.db, vid).client_name == LUOSIFEN.name  # printed as signed


# ---- paper ----------------------------------------------------------------------------------------------


def test_the_paper_path_keeps_the_scan_by_its_hash(st: Station, tmp_path: Path) -> None:
    vid = new_visit(st)
    scan = tmp_path / "签字页.jpg"
    scan.write_bytes(b"\xff\xd8\xff scanned page")
    store = tmp_path / "attachments"
    editing.mark_signed_on_paper(st.db, st.admin, vid, scan, store, now=NOW)
    d = records.get_visit(st.db, vid)
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert d.status == "paper_signed" and d.paper_scan_sha256 == sha and d.paper_scan_name == "签字页.jpg"
    assert stored_path(store, sha).read_bytes() == scan.read_bytes()
    assert json.loads(records.sealed_record(st.db, d.uuid).canonical)["paper"]["scan_sha256"] == sha  # type: ignore[union-attr, arg-type]
    with pytest.raises(Refused):
        editing.mark_signed_on_paper(st.db, st.admin, vid, scan, store, now=NOW)


def test_a_missing_scan_is_refused(st: Station, tmp_path: Path) -> None:
    vid = new_visit(st)
    with pytest.raises(Invalid, match="scan"):
        editing.mark_signed_on_paper(st.db, st.admin, vid, tmp_path / "none.jpg", tmp_path / "a", now=NOW)
    assert records.get_visit(st.db, vid).status == "draft"


# ---- amendments -----------------------------------------------------------------------------------------


def test_an_amendment_points_to_the_original_and_is_signed_again(st: Station) -> None:
    original = signed_visit(st)
    with pytest.raises(Invalid):
        editing.create_amendment(st.db, st.admin, original, " ")
    amendment = editing.create_amendment(st.db, st.admin, original, "服务对象姓名写错").ids[0]
    a = records.get_visit(st.db, amendment)
    assert a.status == "draft" and a.amends_id == original
    assert a.input.work_done == visit_input(st).work_done and a.input.amendment_reason == "服务对象姓名写错"
    with pytest.raises(Refused, match="already"):
        editing.create_amendment(st.db, st.admin, original, "再改")
    editing.save_visit(st.db, st.admin, amendment, replace(a.input, work_done="更正后的服务内容"), now=NOW)
    sign(st, amendment)
    a = records.get_visit(st.db, amendment)
    o = records.get_visit(st.db, original)
    assert a.status == "signed" and o.input.work_done == visit_input(st).work_done  # the original unchanged
    assert [x.id for x in o.amendments] == [amendment]
    sealed = json.loads(records.sealed_record(st.db, a.uuid).canonical)  # type: ignore[union-attr, arg-type]
    assert sealed["amends"] == {"uuid": o.uuid, "content_hash": o.content_hash}
    later = records.sealed_record(st.db, o.uuid)
    assert later is not None and [x.uuid for x in later.later_amendments] == [a.uuid]
    # a second correction starts from the latest signed version
    second = editing.create_amendment(st.db, st.admin, original, "再次更正").ids[0]
    assert records.get_visit(st.db, second).input.work_done == "更正后的服务内容"


def test_a_draft_takes_no_amendment(st: Station) -> None:
    with pytest.raises(Refused):
        editing.create_amendment(st.db, st.admin, new_visit(st), "更正")


def test_list_visits_puts_amendments_after_their_original(st: Station) -> None:
    first = signed_visit(st)
    rid = records.get_visit(st.db, first).request_id
    second = editing.create_visit(st.db, st.admin, rid, visit_input(st), now=NOW).ids[0]
    amendment = editing.create_amendment(st.db, st.admin, first, "更正").ids[0]
    assert [v.id for v in records.list_visits(st.db, rid)] == [first, amendment, second]
    assert records.list_visits(st.db, rid)[0].officers == "王小明、李华"
