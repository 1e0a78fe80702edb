"""The hub's database: typed ORM tables and the engine set-up for SQLite and PostgreSQL.

In this first version the hub schema is *created*, not migrated: ``open_db`` runs ``metadata.create_all``, which
adds missing tables and leaves existing ones alone. A change therefore adds tables rather than columns, and any
step an existing database needs runs in ``open_db`` and is tested on a database of the earlier shape (uploads per
device: ``_drop_shared_partial_uploads``; on PostgreSQL, the records' bodies compressed with lz4:
``_compress_bodies_with_lz4``). A change that needs more will bring migrations (Alembic) with it.

Times are stored in UTC, timezone-aware (SQLite has no time zones, so ``UTCDateTime`` re-attaches UTC on read),
and appear on the wire as ``YYYY-MM-DDTHH:MM:SSZ``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    DateTime,
    Engine,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from cityhub.errors import HubError
from desktop.sync import wire

DEFAULT_URL = "sqlite:///cityhub.sqlite3"  # relative to the current directory
SQLITE_BUSY_MS = 30_000


def default_url() -> str:
    """The database URL when none is given: ``$CITYHUB_DB``, else a SQLite file in the current directory."""
    return os.environ.get("CITYHUB_DB") or DEFAULT_URL


def utcnow() -> datetime:
    """Now, in UTC, to the second: the wire carries no fractions, so the database holds none either."""
    return datetime.now(UTC).replace(microsecond=0)


wire_time = wire.format_utc  # times on the wire and in reports: UTC to the second


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the hub stores UTC only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class HubStation(Base):
    __tablename__ = "hub_station"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Device(Base):
    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    last_push_at: Mapped[datetime | None] = mapped_column(default=None)
    last_pull_at: Mapped[datetime | None] = mapped_column(default=None)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), default=None)


class Record(Base):
    """A pushed record as received; ``body`` is its canonical JSON, whose SHA-256 is ``content_hash``."""

    __tablename__ = "record"
    __table_args__ = (
        UniqueConstraint("kind", "uuid", "version", name="uq_record_kind_uuid_version"),
        Index("ix_record_station_kind", "station_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"))
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    kind: Mapped[str] = mapped_column(String(20))
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordFile(Base):
    """A file (attachment or paper scan) a record's body names: lets the report find missing files without
    parsing every body."""

    __tablename__ = "record_file"

    record_id: Mapped[int] = mapped_column(ForeignKey("record.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class HolidayYearRow(Base):
    """A year of the official holiday schedule as the city published it (``cityhub holidays publish``); the
    devices pull every published year (GET /v1/holidays). ``days`` is the year's days as canonical JSON."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    days: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class Escalation(Base):
    """The city's working state of an escalated request: the latest version received and where it stands."""

    __tablename__ = "escalation"
    __table_args__ = (Index("ix_escalation_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"))
    request_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # Not unique: each computer of a station numbers its own requests (station code, day, sequence), so two
    # devices can give the same number to different requests. The UUID is the identity.
    request_number: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open/accepted/assigned/answered/returned
    assignee: Mapped[str] = mapped_column(String(100), default="")
    client_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DecisionRow(Base):
    """A decision of the city, numbered by ``seq``; per station, seq order is commit order (see feed.decide)."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_station_seq", "station_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"))
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"))
    request_uuid: Mapped[str] = mapped_column(String(36))
    request_number: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    assignee: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class Blob(Base):
    """A file the hub holds: only ever a finished, verified one (``complete``), shared by every station and never
    changed. Rows with ``complete`` false are uploads in progress of hubs before uploads were per device;
    ``open_db`` removes them (see ``_drop_shared_partial_uploads``)."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(default=False)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("hub_station.id"), default=None)  # first uploader
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BlobChunk(Base):
    __tablename__ = "blob_chunk"

    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256", ondelete="CASCADE"), primary_key=True)
    offset: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BlobUpload(Base):
    """A device's upload in progress of the file ``sha256``: its own, so no other device can append to it, spoil
    it or block it. Its chunks move to ``blob_chunk`` when the bytes hash to the name."""

    __tablename__ = "blob_upload"

    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)


class BlobUploadChunk(Base):
    __tablename__ = "blob_upload_chunk"
    __table_args__ = (ForeignKeyConstraint(["device_id", "sha256"], ["blob_upload.device_id", "blob_upload.sha256"],
                                           ondelete="CASCADE"),)

    device_id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ChainHeadRow(Base):
    """The newest head of one of a device's hash chains that the city acknowledged (POST /v1/chains)."""

    __tablename__ = "chain_head"

    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), primary_key=True)
    chain: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class HistoryAlert(Base):
    """A station whose history no longer leads to what it told the city before: an entry the city acknowledged
    is gone or different (rewritten, deleted, or the station restored from a backup older than its last sync).
    One per device and chain, however often it is reported again (``reports``, ``last_at``)."""

    __tablename__ = "history_alert"
    __table_args__ = (UniqueConstraint("device_id", "chain", name="uq_history_alert_device_chain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("hub_station.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"))
    chain: Mapped[str] = mapped_column(String(30))
    held_id: Mapped[int] = mapped_column(Integer)
    held_hash: Mapped[str] = mapped_column(String(64))
    said_id: Mapped[int] = mapped_column(Integer)
    said_hash: Mapped[str] = mapped_column(String(64))
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)
    reports: Mapped[int] = mapped_column(Integer, default=1)


def lock_station(session: Session, station_id: int) -> None:
    """Hold the station's row until the transaction ends (PostgreSQL ``FOR NO KEY UPDATE``; SQLite's
    ``BEGIN IMMEDIATE`` already serializes writers). Pushes and decisions of one station then run one after the
    other: no two batches race on the same records, and decisions commit in ``seq`` order."""
    session.execute(select(HubStation.id).where(HubStation.id == station_id).with_for_update(key_share=True))


@dataclass(frozen=True)
class Database:
    """An open hub database: the engine and the session factory every request uses."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back when it raises (except for
        a refusal that keeps its changes, such as a discarded upload)."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except HubError as error:
            if error.keeps_changes:
                session.commit()
            else:
                session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: str) -> Engine:
    """SQLite in WAL mode, where every transaction starts with ``BEGIN IMMEDIATE``: concurrent batches then queue
    on the write lock (up to the busy timeout) instead of failing when a reader tries to become a writer."""
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _drop_shared_partial_uploads(engine: Engine) -> None:
    """Upgrade a hub database made before uploads were per device: its uploads in progress (``blob`` rows not
    complete) belonged to nobody in particular. They are dropped; their devices start them again from the offset
    the hub then answers (0). Finished files are kept."""
    with engine.begin() as connection:
        unfinished = select(Blob.sha256).where(Blob.complete.is_(False))
        connection.execute(delete(BlobChunk).where(BlobChunk.sha256.in_(unfinished)))
        connection.execute(delete(Blob).where(Blob.complete.is_(False)))


def _compress_bodies_with_lz4(engine: Engine) -> None:
    """PostgreSQL: the records' bodies (a few KiB of JSON each, stored compressed out of line) compressed with lz4
    rather than the default pglz, which took about two thirds of the time a batch's insert takes (100 records:
    16 ms with pglz, 6 ms with lz4, for nearly the same size). PostgreSQL 14 and later, built with lz4 (Debian's
    and the official packages are); elsewhere the default stays. Only bodies written from then on are affected."""
    with engine.begin() as connection:
        if (connection.dialect.server_version_info or (0,)) < (14,):
            return
        current = connection.exec_driver_sql(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'record'::regclass AND attname = 'body'"
        ).scalar()
        if current == "l":
            return
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("ALTER TABLE record ALTER COLUMN body SET COMPRESSION lz4")
        except DBAPIError:  # a server built without lz4
            pass


def open_db(url: str | None = None) -> Database:
    """Open (and create if needed) the hub database at ``url``: ``sqlite:///file`` or ``postgresql+psycopg://...``."""
    url = url or default_url()
    if make_url(url).get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    _drop_shared_partial_uploads(engine)
    if engine.dialect.name == "postgresql":
        _compress_bodies_with_lz4(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
