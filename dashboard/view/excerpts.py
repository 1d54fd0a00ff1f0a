"""The words behind the numbers, as HTML: sentences and whole reports with the matched words
highlighted by their offsets.

Report text is untrusted: every piece of it goes through `html.escape`, and the only markup
in the output is the markup built here. Highlights come from offsets (start, end) into the
report's text; where the text is not at hand, the folded quote is shown and the matched
words are found in it by search.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.extract import formats
from dashboard.extract import text as sentence_text
from dashboard.view import filters, words
from dashboard.view.filters import isin

# Okabe-Ito hues, translucent so the text keeps its colour in light and dark themes.
KINDS = {
    "figure": ("figure", "rgba(230, 159, 0, 0.38)"),  # orange
    "place": ("place", "rgba(86, 180, 233, 0.38)"),  # sky blue
    "date": ("date", "rgba(0, 158, 115, 0.32)"),  # bluish green
}
PRIORITY = {"figure": 3, "date": 2, "place": 1}  # where highlights overlap, the figure shows

CSS = (
    "<style>"
    ".cd-ex{font-size:0.92rem;line-height:1.5}"
    ".cd-ex mark{color:inherit;border-radius:3px;padding:0 2px}"
    + "".join(f".cd-ex mark.cd-{k}{{background:{c}}}" for k, (_, c) in KINDS.items())
    + ".cd-ex .cd-head{font-weight:600;margin:0.6rem 0 0.1rem}"
    ".cd-ex .cd-meta{opacity:0.75;font-size:0.82rem;margin-bottom:0.25rem}"
    ".cd-ex blockquote{margin:0.15rem 0 0.35rem 0;padding:0.1rem 0 0.1rem 0.7rem;"
    "border-left:3px solid rgba(128,128,128,0.45)}"
    ".cd-ex p{margin:0 0 0.5rem 0}"
    "</style>"
)

Span = tuple[int, int, str]  # start, end, kind
TextOf = Callable[[str], str | None]  # article_id -> report text (offsets index it), or None

_SPACE = re.compile(r"\s+")


def legend_html() -> str:
    marks = " ".join(f'<mark class="cd-{k}">{label}</mark>' for k, (label, _) in KINDS.items())
    return f'{CSS}<div class="cd-ex cd-meta">Highlighted: {marks}</div>'


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """Escaped HTML of `text` with each span (offsets into the text `offset` chars before
    it) wrapped in a <mark>. Overlaps are split so every character has one highlight."""
    n = len(text)
    cuts = {0, n}
    marks: list[Span] = []
    for start, end, kind in spans:
        s, e = max(start - offset, 0), min(end - offset, n)
        if s < e and kind in KINDS:
            marks.append((s, e, kind))
            cuts |= {s, e}
    bounds = sorted(cuts)
    runs: list[tuple[str | None, str]] = []  # (kind, raw text), neighbours of one kind merged
    for s, e in zip(bounds, bounds[1:], strict=False):
        kinds = [k for ms, me, k in marks if ms <= s and e <= me]
        top = max(kinds, key=PRIORITY.__getitem__) if kinds else None
        if runs and runs[-1][0] == top:
            runs[-1] = (top, runs[-1][1] + text[s:e])
        else:
            runs.append((top, text[s:e]))
    out = []
    for mark, raw in runs:
        piece = html.escape(_SPACE.sub(" ", raw))
        out.append(f'<mark class="cd-{mark}">{piece}</mark>' if mark else piece)
    return "".join(out).strip()


def highlight_words(quote: str, words: Iterable[tuple[str, str]]) -> str:
    """Fallback without the report text: highlight each (words, kind) where found in the quote."""
    spans = []
    for text, kind in words:
        if not text:
            continue
        pos = quote.find(text)
        if pos >= 0:
            spans.append((pos, pos + len(text), kind))
    return highlight(quote, spans)


def spans_of(tables: Mapping[str, pd.DataFrame], article_id: str) -> list[Span]:
    """Every highlight of one article: its figures, dates and place names."""
    return spans_by_article(tables, [article_id]).get(article_id, [])


def spans_by_article(tables: Mapping[str, pd.DataFrame], article_ids: Iterable[str]) -> dict[str, list[Span]]:
    """The highlights of several articles, each table scanned once."""
    wanted = set(article_ids)
    out: dict[str, list[Span]] = {a: [] for a in wanted}
    for table, kind in (("figures", "figure"), ("events", "date"), ("mentions", "place")):
        df = tables[table]
        rows = filters.complete(df.loc[isin(df["article_id"], wanted), ["article_id", "start", "end"]])
        for aid, start, end in rows.itertuples(index=False):
            out[aid].append((int(start), int(end), kind))
    return out


@dataclass(frozen=True)
class Sentence:
    article_id: str
    start: int
    end: int
    quote: str  # folded, for the fallback
    words: tuple[tuple[str, str], ...]  # (matched words, kind), for the fallback


_KEY = ["article_id", "start", "end"]


# A sentence that states a figure says more than one that dates a thing or says who went where; one
# that only names a chosen place comes after them all.
_WEIGHT = {"figure": 2, "date": 1, "movement": 1, "mention": 0}


def _movement_keys(tables: Mapping[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The sentences of the movements (where people went is said of a place even with no number)."""
    moves = tables.get("movements")
    return [] if moves is None or moves.empty else [_keys(moves, "movement")]


def mention_keys(
    tables: Mapping[str, pd.DataFrame], places: Iterable[str], text_of: TextOf | None
) -> list[pd.DataFrame]:
    """The sentences that name one of `places` (a place named with no figure or date is still
    something the reports say of it), found in each report's text by the build's own sentence
    splitter (extract/text.py); a report whose text is not at hand gives none."""
    wanted = set(places)
    ments = tables["mentions"]
    if not wanted or text_of is None or ments.empty:
        return []
    rows = filters.complete(ments.loc[isin(ments["place_id"], wanted), ["article_id", "start", "end"]])
    out = []
    for aid, group in rows.groupby("article_id", sort=True):
        body = text_of(str(aid))
        if body is None:
            continue
        spans = sentence_text.sentences(body)
        found = {sentence_text.sentence_at(spans, int(s)) for s in group["start"] if int(s) < len(body)}
        out += [(aid, s, e) for s, e in sorted(found) if e > s]
    if not out:
        return []
    return [pd.DataFrame(out, columns=_KEY).assign(weight=_WEIGHT["mention"])]


def top_sentences(
    tables: Mapping[str, pd.DataFrame], limit: int | None = None, extra: Iterable[pd.DataFrame] = ()
) -> tuple[list[Sentence], int]:
    """The `limit` sentences the (focused) figures and events come from that say most (figures
    weigh double), shown in report order (reports by publication date, sentences by position), and
    how many distinct sentences there are; `extra`: more sentence keys (mention_keys). Offsets only
    until the shown ones are known: their words are fetched for those alone."""
    keys = pd.concat(
        [
            _keys(tables["figures"], "figure"),
            _keys(tables["events"], "date"),
            *_movement_keys(tables),
            *extra,
        ],
        ignore_index=True,
    )
    if keys.empty:
        return [], 0
    weighed = keys.groupby(_KEY, sort=False)["weight"].sum().reset_index()
    order = _report_order(tables, weighed)
    weighed = weighed.assign(_rank=weighed["article_id"].map(order))
    ranked = weighed.sort_values(["weight", "_rank", "start"], ascending=[False, True, True], kind="stable")
    shown = ranked if limit is None else ranked.head(limit)
    shown = shown.sort_values(["_rank", "start"], kind="stable")
    return _sentences(tables, shown), len(weighed)


def sentences_behind(
    tables: Mapping[str, pd.DataFrame], limit: int | None = None
) -> tuple[list[Sentence], int]:
    """Every sentence behind the (focused) tables in report order (the first `limit`), and how many."""
    shown, total = top_sentences(tables, None)
    return (shown if limit is None else shown[:limit]), total


def _keys(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    keys = filters.complete(df[["article_id", "quote_start", "quote_end"]].set_axis(_KEY, axis=1))
    return keys.assign(weight=_WEIGHT[kind])


def _report_order(tables: Mapping[str, pd.DataFrame], keys: pd.DataFrame) -> dict[str, int]:
    arts = tables["articles"].sort_values(["published", "article_id"], kind="stable", na_position="last")
    present = filters.distinct(keys["article_id"])
    order = [a for a in arts["article_id"] if a in present]
    order += sorted(present - set(order))  # rows of articles the table lacks
    return {a: i for i, a in enumerate(order)}


def _sentences(tables: Mapping[str, pd.DataFrame], shown: pd.DataFrame) -> list[Sentence]:
    """The shown sentences with their folded quote and matched words (for the fallback highlight)."""
    matched: dict[tuple, list] = {}
    quotes: dict[tuple, str] = {}
    ids = set(shown["article_id"])
    for table, kind, column in (("figures", "figure", "text"), ("events", "date", "date_text")):
        df = tables[table]
        rows = df[filters.isin(df["article_id"], ids)]
        for aid, qs, qe, quote, w in rows[
            ["article_id", "quote_start", "quote_end", "quote", column]
        ].itertuples(index=False):
            if pd.isna(qs) or pd.isna(qe):
                continue
            key = (aid, int(qs), int(qe))
            quotes.setdefault(key, words.text(quote))
            if pd.notna(w):
                matched.setdefault(key, []).append((str(w), kind))
    moves = tables.get("movements")
    if (
        moves is not None and not moves.empty
    ):  # a movement's sentence: its quote, its places lit by the mentions
        rows = filters.complete(
            moves.loc[
                filters.isin(moves["article_id"], ids), ["article_id", "quote_start", "quote_end", "quote"]
            ]
        )
        for aid, qs, qe, quote in rows.itertuples(index=False):
            quotes.setdefault((aid, int(qs), int(qe)), words.text(quote))
    out = []
    for aid, start, end in shown[_KEY].itertuples(index=False):
        key = (aid, int(start), int(end))
        out.append(Sentence(str(aid), int(start), int(end), quotes.get(key, ""), tuple(matched.get(key, ()))))
    return out


def page_note(text: str, offset: int) -> str:
    """'p. 3 · ' before an excerpt of a paged report (a PDF's or Word file's text: formats.py)."""
    page = formats.page_at(text, offset)
    return f'<span class="cd-meta">p. {page} · </span>' if page is not None else ""


def article_header(row: Mapping) -> str:
    """Title, then outlet · publication date (basis) · file, all escaped."""
    title = html.escape(
        words.text(row.get("title")) or words.text(row.get("source_file")) or "untitled report"
    )
    meta = [words.text(row.get("outlet")) or "outlet unknown"]
    published = words.text(row.get("published"))
    basis = words.text(row.get("published_basis"))
    if published:
        meta.append(f"published {published}" + (f" ({basis})" if basis else ""))
    else:
        meta.append("publication date unknown")
    meta.append(words.text(row.get("source_file")))
    meta_html = " · ".join(html.escape(m) for m in meta if m)
    url = words.text(row.get("url"))
    if url and url.lower().startswith(("http://", "https://")):
        link = html.escape(url, quote=True)
        meta_html += f' · <a href="{link}" target="_blank" rel="noopener noreferrer">link</a>'
    return f'<div class="cd-head">{title}</div><div class="cd-meta">{meta_html}</div>'


def excerpt_blocks(
    sentences: list[Sentence],
    tables: Mapping[str, pd.DataFrame],
    text_of: TextOf,
    spans_from: Mapping[str, pd.DataFrame] | None = None,
) -> str:
    """The sentences grouped by report (a heading each), every word the tables know highlighted:
    the one excerpt block of the app and the brief. Highlights come from `spans_from` (default:
    the same tables); pass the unfiltered tables to mark every place and figure in a sentence, not
    only those of the selection. Without the report's text, the folded quote is highlighted."""
    source = spans_from if spans_from is not None else tables
    articles = tables["articles"].set_index("article_id")
    spans = spans_by_article(source, {s.article_id for s in sentences})
    blocks: list[str] = []
    current = None
    for sent in sentences:
        if sent.article_id != current:  # one heading per report, its sentences below it
            if current is not None:
                blocks.append("</div>")
            current = sent.article_id
            row = articles.loc[current].to_dict() if current in articles.index else {"source_file": current}
            blocks.append(f"<div class='excerpt'>{article_header(row)}")
        blocks.append(
            f"<blockquote>{_sentence_html(sent, text_of, spans[sent.article_id], source)}</blockquote>"
        )
    if current is not None:
        blocks.append("</div>")
    return f'<div class="cd-ex">{"".join(blocks)}</div>'


def _sentence_html(
    sent: Sentence, text_of: TextOf, spans: list[Span], source: Mapping[str, pd.DataFrame]
) -> str:
    body = text_of(sent.article_id)
    if body is not None and sent.end <= len(body):
        return page_note(body, sent.start) + highlight(body[sent.start : sent.end], spans, offset=sent.start)
    ments = source["mentions"]
    inside = ments[
        (ments["article_id"] == sent.article_id) & (ments["start"] >= sent.start) & (ments["end"] <= sent.end)
    ]
    words = [*sent.words, *((str(w), "place") for w in inside["surface"].dropna())]
    return highlight_words(sent.quote, words)


def excerpts_html(
    tables: Mapping[str, pd.DataFrame],
    text_of: TextOf,
    limit: int | None = 40,
    spans_from: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[str, int, int]:
    """The top sentences behind the (focused) tables as HTML with its styles: (html, shown, total)."""
    shown, total = top_sentences(tables, limit)
    return CSS + excerpt_blocks(shown, tables, text_of, spans_from), len(shown), total


def figure_excerpt(tables: Mapping[str, pd.DataFrame], figure: Mapping, text_of: TextOf) -> str:
    """One figure's sentence with its words (and the places and dates in it) highlighted."""
    text = text_of(str(figure["article_id"]))
    start, end = figure.get("quote_start"), figure.get("quote_end")
    if (
        text is not None
        and start is not None
        and end is not None
        and pd.notna(start)
        and pd.notna(end)
        and int(end) <= len(text)
    ):
        spans = [s for s in spans_of(tables, str(figure["article_id"])) if s[2] != "figure"]
        spans.append((int(figure["start"]), int(figure["end"]), "figure"))
        body = page_note(text, int(start)) + highlight(text[int(start) : int(end)], spans, offset=int(start))
    else:
        body = highlight_words(words.text(figure.get("quote")), [(words.text(figure.get("text")), "figure")])
    return f'{CSS}<div class="cd-ex"><blockquote>{body}</blockquote></div>'


def report_html(tables: Mapping[str, pd.DataFrame], article_id: str, text: str | None) -> str:
    """A whole report, cleaned (one paragraph per non-empty line), with all its highlights."""
    articles = tables["articles"].set_index("article_id")
    row = articles.loc[article_id].to_dict() if article_id in articles.index else {"source_file": article_id}
    head = article_header(row)
    if text is None:
        note = "The report's text is not at hand (its file is not in the reports folder)."
        return f'{CSS}<div class="cd-ex">{head}<p><em>{html.escape(note)}</em></p></div>'
    spans = spans_of(tables, article_id)
    paragraphs = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip():
            inside = [s for s in spans if s[0] < end and s[1] > start]
            paragraphs.append(f"<p>{highlight(line, inside, offset=start)}</p>")
    return f'{CSS}<div class="cd-ex">{head}{"".join(paragraphs)}</div>'
