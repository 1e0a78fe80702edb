"""The sync protocol's wire schemas (docs/sync-protocol.md), shared by the station and the city hub.

This module is a leaf: pydantic and the standard library only, no Qt, no database, no HTTP client, so the hub
installs it without the desktop's dependencies. Every record pushed is identified by (kind, uuid, version) and
carries the SHA-256 of its body's canonical JSON; the hub recomputes that hash, and two bodies are "the same
content" exactly when their hashes are equal.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PROTOCOL = 1
MAX_BATCH = 500  # records in one push
MAX_RECORD_BYTES = 16 * 1024 * 1024  # a record's canonical body (a few visits with long signatures fit)
MAX_PUSH_BYTES = 32 * 1024 * 1024  # a whole push request: the station splits batches to stay under it
MAX_ENROL_BYTES = 8 * 1024  # an enrolment (a code, a station code, a UUID, a computer's name) is well under 1 KiB
CHUNK_BYTES = 1024 * 1024  # attachment upload chunk
# The largest integer the protocol carries (versions, offsets, sizes, limits, the cursor's sequence): the hub
# keeps them in 32-bit INTEGER columns on PostgreSQL, so a larger one is refused where it arrives (a record with
# such a version is rejected on its own), never handed to the database.
MAX_INT = 2**31 - 1

Kind = Literal["escalation", "archive", "complaint", "figures"]
KINDS: tuple[Kind, ...] = ("escalation", "archive", "complaint", "figures")
REQUEST_KINDS: tuple[Kind, ...] = ("escalation", "archive")  # a RequestBody; "complaint": a ComplaintBody
Outcome = Literal["accepted", "already_had", "conflict", "rejected"]
DecisionKind = Literal["accepted", "assigned", "answered", "returned"]
DECISIONS: tuple[DecisionKind, ...] = ("accepted", "assigned", "answered", "returned")

SHA256 = r"^[0-9a-f]{64}$"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
UTC_TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"  # UTC to the second
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def format_utc(at: datetime) -> str:
    """A time as the protocol writes it: UTC to the second (``2026-11-21T08:30:00Z``)."""
    return at.astimezone(UTC).strftime(TIME_FORMAT)


def parse_utc(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def canonical_text(value: Any) -> str:
    """The canonical JSON as text (what a hub stores): sorted keys, no spaces, non-ASCII as itself."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the same value gives the same bytes everywhere."""
    return canonical_text(value).encode("utf-8")


def content_hash(body: Any) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


def is_unicode(text: str) -> bool:
    """Whether ``text`` is Unicode text: JSON can spell an unpaired surrogate (``"\\ud800"``), which Python
    reads into a str that no UTF-8 file, database or answer can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unicode_only(value: Any) -> Any:
    strings = value if isinstance(value, list) else [value]
    if any(isinstance(s, str) and not is_unicode(s) for s in strings):
        raise ValueError("text is not valid Unicode (an unpaired surrogate)")
    return value


class _Body(BaseModel):
    """A record's body and its parts. Their text is known to be Unicode before they are validated: the hub
    hashes the body's canonical JSON first, and a station builds it from its own database."""

    # strict: a value is taken only in the JSON type the schema declares (no true or 1.0 for an integer, no
    # "1" for a number): what the OpenAPI document says is refused is refused
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Wire(_Body):
    """Everything else the protocol carries: every text field and list of texts must hold Unicode (checked
    here rather than on the bodies, where it would double the cost of validating a push)."""

    _unicode = field_validator("*", mode="before")(_unicode_only)


# ---- the records' bodies ---------------------------------------------------------------------------------

class Contact(_Body):
    name: str = Field(max_length=50)
    phone: str = Field(max_length=20)
    title: str = Field(default="", max_length=50)


class ClientBody(_Body):
    uuid: str = Field(pattern=UUID)
    name: str = Field(min_length=1, max_length=200)
    uscc: str | None = Field(default=None, max_length=18)
    kind: str = Field(max_length=20)
    district: str = Field(default="", max_length=50)
    address: str = Field(default="", max_length=200)
    industry: str = Field(default="", max_length=100)
    size: str | None = Field(default=None, max_length=10)
    contacts: list[Contact] = Field(default_factory=list)


class Event(_Body):
    uuid: str = Field(pattern=UUID)
    at: str = Field(pattern=UTC_TIME)
    kind: str = Field(max_length=30)
    from_status: str | None = None
    to_status: str | None = None
    text: str = ""
    actor: str = Field(default="", max_length=100)  # the staff member's name; "" for the city platform
    data: dict[str, Any] = Field(default_factory=dict)


class AttachmentRef(_Body):
    sha256: str = Field(pattern=SHA256)
    size: int = Field(ge=0, le=MAX_INT)
    name: str = Field(max_length=255)


class Referral(_Body):
    uuid: str = Field(pattern=UUID)
    institution: str = Field(max_length=200)
    referred_at: str = Field(pattern=UTC_TIME)
    deadline: str = Field(pattern=r"^\d{4}-\d\d-\d\d$")
    told_at: str = Field(pattern=UTC_TIME)
    told_via: str = Field(max_length=20)
    note: str = ""
    responded_at: str | None = Field(default=None, pattern=UTC_TIME)


class VisitRecord(_Body):
    """A signed on-site service record: its sealed canonical content (signatures' strokes included) and hash."""

    uuid: str = Field(pattern=UUID)
    content_hash: str = Field(pattern=SHA256)
    content: dict[str, Any]
    paper_scan_sha256: str | None = Field(default=None, pattern=SHA256)


class RequestBody(_Body):
    """A service request as the station knows it: the body of both escalation and archive records."""

    station_code: str = Field(min_length=1, max_length=20)
    number: str = Field(min_length=1, max_length=40)
    channel: str = Field(max_length=20)
    status: str = Field(max_length=30)
    description: str
    assessment: str = ""
    notice: str = ""
    result: str = ""
    contact_name: str = Field(default="", max_length=50)
    contact_phone: str | None = Field(default=None, max_length=20)
    received_at: str = Field(pattern=UTC_TIME)
    closed_at: str | None = Field(default=None, pattern=UTC_TIME)
    items: list[str] = Field(default_factory=list)  # catalogue clause numbers, e.g. "5.1.1"
    reason: str = ""  # why it was escalated (escalation records)
    client: ClientBody
    timeline: list[Event] = Field(min_length=1)
    attachments: list[AttachmentRef] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)
    visits: list[VisitRecord] = Field(default_factory=list)


class ComplaintBody(_Body):
    """A complaint with its timeline, the body of a "complaint" record: one that has ended (closed, not accepted or
    withdrawn: the city's archive of complaints, §7.5.5), or one referred to the city platform for a decision."""

    station_code: str = Field(min_length=1, max_length=20)
    number: str = Field(min_length=1, max_length=40)
    channel: str = Field(max_length=20)
    status: str = Field(max_length=20)
    complainant_kind: str = Field(max_length=10)
    complainant: str = Field(default="", max_length=250)  # the client's and/or the person's name; "" anonymous
    complainant_phone: str | None = Field(default=None, max_length=20)
    client: ClientBody | None = None
    about_request: str = Field(default="", max_length=40)  # the request's number
    about_request_uuid: str | None = Field(default=None, pattern=UUID)
    about_staff: str = Field(default="", max_length=100)
    about_institution: str = Field(default="", max_length=200)
    about_station: bool = False
    category: str = Field(default="", max_length=20)  # the catalogue clause, e.g. "5.4"
    what_happened: str
    wants: str = ""
    severity: str | None = Field(default=None, max_length=10)
    urgency: str | None = Field(default=None, max_length=10)
    likelihood: str | None = Field(default=None, max_length=10)
    investigation: str = ""
    forwarded_to: str = Field(default="", max_length=200)
    reply: str = ""
    decision: str = ""
    told_via: str | None = Field(default=None, max_length=20)
    told_at: str | None = Field(default=None, pattern=UTC_TIME)
    satisfied: bool | None = None
    reaction: str = ""
    external_route: str | None = Field(default=None, max_length=20)
    outcome: str = ""
    valid: bool | None = None
    close_reason: str = ""
    rectified: bool | None = None
    rectification: str = ""
    not_accepted_reason: str = ""
    withdraw_reason: str = ""
    received_at: str = Field(pattern=UTC_TIME)
    closed_at: str | None = Field(default=None, pattern=UTC_TIME)  # None: referred to the city, still open
    timeline: list[Event] = Field(min_length=1)

    @property
    def for_the_city(self) -> bool:
        """A dispute referred to the city platform (GB/T 19013): the city decides it like an escalated request."""
        return self.status == "referred_out" and self.external_route == "city_platform"


Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Key = Annotated[str, Field(min_length=1, max_length=40)]


class FiguresBody(_Body):
    """A station's figures of one month (§4.3: the city's statistics and analysis), the body of a "figures"
    record: aggregates only, no client and no request. Its uuid names the station's month; a later version (the
    month's requests moved on) replaces the earlier one in the city's tables."""

    station_code: str = Field(min_length=1, max_length=20)
    month: str = Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$")
    received: Count  # requests received in the month (docs/statistics.md)
    answered: Count
    referred: Count
    escalated: Count
    completed: Count
    withdrawn: Count
    by_category: dict[Key, Count] = Field(default_factory=dict, max_length=60)  # catalogue clause -> requests
    by_channel: dict[Key, Count] = Field(default_factory=dict, max_length=20)
    evaluations: Count = 0
    dissatisfied: Count = 0  # requests with a score of 1–2
    averages: dict[Key, Annotated[float, Field(ge=1, le=5)]] = Field(default_factory=dict, max_length=10)
    on_time: dict[Key, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict, max_length=10)
    complaints: Count = 0  # received in the month
    valid_complaints: Count = 0
    rectifications: Count = 0  # opened in the month
    rectifications_closed: Count = 0
    computed_at: str = Field(pattern=UTC_TIME)


# ---- push ------------------------------------------------------------------------------------------------

class RecordIn(_Wire):
    """A record as pushed. The body is validated per record, so one bad record is answered "rejected"
    without refusing the batch."""

    kind: str = Field(max_length=20)
    uuid: str = Field(max_length=36)
    version: int = Field(description=f"1 to {MAX_INT}; a version out of that range rejects this record alone "
                                     "(code \"version\"), not the batch")
    content_hash: str = Field(max_length=64)
    body: dict[str, Any]


class PushRequest(_Wire):
    protocol: int = PROTOCOL
    station_code: str = Field(min_length=1, max_length=20)
    device_uuid: str = Field(pattern=UUID)
    records: list[RecordIn] = Field(max_length=MAX_BATCH)


# Why a record was set aside, for programs (the station explains each in its own language); ``reason`` is the
# hub's own words, with the details.
REASON_CODES = ("kind", "uuid", "version", "too_large", "hash_mismatch", "validation", "wrong_station",
                "other_station", "conflict", "other")


class RecordAnswer(_Wire):
    kind: str
    uuid: str
    version: int
    outcome: Outcome
    reason: str = ""
    code: str = ""  # one of REASON_CODES for conflict and rejected; "" otherwise


class PushResponse(_Wire):
    answers: list[RecordAnswer]


# ---- attachments -----------------------------------------------------------------------------------------

class BlobQuery(_Wire):
    hashes: list[str] = Field(max_length=MAX_BATCH * 10)


class BlobState(_Wire):
    sha256: str = Field(pattern=SHA256)
    received: int = Field(ge=0, le=MAX_INT)  # bytes the hub holds; the upload resumes from here
    complete: bool


class BlobStates(_Wire):
    blobs: list[BlobState]


# ---- pull ------------------------------------------------------------------------------------------------

class Decision(_Wire):
    uuid: str = Field(pattern=UUID)
    request_uuid: str = Field(pattern=UUID)
    request_number: str
    decision: DecisionKind
    text: str = ""
    assignee: str = ""
    decided_at: str = Field(pattern=UTC_TIME)


class DecisionPage(_Wire):
    decisions: list[Decision]
    cursor: str  # opaque: send it back as is
    more: bool


# ---- the hash chains' heads (tamper evidence, docs/sync-protocol.md) ---------------------------------------

CHAIN = r"^[a-z_]{1,30}$"
MAX_CHAINS = 20


class ChainHead(_Wire):
    """One of the station's hash chains as it stands, and the link it holds now for the entry the city last
    acknowledged (``known_id``; 0 and "" before the first report)."""

    chain: str = Field(pattern=CHAIN)
    entries: int = Field(ge=0, le=MAX_INT)
    last_id: int = Field(ge=0, le=MAX_INT)
    hash: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")
    known_id: int = Field(default=0, ge=0, le=MAX_INT)
    known_hash: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class ChainReport(_Wire):
    protocol: int = PROTOCOL
    station_code: str = Field(min_length=1, max_length=20)
    device_uuid: str = Field(pattern=UUID)
    chains: list[ChainHead] = Field(max_length=MAX_CHAINS)


class ChainHeld(_Wire):
    """What the city holds of one chain of this device: the entry and link it last acknowledged."""

    chain: str = Field(pattern=CHAIN)
    last_id: int = Field(ge=0, le=MAX_INT)
    hash: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class ChainAnswer(_Wire):
    held: list[ChainHeld]
    mismatches: list[str] = Field(default_factory=list, max_length=MAX_CHAINS)  # chains whose history changed


# ---- enrolment, health, errors ---------------------------------------------------------------------------

class EnrolRequest(_Wire):
    code: str = Field(min_length=1, max_length=64)
    station_code: str = Field(min_length=1, max_length=20)
    device_uuid: str = Field(pattern=UUID)
    device_name: str = Field(default="", max_length=100)


class EnrolResponse(_Wire):
    token: str
    station_code: str
    station_name: str


class Health(_Wire):
    status: Literal["ok"] = "ok"
    protocol: int = PROTOCOL


class ApiError(_Wire):
    """Every error answer's body: a stable code for programs and a message for people."""

    error: str
    message: str


class UploadConflict(ApiError):
    """A file chunk refused with 409: ``offset`` (sent at another offset than the device's upload holds: resume
    from ``received``) or ``size`` (a total size other than the upload's in progress)."""

    received: int | None = Field(default=None, ge=0, le=MAX_INT)


# ---- the city's holiday schedule -------------------------------------------------------------------------
# GET /v1/holidays: every year the city has published; the station applies a year whose content changed.

HolidayKind = Literal["holiday", "workday"]
MIN_HOLIDAY_YEAR, MAX_HOLIDAY_YEAR = 2000, 2099
MAX_HOLIDAY_YEARS = 100
DATE = r"^\d{4}-\d\d-\d\d$"
# a holiday's name is one line of plain text: no control characters (stations refuse them in every text
# column) and no bidirectional controls (they make text display as other text)
NOT_PLAIN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class HolidayDay(_Wire):
    """A public holiday (a weekday off) or a make-up workday (a weekend day worked)."""

    day: str = Field(pattern=DATE)
    kind: HolidayKind
    name: str = Field(default="", max_length=50)

    @field_validator("name")
    @classmethod
    def _plain_line(cls, name: str) -> str:
        if bad := NOT_PLAIN_LINE.search(name):
            raise ValueError(f"the name holds U+{ord(bad.group()):04X}, a control or text-direction character")
        return name

    @model_validator(mode="after")
    def _a_real_day_of_the_right_kind(self) -> HolidayDay:
        try:
            weekday = date.fromisoformat(self.day).weekday()
        except ValueError as exc:
            raise ValueError(f"{self.day} is not a date") from exc
        if self.kind == "holiday" and weekday >= 5:
            raise ValueError(f"{self.day} is a weekend day: only weekdays can be holidays")
        if self.kind == "workday" and weekday < 5:
            raise ValueError(f"{self.day} is a weekday: make-up workdays fall on a weekend")
        return self


class HolidayYear(_Wire):
    year: int = Field(ge=MIN_HOLIDAY_YEAR, le=MAX_HOLIDAY_YEAR)
    published_at: str = Field(pattern=UTC_TIME)
    days: list[HolidayDay] = Field(min_length=1, max_length=366)  # never empty: a station replaces the year

    @model_validator(mode="after")
    def _days_of_the_year_once(self) -> HolidayYear:
        days = [d.day for d in self.days]
        if any(not d.startswith(f"{self.year:04d}-") for d in days):
            raise ValueError(f"every day must be in {self.year}")
        if len(set(days)) != len(days):
            raise ValueError("a day is listed twice")
        return self

    @property
    def content_hash(self) -> str:
        """What the station remembers of an applied year: the same days give the same hash."""
        return content_hash(sorted([d.day, d.kind, d.name] for d in self.days))


class HolidaySchedule(_Wire):
    years: list[HolidayYear] = Field(max_length=MAX_HOLIDAY_YEARS)
