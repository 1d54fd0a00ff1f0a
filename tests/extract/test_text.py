"""Sentences and offset-keeping masks."""

from __future__ import annotations

import pytest

from dashboard.extract.ingest import blank_markup
from dashboard.extract.text import blank, fold, sentence_at, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two three.", ["One.", "Two three."]),
        (
            "Mr Assad spoke. The U.N. Security Council met.",
            ["Mr Assad spoke.", "The U.N. Security Council met."],
        ),
        ("Headline\nBody line one. Body two.", ["Headline", "Body line one.", "Body two."]),
        # a hard-wrapped line goes on where the line before has no stop and the next is in lower case
        (
            "At least 937 killed and 1,343\n\n\npeople injured.",
            ["At least 937 killed and 1,343\n\n\npeople injured."],
        ),
        ("nine in Khyber Pakhtunkhwa\n(KP) and three.", ["nine in Khyber Pakhtunkhwa\n(KP) and three."]),
        ("Aid arrives\nOfficials said.", ["Aid arrives", "Officials said."]),
        ("It ended.\nthen more.", ["It ended.", "then more."]),
        ("It began at 5 a.m. on Monday.", ["It began at 5 a.m. on Monday."]),
        ('"It is over," he said. Then silence.', ['"It is over," he said.', "Then silence."]),
        ("An enclave of 2.5 sq km. Next.", ["An enclave of 2.5 sq km.", "Next."]),
        ("Gen. Smith arrived. Dec. 13 was cold.", ["Gen. Smith arrived.", "Dec. 13 was cold."]),
    ],
)
def test_sentences(text, expected):
    assert [text[s:e] for s, e in sentences(text)] == expected


def test_sentence_at_finds_the_enclosing_sentence():
    text = "First one. Second one here."
    spans = sentences(text)
    assert text[slice(*sentence_at(spans, text.index("here")))] == "Second one here."


def test_blank_keeps_length_and_line_breaks():
    text = "keep\nDROP THIS\nkeep"
    out = blank(text, [(5, 14)])
    assert len(out) == len(text) and out.split("\n") == ["keep", " " * 9, "keep"]


def test_markup_is_blanked_with_offsets_kept():
    html = "<p>Some <b>3,000</b> people &amp; 20 buses</p><script>var n = 99;</script>"
    body = blank_markup(html)
    assert len(body) == len(html)
    assert fold(body) == "Some 3,000 people & 20 buses"
    assert body[html.index("3,000") : html.index("3,000") + 5] == "3,000"
