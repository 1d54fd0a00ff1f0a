"""Online geocoding (opt-in, `--online-geocoding`): the names no gazetteer locates are asked of
OpenStreetMap's Nominatim through geopy, one request a second as its usage policy asks, and the
answers (and misses) kept in the geocode cache so later builds stay reproducible offline.
"""

from __future__ import annotations

import logging
from functools import partial

import pandas as pd
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard import schema
from dashboard.extract.gazetteer import SYRIA

log = logging.getLogger(__name__)

USER_AGENT = "crisis-dashboard/0.1 (offline-first news extraction; geocodes each name once)"
# Nominatim is asked within Syria and its neighbours, preferring Syrian answers.
ONLINE_COUNTRIES = ("sy", "tr", "lb", "jo", "iq")
ONLINE_CANDIDATES = 5


def geocode_online(
    names: list[str],
    cache_df: pd.DataFrame | None,
    geocoder: Geocoder | None = None,
    min_delay_seconds: float = 1.0,
) -> pd.DataFrame:
    """Ask Nominatim for the names not in the cache; return the cache with their answers (and misses).

    A miss is kept with empty name/lat/lon so it is not asked again; a network or service error is
    logged and the name left out, to be asked on the next online build. Sorted by query.
    """
    cache = (
        schema.GEOCODE_CACHE.empty() if cache_df is None else schema.enforce(cache_df, schema.GEOCODE_CACHE)
    )
    asked = set(cache["query"].dropna())
    todo = sorted({n.strip() for n in names if n and n.strip()} - asked)
    if not todo:
        return cache
    geocoder = geocoder or Nominatim(user_agent=USER_AGENT)
    ask = RateLimiter(
        partial(
            geocoder.geocode,
            exactly_one=False,
            limit=ONLINE_CANDIDATES,
            addressdetails=True,
            country_codes=list(ONLINE_COUNTRIES),
        ),
        min_delay_seconds=min_delay_seconds,
        max_retries=1,
        error_wait_seconds=min_delay_seconds,
        swallow_exceptions=False,
    )
    answers = []
    for name in todo:
        try:
            found = ask(name)
        except GeopyError as err:
            log.warning("online geocoding of %r failed (%s); will ask again next time", name, err)
            continue
        answers.append(_cache_answer(name, found))
    if not answers:
        return cache
    fresh = pd.DataFrame(answers, columns=schema.GEOCODE_CACHE.column_names)
    frames = [f for f in (cache, fresh) if not f.empty]
    return schema.enforce(pd.concat(frames, ignore_index=True), schema.GEOCODE_CACHE)


def _cache_answer(name: str, found: list[Location] | Location | None) -> dict:
    """One cache row: the first Syrian answer, else the first answer, else a miss."""
    miss = {"query": name, "name": None, "lat": None, "lon": None, "kind": None, "country_code": None}
    if not found:
        return miss | {"source": "nominatim"}
    found = found if isinstance(found, list) else [found]
    best = next((loc for loc in found if _country(loc) == SYRIA), found[0])
    raw = best.raw or {}
    return {
        "query": name,
        "name": best.address,
        "lat": best.latitude,
        "lon": best.longitude,
        "kind": raw.get("addresstype") or raw.get("type"),
        "country_code": _country(best),
        "source": "nominatim" + (f":{raw['osm_type']}/{raw['osm_id']}" if raw.get("osm_id") else ""),
    }


def _country(location: Location) -> str | None:
    code = ((location.raw or {}).get("address") or {}).get("country_code")
    return code.upper() if code else None
