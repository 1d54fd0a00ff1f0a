"""Words from files, reports and URLs made inert for Streamlit's Markdown.

Streamlit renders Markdown in alerts, captions, widget labels and expander titles, with its own
extensions on top (`$…$` LaTeX, `:red[…]` colours, `:material/…:` icons, emoji shortcodes). A
file named `![x](http://HOST/pixel).txt` shown as it is makes every viewer's browser fetch that
URL. `inert` backslash-escapes every ASCII punctuation character (CommonMark lets any of them be
escaped, and each extension starts with one), and turns control and direction-override
characters into visible replacements, so the words read exactly as written and nothing else.
Widget options (`format_func`) are plain text already: they must not go through it.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
# C0 and C1 controls (NUL included) and the bidirectional overrides that can disguise a name.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def plain(text: object, limit: int | None = None) -> str:
    """The words on one line, with invisible characters made visible (not escaped yet)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    out = _INVISIBLE.sub(REPLACEMENT, _LINE_BREAKS.sub(" ", str(text)))
    if limit is not None and len(out) > limit:
        out = out[: limit - 1] + "…"
    return out


def inert(text: object, limit: int | None = None) -> str:
    """`text` as Markdown that renders to exactly its words (see the module's doc)."""
    return _PUNCTUATION.sub(r"\\\1", plain(text, limit))
