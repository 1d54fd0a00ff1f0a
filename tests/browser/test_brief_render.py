"""Briefs rendered in Chromium: the files exist and the map in the PNG is really drawn."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from dashboard import tables as store
from dashboard.brief import command, render
from dashboard.view import maps
from tests.browser.conftest import require_browser

STORY = ("Aleppo", "Idlib", "Foua", "Kefraya")


@pytest.fixture(scope="module")
def tables(seeds_data):
    return store.read_tables(seeds_data[0])


@pytest.fixture(scope="module")
def rendered(seeds_data, tmp_path_factory):
    """Briefs of the default view and of a Foua/Kefraya view, each made once."""
    require_browser()
    data, seeds = seeds_data
    out = tmp_path_factory.mktemp("briefs")
    made = {}
    for name, view in (("default", ""), ("foua", "?place=foua,kefraya")):
        files, notices = command.make_brief(view, out / name, data, seeds_dir=seeds)
        assert notices == [], notices
        made[name] = files
    return made


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def near(a, b, tolerance: int) -> bool:
    return max(abs(x - y) for x, y in zip(a, b, strict=False)) <= tolerance


def flat(image) -> list[tuple[int, int, int]]:
    return list(getattr(image, "get_flattened_data", image.getdata)())


def colour_counts(png, box, colours, tolerance=10) -> dict[str, int]:
    """How many pixels in the box are close to each colour."""
    from PIL import Image

    with Image.open(png) as im:
        pixels = flat(im.convert("RGB").crop(box))
    return {c: sum(1 for p in pixels if near(p, rgb(c), tolerance)) for c in colours}


def marker_colours(html_text: str) -> set[str]:
    """Colours of the map's markers, read from the figure in the page."""
    data = re.search(r'Plotly\.newPlot\(\s*"brief-map",\s*(\[.*?\]),\s*\{', html_text, re.S).group(1)
    return {m.upper() for m in re.findall(r'"marker":\{[^{}]*?"color":"(#[0-9A-Fa-f]{6})"', data)}


def drawn_at(png, xy, colours, radius=3, tolerance=45) -> bool:
    """Whether a pixel within `radius` of xy has one of the colours (markers are slightly see-through)."""
    from PIL import Image

    x, y = round(xy[0]), round(xy[1])
    with Image.open(png) as im:
        pixels = flat(im.convert("RGB").crop((x - radius, y - radius, x + radius + 1, y + radius + 1)))
    return any(near(p, rgb(c), tolerance) for p in pixels for c in colours)


def test_a_brief_writes_png_pdf_and_html(rendered):
    for files in rendered.values():
        assert files.problem == ""
        assert files.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert files.pdf.read_bytes()[:5] == b"%PDF-"
        assert files.html.stat().st_size > 1_000_000  # plotly.js inlined
        assert files.rendered.refused == [], "the brief asked for nothing from the network"


def test_the_png_is_the_whole_page(rendered):
    from PIL import Image

    with Image.open(rendered["default"].png) as im:
        width, height = im.size
    assert width == render.VIEWPORT["width"]
    assert height > 2 * render.VIEWPORT["height"], "the whole page, not only the viewport"


@pytest.mark.parametrize("name", ["default", "foua"])
def test_the_map_has_its_basemap(rendered, name):
    files = rendered[name]
    assert files.rendered.map_ink > 0.5
    layers = maps.basemap_layers()
    colours = {layer["color"] for layer in layers if layer.get("sourcetype") == "geojson"}
    counts = colour_counts(files.png, files.rendered.map.box, colours, tolerance=6)
    drawn = {c: n for c, n in counts.items() if n >= 150}
    assert len(drawn) >= 3, f"basemap layers drawn: {counts}"


@pytest.mark.parametrize(("name", "places"), [("default", STORY), ("foua", ("Foua", "Kefraya"))])
def test_the_story_places_are_drawn(rendered, tables, name, places):
    files = rendered[name]
    colours = marker_colours(files.html.read_text(encoding="utf-8"))
    assert colours, "the map has coloured markers"
    geo = files.rendered.map
    for place in places:
        row = tables["places"][tables["places"]["name"] == place].iloc[0]
        xy = geo.to_px(float(row["lon"]), float(row["lat"]))
        assert geo.left < xy[0] < geo.left + geo.width and geo.top < xy[1] < geo.top + geo.height, place
        assert drawn_at(files.png, xy, colours), f"no marker drawn at {place} {xy}"


def test_a_blank_map_would_be_caught(rendered, tmp_path):
    """The checks above fail on a map with no drawing: paint the map white and look again."""
    from PIL import Image, ImageDraw

    files = rendered["default"]
    blank = tmp_path / "blank.png"
    with Image.open(files.png) as im:
        im = im.convert("RGB")
        ImageDraw.Draw(im).rectangle(files.rendered.map.box, fill="white")
        im.save(blank)
    assert render.ink(blank, files.rendered.map.box) < render.BLANK_MAP_INK
    colours = marker_colours(files.html.read_text(encoding="utf-8"))
    aleppo = files.rendered.map.to_px(37.16117, 36.20124)
    assert not drawn_at(blank, aleppo, colours)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is not installed")
def test_the_pdf_pages_are_drawn(rendered, tmp_path):
    files = rendered["default"]
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(files.pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert 1 <= len(pages) <= 4, "a brief prints on a few A4 pages"
    from PIL import Image

    with Image.open(pages[0]) as im:
        box = (0, 0, *im.size)
    assert render.ink(pages[0], box) > 0.15, "the first page has the title, the numbers and the map"


def test_the_app_gets_png_and_pdf_bytes(tables):
    from dashboard.view import viewstate

    made = command.AppBrief(tables, viewstate.DEFAULT)
    assert made.png()[:8] == b"\x89PNG\r\n\x1a\n"
    assert made.pdf()[:5] == b"%PDF-"
