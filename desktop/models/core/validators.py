"""Field rules with messages for people. Each returns ``None`` when the value is good, else a message.

Messages are English source strings; the views translate them (``translate("validators", msg)``), so
every message here appears in the zh_CN translation. ``Invalid`` carries one or more field messages out
of the services, so the UI can put each one beside its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE_RE = re.compile(r"0[0-9]{2,3}-[1-9][0-9]{6,7}")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
STATION_CODE_RE = re.compile(r"[A-Z0-9-]{2,20}")
LOGIN_RE = re.compile(r"[a-z0-9._-]{2,32}")
# Control characters no text field stores: C0 (with NUL), DEL and C1. A one-line field (names, codes,
# addresses) refuses tab and line breaks too; a multi-line field (notes, descriptions) keeps tab and newline.
# The database refuses the same characters (triggers of migration 0006); exports clean what is older.
CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
MULTI_LINE_BAD_RE = re.compile(f"[{CONTROL_CHARS}]")
ONE_LINE_BAD_RE = re.compile(f"[\t\n{CONTROL_CHARS}]")


class Msg(str):
    """A message with parameters: its text is the English, ``template`` is what gets translated."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Msg:
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self


class Invalid(ValueError):
    """Bad input, field by field: ``{"uscc": "The check character is wrong …"}``."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015) for its first 17."""
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    return value.strip().upper()


def check_uscc(value: str) -> str | None:
    code = normalize_uscc(value)
    if len(code) != 18:
        return "A unified social credit code has 18 characters."
    bad = [ch for ch in code if ch not in USCC_CHARSET]
    if bad:
        return "The code contains characters not allowed in a unified social credit code (I, O, Z, S, V)."
    if uscc_check_char(code[:17]) != code[17]:
        return "The check character (the 18th) is wrong: the code was mistyped."
    return None


def normalize_phone(value: str) -> str:
    """Spaces dropped; full-width digits and dashes (as Chinese input methods type them) made ASCII."""
    return re.sub(r"[\s\u3000]", "", value).translate(FULL_WIDTH_DIGITS).replace("－", "-").replace("—", "-")


def check_phone(value: str) -> str | None:
    phone = normalize_phone(value)
    if not phone:
        return "Enter a phone number."
    if MOBILE_RE.fullmatch(phone) or LANDLINE_RE.fullmatch(phone):
        return None
    if phone.isdigit() and phone.startswith("1"):
        return "A mobile number is 11 digits starting with 13–19."
    return "Enter a mobile number (11 digits) or a landline with its area code, such as 0772-1234567."


def check_text(value: str, multiline: bool = False) -> str | None:
    """Text holds no control characters (a one-line field no tab or line break either)."""
    bad = (MULTI_LINE_BAD_RE if multiline else ONE_LINE_BAD_RE).search(value)
    if bad is None:
        return None
    if bad.group() in "\t\n\r" and not multiline:
        return "This field is one line: remove the line break or tab."
    return Msg("Remove the invisible control character ({code}) from this text; it cannot be stored.",
               code=f"U+{ord(bad.group()):04X}")


def check_required(value: str, max_len: int, multiline: bool = False) -> str | None:
    if not value.strip():
        return "This field is required."
    return check_length(value, max_len, multiline)


def check_length(value: str, max_len: int, multiline: bool = False) -> str | None:
    """At most ``max_len`` characters, and no control characters (``check_text``)."""
    if len(value) > max_len:
        return Msg("Too long: at most {n} characters.", n=max_len)
    return check_text(value, multiline)


def clean_text(value: str, multiline: bool = False) -> str:
    """``value`` with what ``check_text`` refuses taken out, for text stored before the rule (exports,
    documents): a line break or tab in a one-line field becomes a space, CR LF a newline, the rest goes."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return MULTI_LINE_BAD_RE.sub("", value)
    value = re.sub(r"[\t\r\n]+", " ", value)
    return ONE_LINE_BAD_RE.sub("", value)


def check_email(value: str) -> str | None:
    if value and not EMAIL_RE.fullmatch(value.strip()):
        return "Enter an e-mail address such as zlfw@example.cn."
    return None


def check_station_code(value: str) -> str | None:
    if not STATION_CODE_RE.fullmatch(value.strip()):
        return "A station code is 2–20 capital letters, digits or hyphens, such as LZ-YF01."
    return None


def check_login(value: str) -> str | None:
    if not LOGIN_RE.fullmatch(value.strip()):
        return "A user name is 2–32 lower-case letters, digits, dots, hyphens or underscores."
    return None


def check_password(value: str) -> str | None:
    if len(value) < 8:
        return "A password has at least 8 characters."
    if len(value) > 128:
        return Msg("Too long: at most {n} characters.", n=128)
    return None


def check_not_future(value: datetime, now: datetime) -> str | None:
    if value > now:
        return "The date cannot be in the future."
    return None


def collect(**checks: str | None) -> None:
    """Raise ``Invalid`` with every failing field at once."""
    errors = {field: msg for field, msg in checks.items() if msg}
    if errors:
        raise Invalid(errors)


_DAY = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")


def parse_day(text: str) -> date | None:
    """``2026-12-01`` (or 2026/12/1, 2026.12.1, 2026年12月1日) as a date; None if it is not one."""
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
