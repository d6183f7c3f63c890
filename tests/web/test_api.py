"""The JSON API shows what the pages show, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from chinatracker.store.database import Store


def test_openapi_describes_every_api_route_and_no_page(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/dashboard",
        "/api/dashboard/records",
        "/api/search",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/facts/{fact_id}",
        "/api/facts/{fact_id}/correct",
        "/api/facts/{fact_id}/accept",
        "/api/facts/{fact_id}/reject",
        "/api/canonical/{record_id}",
        "/api/canonical/{record_id}/merge",
        "/api/canonical/{record_id}/split",
        "/api/review/queue",
        "/api/audit",
        "/api/me",
        "/api/users",
    ):
        assert path in paths
    assert all(p.startswith("/api/") for p in paths)
    # The interactive docs would load scripts from a CDN: they are off.
    assert client.get("/docs").status_code == 404


def test_dashboard_api_counts_and_filters(viewer, demo_store: Store) -> None:
    everything = viewer.client.get("/api/dashboard").json()
    assert everything["total"] == sum(everything["by_kind"].values()) > 100
    assert everything["by_kind"]["aid"] > 50
    assert "SRB" in everything["by_country"]
    military = viewer.client.get("/api/dashboard?channel=military&country=ZWE").json()
    assert military["filters"] == {"channel": ["military"], "country": ["ZWE"]}
    assert set(military["by_kind"]) == {"aid"}
    assert 0 < military["total"] < everything["total"]
    assert all("ZWE" in r["countries"] for r in military["records"]["items"])
    by_name = viewer.client.get("/api/dashboard?channel=military&country=Zimbabwe").json()
    assert by_name["total"] == military["total"]


def test_dashboard_api_reports_filters_it_could_not_read(viewer) -> None:
    response = viewer.client.get("/api/dashboard?country=Atlantis&from=soon&status=maybe").json()
    assert len(response["ignored"]) == 3
    assert response["filters"] == {}


def test_dashboard_records_are_paged_newest_first(viewer) -> None:
    first = viewer.client.get("/api/dashboard/records?kind=aid&limit=5").json()
    second = viewer.client.get("/api/dashboard/records?kind=aid&limit=5&offset=5").json()
    assert first["total"] == second["total"] > 10
    assert len(first["items"]) == 5
    ids = [r["id"] for r in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    dates = [r["date"] for r in first["items"] + second["items"] if r["date"]]
    assert dates == sorted(dates, reverse=True)
    assert all(r["summary"] for r in first["items"])


def test_search_api_finds_documents_and_facts_with_marked_snippets(viewer) -> None:
    documents = viewer.client.get("/api/search?q=ventilators Portugal").json()
    assert documents["total"] >= 1
    hit = documents["documents"][0]
    assert "ventilators" in hit["snippet"].lower()
    assert "<mark>" in hit["snippet_html"]
    facts = viewer.client.get("/api/search?q=protective suits&scope=facts").json()
    assert facts["total"] >= 1
    assert {f["kind"] for f in facts["facts"]} <= {"aid", "event", "quote", "claim"}
    assert all("<mark>" in f["snippet_html"] for f in facts["facts"])


def test_search_api_stems_and_pages(viewer) -> None:
    delivery = viewer.client.get("/api/search?q=delivery&limit=100").json()
    deliveries = viewer.client.get("/api/search?q=deliveries&limit=100").json()
    assert delivery["total"] == deliveries["total"] > 1
    page = viewer.client.get("/api/search?q=masks&limit=2&offset=2").json()
    assert len(page["documents"]) == 2


def test_search_api_refuses_an_empty_query(viewer) -> None:
    assert viewer.client.get("/api/search?q=%22%22").status_code == 400
    assert viewer.client.get("/api/search").status_code == 422


def test_document_api_gives_text_and_fact_spans_into_it(viewer) -> None:
    hit = viewer.client.get("/api/search?q=Belgrade Nikola Tesla").json()["documents"][0]
    document = viewer.client.get(f"/api/documents/{hit['document_id']}").json()
    assert document["facts"]
    for fact in document["facts"]:
        for start, end in fact["spans"]:
            assert 0 <= start < end <= len(document["text"])
    listing = viewer.client.get("/api/documents?limit=10").json()
    assert listing["total"] >= 50 and len(listing["items"]) == 10


def test_fact_api_has_contract_record_fields_and_history(viewer) -> None:
    queue_item = viewer.client.get("/api/dashboard/records?kind=aid&limit=1").json()["items"][0]
    fact = viewer.client.get(f"/api/facts/{queue_item['id']}").json()
    assert fact["kind"] == "aid"
    assert fact["record"]["donor"]["channel"] in fact["summary"]
    assert "items" in fact["fields"] and "evidence" not in fact["fields"]
    assert fact["evidence"][0]["quote"]
    assert fact["audit"] == []
    assert viewer.client.get("/api/facts/999999").status_code == 404


def test_review_queue_api_puts_unsure_high_impact_first(analyst) -> None:
    """Confidence is calibrated, so the facts nearest 0.5 are the ones the extractor is least
    sure of; the queue offers those of most impact first (review/queue.py)."""
    queue = analyst.client.get("/api/review/queue?limit=50").json()
    priorities = [item["priority"] for item in queue["items"]]
    assert priorities == sorted(priorities, reverse=True)
    assert queue["total"] > 50
    first, last = queue["items"][0], queue["items"][-1]
    assert abs(first["confidence"] - 0.5) <= abs(last["confidence"] - 0.5) + 0.25
    assert first["kind"] in ("aid", "event")


def test_me_says_who_and_what(analyst) -> None:
    me = analyst.client.get("/api/me").json()
    assert me == {
        "name": "ana",
        "role": "analyst",
        "permissions": ["browse", "read", "review"],
        "public": False,
    }
