"""Reports added in the app for one session: the uploader's files checked, read by the build's
pipeline in memory, and merged with the tables. Nothing is written on the server.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import tables as store
from dashboard.extract import ingest
from dashboard.ui import worker
from dashboard.ui.untrusted import inert, plain

MAX_UPLOAD_FILES = 10


MAX_UPLOAD_BYTES = ingest.MAX_REPORT_BYTES  # the build's limit; server.maxUploadSize says the same


UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in ingest.REPORT_SUFFIXES)


K_UPLOAD, K_UPLOAD_RESULT = "f_upload", "_upload_result"
K_PASTED, K_PASTE_MESSAGES = "_pasted", "_paste_messages"

NAME_CHARS = 120  # a file name longer than this is shortened in messages
# A batch of uploads is read in a worker process (ui/worker.py): past this it is stopped.
TIME_BUDGET_S = worker.TIME_BUDGET_S
REPORT_BUDGET_S = TIME_BUDGET_S / 3


def shown_name(name: str) -> str:
    """A file name as it may appear in a message: one line, invisible characters made visible."""
    return plain(name, NAME_CHARS)


def check_uploads(files: Sequence[tuple[str, int]]) -> tuple[list[int], list[str]]:
    """Which uploaded files to read (by index) and why the others are not."""
    messages = []
    if len(files) > MAX_UPLOAD_FILES:
        messages.append(f"{len(files)} files chosen: only the first {MAX_UPLOAD_FILES} are read.")
    accepted = []
    for i, (name, size) in enumerate(files[:MAX_UPLOAD_FILES]):
        shown = shown_name(name)
        if "\0" in name:
            messages.append(
                f"{shown}: the file name holds a NUL byte (it can hide the file's type); skipped."
            )
        elif not name.lower().endswith(tuple(f".{t}" for t in UPLOAD_TYPES)):
            messages.append(f"{shown}: not a {ingest.REPORT_KINDS} report; skipped.")
        elif size > MAX_UPLOAD_BYTES:
            messages.append(f"{shown}: {ingest.too_large_words(size)}; skipped.")
        elif size == 0:
            messages.append(f"{shown}: the file is empty; skipped.")
        else:
            accepted.append(i)
    return accepted, messages


def add_uploaded(
    tables: dict[str, pd.DataFrame],
    files: Sequence[tuple[str, bytes]],
    sources: dict[str, dict] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[str], dict[str, str]]:
    """Uploaded reports through the build's pipeline, in memory: merged tables, messages,
    and the reports' texts (for the excerpts). `sources`: their curation, as in sources.csv."""
    accepted, messages = check_uploads([(name, len(data)) for name, data in files])
    chosen = [files[i] for i in accepted]
    if not chosen:
        return tables, [NOTHING_ADDED, *messages], {}
    from dashboard.extract import pipeline

    # One report's budget well inside the batch's, so a slow report is named and skipped while
    # the others are added, before the worker stops the whole batch.
    merged, warnings = pipeline.add_reports(tables, list(chosen), sources=sources, seconds=REPORT_BUDGET_S)
    texts = {name: text for name, data in chosen if (text := ingest.report_text(name, data)) is not None}
    added = len(merged["articles"]) - len(tables["articles"])
    return merged, [_summary(added, len(texts)), *messages, *warnings], texts


NOTHING_ADDED = "No report was added: see why below."


def _summary(added: int, read: int) -> str:
    """What a batch added, of the `read` reports that could be read; a batch that added nothing
    is said so (shown as a warning)."""
    if not added:
        return "No report was added: the same words as reports already shown." if read else NOTHING_ADDED
    held = read - added
    again = f"; {held} {'was' if held == 1 else 'were'} already shown" if held > 0 else ""
    return f"Added {added} report{'s' if added != 1 else ''} for this session{again} (nothing is saved on the server)."


def holds_reports() -> bool:
    """Whether this session has files in the uploader, pasted reports or messages about them."""
    state = st.session_state
    return bool(state.get(K_UPLOAD) or state.get(K_PASTED) or state.get(K_PASTE_MESSAGES))


def merge_uploads(
    data_dir: Path, base: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], list[str], dict[str, str]]:
    """The tables with this session's uploads and pasted reports, read once per set of reports
    (the result is kept in the session)."""
    files = st.session_state.get(K_UPLOAD) or []
    pasted: list[Pasted] = st.session_state.get(K_PASTED) or []
    if not files and not pasted:
        return base, [], {}
    named = [(f.name, f.getvalue()) for f in files] + [(p.name, p.data) for p in pasted]
    sources = {p.name: p.curation for p in pasted}
    key = (str(data_dir), store.stamp(data_dir), *(hashlib.sha256(d).hexdigest() for _, d in named))
    key += tuple(sorted((name, str(curation)) for name, curation in sources.items()))
    cached = st.session_state.get(K_UPLOAD_RESULT)
    if cached is None or cached[0] != key:
        with st.spinner("Reading the reports…"):
            outcome = worker.run(add_uploaded, base, named, sources, seconds=TIME_BUDGET_S)
        result = outcome.value if outcome.ok else (base, [budget_message(outcome, named)], {})
        cached = (key, result)
        st.session_state[K_UPLOAD_RESULT] = cached
    return cached[1]


def budget_message(outcome: worker.Outcome, files: Sequence[tuple[str, bytes]]) -> str:
    """Why a batch added nothing when its worker failed: over time, over memory, or an error."""
    names = ", ".join(shown_name(name) for name, _ in files[:5]) + (" …" if len(files) > 5 else "")
    if outcome.problem == "time":
        why = f"took over {TIME_BUDGET_S:.0f} s to read and {'were' if len(files) > 1 else 'was'} stopped"
    elif outcome.problem == "memory":
        why = f"needed more memory than a report may have and {'were' if len(files) > 1 else 'was'} stopped"
    else:
        why = f"could not be read ({outcome.detail.splitlines()[0] if outcome.detail else 'an error'})"
    hint = " Add them one at a time to find the one at fault." if len(files) > 1 else ""
    return f"No report was added: {names} {why}.{hint}"


# ---------------------------------------------------------------- pasted reports


@dataclass(frozen=True)
class Pasted:
    """A report pasted into the app: its text as a .txt file, and what the analyst said of it."""

    name: str
    data: bytes
    curation: dict  # outlet, url, published: what sources.csv would say


_SLUG = re.compile(r"[^a-z0-9]+")
PASTE_FIELDS = {"text": "paste_text", "title": "paste_title", "outlet": "paste_outlet",
                "published": "paste_published", "url": "paste_url"}  # fmt: skip


def pasted_report(
    text: str, title: str = "", outlet: str = "", published: date | None = None, url: str = ""
) -> tuple[Pasted | None, list[str]]:
    """A pasted text as a report (the title its first line), or why it cannot be one."""
    body, title = text.strip(), plain(title).strip()
    if not body:
        return None, ["Paste the report's text first."]
    data = (f"{title}\n\n{body}\n" if title else f"{body}\n").encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        return None, [f"The pasted text is over the {MAX_UPLOAD_BYTES // 2**20} MB limit; not added."]
    messages = []
    url = url.strip()
    if url and urlsplit(url).scheme not in ("http", "https"):
        messages.append(f"{shown_name(url)}: not an http(s) address; the report is added without it.")
        url = ""
    slug = _SLUG.sub("-", (title or body[:40]).lower()).strip("-")[:40] or "report"
    name = f"pasted-{slug}-{hashlib.sha256(data).hexdigest()[:8]}.txt"
    curation = {"outlet": plain(outlet).strip() or None, "url": url or None, "published": published}
    return Pasted(name, data, curation), messages


def _on_paste() -> None:
    values = {field: st.session_state.get(key) for field, key in PASTE_FIELDS.items()}
    report, messages = pasted_report(
        values["text"] or "",
        values["title"] or "",
        values["outlet"] or "",
        values["published"],
        values["url"] or "",
    )
    if report is not None:
        kept = [p for p in st.session_state.get(K_PASTED) or [] if p.name != report.name]
        st.session_state[K_PASTED] = [*kept, report]
    st.session_state[K_PASTE_MESSAGES] = messages


def paste_form() -> None:
    """A report's text pasted with its title, outlet, date and address."""
    with st.form("paste", clear_on_submit=True, border=False):
        st.text_area(
            "Or paste a report's text", key=PASTE_FIELDS["text"], height=140, max_chars=MAX_UPLOAD_BYTES // 4
        )
        st.text_input("Title", key=PASTE_FIELDS["title"], max_chars=300)
        cols = st.columns(2)
        cols[0].text_input("Outlet", key=PASTE_FIELDS["outlet"], max_chars=200)
        cols[1].date_input("Published", value=None, key=PASTE_FIELDS["published"], format="YYYY-MM-DD")
        st.text_input("Address (URL)", key=PASTE_FIELDS["url"], max_chars=2000, placeholder="https://…")
        st.form_submit_button("Add this report", on_click=_on_paste, icon=":material/add:")
    show_messages(st.session_state.get(K_PASTE_MESSAGES) or [])
    pasted = st.session_state.get(K_PASTED) or []
    if pasted:
        st.caption(f"{len(pasted)} pasted report{'s' if len(pasted) != 1 else ''} in this session.")
        st.button("Remove the pasted reports", key="paste_clear", on_click=_clear_pasted)


def _clear_pasted() -> None:
    st.session_state[K_PASTED] = []
    st.session_state[K_PASTE_MESSAGES] = []


def show_messages(messages: Sequence[str]) -> None:
    """Each message as an alert, its words shown as written (file names are untrusted)."""
    for message in messages:
        (st.success if message.startswith("Added") else st.warning)(inert(message))
