"""Drawing a brief in headless Chromium (Debian's, through playwright: never `playwright install`):
the whole page as PNG and as an A4 PDF, with the network cut so the page can only be what it holds.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_VAR = "DASHBOARD_CHROMIUM"  # an explicit browser path wins over the usual places


CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


# Headless and quiet: no GPU (WebGL falls back to SwiftShader), no update or sync traffic.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


INSTALL_HINT = (
    "To make PNG and PDF briefs, install a Chromium and the playwright package:\n"
    "  apt-get install -y chromium      # Debian/Ubuntu (or set DASHBOARD_CHROMIUM=/path/to/chrome)\n"
    "  pip install playwright           # no `playwright install` needed: the system browser is used"
)


class BrowserMissing(RuntimeError):
    """No usable browser: the message says what is missing and how to install it."""


def find_chromium() -> str | None:
    """Path of an executable Chromium or Chrome, or None."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return explicit if _executable(explicit) else None
    for path in CANDIDATES:
        if _executable(path):
            return path
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def missing_reason() -> str | None:
    """Why no browser can be driven here, or None when one can."""
    problems = []
    if not _playwright_installed():
        problems.append("the Python package `playwright` is not installed")
    if find_chromium() is None:
        where = os.environ.get(ENV_VAR) or ", ".join(CANDIDATES[:2])
        problems.append(f"no Chromium or Chrome was found (looked for {where} and on PATH)")
    if not problems:
        return None
    return "Cannot render PNG/PDF: " + "; ".join(problems) + ".\n" + INSTALL_HINT


def available() -> bool:
    return missing_reason() is None


@contextmanager
def launch(extra_args: tuple[str, ...] = ()) -> Iterator[Any]:
    """A headless playwright Browser on the system Chromium; closed on exit."""
    reason = missing_reason()
    if reason:
        raise BrowserMissing(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_chromium(), headless=True, args=[*LAUNCH_ARGS, *extra_args]
        )
        try:
            yield browser
        finally:
            browser.close()


def block_network(page, allowed_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Abort every request that leaves the machine (not file:, data:, blob: or an allowed prefix);
    return the list of those aborted.

    A brief must open with no network, so rendering it proves that: anything it tries to fetch
    is refused and recorded.
    """
    refused: list[str] = []
    local = ("file:", "data:", "blob:", *allowed_prefixes)

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(local):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


VIEWPORT = {"width": 1040, "height": 900}


PDF_SCALE = 0.72  # A4 at 10 mm margins is ~718 CSS px wide: 0.72 fits the 960 px column with room


PDF_MARGIN = {"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"}


DRAW_TIMEOUT_MS = 20_000


BLANK_MAP_INK = 0.05  # below this share of non-white pixels the map is taken for blank


_MAP_GEOMETRY_JS = """() => {
  const gd = document.getElementById('brief-map');
  if (!gd || !gd._fullLayout) return null;
  const r = gd.getBoundingClientRect(), fl = gd._fullLayout;
  const xa = fl.xaxis, ya = fl.yaxis;
  return {left: r.left + window.scrollX + xa._offset, top: r.top + window.scrollY + ya._offset,
          width: xa._length, height: ya._length, x: xa.range, y: ya.range};
}"""


@dataclass(frozen=True)
class MapGeometry:
    """Where the map's plot area lies in the page (CSS px) and what it shows (lon/lat ranges)."""

    left: float
    top: float
    width: float
    height: float
    x: tuple[float, float]
    y: tuple[float, float]

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.left + (lon - self.x[0]) / (self.x[1] - self.x[0]) * self.width,
            self.top + (self.y[1] - lat) / (self.y[1] - self.y[0]) * self.height,
        )

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (
            round(self.left),
            round(self.top),
            round(self.left + self.width),
            round(self.top + self.height),
        )


@dataclass
class Rendered:
    png: Path
    pdf: Path
    map: MapGeometry | None
    map_ink: float  # share of the map's pixels that are not white
    refused: list[str]  # requests the page tried to make (none expected: it is self-contained)
    seconds: float


def ink(png: Path, box: tuple[int, int, int, int], threshold: int = 250) -> float:
    """Share of the pixels in a box of an image that are not white (any channel below threshold)."""
    from PIL import Image, ImageChops

    with Image.open(png) as im:
        r, g, b = im.convert("RGB").crop(box).split()
        darkest = ImageChops.darker(ImageChops.darker(r, g), b)
        hist = darkest.histogram()
    total = sum(hist)
    return sum(hist[:threshold]) / total if total else 0.0


def render(html_path: Path, png_path: Path, pdf_path: Path, top_png: Path | None = None) -> Rendered:
    """Open the brief in headless Chromium with the network cut, wait until every figure is
    drawn, then save the whole page as PNG and as an A4 PDF (and, if asked, the top of the page
    down to the map as `top_png`, the README's screenshot). Raises BrowserMissing."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _render(html_path, png_path, pdf_path, top_png)
    # playwright's sync API refuses to start inside a running event loop (a notebook, another
    # playwright session): draw from a thread of its own
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html_path, png_path, pdf_path, top_png).result()


def _render(html_path: Path, png_path: Path, pdf_path: Path, top_png: Path | None) -> Rendered:
    started = time.perf_counter()
    with launch() as chromium:
        page = chromium.new_page(viewport=VIEWPORT, device_scale_factor=1)
        refused = block_network(page)
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.wait_for_function(
            "window.__briefDrawn >= (window.__briefFigures || 2)", timeout=DRAW_TIMEOUT_MS, polling=50
        )
        page.evaluate("document.fonts.ready")
        geometry = page.evaluate(_MAP_GEOMETRY_JS)
        page.screenshot(path=str(png_path), full_page=True)
        if top_png:
            bottom = page.evaluate("document.querySelector('section.map').getBoundingClientRect().bottom")
            clip = {
                "x": 0,
                "y": 0,
                "width": VIEWPORT["width"],
                "height": math.ceil(bottom + window_scroll(page)),
            }
            page.screenshot(path=str(top_png), full_page=True, clip=clip)
        page.pdf(path=str(pdf_path), format="A4", print_background=True, margin=PDF_MARGIN, scale=PDF_SCALE)
        page.close()
    geo = (
        MapGeometry(**{**geometry, "x": tuple(geometry["x"]), "y": tuple(geometry["y"])})
        if geometry
        else None
    )
    map_ink = ink(Path(png_path), geo.box) if geo else 0.0
    return Rendered(Path(png_path), Path(pdf_path), geo, map_ink, refused, time.perf_counter() - started)


def window_scroll(page) -> float:
    return float(page.evaluate("window.scrollY"))


def render_bytes(html_text: str) -> tuple[bytes, bytes]:
    """PNG and PDF of a brief given as HTML text (for the app's download buttons)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
        folder = Path(tmp)
        (folder / "brief.html").write_text(html_text, encoding="utf-8")
        done = render(folder / "brief.html", folder / "brief.png", folder / "brief.pdf")
        return done.png.read_bytes(), done.pdf.read_bytes()
