"""Reports in the forms analysts have: PDF (OCHA situation reports, UNHCR updates) and Word
(.docx) files read as text, with their pages kept.

A page ends where a form feed (`\\f`) stands, on a line of its own, as pdftotext also writes
them, so the text alone says on which page an offset is (`page_at`) and every offset the
tables hold indexes the text exactly as read. PDF text comes from pypdf, Word text from
python-docx (paragraphs and table rows in document order); both are imported only when such a
file is read.
"""

from __future__ import annotations

import io
import logging
import re

PAGE_BREAK = "\f"
_PAGE_JOIN = "\n\f\n"
# Controls a text layer may hold that are no text (tabs, line ends and form feeds stay).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_PAGES = 2000  # a report; a longer PDF is a book or a trap
MAX_EXPANDED_BYTES = 200 * 2**20  # a Word file's parts, unzipped: text of a report is far less


class Unreadable(ValueError):
    """The file is not a readable document of its kind; the message says why."""


def page_at(text: str, offset: int) -> int | None:
    """The page (from 1) an offset is on, or None when the text has no page breaks."""
    if PAGE_BREAK not in text:
        return None
    return text.count(PAGE_BREAK, 0, max(0, offset)) + 1


def page_starts(text: str) -> list[int]:
    """Offset of each page's first character (one page when there is no break)."""
    return [0, *(m.end() for m in re.finditer(re.escape(PAGE_BREAK) + r"\n?", text))]


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages joined by form-feed lines."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on damaged files are ours to give
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise Unreadable("not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("the PDF is encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise Unreadable(f"{len(reader.pages):,} pages is over the {MAX_PAGES:,} page limit")
        pages = [_clean(page.extract_text() or "") for page in reader.pages]
    except Unreadable:
        raise
    except Exception as err:  # a damaged or hostile file can fail anywhere in the library
        raise Unreadable(f"the PDF cannot be read ({type(err).__name__}: {err})") from None
    if not any(p.strip() for p in pages):
        raise Unreadable("the PDF has no text layer (a scan? run OCR on it first)")
    return _PAGE_JOIN.join(pages)


def docx_text(data: bytes) -> str:
    """A Word document's paragraphs and table rows (cells tab-separated) in order; a hard page
    break ends a page after its paragraph, a page Word laid out starts one before it."""
    from docx import Document as WordDocument
    from docx.table import Table

    _refuse_zip_bomb(data)
    try:
        word = WordDocument(io.BytesIO(data))
        lines: list[str] = []
        for block in word.iter_inner_content():
            if isinstance(block, Table):
                lines += ["\t".join(_clean(c.text) for c in row.cells) for row in block.rows]
                continue
            xml = block._p.xml
            if "lastRenderedPageBreak" in xml and lines and lines[-1] != PAGE_BREAK:
                lines.append(PAGE_BREAK)
            lines.append(_clean(block.text))
            if 'w:type="page"' in xml:
                lines.append(PAGE_BREAK)
    except Exception as err:  # a damaged or hostile file can fail anywhere in the library
        raise Unreadable(f"not a Word .docx file ({type(err).__name__}: {err})") from None
    text = "\n".join(lines).strip(PAGE_BREAK + "\n")
    if not text.strip():
        raise Unreadable("the document has no text")
    return text + "\n"


def _refuse_zip_bomb(data: bytes) -> None:
    """A .docx is a zip: refuse one whose parts would expand past MAX_EXPANDED_BYTES unread."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise Unreadable(f"not a Word .docx file ({type(err).__name__}: {err})") from None
    if expanded > MAX_EXPANDED_BYTES:
        raise Unreadable(f"its parts would expand to {expanded / 2**20:,.0f} MB (a zip bomb?)")


def _clean(text: str) -> str:
    return _CONTROLS.sub(" ", text.replace(PAGE_BREAK, " "))
