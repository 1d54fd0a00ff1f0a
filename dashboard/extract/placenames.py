"""Place names as spelled in English news: one normalisation that makes transliterations meet.

Arabic (and other) place names reach English in many spellings of one name: with or without the
article and its assimilated forms (al-, el-, ad-, an-, ash- …), with or without the marks for ayn
and hamza (Ma'arrat, Maʿarrat), with doubled or single consonants (Ma'arrat / Maarat), with the
feminine ending written -eh, -ah or -a (Hamidiyeh / Hamidiya), and with their short vowels written
as each transliterator hears them (Idleb / Idlib, Douma / Duma, Kafriya / Kefraya / Kfarya).

`variant_key` maps every such spelling to one key: the name's words, each folded to ASCII lower
case, articles dropped, marks dropped, doubled letters made single, the feminine ending cut,
a word's opening vowels written as one (Ain / Ein / Ayn), and the vowels after the first letter
removed (a consonant skeleton; the first letter is kept so that "Idlib" and "Dlb" stay apart). The gazetteer indexes every name by this key as well as by
its exact words, and the matcher falls back on it when no exact name fits; it is a weak sign of a
place (see gazetteer.py), so a skeleton never overrides an exact name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The Arabic article and its sun-letter assimilations, as transliterations write them.
_ARTICLE_WORDS = "al el il ul ad an ar as ash at az ed en er es esh et ez ech ej ath adh ud un ur us ut uz"
ARTICLES = frozenset(_ARTICLE_WORDS.split(" "))
# Signs that stand for ayn and hamza, or are apostrophes: dropped.
_MARKS = dict.fromkeys(map(ord, "'\u2019\u2018\u02bf\u02be\u02bc`\u00b4"), None)
_FOLD_EXTRA = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_WORD_SPLIT = re.compile(r"[\s\u00a0\-\u2010\u2011]+")
_DOUBLED = re.compile(r"(.)\1+")
_FEMININE = re.compile(r"(?<=[aeiou])h$")  # -eh, -ah, -ih: the ending the -a spelling leaves unmarked
_VOWELS = re.compile(r"[aeiou]")
# A word's opening vowels, y among them: the ayn of Ain / Ein / Ayn ("spring"), Idlib / Edlib.
_OPENING_VOWELS = re.compile(r"^[aeiou][aeiouy]*")
MIN_SKELETON = 2  # a key of one word shorter than this meets too much ("D" from "Dia")
# The matcher looks a one-word name up by its key only when the key is this long: "Duma" and
# "Douma" share ('dm',) but so do "Dam" and "Dome", so short names need an exact spelling.
MIN_LOOKUP_SKELETON = 3
# ... and accepts a name met by its key only when at most this many vowels are written otherwise:
# "Idleb"/"Idlib" (1), "Kafriya"/"Kefraya" (2), never "Source"/"Suruc" or "Putin"/"Patna" (3).
MAX_VOWEL_EDITS = 2


def fold(text: str) -> str:
    """ASCII lower case: diacritics dropped, ayn and hamza marks and apostrophes removed."""
    if text.isascii():
        return text.translate(_MARKS).lower()
    text = text.translate(_MARKS).translate(_FOLD_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=1 << 16)
def light(name: str) -> str:
    """A name's words as the key is made from them, before the vowels go: 'maarat numan'."""
    words = [w for w in _WORD_SPLIT.split(fold(name)) if w and w.isalpha()]
    kept = [w for w in words if w not in ARTICLES] or words
    return " ".join(_FEMININE.sub("", _DOUBLED.sub(r"\1", w)) for w in kept)


def vowel_edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace) from one light form to another; only vowels differ when
    the keys are equal, so this counts the vowels written differently ('kafriya'/'kefraya': 2)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def skeleton(word: str) -> str:
    """One folded word's key: doubled letters single, the feminine ending cut, opening vowels
    written as one 'a', later vowels gone."""
    word = _DOUBLED.sub(r"\1", word)
    word = _FEMININE.sub("", word)
    word = _OPENING_VOWELS.sub("a", word)
    return word[:1] + _VOWELS.sub("", word[1:])


@lru_cache(maxsize=1 << 16)
def variant_key(name: str) -> tuple[str, ...]:
    """The key every transliteration of a name shares ('Ma'arrat an-Nu'man' -> ('mrt', 'nmn'))."""
    words = [w for w in _WORD_SPLIT.split(fold(name)) if w]
    if not all(w.isalpha() for w in words):  # "U.N. Syria": initials are no transliteration
        return ()
    kept = [w for w in words if w not in ARTICLES] or words
    key = tuple(skeleton(w) for w in kept)
    if len(key) == 1 and len(key[0]) < MIN_SKELETON:
        return ()
    return key
