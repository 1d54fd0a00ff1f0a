"""A small hand-made corpus for the dashboard's tests: three short reports and the tables
an extraction would make of them, every offset computed from the texts themselves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard import schema

XSS_TITLE = "Buses <script>alert(1)</script> enter"
XSS_LINE = "<img src=x onerror=alert(1)>"

TEXTS = {
    "a1.txt": (
        "Aleppo evacuation deal reached\n\n"
        "By Jane Doe December 13, 2016\n\n"
        "Rebels and the government agreed on Tuesday to evacuate civilians from eastern Aleppo.\n"
        "About 50,000 civilians remain in eastern Aleppo.\n"
        "About 3,000 fighters will go from eastern Aleppo to Idlib province.\n"
    ),
    "b2.txt": (
        "Ceasefire back on track\n\n"
        "December 14, 2016\n\n"
        "The truce collapsed on Wednesday amid shelling in Aleppo.\n"
        "Some 15,000 people would be evacuated from Foua and Kefraya.\n"
        "At least 82 civilians were killed in Aleppo, the UN said.\n"
        "Evacuations begin on Thursday at 6am.\n"
    ),
    "c3.txt": (
        "Buses enter Aleppo\n\n"
        "Five buses entered eastern Aleppo on Thursday.\n"
        "About 14,000 people want to leave Aleppo.\n"
        "Some 40,000 civilians remain in eastern Aleppo.\n"
        "Evacuations went on through December.\n"
    ),
}

PLACES = [
    # place_id, name, lat, lon, kind, parent
    ("gn:aleppo", "Aleppo", 36.2021, 37.1343, "city", None),
    ("gn:east-aleppo", "Eastern Aleppo", 36.21, 37.18, "district", "gn:aleppo"),
    ("gn:idlib-gov", "Idlib Governorate", 35.8, 36.6, "region", None),
    ("gn:foua", "Foua", 35.9917, 36.7036, "village", None),
    ("gn:kefraya", "Kefraya", 35.9967, 36.6775, "village", None),
    ("gn:syria", "Syria", 35.0, 38.0, "country", None),
]
SURFACES = [  # longest first, so "eastern Aleppo" is not also read as "Aleppo"
    ("eastern Aleppo", "gn:east-aleppo"),
    ("Idlib province", "gn:idlib-gov"),
    ("Aleppo", "gn:aleppo"),
    ("Foua", "gn:foua"),
    ("Kefraya", "gn:kefraya"),
]
ARTICLES = [
    # article_id, file, title, outlet, published, basis
    ("a1", "a1.txt", "Aleppo evacuation deal reached", "Daily One", "2016-12-13", "byline"),
    ("b2", "b2.txt", "Ceasefire back on track", "Two News", "2016-12-14", "byline"),
    ("c3", "c3.txt", "Buses enter Aleppo", None, "2016-12-15", "inferred"),
]
FIGURES = [
    # article, figure text, sentence clue, value, qualifier, subject, outcome, place, origin, dest, date, claim
    ("a1", "50,000 civilians", "About 50,000", 50000, "about", "civilians", "remain", "gn:east-aleppo", None, None,
     "2016-12-13", "c-remain"),
    ("a1", "3,000 fighters", "3,000 fighters", 3000, "about", "fighters", "evacuated", None, "gn:east-aleppo",
     "gn:idlib-gov", "2016-12-13", "c-fighters"),
    ("b2", "15,000 people", "Some 15,000", 15000, "some", "people", "evacuated", None, "gn:foua", "gn:aleppo",
     "2016-12-14", "c-foua"),
    ("b2", "82 civilians", "At least 82", 82, "at least", "civilians", "killed", "gn:aleppo", None, None,
     "2016-12-14", "c-killed"),
    ("c3", "Five buses", "Five buses", 5, None, "buses", "entered", "gn:east-aleppo", None, None, "2016-12-15",
     "c-buses"),
    ("c3", "14,000 people", "14,000 people", 14000, "about", "people", "want to leave", "gn:aleppo", None, None,
     "2016-12-15", "c-leave"),
    ("c3", "40,000 civilians", "Some 40,000", 40000, "some", "civilians", "remain", "gn:east-aleppo", None, None,
     "2016-12-15", "c-remain"),
]  # fmt: skip
EVENTS = [
    # article, date words, date, date_end, precision, what, place
    ("a1", "Tuesday", "2016-12-13", None, "day", "agreed to evacuate civilians", "gn:east-aleppo"),
    ("b2", "Wednesday", "2016-12-14", None, "day", "truce collapsed", "gn:aleppo"),
    ("b2", "Thursday", "2016-12-15", None, "day", "evacuations begin", None),
    ("c3", "Thursday", "2016-12-15", None, "day", "buses entered", "gn:east-aleppo"),
    ("c3", "December", "2016-12", "2016-12-31", "month", "evacuations went on", None),
]
CLAIMS = [
    # claim, subject, outcome, place, label, min, max, qualifier, n_fig, n_src, status, date_min, date_max
    ("c-remain", "civilians", "remain", "gn:east-aleppo", "40,000–50,000 civilians remain", 40000, 50000, None, 2, 2,
     "conflict", "2016-12-13", "2016-12-15"),
    ("c-fighters", "fighters", "evacuated", None, "about 3,000 fighters evacuated", 3000, 3000, "about", 1, 1, "single",
     "2016-12-13", "2016-12-13"),
    ("c-foua", "people", "evacuated", None, "some 15,000 people evacuated", 15000, 15000, "some", 1, 1, "single",
     "2016-12-14", "2016-12-14"),
    ("c-killed", "civilians", "killed", "gn:aleppo", "at least 82 civilians killed", 82, 82, "at least", 1, 1,
     "single", "2016-12-14", "2016-12-14"),
    ("c-buses", "buses", "entered", "gn:east-aleppo", "5 buses entered", 5, 5, None, 1, 1, "single", "2016-12-15",
     "2016-12-15"),
    ("c-leave", "people", "want to leave", "gn:aleppo", "about 14,000 people want to leave", 14000, 14000, "about",
     1, 1, "single", "2016-12-15", "2016-12-15"),
]  # fmt: skip


def texts(xss: bool = False) -> dict[str, str]:
    out = dict(TEXTS)
    if xss:
        out["c3.txt"] = (
            out["c3.txt"]
            .replace("Buses enter Aleppo", XSS_TITLE)
            .replace("Five buses", f"{XSS_LINE} Five buses")
        )
    return out


def _sentence(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, end if end >= 0 else len(text)


def _span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def make_tables(xss: bool = False) -> dict[str, pd.DataFrame]:
    body = {name.split(".")[0]: text for name, text in texts(xss).items()}
    arts = pd.DataFrame(
        [
            {"article_id": a, "source_file": f, "title": XSS_TITLE if xss and a == "c3" else t, "outlet": o,
             "published": p, "published_basis": b, "chars": len(body[a])}
            for a, f, t, o, p, b in ARTICLES
        ]
    )  # fmt: skip
    ments = []
    for a, text in body.items():
        taken: list[tuple[int, int]] = []
        for surface, pid in SURFACES:
            pos = text.find(surface)
            while pos >= 0:
                if not any(s <= pos < e for s, e in taken):
                    taken.append((pos, pos + len(surface)))
                    ments.append({"article_id": a, "place_id": pid, "surface": surface, "start": pos,
                                  "end": pos + len(surface)})  # fmt: skip
                pos = text.find(surface, pos + 1)
    figs = []
    for n, (a, words, clue, value, qual, subj, outcome, place, origin, dest, day, claim) in enumerate(
        FIGURES, 1
    ):
        text = body[a]
        start, end = _span(text, words, text.index(clue))
        qs, qe = _sentence(text, start)
        figs.append(
            {"figure_id": f"{a}-f{n:03d}", "article_id": a, "value": value, "low": value, "high": value,
             "subject": subj, "qualifier": qual, "outcome": outcome, "place_id": place, "origin_id": origin,
             "destination_id": dest, "date": day, "text": words, "start": start, "end": end,
             "quote": " ".join(text[qs:qe].split()), "quote_start": qs, "quote_end": qe, "claim_id": claim}
        )  # fmt: skip
    evs = []
    for n, (a, words, day, day_end, precision, what, place) in enumerate(EVENTS, 1):
        text = body[a]
        start, end = _span(text, words, text.index("\n\n", text.index("\n\n") + 1) if a != "c3" else 0)
        qs, qe = _sentence(text, start)
        evs.append(
            {"event_id": f"{a}-e{n:03d}", "article_id": a, "date": day, "date_end": day_end,
             "date_precision": precision, "date_text": words, "what": what, "place_id": place, "start": start,
             "end": end, "quote": " ".join(text[qs:qe].split()), "quote_start": qs, "quote_end": qe}
        )  # fmt: skip
    claims = pd.DataFrame(
        CLAIMS,
        columns=["claim_id", "subject", "outcome", "place_id", "label", "value_min", "value_max", "qualifier",
                 "n_figures", "n_sources", "status", "date_min", "date_max"],
    )  # fmt: skip
    places = pd.DataFrame(PLACES, columns=["place_id", "name", "lat", "lon", "kind", "parent"])
    mdf = pd.DataFrame(ments)
    places["n_articles"] = places["place_id"].map(mdf.groupby("place_id")["article_id"].nunique()).fillna(0)
    places["n_mentions"] = places["place_id"].map(mdf["place_id"].value_counts()).fillna(0)
    fdf = pd.DataFrame(figs)
    used = pd.concat([fdf["place_id"], fdf["origin_id"], fdf["destination_id"]]).dropna().value_counts()
    places["n_figures"] = places["place_id"].map(used).fillna(0)
    raw = {"articles": arts, "places": places, "mentions": mdf, "figures": fdf, "events": pd.DataFrame(evs),
           "claims": claims}  # fmt: skip
    out = {}
    for name, table in schema.TABLES.items():
        df = raw.get(name, pd.DataFrame())
        for col in table.column_names:
            if col not in df:
                df[col] = None
        out[name] = schema.enforce(df[table.column_names], table)
    return out


def write_corpus(folder: Path, xss: bool = False) -> tuple[Path, Path]:
    """Write the tables (data/) and the report texts (seeds/) under a folder."""
    data, seeds = folder / "data", folder / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    for name, text in texts(xss).items():
        (seeds / name).write_text(text, encoding="utf-8")
    for name, df in make_tables(xss).items():
        df.to_csv(data / f"{name}.csv", index=False)
    return data, seeds


APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def use_corpus(folder: Path, monkeypatch) -> tuple[Path, Path]:
    """The fixture corpus written into `folder`, and the app pointed at it: (data, seeds)."""
    from dashboard.ui import loaders

    data, seeds = write_corpus(folder)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    return data, seeds


def use_committed_data(monkeypatch) -> None:
    """The app pointed at the committed seeds' tables (skipped where data/ is not built yet)."""
    import pytest

    from dashboard.ui import loaders

    root = Path(APP).parents[1]
    if not (root / "data" / "articles.csv").exists():
        pytest.skip("data/ is not built yet (python -m dashboard build --seeds seeds --out data)")
    monkeypatch.setenv(loaders.DATA_ENV, str(root / "data"))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(root / "seeds"))


def run_app(params: dict | None = None):
    """One AppTest run of the app with these URL parameters; no exception on the page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_uploader(at):
    """Open the sidebar's "Add reports" box (its uploader and form are drawn only once opened)."""
    from dashboard.ui import sidebar

    at.session_state[sidebar.K_ADD_REPORTS] = True
    return at.run()
