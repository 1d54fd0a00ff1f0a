"""The incremental cache: what each report yielded, kept beside the tables (`<out>/.cache/`),
keyed by the code that made it and the report's bytes, so a rebuild reads again only the reports
that changed, and every report again when the extraction's code or vocabularies change.

The cache is a journal of segment files (`journal-*.jsonl`), each written whole under a temporary
name and then renamed, never appended to: a build killed while saving leaves the segments that were
there and, at most, an orphan temporary file (removed by the next save). A segment is data only
(JSON, never pickle: loading runs no code), one report a line, each line led by a checksum of
itself and the segment named by a checksum of the whole, so a damaged line (a bad disk, a hand edit, a copy cut short) is found and only that
report is read again. A damaged journal is said once (`Loaded.damage`) and rewritten whole.
The journal is compacted (rewritten as one segment of what the build used) when most of what it
holds is stale or it has grown to many segments, so rebuilding the same seeds never grows it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.extract.dates import DateRef
from dashboard.extract.ingest import Problem
from dashboard.extract.published import Partial
from dashboard.extract.report import ReportResult

EXTRACT_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = EXTRACT_DIR.parent / "schema.py"
CACHE_DIR = ".cache"
SEGMENT_PREFIX, SEGMENT_SUFFIX = "journal-", ".jsonl"
LEGACY_FILES = ("extract.pkl",)  # journals of older code: pickles are never loaded, only removed
CACHE_FORMAT = "5"  # bump when ReportResult or the record's layout changes: older entries are ignored
MAX_SEGMENTS = 8  # more segments than this and the journal is rewritten as one
CHECKSUM_CHARS = 32  # hex digits of a line's blake2b checksum
WRITE_BUFFER = 1 << 20  # bytes of a segment written at once
_REF_FIELDS = tuple(f.name for f in fields(DateRef))


def code_files() -> list[Path]:
    """Every file whose code or data decides what a report yields: the whole extraction package
    (its modules and vocabularies, found, never listed by hand) and the table schema."""
    files = [p for p in EXTRACT_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".gz")]
    return sorted(files) + [SCHEMA_FILE]


def fingerprint(gazetteer) -> str:
    """Cached extractions are reused only by the same code, vocabularies and gazetteer."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    for path in code_files():
        h.update(path.relative_to(EXTRACT_DIR.parent).as_posix().encode())
        h.update(path.read_bytes())
    h.update(str(len(gazetteer.rows)).encode())
    h.update(pd.util.hash_pandas_object(gazetteer.rows, index=False).values.tobytes())
    return h.hexdigest()[:16] + ":"


@dataclass
class Loaded:
    """What the journal held: {key: where its line lies (segment, offset, length)}, and what was
    wrong with it. A result is read from its line when asked for (`loaded[key]`, a new object
    each time), so loading the journal holds its keys, not its results."""

    entries: dict[str, tuple[Path, int, int]] = field(default_factory=dict)
    records: int = 0  # lines read, stale and damaged ones included
    segments: int = 0
    damage: str | None = None  # a message when lines or segments could not be read

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> ReportResult:
        return self.with_line(key)[0]

    def with_line(self, key: str) -> tuple[ReportResult, bytes]:
        """The result and its journal line as written: a rebuild keeps the line (Spill.add) rather
        than encode the result again, a tenth of an incremental build's time at 10,000 reports."""
        path, offset, length = self.entries[key]
        with path.open("rb") as f:
            f.seek(offset)
            text = f.read(length).rstrip(b"\r\n")
        result = _decode_line(text)
        if result is None:  # changed on disk since it was loaded
            raise KeyError(key)
        return result, text + b"\n"

    def __len__(self) -> int:
        return len(self.entries)


def load(out: Path | None) -> Loaded:
    """Every readable record of the journal, newest segment last; never raises."""
    folder = out / CACHE_DIR if out else None
    loaded = Loaded()
    if folder is None or not folder.is_dir():
        return loaded
    bad, cut, unreadable = 0, 0, []
    for path in _segments(folder):
        loaded.segments += 1
        whole = hashlib.sha256()
        try:
            with path.open("rb") as f:  # a line at a time: never the segment's bytes whole
                offset = 0
                for line in f:
                    whole.update(line)
                    loaded.records += 1
                    result = _decode_line(line.rstrip(b"\r\n"))
                    if result is None:
                        bad += 1
                    else:
                        loaded.entries[result.cache_key] = (path, offset, len(line))
                    offset += len(line)
        except OSError as err:
            unreadable.append(f"{path.name} ({err.strerror or err})")
            continue
        if whole.hexdigest()[:12] != path.name[: -len(SEGMENT_SUFFIX)].rpartition("-")[2]:
            cut += 1  # not the bytes it was written with (cut short at a line end, say)
    if bad or cut or unreadable:
        what = [f"{bad} damaged record(s)"] if bad else []
        what += [f"{cut} segment(s) not as written"] if cut and not bad else []
        what += [f"unreadable {u}" for u in unreadable]
        loaded.damage = (
            f"the incremental cache in {folder} is damaged ({', '.join(what)}); "
            "the reports it held are read again and the cache is rewritten"
        )
    return loaded


def save(out: Path, results: list[ReportResult], loaded: Loaded, spill: Spill | None = None) -> None:
    """Write the new extractions as a new segment; rewrite the whole journal as one segment
    when it is damaged, mostly stale (reports removed, code changed) or in many segments, so
    an incremental build writes a few KB, and the journal never holds more than about twice
    what the last build used. Raises OSError (a full disk): the journal is then as it was."""
    folder = out / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _remove_orphans(folder)
    current = {r.cache_key: r for r in results if r.cache_key}
    fresh = [r for k, r in current.items() if k not in loaded.entries]
    old = _segments(folder)
    compact = (
        loaded.damage is not None
        or loaded.records > 2 * len(current)
        or len(old) + 1 > MAX_SEGMENTS
        or any((folder / name).exists() for name in LEGACY_FILES)
    )
    lines = spill.lines if spill is not None else (lambda rs: map(_encode_line, rs))
    if compact:
        _write_segment(folder, lines(list(current.values())))
        for path in old + [folder / name for name in LEGACY_FILES]:
            _remove(path)
    elif fresh:
        _write_segment(folder, lines(fresh))


def _segments(folder: Path) -> list[Path]:
    """The journal's segments, oldest first (their names begin with a sequence number)."""
    return sorted(p for p in folder.glob(f"{SEGMENT_PREFIX}*{SEGMENT_SUFFIX}") if not p.name.startswith("."))


def _remove_orphans(folder: Path) -> None:
    """Temporary segments of saves that were killed."""
    for path in folder.glob(f".{SEGMENT_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _write_segment(folder: Path, lines: Iterable[bytes]) -> None:
    """The results' lines as one segment, written as they come (the segment's bytes are never held
    whole: at 100,000 reports they were 625 MB, and twice that as lines and body), named by their
    checksum once written; none, no segment."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    old = _segments(folder)
    number = int(old[-1].name[len(SEGMENT_PREFIX) :].split("-")[0]) + 1 if old else 1
    tmp = folder / f".{SEGMENT_PREFIX}{number:06d}.{os.getpid()}.tmp"
    whole = hashlib.sha256()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            buffer = bytearray()
            for line in itertools.chain([first], lines):
                whole.update(line)
                buffer += line
                if len(buffer) >= WRITE_BUFFER:
                    _write_all(fd, buffer)
                    buffer.clear()
            _write_all(fd, buffer)
            os.fsync(fd)
        finally:
            os.close(fd)
        name = f"{SEGMENT_PREFIX}{number:06d}-{whole.hexdigest()[:12]}{SEGMENT_SUFFIX}"
        os.replace(tmp, folder / name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_all(fd: int, data: bytes | bytearray) -> None:
    """Through os.write, as every file the build writes (a full disk raises ENOSPC here)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# ---------------------------------------------------------------- results kept on disk


class Spill:
    """The build's results on disk while it runs: each result's journal line is appended to an
    unnamed temporary file as it comes, and the build holds a light copy (`add`): what the corpus
    stage needs of every report at once (its names, date words, places, the count of its figures),
    not its rows. `full` reads a result back whole, one at a time, when its rows are made into
    tables; `lines` gives the journal what it saves without encoding anything again."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="dashboard-build-")  # noqa: SIM115 (closed on exit)
        self.where: dict[str, tuple[int, int]] = {}  # cache key -> (offset, length)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def add(self, r: ReportResult, line: bytes | None = None) -> ReportResult:
        """`r` kept; its light copy. `line`, when given, is `r`'s line already (`r` then is light:
        a Dask worker made both)."""
        if line is None:
            line, r = _encode_line(r), light(r)
        self.file.seek(0, os.SEEK_END)
        self.where[r.cache_key] = (self.file.tell(), len(line))
        self.file.write(line)
        return r

    def line(self, key: str) -> bytes:
        offset, length = self.where[key]
        self.file.seek(offset)
        return self.file.read(length)

    def full(self, r: ReportResult) -> ReportResult:
        """The whole result `r` (a light copy) stands for, as it was added."""
        whole = _decode_line(self.line(r.cache_key).rstrip(b"\n"))
        if whole is None:
            raise OSError(f"the build's temporary copy of {r.source_file} is damaged")
        whole.path = r.path
        return whole

    def lines(self, results: Iterable[ReportResult]) -> Iterator[bytes]:
        return (self.line(r.cache_key) for r in results)


def encode(r: ReportResult) -> bytes:
    """`r`'s journal line (what Spill.add writes)."""
    return _encode_line(r)


def light(r: ReportResult) -> ReportResult:
    """`r` without its rows: the places its mentions name, as many figures as it has (their
    positions), its date words and metadata; no text, no events."""
    return dataclasses.replace(
        r,
        doc=None,
        mentions={"place_id": r.mentions["place_id"]},
        figures={"start": r.figures["start"]},
        movements={},
        dated_by_published={},
    )


# ---------------------------------------------------------------- one record, one line


def _encode_line(r: ReportResult) -> bytes:
    text = json.dumps(_record(r), separators=(",", ":"), allow_nan=True).encode("ascii")
    return _checksum(text) + b" " + text + b"\n"


def _decode_line(line: bytes) -> ReportResult | None:
    """The result a line holds, or None when it is damaged (checksum, JSON or layout)."""
    checksum, _, text = line.partition(b" ")
    if not text or checksum != _checksum(text):
        return None
    try:
        return _result(json.loads(text))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _checksum(text: bytes) -> bytes:
    return hashlib.blake2b(text, digest_size=CHECKSUM_CHARS // 2).hexdigest().encode("ascii")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _partial_record(partial: Partial | None) -> list | None:
    return None if partial is None else [partial.month, partial.day, partial.text]


def _partial(values: list | None) -> Partial | None:
    return None if values is None else Partial(*values)


def _record(r: ReportResult) -> dict:
    """A result as JSON data: dates as ISO text, date references and problems as lists."""
    return {
        "key": r.cache_key,
        "source_file": r.source_file,
        "article_id": r.article_id,
        "content_hash": r.content_hash,
        "encoding": r.encoding,
        "meta": {
            **r.meta,
            "published": _iso(r.meta.get("published")),
            "published_partial": _partial_record(r.meta.get("published_partial")),
        },
        "mentions": r.mentions,
        "refs": [[getattr(ref, name) for name in _REF_FIELDS] for ref in r.refs],
        "figures": r.figures,
        "movements": r.movements,
        "problems": [[p.source_file, p.problem, p.message] for p in r.problems],
        "dated": [[_iso(day), evs, when] for day, (evs, when) in r.dated_by_published.items()],
        "days": [[_iso(day), [d.isoformat() for d in days]] for day, days in r.days_by_published.items()],
    }


def _result(rec: dict) -> ReportResult:
    """The inverse of `_record`: only the known fields, only data types."""
    refs = []
    for values in rec["refs"]:
        ref = dict(zip(_REF_FIELDS, values, strict=True))
        ref["sentence"] = tuple(ref["sentence"])
        refs.append(DateRef(**ref))
    return ReportResult(
        source_file=rec["source_file"],
        article_id=rec["article_id"],
        content_hash=rec["content_hash"],
        encoding=rec["encoding"],
        doc=None,
        meta={
            **rec["meta"],
            "published": _day(rec["meta"]["published"]),
            "published_partial": _partial(rec["meta"].get("published_partial")),
        },
        mentions=rec["mentions"],
        refs=refs,
        figures=rec["figures"],
        movements=rec["movements"],
        problems=[Problem(*p) for p in rec["problems"]],
        cache_key=rec["key"],
        dated_by_published={_day(day): (evs, when) for day, evs, when in rec["dated"]},
        days_by_published={_day(day): [date.fromisoformat(d) for d in days] for day, days in rec["days"]},
    )
