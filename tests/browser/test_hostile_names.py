"""Hostile file names and URL parameters in a real browser: shown as words, no request leaves the
page, no LaTeX, colour or exception element (issue 12)."""

from __future__ import annotations

from dashboard.ui import serve

ERROR = '[data-testid="stException"]'
LISTENER = "http://127.0.0.1:9"  # nothing listens there: a request to it is what must not happen
REPORT = b"Aleppo\n\nSome 500 people left Aleppo on 3 May 2016.\n"
NAMES = [
    f"![x]({LISTENER}/pixel).txt",
    "$\\frac{1}{0}$ cost.txt",
    ":red[ALERT] evacuate.txt",
    f"<img src={LISTENER}/img onerror=alert(1)>.html",
    "evil\x00.exe.txt",
]


def _outside(page, app_url: str) -> list[str]:
    """Requests the page makes to anything but the app itself."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def _assert_inert(page, seen: list[str], app_url: str) -> None:
    leaks = [u for u in seen if not u.startswith((app_url, "data:", "blob:"))]
    assert not [u for u in leaks if "127.0.0.1:9" in u], leaks
    assert page.locator(ERROR).count() == 0
    assert page.locator(".katex").count() == 0, "no LaTeX drawn from a name"
    assert page.locator(f'img[src^="{LISTENER}"]').count() == 0


def test_hostile_file_names_render_as_words(page, app_url):
    seen = _outside(page, app_url)
    page.goto(app_url + "/")
    serve.wait_app_ready(page)
    page.get_by_text("Add reports").first.click()
    # empty files are refused with a warning naming each: every name is on the page
    files = [{"name": n, "mimeType": "text/plain", "buffer": b""} for n in NAMES]
    files.append({"name": "fine.txt", "mimeType": "text/plain", "buffer": REPORT})
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    page.get_by_text("NUL byte").first.wait_for()
    for name in NAMES[:4]:
        page.get_by_text(f"{name}: the file is empty").first.wait_for()
    _assert_inert(page, seen, app_url)


def test_hostile_url_parameters_render_as_words(page, app_url):
    seen = _outside(page, app_url)
    page.goto(app_url + "/?%21%5Bx%5D%28http%3A%2F%2F127.0.0.1%3A9%2Fp%29=1&place=%3Ared%5Bx%5D%24y%24")
    serve.wait_app_ready(page)
    page.get_by_text("Ignored unknown parameter").first.wait_for()
    assert page.get_by_text(":red[x]$y$").count() >= 1  # the words, as written
    _assert_inert(page, seen, app_url)
