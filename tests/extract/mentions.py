"""Place mentions as the place tests compare them."""

from __future__ import annotations

from dashboard.extract import places


def found(text: str, gaz) -> list[tuple[str, str]]:
    """(surface, place_id) of each place mention in text; each mention's words are the text at its offsets."""
    mentions = places.find_mentions(text, gaz)
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["surface"]
    return [(m["surface"], m["place_id"]) for m in mentions]
