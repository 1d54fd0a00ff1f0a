"""Small PDF and Word files made in the test run, with known text (no binary fixtures): PDF pages
drawn with pypdf's own objects (Helvetica text lines), Word files with python-docx."""

from __future__ import annotations

import io

PAGES = [
    ["Flash Update No. 3: Aleppo", "Published 16 December 2016"],
    ["Situation overview", "Buses entered eastern Aleppo on Thursday."],
    ["Figures", "At least 3,000 people were evacuated from eastern Aleppo to Idlib on Thursday."],
]


def pdf_bytes(pages: list[list[str]] = PAGES) -> bytes:
    """A PDF with one line of text per item, a page per list."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        fonts = DictionaryObject({NameObject("/F1"): font})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        ops = ["BT", "/F1 11 Tf", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "0 -16 Td"]
        stream = DecodedStreamObject()
        stream.set_data("\n".join([*ops, "ET"]).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(pages: list[list[str]] = PAGES, table: list[list[str]] | None = None) -> bytes:
    """A Word file: the first line a heading, a hard page break between pages, then a table."""
    import docx

    document = docx.Document()
    for n, lines in enumerate(pages):
        if n:
            document.add_page_break()
        for i, line in enumerate(lines):
            if n == 0 and i == 0:
                document.add_heading(line, 1)
            else:
                document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
