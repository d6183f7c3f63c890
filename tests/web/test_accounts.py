"""Accounts: hashed passwords, lockout, sessions, and `chinatracker users`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chinatracker.cli.app import app as cli
from chinatracker.store.accounts import UserRow, WebSessionRow
from chinatracker.store.database import Store
from chinatracker.store.models import AuditRow
from chinatracker.web import accounts
from chinatracker.web.accounts import AccountError

from .conftest import LOGIN_TOKEN, PASSWORDS

ERROR = re.compile(r'<div class="flash error" role="alert">([^<]*)</div>')


@pytest.fixture
def store(db_url: str):
    opened = Store(db_url)
    yield opened
    opened.close()


def test_passwords_are_stored_only_as_argon2_hashes(store: Store) -> None:
    with store.transaction() as session:
        accounts.add_user(session, "ana", "analyst", "correct horse battery", by="test")
    with store.reading() as session:
        row = session.scalars(select(UserRow)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert "correct horse" not in row.password_hash


@pytest.mark.parametrize(
    ("name", "role", "password", "problem"),
    [
        ("ana", "analyst", "short", "at least"),
        ("ana", "overlord", "long enough pass", "unknown role"),
        ("<script>", "viewer", "long enough pass", "not a user name"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    store: Store, name, role, password, problem
) -> None:
    with pytest.raises(AccountError, match=problem), store.transaction() as session:
        accounts.add_user(session, name, role, password, by="test")


def test_repeated_wrong_passwords_lock_the_account(store: Store) -> None:
    with store.transaction() as session:
        accounts.add_user(session, "ana", "analyst", "correct horse battery", by="test")
    for _ in range(accounts.MAX_FAILURES):
        with store.transaction() as session, pytest.raises(AccountError, match="wrong"):
            accounts.authenticate(session, "ana", "guess")
    with store.transaction() as session, pytest.raises(AccountError, match="wrong"):
        accounts.authenticate(session, "ana", "correct horse battery")  # locked: refused alike
    with store.reading() as session:
        assert session.scalars(select(UserRow.locked_until).where(UserRow.name == "ana")).one()
    with store.transaction() as session:
        accounts.set_password(session, "ana", "a brand new password", by="admin")
    with store.transaction() as session:
        assert accounts.authenticate(session, "ana", "a brand new password").name == "ana"


def test_sessions_end_when_the_password_or_role_changes(store: Store) -> None:
    with store.transaction() as session:
        user = accounts.add_user(session, "ana", "analyst", "correct horse battery", by="test")
        token, csrf = accounts.start_session(session, user)
    with store.reading() as session:
        found = accounts.find_session(session, token)
        assert found is not None and found.csrf_token == csrf and found.user.role == "analyst"
        assert session.get(WebSessionRow, token) is None  # only the digest is stored
    with store.transaction() as session:
        accounts.set_role(session, "ana", "viewer", by="admin")
    with store.reading() as session:
        assert accounts.find_session(session, token) is None


def test_expired_sessions_are_not_honoured(store: Store) -> None:
    with store.transaction() as session:
        user = accounts.add_user(session, "ana", "analyst", "correct horse battery", by="test")
        token, _ = accounts.start_session(session, user, hours=0)
    with store.reading() as session:
        assert accounts.find_session(session, token) is None


def test_users_command_adds_lists_changes_and_removes(db_url: str) -> None:
    runner = CliRunner()
    from chinatracker.cli import serve, users  # noqa: F401  (register the commands)

    added = runner.invoke(
        cli, ["--db", db_url, "users", "add", "ana", "--role", "analyst", "--password-stdin"],
        input="correct horse battery\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["--db", db_url, "users", "list"])
    assert "ana" in listed.output and "analyst" in listed.output
    changed = runner.invoke(
        cli,
        ["--db", db_url, "users", "passwd", "ana", "--password-stdin"],
        input="another long one\n",
    )
    assert changed.exit_code == 0, changed.output
    short = runner.invoke(
        cli, ["--db", db_url, "users", "passwd", "ana", "--password-stdin"], input="short\n"
    )
    assert short.exit_code != 0
    assert runner.invoke(cli, ["--db", db_url, "users", "remove", "ana"]).exit_code == 0
    store = Store(db_url)
    with store.reading() as session:
        actions = list(session.scalars(select(AuditRow.action).order_by(AuditRow.id)))
        assert session.scalars(select(UserRow)).first() is None
    store.close()
    assert actions == ["user_add", "user_password", "user_remove"]


def test_settings_and_the_secret_key(store: Store) -> None:
    with store.transaction() as session:
        first = accounts.secret_key(session)
        accounts.set_setting(session, "site_title", "Our tracker", by="admin")
        with pytest.raises(AccountError):
            accounts.set_setting(session, "records_per_page", "9000", by="admin")
    with store.reading() as session:
        assert accounts.secret_key(session) == first
        assert accounts.get_settings(session)["site_title"] == "Our tracker"
        assert "secret_key" not in accounts.get_settings(session)


def test_a_locked_account_answers_like_an_unknown_name(client, demo_store: Store) -> None:
    """Otherwise five wrong passwords tell whether a name has an account here."""

    def sign_in(name: str, password: str):
        page = client.get("/login")
        token = LOGIN_TOKEN.search(page.text)
        assert token
        return client.post(
            "/login",
            data={"name": name, "password": password, "csrf_token": token.group(1)},
            follow_redirects=False,
        )

    for _ in range(accounts.MAX_FAILURES):
        assert sign_in("ana", "not her password").status_code == 401
    locked = sign_in("ana", PASSWORDS["ana"])
    unknown = sign_in("nobody-here", "any password")
    assert locked.status_code == unknown.status_code == 401
    assert "locked" not in locked.text
    assert ERROR.findall(locked.text) == ERROR.findall(unknown.text) != []
