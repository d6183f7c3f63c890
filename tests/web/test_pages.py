"""The pages as a person uses them: sign in, filter, read a document, correct a fact."""

from __future__ import annotations

import csv
import io
import json
import re

from fastapi.testclient import TestClient

from chinatracker.store.database import Store


def _aid_fact(session, country: str = "ZWE") -> dict:
    items = session.client.get(f"/api/dashboard/records?kind=aid&country={country}").json()["items"]
    for item in items:
        fact = session.client.get(f"/api/facts/{item['id']}").json()
        if any(i["quantity"] for i in fact["fields"]["items"]):
            return fact
    raise AssertionError(f"no aid fact with a quantity for {country}")


def test_sign_in_sets_a_safe_session_cookie(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={
            "name": "ana",
            "password": "analyst-password-1",
            "csrf_token": token,
            "next": "/review",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/review"
    cookie = response.headers["set-cookie"]
    assert "ct_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={
            "name": "ana",
            "password": "analyst-password-1",
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/dashboard"


def test_wrong_password_says_so_and_sets_no_session(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"name": "ana", "password": "nope", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert "wrong user name or password" in response.text
    assert client.get("/api/me").json()["name"] is None


def test_dashboard_filters_are_a_shareable_url(viewer) -> None:
    page = viewer.client.get("/dashboard?channel=military&region=Africa")
    assert page.status_code == 200
    assert "Channel: military" in page.text and "Region: Africa" in page.text
    assert "/downloads/records.csv?channel=military&amp;region=Africa" in page.text
    api = viewer.client.get("/api/dashboard?channel=military&region=Africa").json()
    assert f">{api['total']}<" in page.text.replace(",", "")
    assert 'data-iso3="ZWE" class="country has-records' in page.text


def test_downloads_hold_what_the_dashboard_shows(viewer) -> None:
    query = "kind=aid&country=PAK"
    total = viewer.client.get(f"/api/dashboard?{query}").json()["total"]
    rows = list(
        csv.DictReader(io.StringIO(viewer.client.get(f"/downloads/records.csv?{query}").text))
    )
    assert len(rows) == total > 0
    assert all("PAK" in r["countries"].split() and r["kind"] == "aid" for r in rows)
    records = json.loads(viewer.client.get(f"/downloads/records.json?{query}").text)
    assert [r["id"] for r in records] == [int(r["id"]) for r in rows]


def test_document_view_highlights_each_fact_at_its_evidence(viewer) -> None:
    hit = viewer.client.get("/api/search?q=Belgrade Nikola Tesla").json()["documents"][0]
    document = viewer.client.get(f"/api/documents/{hit['document_id']}").json()
    html = viewer.client.get(f"/documents/{hit['document_id']}").text
    for fact in document["facts"]:
        if fact["kind"] in ("aid", "event", "quote", "claim"):
            assert f'href="/facts/{fact["id"]}"' in html
    all_kinds = viewer.client.get(f"/documents/{hit['document_id']}?show=entity").text
    assert 'class="hl hl-entity' in all_kinds and 'class="hl hl-aid' not in all_kinds


def test_correcting_a_quantity_through_the_form(analyst, demo_store: Store) -> None:
    fact = _aid_fact(analyst)
    page = analyst.client.get(f"/facts/{fact['id']}?edit=1").text
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    old = fact["fields"]["items"][0]["quantity"]
    form = {"version": version, "reason": "source says 12,345", "items.0.quantity": "12,345"}
    response = analyst.post_form(f"/facts/{fact['id']}/correct", form)
    assert response.status_code == 303 and response.headers["location"] == f"/facts/{fact['id']}"
    after = analyst.client.get(f"/facts/{fact['id']}")
    assert "corrected: items.0.quantity" in after.text  # the flash message
    data = analyst.client.get(f"/api/facts/{fact['id']}").json()
    assert data["review_status"] == "corrected"
    assert data["fields"]["items"][0]["quantity"] == 12345
    entry = data["audit"][0]
    assert entry["actor"] == "ana" and entry["action"] == "correct"
    assert entry["before"]["items.0.quantity"] == old
    assert entry["after"]["items.0.quantity"] == 12345
    assert entry["reason"] == "source says 12,345"
    dashboard = analyst.client.get("/dashboard").text
    assert f"ana corrected fact {fact['id']}: items.0.quantity" in dashboard
    # The same form again is a stale edit: it would silently undo a change made meanwhile.
    again = analyst.post_form(f"/facts/{fact['id']}/correct", {**form, "items.0.quantity": "1"})
    assert "changed by someone else" in analyst.client.get(again.headers["location"]).text


def test_a_correction_can_add_and_remove_list_rows(analyst) -> None:
    fact = _aid_fact(analyst)
    recipients = fact["fields"]["recipients"]
    n = len(recipients)
    form = {f"recipients.{n}.country": "Mozambique", f"recipients.{n}.institution_type": "health"}
    analyst.post_form(f"/facts/{fact['id']}/correct", form)
    added = analyst.client.get(f"/api/facts/{fact['id']}").json()["fields"]["recipients"]
    assert added[-1]["country"] == "MOZ" and len(added) == n + 1
    analyst.post_form(
        f"/facts/{fact['id']}/correct",
        {f"recipients.{n}._remove": "1", f"recipients.{n}.country": "MOZ"},
    )
    removed = analyst.client.get(f"/api/facts/{fact['id']}").json()["fields"]["recipients"]
    assert len(removed) == n


def test_a_bad_correction_is_explained_and_changes_nothing(analyst) -> None:
    fact = _aid_fact(analyst)
    response = analyst.post_form(f"/facts/{fact['id']}/correct", {"donor.channel": "aliens"})
    page = analyst.client.get(response.headers["location"]).text
    assert "donor.channel" in page and "flash error" in page
    assert analyst.client.get(f"/api/facts/{fact['id']}").json()["review_status"] == "pending"


def test_review_queue_accept_and_reject_with_reason(analyst) -> None:
    first, second = analyst.client.get("/api/review/queue?limit=2").json()["items"]
    assert (
        analyst.post_json(f"/api/facts/{first['fact_id']}/accept", {}).json()["review_status"]
        == "accepted"
    )
    assert (
        analyst.post_json(f"/api/facts/{second['fact_id']}/reject", {"reason": ""}).status_code
        == 422
    )
    rejected = analyst.post_json(
        f"/api/facts/{second['fact_id']}/reject", {"reason": "a pledge, not aid"}
    )
    assert rejected.json()["review_status"] == "rejected"
    queue = analyst.client.get("/api/review/queue").json()["items"]
    assert first["fact_id"] not in [i["fact_id"] for i in queue]
    page = analyst.client.get("/review?status=rejected").text
    assert f'data-fact="{second["fact_id"]}"' in page
    history = analyst.client.get(f"/api/audit?fact={second['fact_id']}").json()
    assert history[0]["reason"] == "a pledge, not aid"


def test_canonical_record_page_and_split_then_merge(analyst) -> None:
    # A record merged from several facts, split in two, then merged back.
    merged = None
    for item in analyst.client.get("/api/dashboard/records?kind=aid&limit=200").json()["items"]:
        for record_id in analyst.client.get(f"/api/facts/{item['id']}").json()["canonical_records"]:
            record = analyst.client.get(f"/api/canonical/{record_id}").json()["record"]
            if len(record["members"]) == 2:
                merged = record
                break
        if merged:
            break
    assert merged is not None
    page = analyst.client.get(f"/canonical/{merged['id']}").text
    assert "Split off ticked facts" in page and "Merge records" in page
    a, b = (m["fact_id"] for m in merged["members"])
    split = analyst.post_json(
        f"/api/canonical/{merged['id']}/split", {"fact_ids": [b], "reason": "two flights"}
    )
    assert split.status_code == 200, split.text
    country = merged["recipient_country"]

    def record_of(fact_id: int) -> dict:
        for record_id in analyst.client.get(f"/api/facts/{fact_id}").json()["canonical_records"]:
            record = analyst.client.get(f"/api/canonical/{record_id}").json()["record"]
            if record["recipient_country"] == country:
                return record
        raise AssertionError(f"fact {fact_id} has no record for {country}")

    record_a, record_b = record_of(a)["id"], record_of(b)["id"]
    assert record_a != record_b
    # The split holds (cannot_link), so merging them back is refused by resolve, and says so.
    again = analyst.post_json(
        f"/api/canonical/{record_a}/merge", {"other": record_b, "reason": "same after all"}
    )
    assert again.status_code == 200 and again.json()["done"] is False, again.text
    actions = [e["action"] for e in analyst.client.get("/api/audit?actor=ana").json()]
    assert "split" in actions and "cannot_link" in actions and "merge" in actions
