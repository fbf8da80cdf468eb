"""Vietnamese text: normalisation, diacritics-insensitive search keys and sort keys.

The same word reaches us precomposed (NFC) and decomposed (NFD), with old and new tone
placement ("hoà"/"hòa"). Everything stored is NFC; everything searched goes through
:func:`search_key`, kept in an indexed column so SQLite and PostgreSQL behave alike.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(value: str) -> str:
    """NFC, no control characters, trimmed. Newlines and tabs survive for long text.

    Control characters go first: one between a letter and its tone mark would otherwise keep
    them apart through NFC and leave decomposed text behind once removed."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()


def search_key(value: str | None) -> str:
    """'Ấp An Lợi' -> 'ap an loi'; 'Đinh Quốc Duy' -> 'dinh quoc duy'."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.casefold()).strip()


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# then tones ngang, huyền, hỏi, ngã, sắc, nặng. Python compares code points, which is wrong.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _letter_and_tone(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    tone = 0
    base = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base.append(part)
    return unicodedata.normalize("NFC", "".join(base)), tone


def sort_key(value: str) -> str:
    """A string of digits whose order is Vietnamese dictionary order.

    Digits only, so that SQLite (binary) and PostgreSQL (whatever the database collation)
    order it the same way. Each character becomes two digits (space 10, digits 11-20, letters
    21 upwards, anything else 99); then "0" ends the letters and one digit per character gives
    its tone. Every code starts with 1-9, so a word sorts before its longer continuations.
    """
    letters: list[str] = []
    tones: list[str] = []
    for ch in normalize(value):
        letter, tone = _letter_and_tone(ch)
        if letter.isspace():
            code = 10
        elif letter.isdigit() and len(letter) == 1 and letter.isascii():
            code = 11 + int(letter)
        elif len(letter) == 1 and letter in _ALPHABET:
            code = 21 + _ALPHABET.index(letter)
        else:
            code = 99
        letters.append(f"{code:02d}")
        tones.append(str(tone))
    return "".join(letters) + "0" + "".join(tones)


def person_sort_key(full_name: str) -> str:
    """People sort by given name (the last word), then by the rest of the name."""
    words = normalize(full_name).split()
    if not words:
        return ""
    return sort_key(" ".join([words[-1], *words[:-1]]))
