"""Reports added in the app for one session: the uploader's files checked, read by the build's
pipeline in memory, and merged with the tables. Nothing is written on the server.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import tables as store
from dashboard.extract import ingest
from dashboard.ui.untrusted import inert, plain

MAX_UPLOAD_FILES = 10


MAX_UPLOAD_BYTES = 2 * 1024 * 1024


UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in ingest.REPORT_SUFFIXES)


K_UPLOAD, K_UPLOAD_RESULT = "f_upload", "_upload_result"

NAME_CHARS = 120  # a file name longer than this is shortened in messages


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
            messages.append(
                f"{shown}: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_BYTES // 2**20} MB limit; skipped."
            )
        elif size == 0:
            messages.append(f"{shown}: the file is empty; skipped.")
        else:
            accepted.append(i)
    return accepted, messages


def add_uploaded(
    tables: dict[str, pd.DataFrame], files: Sequence[tuple[str, bytes]]
) -> tuple[dict[str, pd.DataFrame], list[str], dict[str, str]]:
    """Uploaded reports through the build's pipeline, in memory: merged tables, messages,
    and the reports' texts (for the excerpts)."""
    accepted, messages = check_uploads([(name, len(data)) for name, data in files])
    chosen = [files[i] for i in accepted]
    if not chosen:
        return tables, messages, {}
    from dashboard.extract import pipeline

    merged, warnings = pipeline.add_reports(tables, list(chosen))
    texts = {name: text for name, data in chosen if (text := ingest.report_text(name, data)) is not None}
    added = len(merged["articles"]) - len(tables["articles"])
    summary = (
        f"Added {added} report{'s' if added != 1 else ''} for this session (nothing is saved on the server)."
    )
    return merged, [summary, *messages, *warnings], texts


def merge_uploads(
    data_dir: Path, base: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], list[str], dict[str, str]]:
    """The tables with this session's uploads, read once per set of files (kept in the session)."""
    files = st.session_state.get(K_UPLOAD) or []
    if not files:
        return base, [], {}
    named = [(f.name, f.getvalue()) for f in files]
    key = (str(data_dir), store.stamp(data_dir), *(hashlib.sha256(d).hexdigest() for _, d in named))
    cached = st.session_state.get(K_UPLOAD_RESULT)
    if cached is None or cached[0] != key:
        try:
            result = add_uploaded(base, named)
        except Exception as err:  # a report the pipeline cannot take must not take the app down
            result = (base, [f"The uploaded reports could not be read: {err}"], {})
        cached = (key, result)
        st.session_state[K_UPLOAD_RESULT] = cached
    return cached[1]


def show_messages(messages: Sequence[str]) -> None:
    """Each message as an alert, its words shown as written (file names are untrusted)."""
    for message in messages:
        (st.success if message.startswith("Added") else st.warning)(inert(message))
