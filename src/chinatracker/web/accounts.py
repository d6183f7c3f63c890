"""Users, passwords, sign-in sessions and the app's settings.

- Passwords are hashed with argon2id (argon2-cffi's defaults); only the hash is stored.
- Five wrong passwords in a row lock an account for `LOCK_MINUTES`; a name that does not exist
  costs the same hashing time as one that does, so answers do not tell which names exist.
- A session is a random token in an HttpOnly cookie; the database keeps its SHA-256 and a
  CSRF token for the forms of that session. Signing out, removing the user, or changing their
  password or role ends their sessions.
- Changes to users are written to the audit log (without any password or hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chinatracker.errors import TrackerError
from chinatracker.review.errors import PermissionDenied
from chinatracker.review.roles import Actor, Role, parse_role
from chinatracker.store.accounts import UserRow, WebSessionRow, WebSettingRow
from chinatracker.store.models import AuditRow

MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15
WRONG = (
    f"wrong user name or password (after {MAX_FAILURES} wrong passwords an account waits "
    f"{LOCK_MINUTES} minutes)"
)
SESSION_HOURS = 12
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$")
HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so both answers take the same time.

    Made on first use: hashing costs a fifth of a second, which every command would pay at import.
    """
    return HASHER.hash("not a password of anyone")


class AccountError(TrackerError):
    """A user cannot be added, changed or signed in (the message says why)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role)


def _user(row: UserRow) -> User:
    return User(
        row.id,
        row.name,
        Role(row.role),
        row.active,
        _aware(row.created_at),
        _aware(row.last_login_at) if row.last_login_at else None,
        _aware(row.locked_until) if row.locked_until else None,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _role(value: str) -> Role:
    try:
        return parse_role(value)
    except PermissionDenied as exc:
        raise AccountError(str(exc)) from None


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if password.strip() != password or not password.strip():
        raise AccountError("a password cannot start or end with spaces")


def _row(session: Session, name: str) -> UserRow:
    row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    if row is None:
        raise AccountError(f"no user named {name!r}")
    return row


def _log(session: Session, by: str, action: str, **after: object) -> None:
    session.add(AuditRow(actor=by, action=action, fact_id=None, before=None, after=after))


def add_user(session: Session, name: str, role: str, password: str, *, by: str) -> User:
    """A new active user; names are unique and case-sensitive."""
    if not NAME.match(name):
        raise AccountError(
            f"{name!r} is not a user name: letters, digits and . _ @ - (up to 80), "
            "starting with a letter or digit"
        )
    parsed = _role(role)
    check_password(password)
    if session.scalars(select(UserRow.id).where(UserRow.name == name)).first() is not None:
        raise AccountError(f"there is already a user named {name!r}")
    row = UserRow(name=name, role=parsed.value, password_hash=HASHER.hash(password))
    session.add(row)
    session.flush()
    _log(session, by, "user_add", user=name, role=parsed.value)
    return _user(row)


def remove_user(session: Session, name: str, *, by: str) -> None:
    row = _row(session, name)
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
    session.delete(row)
    _log(session, by, "user_remove", user=name)


def set_password(session: Session, name: str, password: str, *, by: str) -> None:
    check_password(password)
    row = _row(session, name)
    row.password_hash = HASHER.hash(password)
    row.password_changed_at = _now()
    row.failed_logins, row.locked_until = 0, None
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
    _log(session, by, "user_password", user=name)


def set_role(session: Session, name: str, role: str, *, by: str) -> User:
    row = _row(session, name)
    parsed = _role(role)
    if row.role != parsed.value:
        before = row.role
        row.role = parsed.value
        session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
        _log(session, by, "user_role", user=name, role=parsed.value, was=before)
    return _user(row)


def list_users(session: Session) -> list[User]:
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def get_user(session: Session, name: str) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    return _user(row) if row is not None else None


def admin_count(session: Session) -> int:
    rows = session.scalars(
        select(UserRow.id).where(UserRow.role == Role.admin.value, UserRow.active.is_(True))
    )
    return len(list(rows))


def authenticate(session: Session, name: str, password: str) -> User:
    """The user, if the password is theirs; AccountError with a sentence otherwise.

    Every failure reads the same, a locked account too: "account is locked" for a real name and
    "wrong user name or password" for an unknown one would tell who has an account here.
    """
    wrong = AccountError(WRONG)
    row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    if row is None or not row.active:
        _verify(_dummy_hash(), password)
        raise wrong
    now = _now()
    if row.locked_until is not None and _aware(row.locked_until) > now:
        _verify(_dummy_hash(), password)
        raise wrong
    if not _verify(row.password_hash, password):
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILURES:
            row.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            row.failed_logins = 0
        raise wrong
    if HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = HASHER.hash(password)
    row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
    return _user(row)


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


# Sessions ------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf_token: str
    expires_at: dt.datetime


def start_session(session: Session, user: User, *, hours: int = SESSION_HOURS) -> tuple[str, str]:
    """A new session for `user`: (cookie token, CSRF token). Expired sessions are swept."""
    now = _now()
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        WebSessionRow(
            id=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    return token, csrf


def find_session(session: Session, token: str) -> SignedIn | None:
    """The signed-in user of a cookie token, or None when unknown, expired or disabled."""
    row = session.get(WebSessionRow, _digest(token))
    if row is None or _aware(row.expires_at) <= _now():
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    return SignedIn(_user(user), row.csrf_token, _aware(row.expires_at))


def end_session(session: Session, token: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.id == _digest(token)))


# Settings ------------------------------------------------------------------------------------

SECRET_KEY = "secret_key"
DEFAULT_SETTINGS = {
    "site_title": "China Security Tracker",
    "public_notice": "",
    "records_per_page": "50",
}


def get_settings(session: Session) -> dict[str, str]:
    """The admin-editable settings (never the secret key)."""
    stored = {
        row.key: row.value
        for row in session.scalars(select(WebSettingRow))
        if row.key in DEFAULT_SETTINGS
    }
    return {**DEFAULT_SETTINGS, **stored}


def set_setting(session: Session, key: str, value: str, *, by: str) -> None:
    if key not in DEFAULT_SETTINGS:
        raise AccountError(f"unknown setting {key!r}")
    if key == "records_per_page" and not (value.isdigit() and 10 <= int(value) <= 500):
        raise AccountError("records per page must be a number from 10 to 500")
    if len(value) > 500:
        raise AccountError(f"{key} is too long (500 characters at most)")
    row = session.get(WebSettingRow, key)
    if row is None:
        session.add(WebSettingRow(key=key, value=value, updated_by=by))
    elif row.value != value:
        row.value, row.updated_by, row.updated_at = value, by, _now()
    else:
        return
    _log(session, by, "setting", setting=key, value=value)


def secret_key(session: Session) -> str:
    """The key that signs cookies: made once per database, so every worker shares it."""
    row = session.get(WebSettingRow, SECRET_KEY)
    if row is None:
        row = WebSettingRow(key=SECRET_KEY, value=secrets.token_urlsafe(48), updated_by="system")
        session.add(row)
        session.flush()
    return row.value
