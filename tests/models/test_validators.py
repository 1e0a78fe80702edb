"""Field rules (validators.py), and their agreement with the CHECK constraints the database applies."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.demo import demo_clients
from desktop.models.core.standard import DISTRICT_CODES
from desktop.models.core.tables import USCC_GLOB, phone_check
from desktop.models.core.validators import (
    USCC_CHARSET,
    Invalid,
    Msg,
    check_email,
    check_length,
    check_login,
    check_not_future,
    check_password,
    check_phone,
    check_required,
    check_station_code,
    check_uscc,
    collect,
    normalize_phone,
    normalize_uscc,
    uscc_check_char,
)
from tests.support.stations import uscc_from_body

# Codes published by real enterprises (Tencent, Huawei, Alibaba …) and the GB 32100 example: an
# independent check of the weights and character set, not derived from the code under test.
PUBLISHED_USCCS = (
    "9144030071526726XG",
    "914403001922038216",
    "91330100716105852F",
    "91110000802100433B",
    "91350100M000100Y43",
)
BODIES = ("91450200198230011", "91450203MA5KB1234", "92450205L12345678", "12450200000000000",
          "91450222MA5N0QRTW", "31450200MA5P00XY1")

# ---- USCC ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PUBLISHED_USCCS)
def test_published_codes_are_valid(code: str) -> None:
    assert check_uscc(code) is None
    assert uscc_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("body", BODIES)
def test_code_built_from_a_body_is_valid(body: str) -> None:
    code = uscc_from_body(body)
    assert len(code) == 18 and code.startswith(body)
    assert check_uscc(code) is None


def test_check_char_of_known_body() -> None:
    # worked by hand from GB 32100-2015: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, mod 31
    assert uscc_check_char("91450200198230011") == "D"
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("district", [*DISTRICT_CODES, "柳东新区"])
def test_demo_codes_are_valid_for_every_district(district: str) -> None:
    codes = {demo_clients.make_uscc(district, n) for n in range(0, 10**8, 9_999_991)}
    assert len(codes) == 11
    for code in codes:
        assert check_uscc(code) is None, code
        assert code[2:8] == DISTRICT_CODES.get(district, "450200")


@pytest.mark.parametrize("code", PUBLISHED_USCCS + tuple(uscc_from_body(b) for b in BODIES))
def test_every_single_character_change_is_caught(code: str) -> None:
    # the check character detects any single substitution (31 is prime, the weights are nonzero mod 31)
    for pos in range(18):
        for ch in USCC_CHARSET:
            if ch == code[pos]:
                continue
            corrupted = code[:pos] + ch + code[pos + 1:]
            message = check_uscc(corrupted)
            assert message is not None, corrupted
            assert "check character" in message


@pytest.mark.parametrize("code", ["9144030071526726X", "9144030071526726XGG", "", "91"])
def test_wrong_length(code: str) -> None:
    assert check_uscc(code) == "A unified social credit code has 18 characters."


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters(letter: str) -> None:
    code = "9144030071526726" + letter + "G"
    message = check_uscc(code)
    assert message is not None and "(I, O, Z, S, V)" in message


def test_chinese_characters_are_not_a_code() -> None:
    message = check_uscc("柳州市螺蛳粉有限公司柳州市螺蛳粉有限")
    assert message is not None and "not allowed" in message


@pytest.mark.parametrize("code", PUBLISHED_USCCS)
def test_lowercase_and_spaces_are_normalized(code: str) -> None:
    typed = f"  {code.lower()} "
    assert normalize_uscc(typed) == code
    assert check_uscc(typed) is None


def test_uscc_check_char_refuses_a_body_of_the_wrong_length() -> None:
    with pytest.raises(ValueError):
        uscc_check_char("9145020019823001")


# ---- phone numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobile_prefixes_13_to_19(prefix: str) -> None:
    assert check_phone(prefix + "912345678") is None


@pytest.mark.parametrize("number", ["12012345678", "12912345678", "11012345678", "10012345678"])
def test_mobile_12x_and_below_refused(number: str) -> None:
    assert check_phone(number) == "A mobile number is 11 digits starting with 13–19."


@pytest.mark.parametrize("number", ["1391234567", "139123456789", "1"])
def test_mobile_wrong_length_refused(number: str) -> None:
    assert check_phone(number) == "A mobile number is 11 digits starting with 13–19."


@pytest.mark.parametrize("number", ["0772-1234567", "0772-12345678", "010-12345678", "010-1234567",
                                    "0772-2881234"])
def test_landlines(number: str) -> None:
    assert check_phone(number) is None


LANDLINE_MESSAGE = "Enter a mobile number (11 digits) or a landline with its area code, such as 0772-1234567."


@pytest.mark.parametrize("number", [
    "07721234567",  # no hyphen
    "2881234",  # no area code
    "-1234567",
    "0772-0123456",  # a local number never starts with 0
    "0772-123456",  # too short
    "0772-123456789",  # too long
    "07723-1234567",  # area code too long
    "77-1234567",
    "0772-123456a",
    "+86 139 1234 5678",
    "电话0772-1234567",
])
def test_bad_landlines(number: str) -> None:
    assert check_phone(number) == LANDLINE_MESSAGE


def test_local_number_without_area_code_starting_with_1() -> None:
    # all digits and a leading 1: taken for a (too short) mobile number
    assert check_phone("1234567") == "A mobile number is 11 digits starting with 13–19."


def test_empty_phone() -> None:
    assert check_phone("") == "Enter a phone number."
    assert check_phone(" \u3000 ") == "Enter a phone number."


@pytest.mark.parametrize(("typed", "stored"), [
    ("0772－1234567", "0772-1234567"),  # full-width hyphen
    ("0772—1234567", "0772-1234567"),  # em dash, as some input methods type it
    ("139 1234 5678", "13912345678"),
    ("139\u30001234\u30005678", "13912345678"),  # ideographic space
    (" 0772 - 2881234 ", "0772-2881234"),
    ("13912345678\t", "13912345678"),
])
def test_phone_normalization(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored
    assert check_phone(typed) is None


# ---- validators and database CHECKs agree ----------------------------------------------------------

@pytest.fixture
def glob_db(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "glob.sqlite3")
    yield conn
    conn.close()


def _db_accepts_phone(conn: sqlite3.Connection, value: str) -> bool:
    return bool(conn.execute(f"SELECT {phone_check('?1')}", (value,)).fetchone()[0])


PHONE_SAMPLES = ["13912345678", "19912345678", "12912345678", "1391234567", "0772-1234567", "0772-12345678",
                 "010-12345678", "010-1234567", "0772-0123456", "07721234567", "0772-123456789", "abc"]


@pytest.mark.parametrize("value", PHONE_SAMPLES)
def test_phone_validator_and_database_check_agree(glob_db: sqlite3.Connection, value: str) -> None:
    assert (check_phone(value) is None) == _db_accepts_phone(glob_db, normalize_phone(value))


@pytest.mark.parametrize("value", ["139１２３４５６７８", "0772-2８８１２３４"])
def test_phone_validator_never_accepts_what_the_database_refuses(glob_db: sqlite3.Connection, value: str) -> None:
    if check_phone(value) is None:
        assert _db_accepts_phone(glob_db, normalize_phone(value))


@pytest.mark.parametrize("code", [*PUBLISHED_USCCS, "9144030071526726xg", "914403007152672", "91440300715267I6XG"])
def test_uscc_validator_and_database_check_agree(glob_db: sqlite3.Connection, code: str) -> None:
    db_ok = glob_db.execute(f"SELECT ? GLOB '{USCC_GLOB}'", (normalize_uscc(code),)).fetchone()[0]
    # the validator is stricter (check character), never looser
    if check_uscc(code) is None:
        assert db_ok
    if not db_ok:
        assert check_uscc(code) is not None


# ---- e-mail, station code, login, password, lengths ------------------------------------------------

@pytest.mark.parametrize("value", ["zlfw@example.cn", "yufeng.zlfw@lz.gov.cn", " a@b.cn ", ""])
def test_good_email(value: str) -> None:
    assert check_email(value) is None


@pytest.mark.parametrize("value", ["zlfw", "zlfw@example", "@example.cn", "a b@example.cn", "a@@b.cn",
                                   "a@b@c.cn", "zlfw@.cn."])
def test_bad_email(value: str) -> None:
    assert check_email(value) == "Enter an e-mail address such as zlfw@example.cn."


@pytest.mark.parametrize("value", ["LZ-YF01", "LZ", "A" * 20, "LZ-CZ-02", " LZ-YF01 ", "0772"])
def test_good_station_code(value: str) -> None:
    assert check_station_code(value) is None


@pytest.mark.parametrize("value", ["lz-yf01", "L", "A" * 21, "LZ_YF01", "LZ YF01", "鱼峰01", ""])
def test_bad_station_code(value: str) -> None:
    assert check_station_code(value) is not None


@pytest.mark.parametrize("value", ["admin", "wang.wei", "qin_cm-2", "ab", "a" * 32, " admin "])
def test_good_login(value: str) -> None:
    assert check_login(value) is None


@pytest.mark.parametrize("value", ["a", "a" * 33, "Admin", "王伟", "wang wei", "wang@lz", ""])
def test_bad_login(value: str) -> None:
    assert check_login(value) == "A user name is 2–32 lower-case letters, digits, dots, hyphens or underscores."


def test_password_length() -> None:
    assert check_password("1234567") == "A password has at least 8 characters."
    assert check_password("") == "A password has at least 8 characters."
    assert check_password("12345678") is None
    assert check_password("密" * 8) is None
    assert check_password("x" * 128) is None
    too_long = check_password("x" * 129)
    assert isinstance(too_long, Msg)
    assert too_long.template == "Too long: at most {n} characters."
    assert too_long.params == {"n": 128}


def test_required_and_length() -> None:
    assert check_required("", 10) == "This field is required."
    assert check_required(" \u3000\t", 10) == "This field is required."
    assert check_required("柳州", 2) is None
    assert check_required("柳州市", 2) == "Too long: at most 2 characters."
    assert check_length("", 0) is None
    assert check_length("x" * 200, 200) is None
    assert check_length("x" * 201, 200) == "Too long: at most 200 characters."


def test_not_future() -> None:
    now = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    assert check_not_future(now, now) is None
    assert check_not_future(now - timedelta(days=1), now) is None
    assert check_not_future(now + timedelta(seconds=1), now) == "The date cannot be in the future."


# ---- Msg, Invalid, collect -------------------------------------------------------------------------

def test_msg_keeps_template_and_params() -> None:
    msg = Msg("Too long: at most {n} characters.", n=50)
    assert msg == "Too long: at most 50 characters."
    assert isinstance(msg, str)
    assert msg.template == "Too long: at most {n} characters."
    assert msg.params == {"n": 50}
    length_msg = check_length("x" * 51, 50)
    assert isinstance(length_msg, Msg)
    assert (length_msg.template, length_msg.params) == (msg.template, msg.params)


def test_msg_without_params() -> None:
    msg = Msg("This field is required.")
    assert msg == msg.template == "This field is required."
    assert msg.params == {}


def test_invalid_carries_every_field() -> None:
    err = Invalid({"name": "This field is required.", "uscc": "A unified social credit code has 18 characters."})
    assert err.errors == {"name": "This field is required.",
                          "uscc": "A unified social credit code has 18 characters."}
    assert "name: This field is required." in str(err)
    assert isinstance(err, ValueError)


def test_collect_raises_with_all_failures_and_only_those() -> None:
    collect(a=None, b=None)  # nothing fails: no exception
    with pytest.raises(Invalid) as info:
        collect(login=check_login("X"), name=check_required("", 50), password=check_password("long enough"),
                email=check_email("nope"))
    assert set(info.value.errors) == {"login", "name", "email"}
