"""Staff accounts: roles, Argon2id passwords, log-in, and the role checks other services use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models.accounts.passwords import check_new_password
from desktop.models.accounts.tables import Staff
from desktop.models.core import audit
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.tables import ROLES, Station
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_login, check_required, collect

_hasher = PasswordHasher()  # Argon2id, RFC 9106 low-memory profile (64 MiB, t=3)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class StaffInfo:
    id: int
    uuid: str
    login: str
    name: str
    role: str
    active: bool
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.uuid, row.login, row.name, row.role, row.active,
                     row.must_change_password, row.created_at, row.last_login_at)


class AuthFailed(Refused):
    pass


def require_role(session: Session, actor_id: int | None, *roles: str) -> Staff:
    """The acting staff member, refused unless active and in one of ``roles`` (any role if none given)."""
    actor = session.get(Staff, actor_id) if actor_id is not None else None
    if actor is None or not actor.active:
        raise Refused("You must be logged in with an active account.")
    if roles and actor.role not in roles:
        raise Refused("Only a station admin may do this.") if roles == ("admin",) else Refused(
            "Your role does not allow this.")
    return actor


def personal_words(session: Session, login: str, name: str) -> tuple[str, ...]:
    """What a password must not be made of: the user's login and name, the station's name and code."""
    station = session.get(Station, 1)
    return (login, name, *((station.name, station.code) if station is not None else ()))


def _validate(session: Session, login: str, name: str, role: str, password: str) -> None:
    collect(
        login=check_login(login),
        name=check_required(name, 50),
        role=None if role in ROLES else "Choose a role.",
        password=check_new_password(password, personal_words(session, login, name)),
    )


def new_staff(session: Session, login: str, name: str, role: str, password: str,
              created_by: int | None) -> Staff:
    """Insert an account in an open session (used by station set-up and by ``create_staff``)."""
    login = login.strip()
    _validate(session, login, name, role, password)
    if session.scalar(select(Staff.id).where(Staff.login == login)) is not None:
        raise Invalid({"login": "This user name is taken."})
    row = Staff(login=login, name=name.strip(), role=role, password_hash=hash_password(password),
                created_by=created_by)
    session.add(row)
    session.flush()
    return row


def create_staff(db: Database, actor_id: int, login: str, name: str, role: str, password: str) -> Changes:
    try:
        with db.begin(actor_id) as s:
            require_role(s, actor_id, "admin")
            row = new_staff(s, login, name, role, password, actor_id)
            return Changes(Staff, "created", (row.id,))
    except IntegrityError as exc:  # a second window took the name in the same instant
        raise Invalid({"login": "This user name is taken."}) from exc


def authenticate(db: Database, login: str, password: str) -> StaffInfo:
    """The account for ``login`` if the password is right and the account active; else ``AuthFailed``.

    A failed attempt is audited (and committed) before the refusal is raised.
    """
    failure: str | None = None
    with db.begin(None) as s:
        row = s.scalar(select(Staff).where(Staff.login == login.strip().lower()))
        ok = False
        if row is not None:
            try:
                ok = _hasher.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok or row is None:
            audit.record_event(s, "staff", {"login_failed": login.strip()[:32]})
            failure = "Wrong user name or password."
        elif not row.active:
            audit.record_event(s, "staff", {"login_refused_disabled": row.login}, row.id)
            failure = "This account is disabled. Ask the station admin."
        else:
            s.info["actor_id"] = row.id
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            row.last_login_at = utcnow()
            info = _info(row)
    if failure is not None:
        raise AuthFailed(failure)
    return info


def list_staff(db: Database) -> list[StaffInfo]:
    with db.read() as s:
        return [_info(r) for r in s.scalars(select(Staff).order_by(Staff.active.desc(), Staff.login))]


def get_staff(db: Database, staff_id: int) -> StaffInfo:
    with db.read() as s:
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFound("No such account.")
        return _info(row)


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Staff).where(Staff.role == "admin", Staff.active.is_(True))
    ) or 0


def set_active(db: Database, actor_id: int, staff_id: int, active: bool) -> Changes:
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFound("No such account.")
        if not active and row.id == actor_id:  # also keeps the last active admin: the actor is one
            raise Refused("You cannot disable your own account.")
        row.active = active
        return Changes(Staff, "updated", (row.id,))


def set_role(db: Database, actor_id: int, staff_id: int, role: str) -> Changes:
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFound("No such account.")
        if role not in ROLES:
            raise Invalid({"role": "Choose a role."})
        if row.role == "admin" and role != "admin" and row.active and _active_admins(s) <= 1:
            raise Refused("The last active admin account must stay an admin.")
        row.role = role
        return Changes(Staff, "updated", (row.id,))


def reset_password(db: Database, actor_id: int, staff_id: int, new_password: str) -> Changes:
    """An admin sets a temporary password; the user must choose a new one at the next log-in."""
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFound("No such account.")
        collect(password=check_new_password(new_password, personal_words(s, row.login, row.name)))
        row.password_hash = hash_password(new_password)
        row.must_change_password = row.id != actor_id
        return Changes(Staff, "updated", (row.id,))


def change_password(db: Database, staff_id: int, old_password: str, new_password: str) -> Changes:
    if old_password == new_password:
        raise Invalid({"password": "The new password must differ from the old one."})
    with db.begin(staff_id) as s:
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFound("No such account.")
        collect(password=check_new_password(new_password, personal_words(s, row.login, row.name)))
        try:
            _hasher.verify(row.password_hash, old_password)
        except (VerificationError, InvalidHashError) as exc:
            raise Invalid({"old_password": "The current password is wrong."}) from exc
        row.password_hash = hash_password(new_password)
        row.must_change_password = False
        return Changes(Staff, "updated", (row.id,))
