"""Text folded so that variants of the same words match alike, position for position.

Traditional characters read as simplified (OpenCC's ``t2s``), full-width
letters, digits and punctuation as their half-width forms, Latin letters in
lower case. The folded text has exactly the length of the original, so a
match found in it is at the same positions in what the person wrote.
"""

from functools import cache

# U+FF01–U+FF5E are the full-width forms of U+0021–U+007E; U+3000 is the ideographic space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _simplified_char(char):
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def fold(text):
    """``text`` in its comparable form, the same length as ``text``."""
    text = text.translate(_HALF_WIDTH).lower()
    simplified = _converter().convert(text)
    if len(simplified) == len(text):
        return simplified
    # A phrase conversion changed the length: convert character by character to keep positions.
    return "".join(_simplified_char(char) for char in text)
