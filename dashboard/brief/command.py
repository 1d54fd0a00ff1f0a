"""The brief of a view, made for the app's download buttons (`AppBrief`) and by the `brief` command
(`python -m dashboard brief --view … --out …`): HTML always, PNG and PDF where Chromium is.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from dashboard import tables as store
from dashboard.brief import render
from dashboard.brief.page import brief_html
from dashboard.brief.render import BLANK_MAP_INK, Rendered, render_bytes
from dashboard.extract import ingest
from dashboard.view import viewstate, words
from dashboard.view.viewstate import parse_view, view_query

APP_URL_ENV = "CRISIS_APP_URL"  # the app's public address, for the brief's App link


class AppBrief:
    """The brief of the app's current view, for its download buttons: each part is made only
    when a button asks for it (Streamlit calls `html`, `png`, `pdf` on click), PNG and PDF from
    one rendering.

        b = AppBrief(ctx.tables, ctx.state, text_of=text_of, link=app_url)
        st.download_button("Brief (HTML)", b.html, file_name=b.file_name("html"), mime="text/html")
        if render.available():
            st.download_button("Brief (PDF)", b.pdf, file_name=b.file_name("pdf"), mime="application/pdf")
    """

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame],
        state: viewstate.ViewState,
        *,
        text_of: Callable[[str], str | None] | None = None,
        link: str = "",
    ) -> None:
        self._args = (tables, state)
        self._kw: dict[str, Any] = {"text_of": text_of, "link": link}
        self._html: str | None = None
        self._files: tuple[bytes, bytes] | None = None

    def file_name(self, extension: str) -> str:
        query = view_query(self._args[1])
        tag = "-".join(re.findall(r"[A-Za-z0-9]+", query))[:60] if query else "default"
        return f"brief-{tag}.{extension}"

    def html(self) -> str:
        if self._html is None:
            self._html = brief_html(*self._args, **self._kw)
        return self._html

    def _rendered(self) -> tuple[bytes, bytes]:
        if self._files is None:
            self._files = render_bytes(self.html())
        return self._files

    def png(self) -> bytes:
        return self._rendered()[0]

    def pdf(self) -> bytes:
        return self._rendered()[1]


@dataclass
class BriefFiles:
    html: Path
    png: Path | None = None
    pdf: Path | None = None
    rendered: Rendered | None = None
    problem: str = ""  # why there is no PNG/PDF, or why the map looks wrong


def load(
    data_dir: Path, seeds_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], Callable[[str], str | None]]:
    """The tables of a data folder, and a reader of each report's text from the reports folder
    (for highlights by offset; None where the file is not there)."""
    tables = store.read_tables(data_dir)
    files = dict(zip(tables["articles"]["article_id"], tables["articles"]["source_file"], strict=True))
    seeds = seeds_dir or Path("seeds")
    cache: dict[str, str | None] = {}

    def text_of(article_id: str) -> str | None:
        if article_id not in cache:
            name = words.text(files.get(article_id))
            cache[article_id] = ingest.read_report_text(seeds, name) if name else None
        return cache[article_id]

    return tables, text_of


def app_base(address: str | None) -> str | None:
    """The app's address without its query ('https://NAME.streamlit.app/'), or None when it is
    not an http(s) address with a host."""
    parts = urlsplit((address or "").strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", "", ""))


def app_link(base: str | None, state: viewstate.ViewState) -> str:
    """The full link to a view in the app (its base address and the view's own query, as the
    app writes it), or "" when the app's address is not known."""
    root = app_base(base)
    return root + view_query(state) if root else ""


def make_brief(
    view: str,
    out: Path,
    data_dir: Path = Path("data"),
    *,
    seeds_dir: Path | None = None,
    render_files: bool = True,
    title: str | None = None,
    made_at: datetime | None = None,
    screenshot: Path | None = None,
    base_url: str | None = None,
) -> tuple[BriefFiles, list[str]]:
    """Write out.html (and out.png, out.pdf where a browser is present) for a view; `screenshot`
    also gets the top of the page (title, key numbers, map). The App link is the view at
    `base_url` (else at the address of a view given as a URL), with the parameters kept."""
    tables, text_of = load(data_dir, seeds_dir)
    params, given = parse_view(view)
    state, notices = viewstate.from_query(params)
    state, unknown = viewstate.validate(state, tables)
    notices = [*notices, *unknown]
    link = app_link(base_url or given, state)
    page = brief_html(
        tables, state, made_at=made_at, link=link, notices=notices, title=title, text_of=text_of
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    files = BriefFiles(html=out.with_suffix(".html"))
    files.html.write_text(page, encoding="utf-8")
    if not render_files:
        return files, notices
    reason = render.missing_reason()
    if reason:
        files.problem = reason
        return files, notices
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
    done = render.render(files.html, out.with_suffix(".png"), out.with_suffix(".pdf"), top_png=screenshot)
    files.png, files.pdf, files.rendered = done.png, done.pdf, done
    if done.map is None or done.map_ink < BLANK_MAP_INK:
        files.problem = f"the map looks blank ({done.map_ink:.1%} of its pixels drawn)"
    elif done.refused:
        files.problem = f"the page tried to fetch {len(done.refused)} resource(s), e.g. {done.refused[0]}"
    return files, notices


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard brief",
        description="Write a brief of a dashboard view: NAME.html (self-contained), NAME.png (whole page), NAME.pdf.",
    )
    p.add_argument("--view", default="", help="the view: a query string ('place=…&from=…') or a full app URL")
    p.add_argument("--out", type=Path, required=True, help="output path without extension, e.g. briefs/foua")
    p.add_argument("--data", type=Path, default=Path("data"), help="folder of tables (default: data)")
    p.add_argument("--seeds", type=Path, help="folder of the reports, for their words (default: seeds)")
    p.add_argument("--title", help="title of the brief (default: the places it covers)")
    p.add_argument(
        "--base-url",
        default=os.environ.get(APP_URL_ENV),
        help=f"the app's address, e.g. https://NAME.streamlit.app/: the brief's App link opens this view there "
        f"(default: ${APP_URL_ENV}, else the address of a --view given as a URL)",
    )
    p.add_argument("--html-only", action="store_true", help="write the HTML only (no browser needed)")
    p.add_argument(
        "--screenshot", type=Path, help="also save the top of the brief (title, numbers, map) as this PNG"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every file is written, 3 when only the HTML could be (no browser), 2 on bad input,
    1 when the rendered map looks blank or the page reached for the network."""
    args = parser().parse_args(argv)
    if not (args.data / "articles.csv").is_file():
        print(
            f"error: no tables in {args.data}: build them with `python -m dashboard build`", file=sys.stderr
        )
        return 2
    if args.base_url and app_base(args.base_url) is None:
        print(f"error: --base-url {args.base_url!r} is not an http(s) address", file=sys.stderr)
        return 2
    out = args.out.with_suffix("") if args.out.suffix in (".html", ".png", ".pdf") else args.out
    files, notices = make_brief(
        args.view,
        out,
        args.data,
        seeds_dir=args.seeds,
        render_files=not args.html_only,
        title=args.title,
        screenshot=args.screenshot,
        base_url=args.base_url,
    )
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    print(f"wrote {files.html}")
    if args.html_only:
        return 0
    if files.png is None:
        print(files.problem, file=sys.stderr)
        print("The HTML brief was written; open it in any browser.", file=sys.stderr)
        return 3
    print(
        f"wrote {files.png}\nwrote {files.pdf}  ({files.rendered.seconds if files.rendered else 0:.1f} s in Chromium)"
    )
    if args.screenshot:
        print(f"wrote {args.screenshot}")
    if files.problem:
        print(f"error: {files.problem}", file=sys.stderr)
        return 1
    return 0
