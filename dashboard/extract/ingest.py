"""Reading report files: decode, refuse what is not a report, blank markup and furniture.

Every problem becomes a `Problem` naming the file, never an exception: one bad file must
not stop the others from building.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.extract import formats, furniture
from dashboard.extract.text import Document, blank, fold, line_ends

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
REPORT_KINDS = ".txt, .md, .html, .pdf or .docx"  # REPORT_SUFFIXES in words, for messages
HTML_SUFFIXES = (".html", ".htm")
# Documents whose text is read by a library (see formats.py), by suffix, with the encoding recorded.
DOCUMENT_READERS = {".pdf": (formats.pdf_text, "pdf"), ".docx": (formats.docx_text, "docx")}
# Byte-order marks, longest first (UTF-32 LE's starts with UTF-16 LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
# The one size limit for a report, in the build, the app's checks and Streamlit's uploader
# (.streamlit/config.toml's server.maxUploadSize, in MB of 2**20 bytes, must say the same:
# tests/ui/test_uploads.py checks it). News reports are tens of KB, a PDF situation report a few MB;
# larger files are refused unread.
MAX_REPORT_MB = 10
MAX_REPORT_BYTES = MAX_REPORT_MB * 2**20
# Files in the seeds folder that are not reports and are not worth a warning.
NOT_REPORTS = {"sources.csv", "readme.md", ".gitkeep", ".ds_store"}
FALLBACK_ENCODING = "cp1252"


@dataclass(frozen=True)
class Problem:
    source_file: str
    problem: str  # a short code, see schema.WARNINGS
    message: str
    detail: str = ""  # the traceback of a stage that failed unexpectedly


@dataclass(frozen=True)
class Ingested:
    doc: Document
    content_hash: str  # sha256 of the bytes, for incremental builds
    encoding: str


def report_files(folder: Path) -> list[Path]:
    """Every report candidate in a folder, sorted by name (hidden files skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def is_report_name(name: str) -> bool:
    return name.lower().endswith(REPORT_SUFFIXES)


def read_report(name: str, data: bytes) -> tuple[Ingested | None, list[Problem]]:
    """Decode one report's bytes into a Document, or say why it cannot be read."""
    if len(data) > MAX_REPORT_BYTES:
        return None, [_too_large(name, len(data))]
    if not data.strip():
        return None, [Problem(name, "empty", f"{name}: the file is empty")]
    raw, encoding, problems = _text(name, data)
    if raw is None:
        return None, problems
    body = line_ends(raw)  # offsets are taken on this text, the same length as the file's
    body = blank_markup(body) if name.lower().endswith(HTML_SUFFIXES) else body
    body = blank(body, furniture.furniture_spans(body))
    if not body.strip():
        return None, [*problems, Problem(name, "empty", f"{name}: no report text once markup is removed")]
    digest = hashlib.sha256(data).hexdigest()
    return Ingested(Document(name, raw, body), digest, encoding), problems


def too_large(path: Path) -> Problem | None:
    """Check the size before reading, so a huge file is never loaded."""
    size = path.stat().st_size
    return _too_large(path.name, size) if size > MAX_REPORT_BYTES else None


def _too_large(name: str, size: int) -> Problem:
    return Problem(name, "too-large", f"{name}: {too_large_words(size)}; skipped")


def too_large_words(size: int) -> str:
    """'12.5 MB is over the 10 MB limit for one report' (MB of 2**20 bytes, as Streamlit counts)."""
    return f"{size / 2**20:.1f} MB is over the {MAX_REPORT_BYTES // 2**20} MB limit for one report"


def article_id(doc: Document) -> str:
    """Identical reports (the same words, whatever the spacing) get the same id."""
    return hashlib.sha256(fold(doc.body).encode("utf-8")).hexdigest()[:12]


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return controls > len(head) * 0.05


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # tab, LF, FF, CR are text


def _text(name: str, data: bytes) -> tuple[str | None, str, list[Problem]]:
    """The report's text by its form: a document read by its library, text with a byte-order
    mark in that encoding, other text as UTF-8 (or cp1252 with a warning); binary data refused."""
    reader = DOCUMENT_READERS.get(Path(name).suffix.lower())
    if reader is not None:
        read, kind = reader
        try:
            return read(data), kind, []
        except formats.Unreadable as err:
            return None, kind, [Problem(name, "unreadable", f"{name}: {err}; skipped")]
    for bom, encoding in BOMS:
        if data.startswith(bom):
            codec = encoding.replace("-", "_") + _endian(bom)
            try:
                return data[len(bom) :].decode(codec), encoding, []
            except UnicodeDecodeError as err:
                msg = f"{name}: not valid {encoding} (byte {err.start + len(bom)}); odd characters replaced"
                return (
                    data[len(bom) :].decode(codec, errors="replace"),
                    encoding,
                    [Problem(name, "bad-encoding", msg)],
                )
    if _looks_binary(data):
        return None, "", [Problem(name, "binary", f"{name}: binary data, not a text report; skipped")]
    return _decode(name, data)


def _endian(bom: bytes) -> str:
    return "_le" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE) else "_be"


def _decode(name: str, data: bytes) -> tuple[str, str, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as err:
        text = data.decode(FALLBACK_ENCODING, errors="replace")
        msg = f"{name}: not valid UTF-8 (byte {err.start}); decoded as {FALLBACK_ENCODING}, check odd characters"
        return text, FALLBACK_ENCODING, [Problem(name, "not-utf8", msg)]


# Elements whose text is never shown, and comments: each from its opening to the first closing after
# it (an opening never closed blanks nothing). Found by `_closed_spans`, linear where a regex of
# the form `<script\b.*?</script>` rescans the rest of the file from every opening never closed.
_HIDDEN_OPEN = re.compile(r"<(script|style|noscript|template|svg|head)\b", re.I)
_COMMENT_OPEN = re.compile(r"<!--|<!\[CDATA\[|<!|<\?")
_COMMENT_CLOSE = {"<!--": "-->", "<![CDATA[": "]]>", "<!": ">", "<?": "?>"}
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "section", "article", "header", "footer", "blockquote", "figcaption", "figure", "title", "hr", "pre",
    "aside", "nav", "main", "dd", "dt",
}  # fmt: skip


def blank_markup(text: str) -> str:
    """HTML reduced to its text with offsets kept: tags become spaces (a line break for
    block tags, so paragraphs stay sentences apart), entities their character plus padding."""

    def tag(m: re.Match) -> str:
        if m.group(1).lower() in _BLOCK_TAGS:
            return "\n" + " " * (len(m.group()) - 1)
        return " " * len(m.group())

    def entity(m: re.Match) -> str:
        char = html.unescape(m.group())
        if len(char) != 1 or char == m.group():
            return m.group()
        char = " " if char == "\xa0" else char
        return char + " " * (len(m.group()) - 1)

    text = blank(text, _closed_spans(text, _HIDDEN_OPEN, _hidden_close))
    text = blank(text, _closed_spans(text, _COMMENT_OPEN, _comment_close))
    last = text.rfind(">") + 1  # no tag runs past the last '>': none is tried there (linear)
    text = _TAG.sub(tag, text[:last]) + text[last:]
    return _ENTITY.sub(entity, text)


_CLOSING: dict[str, re.Pattern] = {}


def _hidden_close(text: str, opening: re.Match, memo: dict) -> tuple[int, int] | None:
    name = opening.group(1).lower()
    closing = _CLOSING.get(name) or _CLOSING.setdefault(name, re.compile(rf"</{name}\s*>", re.I))
    return _first_after(memo, name, opening.end(), lambda at: closing.search(text, at))


def _comment_close(text: str, opening: re.Match, memo: dict) -> tuple[int, int] | None:
    opener = opening.group()
    found = _first_closing(text, _COMMENT_CLOSE[opener], opening.end(), memo)
    if found is None and opener in ("<!--", "<![CDATA["):  # never closed: "<!" up to the next '>'
        found = _first_closing(text, ">", opening.start() + 2, memo)
    return found


def _first_closing(text: str, close: str, at: int, memo: dict) -> tuple[int, int] | None:
    return _first_after(memo, close, at, lambda at: _found(text.find(close, at), len(close)))


def _found(at: int, size: int) -> tuple[int, int] | None:
    return (at, at + size) if at >= 0 else None


def _first_after(memo: dict, key: str, at: int, search) -> tuple[int, int] | None:
    """The first closing at or after `at`, searched again only when the one found before lies
    behind `at`; none found once means none after any later opening either."""
    if key in memo:
        found = memo[key]
        if found is None or found[0] >= at:
            return found
    m = search(at)
    found = (m.start(), m.end()) if isinstance(m, re.Match) else m
    memo[key] = found
    return found


def _closed_spans(text: str, opening: re.Pattern, closing) -> list[tuple[int, int]]:
    """Spans from each opening to the first closing after it, scanning on past each span; an
    opening with no closing is passed over (the scan goes on from the next character)."""
    spans: list[tuple[int, int]] = []
    memo: dict = {}
    at = 0
    while (m := opening.search(text, at)) is not None:
        close = closing(text, m, memo)
        if close is None:
            at = m.start() + 1
            continue
        spans.append((m.start(), close[1]))
        at = close[1]
    return spans


def report_text(name: str, data: bytes) -> str | None:
    """A report's bytes decoded and cleaned the way the build read them (markup and page furniture
    blanked, offsets kept), so the tables' offsets index it; None when it is not a readable report."""
    ingested, _ = read_report(name, data)
    return ingested.doc.body if ingested is not None else None


def read_report_text(folder: str | Path, source_file: str) -> str | None:
    """`report_text` of a file of the reports folder, or None when the file is not in the folder."""
    path = Path(folder) / source_file
    if not source_file or not path.is_file() or path.resolve().parent != Path(folder).resolve():
        return None
    return report_text(source_file, path.read_bytes())
