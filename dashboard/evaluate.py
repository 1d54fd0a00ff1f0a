"""The evaluation corpus: real reports of other episodes with a hand-made reference (tests/corpus/).

`python -m dashboard evaluate [--corpus tests/corpus] [--data DIR]` builds every episode of the
corpus as ONE folder (a mixed folder of years and crises, as analysts have them), then scores the
tables against each episode's `gold.json` (format: tests/corpus/README.md) and prints, per episode
and in all: publication dates (right / empty / wrong), places (recall, precision, located within
tolerance), figures (recall, precision, subject, qualifier, status), events (recall, implausible
dates) and claims (pairwise precision and recall, false conflicts).

The matching rules are those of the acceptance scorer (tests/extract/acceptance/score.py): a
figure is found when its value matches and its offsets overlap the reference quote's words.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path

import pandas as pd

from dashboard import tables as store

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
# A qualifier's class: the canonical form the figures table stores (as the acceptance scorer's
# QUALIFIER_WORDS) and the words gold may write for it ("nearly" is "about"; "hundreds of
# thousands of" is "hundreds of", whose bounds say the thousands).
QUALIFIER_WORDS = {
    "at least": {"at least", "no fewer than", "no less than"},
    "more than": {"more than", "over", "above", "upwards of"},
    "about": {"about", "some", "around", "approximately", "roughly", "nearly", "almost", "estimated"},
    "up to": {"up to", "as many as"},
    "tens of": {"tens of", "tens of thousands of", "tens of thousands"},
    "hundreds of": {"hundreds of", "hundreds of thousands of", "hundreds of thousands", "many hundreds of"},
    "several": {"several", "several hundred", "several thousand"},
}
_QUALIFIER_CLASS = {word: canonical for canonical, words in QUALIFIER_WORDS.items() for word in words}
SAME_STATUS = {"possible": "expected"}  # may / could / expected to: one class for scoring
IMPLAUSIBLE_DAYS = 366  # an event this far from its report's date, with no year in its words
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


# ------------------------------------------------------------------ text matching


def norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def span_of(text: str, quote: str) -> tuple[int, int] | None:
    """Character span of a quote in a text, tolerant of white space and curly quotes."""
    pattern = r"\s+".join(re.escape(w) for w in norm(quote).split(" "))
    folded = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    m = re.search(pattern, folded, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _num(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def figure_matches(gold: dict, fig: dict, gspan: tuple[int, int] | None) -> bool:
    v, lo, hi = _num(fig.get("value")), _num(fig.get("low")), _num(fig.get("high"))
    if "value" in gold:
        same = v is not None and abs(v - gold["value"]) < 1e-9
    else:  # a vague amount or a range
        same = (lo is not None and hi is not None and lo <= gold["high"] and hi >= gold["low"]) or (
            v is not None and gold["low"] <= v <= gold["high"]
        )
    if not same:
        return False
    s, e = _num(fig.get("start")), _num(fig.get("end"))
    if gspan and s is not None and e is not None:
        return s < gspan[1] and e > gspan[0]
    return gspan is None


def qualifier_ok(gold: str | None, got: str | None) -> bool:
    got = norm(got or "")
    if not gold:
        return got == ""
    gold = _QUALIFIER_CLASS.get(norm(gold), norm(gold))
    return _QUALIFIER_CLASS.get(got, got) == gold


def subject_ok(gold: str, got: str | None) -> bool:
    return norm(gold).rstrip("s") in norm(got or "")


def status_ok(gold: str, got: str | None) -> bool:
    return SAME_STATUS.get(gold, gold) == SAME_STATUS.get(got or "occurred", got or "occurred")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# ------------------------------------------------------------------ counts


@dataclass
class Scores:
    """Counts for one episode (or all), and the problems behind them."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for key, n in other.counts.items():
            self.counts[key] += n
        self.problems += other.problems

    def ratio(self, hits: str, total: str) -> float | None:
        return self.counts[hits] / self.counts[total] if self.counts[total] else None

    def summary(self) -> dict[str, float | int | None]:
        c = self.counts
        return {
            "reports": c["reports"],
            "published_right": c["pub_right"],
            "published_empty": c["pub_empty"],
            "published_wrong": c["pub_wrong"],
            "place_recall": self.ratio("place_found", "place_gold"),
            "place_precision": 1 - c["place_spurious"] / c["place_named"] if c["place_named"] else None,
            "place_located_ok": self.ratio("place_geo_ok", "place_found"),
            "figure_recall": self.ratio("fig_found", "fig_gold"),
            "figure_precision": 1 - c["fig_spurious"] / c["fig_extracted"] if c["fig_extracted"] else None,
            "figure_subject": self.ratio("fig_subject_ok", "fig_found"),
            "figure_qualifier": self.ratio("fig_qualifier_ok", "fig_found"),
            "figure_status": self.ratio("fig_status_ok", "fig_status_gold"),
            "event_recall": self.ratio("ev_found", "ev_gold"),
            "event_implausible": c["ev_implausible"],
            "claim_pair_precision": self.ratio("pair_right", "pair_predicted"),
            "claim_pair_recall": self.ratio("pair_right", "pair_gold"),
            "claims": c["claims"],
            "false_conflicts": c["false_conflicts"],
            "false_conflict_share": c["false_conflicts"] / c["claims"] if c["claims"] else None,
        }


@dataclass
class Tables:
    """The built tables as lists of rows, by article."""

    articles: dict[str, dict]  # source_file -> row
    figures: dict[str, list[dict]]  # article_id -> rows
    mentions: dict[str, list[dict]]
    events: dict[str, list[dict]]
    places: dict[str, dict]  # place_id -> row
    claims: dict[str, dict]  # claim_id -> row

    @classmethod
    def read(cls, data: Path) -> Tables:
        t = store.read_tables(data)

        def rows(df: pd.DataFrame) -> list[dict]:
            return df.astype(object).where(df.notna(), None).to_dict("records")

        def by_article(df: pd.DataFrame) -> dict[str, list[dict]]:
            out: dict[str, list[dict]] = defaultdict(list)
            for row in rows(df):
                out[row["article_id"]].append(row)
            return out

        return cls(
            articles={r["source_file"]: r for r in rows(t["articles"])},
            figures=by_article(t["figures"]),
            mentions=by_article(t["mentions"]),
            events=by_article(t["events"]),
            places={r["place_id"]: r for r in rows(t["places"])},
            claims={r["claim_id"]: r for r in rows(t["claims"])},
        )


# ------------------------------------------------------------------ one article


def _score_published(name: str, gold: dict, article: dict, s: Scores) -> None:
    got = (article.get("published") or "")[:10]
    accept = [d for d in gold.get("published_accept", [gold.get("published", "")]) if d]
    if not got:
        s.counts["pub_empty"] += 1
    elif got in accept:
        s.counts["pub_right"] += 1
    else:
        s.counts["pub_wrong"] += 1
        s.problems.append(
            f"{name}: published {got}, the report is of {gold.get('published') or 'an unknown date'}"
        )


def _place_names(places: dict, mention: dict) -> set[str]:
    place = places.get(mention["place_id"]) or {}
    return {norm(place.get("name") or ""), norm(mention.get("surface") or "")}


def _score_places(name: str, gold: dict, episode: dict, t: Tables, aid: str, s: Scores) -> None:
    mine = t.mentions.get(aid, [])
    refs = {p: episode["places"][p] for p in gold.get("places", [])}
    aliases = {p: {norm(a) for a in ref["aliases"]} | {norm(p)} for p, ref in refs.items()}
    for place, ref in refs.items():
        s.counts["place_gold"] += 1
        hit = next((m for m in mine if _place_names(t.places, m) & aliases[place]), None)
        if hit is None:
            s.problems.append(f"{name}: place {place} not found")
            continue
        s.counts["place_found"] += 1
        row = t.places.get(hit["place_id"]) or {}
        lat, lon = _num(row.get("lat")), _num(row.get("lon"))
        if row.get("precision") in ("parent", "unlocated") or lat is None or lon is None:
            s.counts["place_geo_ok"] += 1  # honestly marked: located at its parent, or not at all
        elif km(lat, lon, ref["lat"], ref["lon"]) <= max(ref["tolerance_km"], 0):
            s.counts["place_geo_ok"] += 1
        else:
            s.problems.append(
                f"{name}: {place} placed at ({lat:.3f}, {lon:.3f}), {ref['lat']}, {ref['lon']} expected"
            )
    known = set().union(*aliases.values()) if aliases else set()
    known |= {norm(x) for x in gold.get("places_ok", [])}
    for pid in sorted({m["place_id"] for m in mine}):
        row = t.places.get(pid) or {}
        if (row.get("kind") or "") == "country":
            continue
        s.counts["place_named"] += 1
        names = set().union(*(_place_names(t.places, m) for m in mine if m["place_id"] == pid))
        if not names & known:
            s.counts["place_spurious"] += 1
            s.problems.append(
                f"{name}: {row.get('name') or pid!r} ({', '.join(sorted(names - {''}))}) is not a place of this report"
            )


def _score_figures(name: str, gold: dict, text: str, figs: list[dict], s: Scores) -> dict[str, str]:
    """Counts figures; returns gold figure id -> the figure_id it matched."""
    used: set[int] = set()
    matched: dict[str, str] = {}

    def match(item: dict) -> dict | None:
        gspan = span_of(text, item["quote"])
        for i, f in enumerate(figs):
            if i not in used and figure_matches(item, f, gspan):
                used.add(i)
                matched[item["id"]] = f["figure_id"]
                return f
        return None

    required = gold["figures"]["required"]
    direct = [match(item) for item in required]  # every mention matched first, whatever the gold's order
    for item, found in zip(required, direct, strict=True):
        s.counts["fig_gold"] += 1
        f = found or _restated(item, figs, used)
        if f is None:
            s.problems.append(f"{name}: figure missed: {item['quote']!r}")
            continue
        s.counts["fig_found"] += 1
        _score_figure_fields(name, item, f, s)
    for item in gold["figures"].get("optional", []):
        match(item)
    s.counts["fig_extracted"] += len(figs)
    for i, f in enumerate(figs):
        if i not in used:
            s.counts["fig_spurious"] += 1
            s.problems.append(
                f"{name}: spurious figure {f.get('value')} {f.get('subject')!r}: {(f.get('quote') or '')[:90]!r}"
            )
    return matched


def _restated(item: dict, figs: list[dict], used: set[int]) -> dict | None:
    """A report that states a figure twice (a headline repeated in the lead) gives one row by design:
    a second mention of a figure already found, with its value and subject, counts as found."""
    for i in sorted(used):
        f = figs[i]
        if figure_matches(item, f, None) and subject_ok(item["subject"], f.get("subject")):
            return f  # (not a claim member of its own: it is the same figure)
    return None


def _score_figure_fields(name: str, item: dict, f: dict, s: Scores) -> None:
    where = f"{name}: figure {item['quote'][:60]!r}"
    if subject_ok(item["subject"], f.get("subject")):
        s.counts["fig_subject_ok"] += 1
    else:
        s.problems.append(f"{where} subject {f.get('subject')!r}, expected {item['subject']!r}")
    if qualifier_ok(item.get("qualifier"), f.get("qualifier")):
        s.counts["fig_qualifier_ok"] += 1
    else:
        s.problems.append(f"{where} qualifier {f.get('qualifier')!r}, expected {item.get('qualifier')!r}")
    if "status" in item:
        s.counts["fig_status_gold"] += 1
        if status_ok(item["status"], f.get("status")):
            s.counts["fig_status_ok"] += 1
        else:
            s.problems.append(f"{where} status {f.get('status')!r}, expected {item['status']!r}")


def _score_events(name: str, gold: dict, events: list[dict], s: Scores) -> None:
    got = [(e.get("date") or "") for e in events]
    # a period of days ("between 2 and 6 April", "last weekend") is written in gold as its first and last day
    got += [
        f"{e['date']}..{e['date_end']}"
        for e in events
        if e.get("date_precision") in ("span", "week") and e.get("date_end")
    ]
    for item in gold["events"]["required"]:
        s.counts["ev_gold"] += 1
        if any(d[: len(item["date"])] == item["date"] or item["date"][:7] == d for d in got):
            s.counts["ev_found"] += 1
        else:
            s.problems.append(f"{name}: no event dated {item['date']} ({item.get('what', '')})")
    if not gold.get("published"):
        return
    published = date.fromisoformat(gold["published"])
    for e in events:
        day = e.get("date") or ""
        try:
            when = date.fromisoformat(day[:10] if len(day) >= 10 else day[:7] + "-01")
        except ValueError:
            continue
        if abs((when - published).days) > IMPLAUSIBLE_DAYS and not _YEAR.search(e.get("date_text") or ""):
            s.counts["ev_implausible"] += 1
            s.problems.append(
                f"{name}: event dated {day} from {e.get('date_text')!r}, the report is of {published}"
            )


# ------------------------------------------------------------------ claims


def _score_claims(episode: dict, matched: dict[str, str], t: Tables, aids: set[str], s: Scores) -> None:
    """Pairwise: two figures (both found) grouped together, here and in the reference."""
    group_of = {}  # gold figure key -> group index
    conflict_groups = set()
    for i, claim in enumerate(episode.get("claims", [])):
        for key in claim["figures"]:
            group_of[key] = i
        if claim["status"] == "conflict":
            conflict_groups.add(i)
    found = {key: fid for key, fid in matched.items()}
    claim_of = {}
    for aid in aids:
        for f in t.figures.get(aid, []):
            claim_of[f["figure_id"]] = f.get("claim_id")
    keys = sorted(found)
    for a, b in combinations(keys, 2):
        gold_same = a in group_of and group_of.get(a) == group_of.get(b)
        got_same = claim_of.get(found[a]) is not None and claim_of.get(found[a]) == claim_of.get(found[b])
        s.counts["pair_gold"] += gold_same
        s.counts["pair_predicted"] += got_same
        s.counts["pair_right"] += gold_same and got_same
        if got_same and not gold_same:
            s.problems.append(f"claims: {a} and {b} grouped, but they measure different things")
        elif gold_same and not got_same:
            s.problems.append(f"claims: {a} and {b} measure the same thing, not grouped")
    _score_conflicts(found, claim_of, group_of, conflict_groups, t, aids, s)


def _score_conflicts(
    found, claim_of, group_of, conflict_groups, t: Tables, aids: set[str], s: Scores
) -> None:
    ids = {
        claim_of[f["figure_id"]]
        for aid in aids
        for f in t.figures.get(aid, [])
        if claim_of.get(f["figure_id"])
    }
    s.counts["claims"] += len(ids)
    key_of = {fid: key for key, fid in found.items()}
    for cid in sorted(ids):
        if (t.claims.get(cid) or {}).get("status") != "conflict":
            continue
        members = [key_of[fid] for fid, c in claim_of.items() if c == cid and fid in key_of]
        real = any(
            group_of.get(a) is not None
            and group_of.get(a) == group_of.get(b)
            and group_of[a] in conflict_groups
            for a, b in combinations(members, 2)
        )
        if not real:
            s.counts["false_conflicts"] += 1
            s.problems.append(
                f"claims: {cid} ({(t.claims.get(cid) or {}).get('label')}) is a conflict the reports do not hold"
            )


# ------------------------------------------------------------------ episodes


# ------------------------------------------------------------------ the gold files themselves

STATUSES = ("occurred", "planned", "expected", "possible", "demanded", "denied", "prevented")
MEASURES = ("stock", "flow", "total", "capacity", "other")
PLACE_KINDS = ("city", "town", "village", "district", "site", "region", "country")
_GOLD_DATE = re.compile(r"^(\d{4}-\d{2}(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?)?$")


def check_gold(folder: Path) -> list[str]:
    """What is wrong with an episode's gold.json (format: tests/corpus/README.md): reports without an
    entry, quotes not in their file, repeated ids, claims naming unknown figures, bad values."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    files = {
        p.name for p in folder.iterdir() if p.suffix in (".txt", ".html", ".md") and p.name != "SOURCES.md"
    }
    problems = [f"{f}: no gold entry" for f in sorted(files - gold["articles"].keys())]
    problems += [f"{f}: gold entry but no file" for f in sorted(gold["articles"].keys() - files)]
    problems += [
        f"place {n}: kind {r.get('kind')!r}"
        for n, r in gold["places"].items()
        if r.get("kind") not in PLACE_KINDS
    ]
    ids: set[str] = set()
    for name, article in gold["articles"].items():
        if name in files:
            problems += _check_article(folder, name, article, gold["places"], ids)
    for claim in gold.get("claims", []):
        problems += [f"claim names unknown figure {ref}" for ref in claim["figures"] if ref not in ids]
        if len(claim["figures"]) < 2 or claim.get("status") not in ("agree", "conflict"):
            problems.append(f"claim {claim['figures']}: fewer than two figures or no status")
    return problems


def _check_article(folder: Path, name: str, article: dict, places: dict, ids: set[str]) -> list[str]:
    text = (folder / name).read_text(encoding="utf-8")
    problems = [f"{name}: place {p} not in places" for p in article.get("places", []) if p not in places]
    if "" not in article.get("published_accept", []):
        problems.append(f"{name}: published_accept lacks ''")
    seen: set[str] = set()
    for fig in article["figures"]["required"] + article["figures"].get("optional", []):
        where = f"{name}#{fig.get('id')}"
        if not fig.get("id") or fig["id"] in seen:
            problems.append(f"{where}: figure id missing or repeated")
        seen.add(fig.get("id", ""))
        ids.add(where)
        if span_of(text, fig["quote"]) is None:
            problems.append(f"{where}: quote not in the file")
        if fig.get("status") not in STATUSES or fig.get("measure") not in MEASURES:
            problems.append(f"{where}: status {fig.get('status')!r} or measure {fig.get('measure')!r}")
        if not _GOLD_DATE.match(fig.get("as_of", "")) or not fig.get("subject"):
            problems.append(f"{where}: as_of {fig.get('as_of')!r} or no subject")
    for event in article["events"]["required"] + article["events"].get("optional", []):
        if span_of(text, event["quote"]) is None or not _GOLD_DATE.match(event.get("date") or "x"):
            problems.append(f"{name}: event {event.get('date')!r} {event['quote'][:40]!r}")
    return problems


def episodes(corpus: Path) -> list[Path]:
    return sorted(p.parent for p in corpus.glob("*/gold.json"))


def score_episode(folder: Path, t: Tables) -> Scores:
    episode = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    s = Scores()
    matched: dict[str, str] = {}
    aids = set()
    for name, gold in sorted(episode["articles"].items()):
        s.counts["reports"] += 1
        article = t.articles.get(name)
        if article is None:
            s.problems.append(f"{name}: no row in articles.csv")
            s.counts["fig_gold"] += len(gold["figures"]["required"])
            s.counts["place_gold"] += len(gold.get("places", []))
            s.counts["ev_gold"] += len(gold["events"]["required"])
            continue
        aid = article["article_id"]
        aids.add(aid)
        text = (folder / name).read_text(encoding="utf-8")
        _score_published(name, gold, article, s)
        _score_places(name, gold, episode, t, aid, s)
        found = _score_figures(name, gold, text, t.figures.get(aid, []), s)
        matched |= {f"{name}#{k}": v for k, v in found.items()}
        _score_events(name, gold, t.events.get(aid, []), s)
    _score_claims(episode, matched, t, aids, s)
    return s


def gather(corpus: Path, into: Path) -> list[Path]:
    """Every episode's reports (and their sources.csv rows) in one folder, as an analyst's would be."""
    into.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    found = episodes(corpus)
    for folder in found:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".txt", ".html", ".htm", ".md") and path.name != "SOURCES.md":
                shutil.copyfile(path, into / path.name)
        sources = folder / "sources.csv"
        if sources.exists():
            with sources.open(encoding="utf-8", newline="") as fh:
                rows += list(csv.DictReader(fh))
    if rows:
        columns = sorted({k for r in rows for k in r}, key=["file", "outlet", "url", "published"].index)
        with (into / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return found


def evaluate(corpus: Path = CORPUS, data: Path | None = None) -> dict[str, Scores]:
    """Build the whole corpus as one folder (unless `data` holds its tables) and score each episode."""
    from dashboard.extract import pipeline

    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        folder = Path(tmp) / "reports"
        found = gather(corpus, folder)
        if data is None:
            data = Path(tmp) / "data"
            pipeline.build(folder, data, progress=False)
        tables = Tables.read(data)
        out = {f.name: score_episode(f, tables) for f in found}
    total = Scores()
    for scores in out.values():
        total.add(scores)
    out["all"] = total
    return out


def report(results: dict[str, Scores], problems: bool = False) -> str:
    pct = lambda v: "  n/a" if v is None else f"{v:5.0%}"  # noqa: E731
    lines = [
        f"{'episode':22} {'reports':>7} {'dates r/e/w':>11} {'place R':>7} {'P':>5} {'loc':>5} {'fig R':>5} {'P':>5} "
        f"{'subj':>5} {'qual':>5} {'stat':>5} {'ev R':>5} {'impl':>4} {'pair P':>6} {'R':>5} {'false c':>7}"
    ]
    for name, s in results.items():
        m = s.summary()
        dates = f"{m['published_right']}/{m['published_empty']}/{m['published_wrong']}"
        lines.append(
            f"{name:22} {m['reports']:>7} {dates:>11} {pct(m['place_recall']):>7} {pct(m['place_precision'])} "
            f"{pct(m['place_located_ok'])} {pct(m['figure_recall'])} {pct(m['figure_precision'])} "
            f"{pct(m['figure_subject'])} {pct(m['figure_qualifier'])} {pct(m['figure_status'])} "
            f"{pct(m['event_recall'])} {m['event_implausible']:>4} {pct(m['claim_pair_precision']):>6} "
            f"{pct(m['claim_pair_recall'])} {m['false_conflicts']:>3}/{m['claims']:<3}"
        )
    if problems:
        for name, s in results.items():
            if name != "all":
                lines += [f"\n{name}:"] + [f"- {p}" for p in s.problems]
    return "\n".join(lines)
