import pytest

from dashboard.view import excerpts
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import XSS_LINE, XSS_TITLE, make_tables, texts


def text_getter(xss=False):
    by_article = {name.split(".")[0]: text for name, text in texts(xss).items()}
    return by_article.get


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        ("82 civilians killed", [(0, 12, "figure")], '<mark class="cd-figure">82 civilians</mark> killed'),
        ("in Foua and Kefraya", [(3, 7, "place"), (12, 19, "place")],
         'in <mark class="cd-place">Foua</mark> and <mark class="cd-place">Kefraya</mark>'),
        # Overlap: the figure wins where both cover a character.
        ("Five buses on Thursday", [(0, 10, "figure"), (5, 22, "date")],
         '<mark class="cd-figure">Five buses</mark><mark class="cd-date"> on Thursday</mark>'),
        # Offsets relative to a sentence that starts at 100.
        ("Foua", [(100, 104, "place")], '<mark class="cd-place">Foua</mark>'),
        # Spans outside the text and unknown kinds are dropped; white space is folded.
        ("a\n\n  b", [(50, 60, "figure"), (0, 1, "other")], "a b"),
        ("<b>5 & 6</b>", [(3, 8, "figure")], '&lt;b&gt;<mark class="cd-figure">5 &amp; 6</mark>&lt;/b&gt;'),
    ],
)  # fmt: skip
def test_highlight(text, spans, expected):
    offset = 100 if spans and spans[0][0] == 100 else 0
    assert excerpts.highlight(text, spans, offset=offset) == expected


@pytest.mark.parametrize("attack", [XSS_LINE, "<script>alert(1)</script>", '"><svg onload=alert(1)>'])
def test_report_text_is_escaped(attack):
    out = excerpts.highlight(f"Before {attack} after", [(0, 6, "place")])
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert "&lt;" in out


def test_fallback_highlights_by_words():
    out = excerpts.highlight_words(
        "At least 82 civilians were killed", [("82 civilians", "figure"), ("", "date")]
    )
    assert out == 'At least <mark class="cd-figure">82 civilians</mark> were killed'


def test_excerpts_group_sentences_by_report_with_highlights():
    tables = make_tables()
    body, shown, total = excerpts.excerpts_html(tables, text_getter())
    assert shown == total == 11  # the distinct sentences behind 7 figures and 5 events
    assert body.index("Daily One") < body.index("Two News")  # reports by publication date
    assert '<mark class="cd-figure">15,000 people</mark>' in body
    assert '<mark class="cd-place">Foua</mark>' in body
    assert '<mark class="cd-date">Wednesday</mark>' in body
    assert "published 2016-12-15 (inferred)" in body


def test_excerpts_limit_and_fallback_without_text():
    tables = make_tables()
    body, shown, total = excerpts.excerpts_html(tables, lambda _: None, limit=2)
    assert (shown, total) == (2, 11)
    assert body.count("<blockquote>") == 2 and '<mark class="cd-figure">' in body  # the ones that say most
    body, shown, _ = excerpts.excerpts_html(tables, lambda _: None, limit=None)
    assert shown == 11
    assert '<mark class="cd-date">Tuesday</mark>' in body  # found in the quote by its words


def test_excerpts_follow_the_focus():
    from dashboard.view import filters

    tables = make_tables()
    focused = filters.focus(tables, ViewState(selected_places=("gn:foua",)))
    body, shown, total = excerpts.excerpts_html(focused, text_getter())
    assert total == 1 and "Kefraya" in body and "Wednesday" not in body


def test_xss_report_renders_as_text():
    tables = make_tables(xss=True)
    body, _, _ = excerpts.excerpts_html(tables, text_getter(xss=True))
    full = excerpts.report_html(tables, "c3", text_getter(xss=True)("c3"))
    for out in (body, full):
        assert "<script>" not in out and "<img" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
        assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert XSS_TITLE not in full


def test_full_report_has_every_highlight_and_its_header():
    tables = make_tables()
    full = excerpts.report_html(tables, "b2", text_getter()("b2"))
    assert full.count("<mark") == 2 + 2 + 4  # figures, dates, place names
    assert "Ceasefire back on track" in full and "Two News" in full
    assert full.count("<p>") == 6
    missing = excerpts.report_html(tables, "b2", None)
    assert "not at hand" in missing


def test_header_links_only_web_addresses():
    row = {
        "title": "T",
        "outlet": "O",
        "published": None,
        "url": "javascript:alert(1)",
        "source_file": "f.txt",
    }
    assert "href" not in excerpts.article_header(row)
    assert "publication date unknown" in excerpts.article_header(row)
    row["url"] = 'https://example.org/a?b="c"'
    assert 'href="https://example.org/a?b=&quot;c&quot;"' in excerpts.article_header(row)


def test_figure_excerpt():
    tables = make_tables()
    fig = tables["figures"].set_index("figure_id").loc["b2-f004"].to_dict() | {"article_id": "b2"}
    out = excerpts.figure_excerpt(tables, fig, text_getter())
    assert '<mark class="cd-figure">82 civilians</mark>' in out
    assert '<mark class="cd-place">Aleppo</mark>' in out


def test_highlights_can_come_from_the_whole_tables():
    from dashboard.view import filters

    tables = make_tables()
    focused = filters.focus(tables, ViewState(selected_places=("gn:foua",)))
    body, _, _ = excerpts.excerpts_html(focused, text_getter(), spans_from=tables)
    assert '<mark class="cd-place">Kefraya</mark>' in body  # named in the sentence, though not selected
    assert '<mark class="cd-place">Kefraya</mark>' not in excerpts.excerpts_html(focused, text_getter())[0]
