"""Staff accounts: log-in, roles, passwords and the rules an admin works under.

Each Argon2id hash or verification costs about 0.1 s: tests create only the accounts they need.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from desktop.models.accounts import staff
from desktop.models.accounts.staff import AuthFailed
from desktop.models.accounts.tables import Staff
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from tests.support.stations import ADMIN_LOGIN, ADMIN_PASSWORD, audit_entries

WRONG = "Wrong user name or password."
DISABLED = "This account is disabled. Ask the station admin."


def _add(db: Database, admin_id: int, login: str, role: str = "clerk", password: str = "clerk-pass-1") -> int:
    changes = staff.create_staff(db, admin_id, login, "覃春梅", role, password)
    assert changes.touches(Staff) and changes.kind == "created"
    return changes.ids[0]


# ---- log-in ----------------------------------------------------------------------------------------

def test_authenticate_ok(db: Database, admin_id: int) -> None:
    before = datetime.now(UTC)
    info = staff.authenticate(db, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert info.id == admin_id and info.login == "admin" and info.name == "管理员"
    assert info.is_admin and info.active and not info.must_change_password
    assert info.last_login_at is not None and info.last_login_at >= before
    assert staff.get_staff(db, admin_id).last_login_at == info.last_login_at
    # the login is trimmed and case-folded like the stored one
    assert staff.authenticate(db, "  Admin ", ADMIN_PASSWORD).id == admin_id
    logins = [e for e in audit_entries(db, "staff", "update") if "last_login_at" in e["changes"]]
    assert logins and logins[-1]["actor_id"] == admin_id


def test_wrong_password(db: Database, admin_id: int) -> None:
    with pytest.raises(AuthFailed) as info:
        staff.authenticate(db, ADMIN_LOGIN, "secret124")
    assert info.value.message == WRONG
    assert isinstance(info.value, Refused)
    assert staff.get_staff(db, admin_id).last_login_at is None
    events = audit_entries(db, "staff", "event")
    assert [e["changes"] for e in events] == [{"login_failed": "admin"}]
    assert events[0]["actor_id"] is None


def test_unknown_user_gets_the_same_message(db: Database, admin_id: int) -> None:
    with pytest.raises(AuthFailed) as info:
        staff.authenticate(db, "nobody", ADMIN_PASSWORD)
    assert info.value.message == WRONG
    assert [e["changes"] for e in audit_entries(db, "staff", "event")] == [{"login_failed": "nobody"}]


def test_failed_login_audit_keeps_a_short_login_only(db: Database, admin_id: int) -> None:
    with pytest.raises(AuthFailed):
        staff.authenticate(db, "x" * 100, "whatever-password")
    assert audit_entries(db, "staff", "event")[-1]["changes"] == {"login_failed": "x" * 32}


def test_disabled_account(db: Database, admin_id: int) -> None:
    clerk = _add(db, admin_id, "qin.cm")
    staff.set_active(db, admin_id, clerk, False)
    assert not staff.get_staff(db, clerk).active
    with pytest.raises(AuthFailed) as info:
        staff.authenticate(db, "qin.cm", "clerk-pass-1")
    assert info.value.message == DISABLED
    event = audit_entries(db, "staff", "event")[-1]
    assert event["changes"] == {"login_refused_disabled": "qin.cm"} and event["entity_id"] == clerk
    # and a disabled account can do nothing
    with pytest.raises(Refused):
        clients.create_client(db, clerk, ClientInput("王伟", kind="person"))
    staff.set_active(db, admin_id, clerk, True)
    assert staff.authenticate(db, "qin.cm", "clerk-pass-1").id == clerk


# ---- accounts --------------------------------------------------------------------------------------

def test_create_staff_by_admin_and_refused_for_clerk(db: Database, admin_id: int) -> None:
    clerk = _add(db, admin_id, " qin.cm ")
    info = staff.get_staff(db, clerk)
    assert (info.login, info.name, info.role, info.active) == ("qin.cm", "覃春梅", "clerk", True)
    assert not info.is_admin and not info.must_change_password
    assert [s.login for s in staff.list_staff(db)] == ["admin", "qin.cm"]
    with pytest.raises(Refused) as refused:
        staff.create_staff(db, clerk, "wei.jg", "韦建国", "clerk", "clerk-pass-2")
    assert refused.value.message == "Only a station admin may do this."
    assert [s.login for s in staff.list_staff(db)] == ["admin", "qin.cm"]
    entry = audit_entries(db, "staff", "create")[-1]
    assert entry["entity_id"] == clerk and entry["actor_id"] == admin_id
    assert entry["changes"]["created_by"] == [None, admin_id]


def test_create_staff_without_login_is_refused(db: Database) -> None:
    with pytest.raises(Refused):
        staff.create_staff(db, 999, "qin.cm", "覃春梅", "clerk", "clerk-pass-1")


def test_duplicate_login_refused(db: Database, admin_id: int) -> None:
    with pytest.raises(Invalid) as info:
        staff.create_staff(db, admin_id, "admin", "另一个管理员", "admin", "another-admin-pass")
    assert info.value.errors == {"login": "This user name is taken."}
    assert len(staff.list_staff(db)) == 1


def test_create_staff_reports_every_bad_field(db: Database, admin_id: int) -> None:
    with pytest.raises(Invalid) as info:
        staff.create_staff(db, admin_id, "Qin CM", " ", "boss", "short")
    assert set(info.value.errors) == {"login", "name", "role", "password"}
    assert len(staff.list_staff(db)) == 1


def test_cannot_disable_yourself(db: Database, admin_id: int) -> None:
    with pytest.raises(Refused) as info:
        staff.set_active(db, admin_id, admin_id, False)
    assert info.value.message == "You cannot disable your own account."
    assert staff.get_staff(db, admin_id).active


def test_last_admin_stays_an_admin(db: Database, admin_id: int) -> None:
    with pytest.raises(Refused) as info:
        staff.set_role(db, admin_id, admin_id, "clerk")
    assert info.value.message == "The last active admin account must stay an admin."
    assert staff.get_staff(db, admin_id).role == "admin"


def test_second_admin_rules(db: Database, admin_id: int) -> None:
    other = _add(db, admin_id, "wei.jg", role="admin")
    # with two active admins one may step down, or disable the other
    staff.set_role(db, admin_id, admin_id, "field_officer")
    assert staff.get_staff(db, admin_id).role == "field_officer"
    with pytest.raises(Refused):  # no longer an admin
        staff.set_active(db, admin_id, other, False)
    # now ``other`` is the last admin: it cannot demote itself or be disabled by itself
    with pytest.raises(Refused):
        staff.set_role(db, other, other, "clerk")
    with pytest.raises(Refused):
        staff.set_active(db, other, other, False)
    staff.set_role(db, other, admin_id, "admin")
    staff.set_active(db, admin_id, other, False)
    assert not staff.get_staff(db, other).active
    with pytest.raises(Invalid) as bad_role:
        staff.set_role(db, admin_id, other, "boss")
    assert set(bad_role.value.errors) == {"role"}


def test_unknown_account(db: Database, admin_id: int) -> None:
    with pytest.raises(NotFound):
        staff.get_staff(db, 999)
    with pytest.raises(NotFound):
        staff.set_active(db, admin_id, 999, False)
    with pytest.raises(NotFound):
        staff.set_role(db, admin_id, 999, "clerk")
    with pytest.raises(NotFound):
        staff.reset_password(db, admin_id, 999, "temp-pass-1")


# ---- passwords -------------------------------------------------------------------------------------

def test_reset_password(db: Database, admin_id: int) -> None:
    clerk = _add(db, admin_id, "qin.cm")
    staff.reset_password(db, admin_id, clerk, "temp-pass-1")
    assert staff.get_staff(db, clerk).must_change_password
    info = staff.authenticate(db, "qin.cm", "temp-pass-1")
    assert info.id == clerk and info.must_change_password
    with pytest.raises(AuthFailed):
        staff.authenticate(db, "qin.cm", "clerk-pass-1")


def test_reset_password_rules(db: Database, admin_id: int) -> None:
    with pytest.raises(Invalid) as info:
        staff.reset_password(db, admin_id, admin_id, "short")
    assert set(info.value.errors) == {"password"}
    # an admin resetting their own password need not change it again
    staff.reset_password(db, admin_id, admin_id, "new-admin-pass")
    assert not staff.get_staff(db, admin_id).must_change_password


def test_reset_password_needs_an_admin(db: Database, admin_id: int) -> None:
    clerk = _add(db, admin_id, "qin.cm")
    with pytest.raises(Refused):
        staff.reset_password(db, clerk, admin_id, "hijacked-pass")
    assert staff.authenticate(db, ADMIN_LOGIN, ADMIN_PASSWORD).id == admin_id


def test_change_password(db: Database, admin_id: int) -> None:
    with pytest.raises(Invalid) as wrong:
        staff.change_password(db, admin_id, "not-the-password", "new-admin-pass")
    assert wrong.value.errors == {"old_password": "The current password is wrong."}
    with pytest.raises(Invalid) as same:
        staff.change_password(db, admin_id, ADMIN_PASSWORD, ADMIN_PASSWORD)
    assert set(same.value.errors) == {"password"}
    with pytest.raises(Invalid) as short:
        staff.change_password(db, admin_id, ADMIN_PASSWORD, "short")
    assert set(short.value.errors) == {"password"}
    staff.change_password(db, admin_id, ADMIN_PASSWORD, "new-admin-pass")
    assert staff.authenticate(db, ADMIN_LOGIN, "new-admin-pass").id == admin_id
    with pytest.raises(AuthFailed):
        staff.authenticate(db, ADMIN_LOGIN, ADMIN_PASSWORD)


def test_change_password_clears_must_change(db: Database, admin_id: int) -> None:
    clerk = _add(db, admin_id, "qin.cm")
    staff.reset_password(db, admin_id, clerk, "temp-pass-1")
    staff.change_password(db, clerk, "temp-pass-1", "clerk-pass-2")
    assert not staff.get_staff(db, clerk).must_change_password


def test_hashes_are_argon2id(db: Database, admin_id: int, raw: sqlite3.Connection) -> None:
    (stored,) = raw.execute("SELECT password_hash FROM staff WHERE id = ?", (admin_id,)).fetchone()
    assert stored.startswith("$argon2id$")
    assert ADMIN_PASSWORD not in stored


# ---- database constraints --------------------------------------------------------------------------

def _insert_staff(raw: sqlite3.Connection, login: str, role: str, pw_hash: str, name: str = "王伟") -> None:
    raw.execute(
        "INSERT INTO staff (uuid, login, name, role, password_hash, must_change_password, active, created_at,"
        " updated_at) VALUES (hex(randomblob(16)), ?, ?, ?, ?, 0, 1, '2026-01-01T00:00:00.000000+00:00',"
        " '2026-01-01T00:00:00.000000+00:00')", (login, name, role, pw_hash))


@pytest.fixture
def good_hash(db: Database, admin_id: int, raw: sqlite3.Connection) -> str:
    return raw.execute("SELECT password_hash FROM staff WHERE id = ?", (admin_id,)).fetchone()[0]


def test_database_accepts_a_good_row(raw: sqlite3.Connection, good_hash: str) -> None:
    _insert_staff(raw, "wang.wei", "field_officer", good_hash)  # the control: the statement itself is right
    raw.rollback()


@pytest.mark.parametrize("role", ["boss", "Admin", ""])
def test_database_refuses_a_bad_role(raw: sqlite3.Connection, good_hash: str, role: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_staff_role"):
        _insert_staff(raw, "wang.wei", role, good_hash)


@pytest.mark.parametrize("pw_hash", [
    "secret123",  # plain text
    "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",  # argon2i, not argon2id
    "$2b$12$KIXQJ6xW9f0l9s1yQ0mJ7uY1Zq2Qx3bHh2p9eJm5n5o6r7s8t9u0v",  # bcrypt
    "",
])
def test_database_refuses_a_non_argon2id_hash(raw: sqlite3.Connection, good_hash: str, pw_hash: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_staff_argon2id"):
        _insert_staff(raw, "wang.wei", "clerk", pw_hash)


@pytest.mark.parametrize("login", ["Wang", "w", "wang wei", "王伟"])
def test_database_refuses_a_bad_login(raw: sqlite3.Connection, good_hash: str, login: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_staff_login"):
        _insert_staff(raw, login, "clerk", good_hash)


def test_database_refuses_a_duplicate_login(raw: sqlite3.Connection, good_hash: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _insert_staff(raw, "admin", "clerk", good_hash)


def test_the_app_hashes_with_the_real_argon2_parameters() -> None:
    """The tests hash cheaply (tests/support/database.py); the app itself uses Argon2id at 64 MiB, t=3."""
    import subprocess
    import sys

    code = "from desktop.models.accounts import staff; print(staff.hash_password('x'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
