"""Who may do what: a viewer cannot review, a logged-out user cannot write, public mode is
read-only. Every refused write leaves the facts and the audit log as they were."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from chinatracker.store.database import Store
from chinatracker.store.models import AuditRow, FactRow
from chinatracker.web.app import create_app


def _first_aid(client: TestClient) -> int:
    return int(client.get("/api/dashboard/records?kind=aid&limit=1").json()["items"][0]["id"])


def _state(store: Store) -> tuple[int, list[str]]:
    with store.reading() as session:
        audit = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        statuses = list(session.scalars(select(FactRow.review_status).order_by(FactRow.id)))
    return audit, statuses


@pytest.mark.parametrize(
    "path", ["/dashboard", "/search?q=masks", "/documents", "/review", "/audit", "/admin/users"]
)
def test_logged_out_pages_send_to_the_login_form(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_logged_out_api_says_401(client: TestClient) -> None:
    assert client.get("/api/dashboard").status_code == 401
    assert client.get("/api/facts/1").status_code == 401


def test_logged_out_user_cannot_write(client: TestClient, demo_store: Store, login) -> None:
    fact_id = _first_aid(login(TestClient(client.app), "vera").client)
    before = _state(demo_store)
    form = client.post(f"/facts/{fact_id}/accept", data={"csrf_token": "x"}, follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"].startswith("/login")
    api = client.post(f"/api/facts/{fact_id}/correct", json={"changes": {"mode": "sale"}})
    assert api.status_code == 401
    admin_form = client.post(
        "/admin/users", data={"name": "eve", "role": "admin"}, follow_redirects=False
    )
    assert admin_form.status_code == 303 and admin_form.headers["location"].startswith("/login")
    assert _state(demo_store) == before


def test_viewer_reads_but_cannot_review(viewer, demo_store: Store) -> None:
    fact_id = _first_aid(viewer.client)
    assert viewer.client.get(f"/facts/{fact_id}").status_code == 200
    assert viewer.client.get("/review").status_code == 403
    assert viewer.client.get("/api/review/queue").status_code == 403
    before = _state(demo_store)
    assert viewer.post_form(f"/facts/{fact_id}/accept", {}).status_code == 403
    assert viewer.post_json(f"/api/facts/{fact_id}/reject", {"reason": "no"}).status_code == 403
    changes = {"changes": {"items.0.quantity": 1}}
    assert viewer.post_json(f"/api/facts/{fact_id}/correct", changes).status_code == 403
    assert _state(demo_store) == before
    page = viewer.client.get(f"/facts/{fact_id}").text
    assert "/correct" not in page and "Accept" not in page


def test_analyst_reviews_but_cannot_administer(analyst) -> None:
    assert analyst.client.get("/review").status_code == 200
    assert analyst.client.get("/admin/users").status_code == 403
    assert analyst.client.get("/api/users").status_code == 403
    refused = analyst.post_form(
        "/admin/users", {"name": "eve", "role": "admin", "password": "x" * 12}
    )
    assert refused.status_code == 403


def test_admin_manages_users_and_is_audited(admin, demo_store: Store) -> None:
    added = admin.post_form(
        "/admin/users", {"name": "newbie", "role": "viewer", "password": "long-enough-pw"}
    )
    assert added.status_code == 303
    users = {u["name"]: u["role"] for u in admin.client.get("/api/users").json()}
    assert users["newbie"] == "viewer"
    admin.post_form("/admin/users/newbie/role", {"role": "analyst"})
    admin.post_form("/admin/users/newbie/remove", {})
    assert "newbie" not in {u["name"] for u in admin.client.get("/api/users").json()}
    actions = [e["action"] for e in admin.client.get("/api/audit?actor=root").json()]
    assert actions[:3] == ["user_remove", "user_role", "user_add"]
    # No password or hash ever reaches the audit log.
    assert "long-enough-pw" not in str(admin.client.get("/api/audit").json())


def test_public_mode_serves_dashboard_search_and_downloads_read_only(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store, public=True, background_resolve=False))
    assert client.get("/dashboard").status_code == 200
    assert client.get("/api/dashboard").status_code == 200
    assert client.get("/search?q=masks").status_code == 200
    assert client.get("/api/search?q=masks").json()["total"] > 0
    csv = client.get("/downloads/records.csv?kind=aid")
    assert csv.status_code == 200 and csv.text.startswith("id,kind,date")
    assert client.get("/downloads/records.json").status_code == 200
    for path in ("/documents/1", "/facts/1", "/review", "/audit", "/api/facts/1"):
        assert client.get(path, follow_redirects=False).status_code == 403, path
    before = _state(demo_store)
    assert client.post("/api/facts/1/accept", json={}).status_code == 403
    assert client.post("/login", data={"name": "ana"}).status_code in (303, 403)
    assert client.get("/login", follow_redirects=False).status_code == 303
    assert _state(demo_store) == before
    # Public pages link nowhere private.
    assert "/facts/" not in client.get("/dashboard").text
