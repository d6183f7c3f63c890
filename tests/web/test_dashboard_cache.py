"""The dashboard's cached aggregates and summaries never show a view older than the data, and
its API answers 304 to a client that already holds the current one (`web/dashboard_cache.py`)."""

from __future__ import annotations


def _aid_record(analyst) -> dict:
    data = analyst.client.get("/api/dashboard?kind=aid&limit=50").json()
    return data["records"]["items"][0]


def test_a_correction_shows_at_once_on_the_cached_dashboard(analyst) -> None:
    record = _aid_record(analyst)
    fact = analyst.client.get(f"/api/facts/{record['id']}").json()
    quantity = 987654
    analyst.client.get("/dashboard")  # cached now
    response = analyst.post_json(
        f"/api/facts/{record['id']}/correct",
        {"changes": {"items.0.quantity": quantity}, "version": fact["version"]},
    )
    assert response.status_code == 200, response.text
    again = next(
        r for r in analyst.client.get("/api/dashboard?kind=aid&limit=50").json()["records"]["items"]
        if r["id"] == record["id"]
    )  # fmt: skip
    assert again["summary"] != record["summary"]
    assert "987,654" in again["summary"] or "987654" in again["summary"]
    assert again["review_status"] == "corrected"


def test_a_rejection_changes_the_cached_counts(analyst) -> None:
    before = analyst.client.get("/api/dashboard?status=rejected").json()["total"]
    record = _aid_record(analyst)
    response = analyst.post_json(f"/api/facts/{record['id']}/reject", {"reason": "duplicate"})
    assert response.status_code == 200, response.text
    assert analyst.client.get("/api/dashboard?status=rejected").json()["total"] == before + 1


def test_the_dashboard_api_answers_304_while_nothing_changed(analyst) -> None:
    first = analyst.client.get("/api/dashboard?kind=aid")
    tag = first.headers["ETag"]
    same = analyst.client.get("/api/dashboard?kind=aid", headers={"If-None-Match": tag})
    assert same.status_code == 304
    other = analyst.client.get("/api/dashboard?kind=event", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["ETag"] != tag
    record = _aid_record(analyst)
    analyst.post_json(f"/api/facts/{record['id']}/accept", {"reason": "checked"})
    changed = analyst.client.get("/api/dashboard?kind=aid", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
