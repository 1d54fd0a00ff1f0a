"""The opt-in online geocoder, against a local server on 127.0.0.1 that answers like Nominatim."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from geopy.geocoders import Nominatim

from dashboard import schema
from dashboard.extract import places

# What the fake Nominatim knows: query -> results, best first (as Nominatim's /search?format=json).
ANSWERS = {
    "Bloudan": [
        {"lat": "33.6500", "lon": "35.9500", "country_code": "lb", "type": "village"},  # a namesake
        {"lat": "33.7317", "lon": "36.1369", "country_code": "sy", "type": "town"},
    ],
    "Anadan": [{"lat": "36.2939", "lon": "37.0447", "country_code": "sy", "type": "town"}],
    "Kafr Hamra": [{"lat": "36.2600", "lon": "37.0900", "country_code": "sy", "type": "village"}],
}


def nominatim_result(query: str, n: int, answer: dict, address: bool) -> dict:
    result = {
        "place_id": 1000 + n,
        "osm_type": "node",
        "osm_id": 5000 + n,
        "lat": answer["lat"],
        "lon": answer["lon"],
        "class": "place",
        "type": answer["type"],
        "addresstype": answer["type"],
        "name": query,
        "display_name": f"{query}, {answer['country_code'].upper()}",
        "importance": 0.5,
    }
    if address:
        result["address"] = {answer["type"]: query, "country_code": answer["country_code"]}
    return result


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        type(self).requests.append({"path": url.path, **params})
        if url.path != "/search":
            self.send_error(404)
            return
        if params.get("q") == "Broken":
            self.send_error(500)
            return
        answers = ANSWERS.get(params.get("q", ""), [])[: int(params.get("limit", 1))]
        body = json.dumps(
            [
                nominatim_result(params["q"], n, a, params.get("addressdetails") == "1")
                for n, a in enumerate(answers)
            ]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture()
def nominatim():
    """A geopy Nominatim pointed at a fake server on a free local port; its requests are recorded."""
    FakeNominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Nominatim(
            domain=f"127.0.0.1:{server.server_port}",
            scheme="http",
            user_agent="crisis-dashboard-tests",
            proxies={},
            timeout=5,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_fills_the_cache_prefers_syria_and_records_misses(nominatim):
    cache = places.geocode_online(
        ["Bloudan", "Atlantis", "Anadan", "Bloudan"], None, nominatim, min_delay_seconds=0
    )
    assert list(cache.columns) == schema.GEOCODE_CACHE.column_names
    assert cache["query"].tolist() == ["Anadan", "Atlantis", "Bloudan"]  # sorted, each asked once
    bloudan = cache.set_index("query").loc["Bloudan"]
    assert (bloudan["lat"], bloudan["lon"], bloudan["country_code"]) == (33.7317, 36.1369, "SY")
    assert bloudan["source"].startswith("nominatim")
    atlantis = cache.set_index("query").loc["Atlantis"]
    assert pd.isna(atlantis["lat"]) and pd.isna(atlantis["name"]) and atlantis["source"] == "nominatim"
    asked = FakeNominatim.requests
    assert sorted(r["q"] for r in asked) == ["Anadan", "Atlantis", "Bloudan"]
    assert all(r["path"] == "/search" and r["format"] == "json" and r["addressdetails"] == "1" for r in asked)
    assert all(r["countrycodes"].split(",")[0] == "sy" for r in asked)


def test_a_second_call_with_the_filled_cache_asks_nothing(nominatim):
    cache = places.geocode_online(
        ["Bloudan", "Atlantis"], schema.GEOCODE_CACHE.empty(), nominatim, min_delay_seconds=0
    )
    asked_first = len(FakeNominatim.requests)
    again = places.geocode_online(["Atlantis", "Bloudan"], cache, nominatim, min_delay_seconds=0)
    assert len(FakeNominatim.requests) == asked_first == 2
    pd.testing.assert_frame_equal(again, cache)
    more = places.geocode_online(["Bloudan", "Kafr Hamra"], cache, nominatim, min_delay_seconds=0)
    assert [r["q"] for r in FakeNominatim.requests[asked_first:]] == ["Kafr Hamra"]
    assert more["query"].tolist() == ["Atlantis", "Bloudan", "Kafr Hamra"]


def test_a_failing_service_leaves_the_name_to_ask_again(nominatim):
    cache = places.geocode_online(["Broken", "Anadan"], None, nominatim, min_delay_seconds=0)
    assert cache["query"].tolist() == ["Anadan"]


def test_the_rebuilt_gazetteer_locates_the_names_offline(nominatim):
    body = "Fighters left the town of Kafr Hamra for Bloudan and Atlantis."
    offline = places.load_gazetteer()
    asked = [name for name, _, _ in places.candidate_names(body, places.find_mentions(body, offline))]
    assert asked == ["Kafr Hamra", "Bloudan", "Atlantis"]
    cache = places.geocode_online(asked, None, nominatim, min_delay_seconds=0)
    rebuilt = places.load_gazetteer(cache)
    mentions = places.find_mentions(body, rebuilt)
    assert [(m["surface"], m["place_id"]) for m in mentions] == [
        ("Kafr Hamra", "nominatim_kafr_hamra"),
        ("Bloudan", "nominatim_bloudan"),
        ("Atlantis", "unlocated__atlantis"),  # Nominatim does not know it either: still unlocated
    ]
    location = places.GazetteerGeocoder(rebuilt).geocode("Bloudan")
    assert (location.latitude, location.longitude) == (33.7317, 36.1369)
    # still a candidate, but a cached miss: asking again sends no request
    assert places.candidate_names(body, mentions) == [("Atlantis", 53, 61)]
    asked_before = len(FakeNominatim.requests)
    places.geocode_online(["Atlantis"], cache, nominatim, min_delay_seconds=0)
    assert len(FakeNominatim.requests) == asked_before
