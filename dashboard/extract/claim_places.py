"""How two places relate when figures are grouped into claims: one place (a district and its town,
one site named with other site words), nested (a city in its country) or apart; and which places are
wide (a country, a region: their figures sum parts)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from dashboard.extract.sites import FACILITY_WORDS

# Places whose figures sum parts: a number with no place may be one of them.
WIDE_KINDS = frozenset({"country", "region"})

# Places that are a town or larger: a figure there is not a figure of the province or country above.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "locality", "region", "province", "country"})


class PlaceTest:
    """How two different place ids relate. `same`: one place, a district (camp, crossing, site)
    and the town it lies in, where figures may agree or conflict. `nested`: one lies anywhere
    inside the other (a city and its country), where the same number agrees but different
    numbers are no conflict: a country's figure may count more than a city's."""

    def __init__(self, parents: Mapping[str, str], kinds: Mapping[str, str]):
        self.parents = parents
        self.kinds = kinds
        self.town_parent = {p: up for p, up in parents.items() if kinds.get(p) not in SETTLEMENT_KINDS}
        self._seen: dict[tuple[str, bool], frozenset[str]] = {}
        self._fits: dict[tuple[tuple, tuple, bool], bool] = {}

    def _ancestors(self, place: str, town_only: bool) -> frozenset[str]:
        key = (place, town_only)
        if key not in self._seen:
            self._seen[key] = self._climb(place, self.town_parent if town_only else self.parents)
        return self._seen[key]

    @staticmethod
    def _climb(place: str, links: Mapping[str, str]) -> frozenset[str]:
        seen: set[str] = set()
        while place in links and links[place] not in seen and len(seen) < 10:
            place = links[place]
            seen.add(place)
        return frozenset(seen)

    def wide(self, place: str | None) -> bool:
        """A country or region: its figures sum parts a number with no place may be one of."""
        return self.kinds.get(place or "") in WIDE_KINDS

    def within(self, a: str, b: str) -> bool:
        """Whether a lies inside b (a district in its city, a city in its country)."""
        return b in self._ancestors(a, False)

    def same(self, a: str, b: str) -> bool:
        return b in self._ancestors(a, True) or a in self._ancestors(b, True) or self._one_site(a, b)

    def _one_site(self, a: str, b: str) -> bool:
        """Two sites of one kind on one place, named alike but for their site words ("Azovstal
        steel plant", "Azovstal steel mill", "Azovstal steelworks"): one site."""
        name = _site_name(a)
        return name is not None and name == _site_name(b) and self.kinds.get(a) == self.kinds.get(b)

    def nested(self, a: str, b: str) -> bool:
        return b in self._ancestors(a, False) or a in self._ancestors(b, False)

    def fit(self, a: tuple, b: tuple, nested: bool = False) -> bool:
        """Whether two place tuples (place, region, country) fit, word by word (grouping.places_fit).
        Kept per pair: grouping a corpus asks it of a few thousand pairs hundreds of thousands of times."""
        key = (a, b, nested)
        known = self._fits.get(key)
        if known is None:
            test = self.nested if nested else self.same
            known = all(x is None or y is None or x == y or test(x, y) for x, y in zip(a, b, strict=True))
            self._fits[key] = known
        return known


@cache
def _site_name(place_id: str) -> tuple[str, tuple[str, ...]] | None:
    """A site's place and the words of its name that are not site words (sites.py: `<parent>__<slug>`)."""
    parent, sep, name = place_id.rpartition("__")
    words = tuple(w for w in name.split("_") if w not in FACILITY_WORDS)
    return (parent, words) if sep and words else None
