"""Reports in the forms analysts have: PDF, Word, UTF-16 and UTF-32 text with a byte-order mark."""

from __future__ import annotations

import codecs

import pytest

from dashboard.extract import formats, ingest, pipeline
from tests.extract.documents import PAGES, docx_bytes, pdf_bytes

FIGURE_LINE = PAGES[2][1]


@pytest.mark.parametrize("name, make", [("update.pdf", pdf_bytes), ("update.docx", docx_bytes)])
def test_documents_are_read_with_their_pages(name, make):
    ing, problems = ingest.read_report(name, make())
    assert ing is not None and not problems
    text = ing.doc.raw
    assert ing.encoding == name.rsplit(".", 1)[1]
    for page, lines in enumerate(PAGES, start=1):
        for line in lines:
            assert formats.page_at(text, text.index(line)) == page, line
    assert len(formats.page_starts(text)) == len(PAGES)


def test_word_tables_are_rows_of_cells():
    ing, _ = ingest.read_report("t.docx", docx_bytes(table=[["Place", "People"], ["Idlib", "3,000"]]))
    assert "Place\tPeople\nIdlib\t3,000" in ing.doc.raw


@pytest.mark.parametrize(
    "text, offset, page",
    [("no pages", 3, None), ("one\f\ntwo", 0, 1), ("one\f\ntwo", 5, 2), ("a\fb\fc", 4, 3), ("a\fb", -1, 1)],
)
def test_page_at(text, offset, page):
    assert formats.page_at(text, offset) == page


@pytest.mark.parametrize("name", ["update.pdf", "update.docx"])
def test_a_document_builds_like_a_text_report(tmp_path, name):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / name).write_bytes(pdf_bytes() if name.endswith(".pdf") else docx_bytes())
    result = pipeline.build(seeds, tmp_path / "data", progress=False)
    figs = result.tables["figures"]
    row = figs[figs["value"] == 3000].iloc[0]
    text = ingest.read_report_text(seeds, name)
    assert text is not None and text[row["start"] : row["end"]] == row["text"]
    assert formats.page_at(text, int(row["start"])) == 3  # the excerpt can say "p. 3"
    art = result.tables["articles"].iloc[0]
    assert art["encoding"] == name.rsplit(".", 1)[1]


REPORT = "Aleppo\n\nSome 500 people left Aleppo on 3 May 2016.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + REPORT.encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + REPORT.encode("utf-32-be"), "utf-32"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8"),
    ],
)
def test_text_with_a_byte_order_mark_is_text(data, encoding):
    ing, problems = ingest.read_report("r.txt", data)
    assert ing is not None and not problems
    assert ing.doc.raw == REPORT and ing.encoding == encoding


def test_damaged_utf16_is_read_with_a_warning():
    data = codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    ing, problems = ingest.read_report("r.txt", data)
    assert ing is not None and problems[0].problem == "bad-encoding"


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("a.pdf", b"hello, not a pdf", "no %PDF header"),
        ("a.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "cannot be read"),
        ("a.pdf", pdf_bytes([[], []]), "no text layer"),
        ("a.docx", b"PK\x03\x04 junk", "not a Word .docx file"),
        ("a.docx", b"plain text", "not a Word .docx file"),
        ("a.docx", docx_bytes([[""]]), "no text"),
    ],
)
def test_unreadable_documents_are_named_and_skipped(name, data, words):
    ing, problems = ingest.read_report(name, data)
    assert ing is None
    assert (
        problems[0].problem == "unreadable" and name in problems[0].message and words in problems[0].message
    )


def test_documents_can_be_uploaded():
    from dashboard.ui import uploads
    from tests.app_fixtures import make_tables

    tables = make_tables()
    other = docx_bytes([*PAGES[:2], ["Some 700 people left Idlib on 17 December 2016."]])
    merged, messages, texts = uploads.add_uploaded(tables, [("u.pdf", pdf_bytes()), ("u.docx", other)])
    assert messages[0].startswith("Added 2 reports"), messages
    assert set(texts) == {"u.pdf", "u.docx"}


def test_an_excerpt_of_a_paged_report_says_its_page(tmp_path):
    from dashboard.view import excerpts

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "update.pdf").write_bytes(pdf_bytes())
    tables = pipeline.build(seeds, tmp_path / "data", progress=False).tables
    text = ingest.read_report_text(seeds, "update.pdf")

    def text_of(_):
        return text

    fig = tables["figures"][tables["figures"]["value"] == 3000].iloc[0].to_dict()
    assert "p. 3 · " in excerpts.figure_excerpt(tables, fig, text_of)
    shown, _ = excerpts.top_sentences(tables)
    assert "p. 3 · " in excerpts.excerpt_blocks(shown, tables, text_of)
    assert excerpts.page_note("no pages here", 3) == ""


def test_a_word_zip_bomb_is_refused_unread():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (formats.MAX_EXPANDED_BYTES + 1))
    ing, problems = ingest.read_report("bomb.docx", buf.getvalue())
    assert ing is None and "zip bomb" in problems[0].message
