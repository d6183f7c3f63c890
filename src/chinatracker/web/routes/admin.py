"""Administration: users and their roles, and the app's settings (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import HTMLResponse, Response

from chinatracker.review.roles import ROLES, Permission
from chinatracker.web import accounts
from chinatracker.web.accounts import AccountError
from chinatracker.web.schemas import UserOut
from chinatracker.web.security import Viewer, checked_write, need, read_form
from chinatracker.web.templating import redirect, render

pages = APIRouter()
api = APIRouter(tags=["admin"])
Admin = Annotated[Viewer, Depends(need(Permission.admin))]
AdminWrite = Annotated[Viewer, Depends(checked_write(Permission.admin))]


@pages.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, _viewer: Admin) -> Response:
    with request.app.state.store.reading() as session:
        users = accounts.list_users(session)
    return render(
        request,
        "users.html",
        {"users": users, "roles": ROLES, "min_password": accounts.MIN_PASSWORD},
    )


def _user_change(request: Request, action: str, text: str, change: object) -> Response:
    try:
        with request.app.state.store.transaction() as session:
            change(session)  # type: ignore[operator]
    except AccountError as exc:
        return redirect(request, "/admin/users", "error", str(exc))
    return redirect(request, "/admin/users", "success", text)


@pages.post("/admin/users")
async def add_user(request: Request, viewer: AdminWrite) -> Response:
    form = await read_form(request)
    name, role = str(form.get("name", "")).strip(), str(form.get("role", "viewer"))
    password = str(form.get("password", ""))
    return _user_change(
        request, "add", f"User {name} added as {role}.",
        lambda s: accounts.add_user(s, name, role, password, by=viewer.name),
    )  # fmt: skip


@pages.post("/admin/users/{name}/role")
async def change_role(request: Request, name: str, viewer: AdminWrite) -> Response:
    form = await read_form(request)
    role = str(form.get("role", ""))

    def change(session: object) -> None:
        if name == viewer.name and role != "admin":
            raise AccountError("you cannot take the admin role from yourself")
        accounts.set_role(session, name, role, by=viewer.name)  # type: ignore[arg-type]

    return _user_change(request, "role", f"{name} is now {role}.", change)


@pages.post("/admin/users/{name}/password")
async def reset_password(request: Request, name: str, viewer: AdminWrite) -> Response:
    form = await read_form(request)
    password = str(form.get("password", ""))
    return _user_change(
        request, "password", f"Password of {name} changed; their sessions are ended.",
        lambda s: accounts.set_password(s, name, password, by=viewer.name),
    )  # fmt: skip


@pages.post("/admin/users/{name}/remove")
async def remove_user(request: Request, name: str, viewer: AdminWrite) -> Response:
    await read_form(request)

    def change(session: object) -> None:
        if name == viewer.name:
            raise AccountError("you cannot remove yourself")
        accounts.remove_user(session, name, by=viewer.name)  # type: ignore[arg-type]

    return _user_change(request, "remove", f"User {name} removed.", change)


@pages.get("/admin/settings", response_class=HTMLResponse)
def settings_page(request: Request, _viewer: Admin) -> Response:
    with request.app.state.store.reading() as session:
        settings = accounts.get_settings(session)
    return render(request, "settings.html", {"settings": settings})


@pages.post("/admin/settings")
async def save_settings(request: Request, viewer: AdminWrite) -> Response:
    form = await read_form(request)
    try:
        with request.app.state.store.transaction() as session:
            for key in accounts.DEFAULT_SETTINGS:
                if key in form:
                    accounts.set_setting(
                        session, key, str(form.get(key, "")).strip(), by=viewer.name
                    )
    except AccountError as exc:
        return redirect(request, "/admin/settings", "error", str(exc))
    return redirect(request, "/admin/settings", "success", "Settings saved.")


@api.get("/users", response_model=list[UserOut])
def users_api(request: Request, _viewer: Admin) -> list[UserOut]:
    """Every user, with role and last sign-in (admins only)."""
    with request.app.state.store.reading() as session:
        users = accounts.list_users(session)
    return [
        UserOut(
            name=u.name, role=u.role.value, active=u.active, created_at=u.created_at,
            last_login_at=u.last_login_at, locked_until=u.locked_until,
        )
        for u in users
    ]  # fmt: skip


@api.get("/settings", response_model=dict[str, str])
def settings_api(request: Request, _viewer: Admin) -> dict[str, str]:
    """The app's settings (admins only)."""
    with request.app.state.store.reading() as session:
        return accounts.get_settings(session)
