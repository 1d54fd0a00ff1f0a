"""A place's own colour on the map: the same in every view (chosen from its id, not its rank),
and not one a place near it has (or one like it), where the palette allows."""

from __future__ import annotations

import hashlib
import math

import pandas as pd

from dashboard.view.plotting import OKABE_ITO

PLACE_COLOURS = ["blue", "vermillion", "green", "purple", "orange", "sky"]


def place_colour(place_id: str) -> str:
    """A place's own colour, the same in every view: picked by a digest of its id (not its rank,
    which changes with the filters; not Python's hash(), which changes with each process)."""
    return OKABE_ITO[_preferences(place_id)[0]]


CLASH_KM = 80.0  # places closer than this are told apart by colour (where six colours allow)


SIMILAR_COLOURS = ({"blue", "sky"}, {"vermillion", "orange"})  # told apart less well side by side


def _preferences(place_id: str) -> list[str]:
    """The palette in the order a place prefers it: by a digest of its id and each colour."""
    digest = hashlib.sha256(str(place_id).encode("utf-8")).digest()
    first = digest[0] % len(PLACE_COLOURS)
    rest = sorted(
        (c for i, c in enumerate(PLACE_COLOURS) if i != first),
        key=lambda c: hashlib.sha256(f"{place_id}\x00{c}".encode()).digest(),
    )
    return [PLACE_COLOURS[first], *rest]


def _clash(a: str, b: str) -> float:
    return 3.0 if a == b else 1.0 if {a, b} in SIMILAR_COLOURS else 0.0


def place_colours(places: pd.DataFrame, clash_km: float = CLASH_KM) -> dict[str, str]:
    """The colour (hex) of each place (`places`: lat, lon, indexed by place id), from its id and
    the places near it, not from any view: computed over the whole places table (maps.place_colours),
    so a place keeps it whichever filter is on. Places are
    taken in id order; each takes the colour it prefers (place_colour) unless a place nearer than
    `clash_km` already has it or a similar one (blue and sky, vermillion and orange): then the
    preferred colour that clashes least, nearer neighbours weighing more."""
    located = places.sort_index(kind="stable")
    lat = located["lat"].astype(float).to_numpy()
    lon = located["lon"].astype(float).to_numpy()
    ids = [str(i) for i in located.index]
    picked: list[str] = []
    for i, pid in enumerate(ids):
        dist = _km(lat[:i], lon[:i], float(lat[i]), float(lon[i])) if i else lat[:0]
        near = [(picked[j], 1.0 - float(dist[j]) / clash_km) for j in range(i) if dist[j] < clash_km]
        prefs = _preferences(pid)
        scores = [sum(w * _clash(c, other) for other, w in near) for c in prefs]
        picked.append(prefs[scores.index(min(scores))])
    return {pid: OKABE_ITO[c] for pid, c in zip(ids, picked, strict=True)}


def _km(lat, lon, lat0: float, lon0: float):
    """Distance in km (equirectangular, as maps._km), arrays or floats."""
    dlat = (lat - lat0) * 111.2
    dlon = (lon - lon0) * 111.2 * math.cos(math.radians(lat0))
    return (dlat**2 + dlon**2) ** 0.5
