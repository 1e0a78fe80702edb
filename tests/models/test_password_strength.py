"""New passwords must be hard to guess, at every entry point: station set-up, a new account, an admin's reset and
a user's change. Passwords set before the rule keep working."""

from __future__ import annotations

import sqlite3
import time

import pytest

from desktop.models.accounts import staff
from desktop.models.accounts.passwords import check_new_password
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid
from tests.support.stations import ADMIN_LOGIN, ADMIN_NAME, ADMIN_PASSWORD, STATION

WEAK = ("password", "12345678", "aaaaaaaaaaaa", "Password1")
STRONG = "willow lamp 27 river"  # four unrelated words and a number: a clerk can remember it


def _refused(call, field: str = "password") -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as info:
        call()
    assert set(info.value.errors) == {field}
    return info.value.errors[field]


@pytest.mark.parametrize("weak", WEAK)
def test_set_up_refuses_a_weak_admin_password(db: Database, weak: str) -> None:
    message = _refused(lambda: station.setup(db, STATION, ADMIN_LOGIN, ADMIN_NAME, weak), "admin_password")
    assert "Too easy to guess" in message and "for example" in message
    assert not station.is_set_up(db)  # nothing half-saved


def test_set_up_takes_a_strong_passphrase(db: Database) -> None:
    admin = station.setup(db, STATION, ADMIN_LOGIN, ADMIN_NAME, STRONG)
    assert staff.authenticate(db, ADMIN_LOGIN, STRONG).id == admin


@pytest.mark.parametrize("weak", WEAK)
def test_new_account_reset_and_change_refuse_weak_passwords(db: Database, admin_id: int, weak: str) -> None:
    _refused(lambda: staff.create_staff(db, admin_id, "qin.cm", "覃春梅", "clerk", weak))
    assert [s.login for s in staff.list_staff(db)] == [ADMIN_LOGIN]
    clerk = staff.create_staff(db, admin_id, "qin.cm", "覃春梅", "clerk", STRONG).ids[0]
    _refused(lambda: staff.reset_password(db, admin_id, clerk, weak))
    _refused(lambda: staff.change_password(db, clerk, STRONG, weak))
    assert staff.authenticate(db, "qin.cm", STRONG).id == clerk  # the old password still stands


def test_a_password_made_of_the_users_or_stations_names_is_weak(db: Database, admin_id: int) -> None:
    # each is strong to zxcvbn on its own words: only the user's and station's names make them weak
    message = _refused(lambda: staff.create_staff(db, admin_id, "zhangsan", "张三", "clerk", "zhangsan2026"))
    assert "user name" in message
    _refused(lambda: staff.create_staff(db, admin_id, "wei.qing", "韦清", "clerk", f"{STATION.name}2026"))
    _refused(lambda: staff.change_password(db, admin_id, ADMIN_PASSWORD, "LZ-YF01-2026"))
    for fine in ("zhangsan2026", f"{STATION.name}2026", "LZ-YF01-2026"):
        assert check_new_password(fine) is None


def test_the_length_rule_still_comes_first() -> None:
    assert check_new_password("Ab3$x") == "A password has at least 8 characters."
    assert check_new_password("x" * 129) == "Too long: at most 128 characters."


def test_a_password_set_before_the_rule_still_logs_in(db: Database, admin_id: int, raw: sqlite3.Connection) -> None:
    raw.execute("UPDATE staff SET password_hash = ? WHERE id = ?", (staff.hash_password("12345678"), admin_id))
    raw.commit()
    assert staff.authenticate(db, ADMIN_LOGIN, "12345678").id == admin_id
    staff.change_password(db, admin_id, "12345678", STRONG)  # and can be changed to a strong one
    assert staff.authenticate(db, ADMIN_LOGIN, STRONG).id == admin_id


def test_a_long_password_is_judged_quickly() -> None:
    long = "Liuzhou river 7 kapok " * 9 + "x" * 2  # 200 characters
    assert len(long) == 200
    assert check_new_password(long[:128]) is None
    assert check_new_password(long) == "Too long: at most 128 characters."
    started = time.perf_counter()
    for _ in range(5):
        check_new_password(long[:128], ("admin", "管理员", STATION.name, STATION.code))
    assert (time.perf_counter() - started) / 5 < 0.1
