"""`chinatracker users add|remove|passwd|list`: accounts of the web app."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.table import Table

from chinatracker.cli.app import app, context
from chinatracker.review.roles import Role
from chinatracker.web import accounts

users_app = typer.Typer(
    help="Web app accounts: viewer (read), analyst (review), admin.", no_args_is_help=True
)
app.add_typer(users_app, name="users")

PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input (scripts).")
]


def _by() -> str:
    """Who the audit log names for a change made from the command line."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    accounts.check_password(password)
    return password


@users_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[Role, typer.Option(help="What they may do.")] = Role.viewer,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user; the password is asked for (or read from standard input)."""
    app_ctx = context(ctx)
    password = _password(password_stdin)
    with app_ctx.store.transaction() as session:
        accounts.add_user(session, name, role.value, password, by=_by())
    app_ctx.out.print(f"user {name} added ({role.value})", highlight=False)


@users_app.command("remove")
def remove_command(ctx: typer.Context, name: Annotated[str, typer.Argument()]) -> None:
    """Remove a user; their sessions end at once (their audit entries stay)."""
    app_ctx = context(ctx)
    with app_ctx.store.transaction() as session:
        accounts.remove_user(session, name, by=_by())
    app_ctx.out.print(f"user {name} removed", highlight=False)


@users_app.command("passwd")
def passwd_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (ends their sessions and lifts a lock)."""
    app_ctx = context(ctx)
    password = _password(password_stdin)
    with app_ctx.store.transaction() as session:
        accounts.set_password(session, name, password, by=_by())
    app_ctx.out.print(f"password of {name} changed", highlight=False)


@users_app.command("role")
def role_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    role: Annotated[Role, typer.Argument()],
) -> None:
    """Give a user another role (ends their sessions)."""
    app_ctx = context(ctx)
    with app_ctx.store.transaction() as session:
        accounts.set_role(session, name, role.value, by=_by())
    app_ctx.out.print(f"{name} is now {role.value}", highlight=False)


@users_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """Every user with role and last sign-in."""
    app_ctx = context(ctx)
    with app_ctx.store.reading() as session:
        users = accounts.list_users(session)
    table = Table("name", "role", "last sign-in", "locked until")
    for user in users:
        table.add_row(
            user.name,
            user.role.value,
            user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never",
            user.locked_until.strftime("%Y-%m-%d %H:%M") if user.locked_until else "",
        )
    app_ctx.out.print(table)
