"""Every write needs the session's CSRF token, and comes from this site."""

from __future__ import annotations

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from chinatracker.web.app import ROUTES
from chinatracker.web.security import WRITE_GUARDS


def _fact(session) -> int:
    return int(
        session.client.get("/api/dashboard/records?kind=aid&limit=1").json()["items"][0]["id"]
    )


def _status(session, fact_id: int) -> str:
    return str(session.client.get(f"/api/facts/{fact_id}").json()["review_status"])


def test_every_write_route_checks_role_origin_and_csrf() -> None:
    routes = [r for module in ROUTES for r in (*module.pages.routes, *module.api.routes)]
    writes = [
        r for r in routes if isinstance(r, APIRoute) and r.methods - {"GET", "HEAD", "OPTIONS"}
    ]
    assert len(writes) >= 15
    for route in writes:
        if route.path == "/login":
            continue  # before there is a session: its own double-submit token (tested below)
        guards = {d.call for d in route.dependant.dependencies} & WRITE_GUARDS
        assert guards, f"{route.path} has no CSRF check"


def test_form_without_token_is_refused(analyst) -> None:
    fact_id = _fact(analyst)
    response = analyst.client.post(f"/facts/{fact_id}/accept", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert _status(analyst, fact_id) == "pending"


def test_form_with_a_wrong_token_is_refused(analyst) -> None:
    fact_id = _fact(analyst)
    response = analyst.client.post(
        f"/facts/{fact_id}/accept", data={"csrf_token": "forged"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert _status(analyst, fact_id) == "pending"


def test_token_of_another_session_is_refused(analyst, app, login) -> None:
    other = login(TestClient(app), "ana")
    assert other.csrf != analyst.csrf
    fact_id = _fact(analyst)
    response = analyst.client.post(
        f"/facts/{fact_id}/accept", data={"csrf_token": other.csrf}, follow_redirects=False
    )
    assert response.status_code == 403


def test_api_needs_the_header(analyst) -> None:
    fact_id = _fact(analyst)
    assert analyst.client.post(f"/api/facts/{fact_id}/accept", json={}).status_code == 403
    assert analyst.post_json(f"/api/facts/{fact_id}/accept", {}).status_code == 200
    assert _status(analyst, fact_id) == "accepted"


def test_cross_site_origin_is_refused_even_with_the_token(analyst) -> None:
    fact_id = _fact(analyst)
    response = analyst.client.post(
        f"/facts/{fact_id}/accept",
        data={"csrf_token": analyst.csrf},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _status(analyst, fact_id) == "pending"


def test_same_origin_form_with_token_goes_through(analyst) -> None:
    fact_id = _fact(analyst)
    response = analyst.client.post(
        f"/facts/{fact_id}/accept",
        data={"csrf_token": analyst.csrf},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _status(analyst, fact_id) == "accepted"


def test_login_form_needs_its_token(client: TestClient) -> None:
    response = client.post(
        "/login", data={"name": "ana", "password": "analyst-password-1"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "ct_session" not in response.cookies


def test_logout_needs_the_token(analyst) -> None:
    assert analyst.client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert analyst.client.get("/api/me").json()["name"] == "ana"
    assert analyst.post_form("/logout", {}).status_code == 303
    assert analyst.client.get("/api/me").json()["name"] is None
