"""Personal data that must not be published unmasked (个人信息保护法; the national inspection indicators).

Found by pattern and confirmed by checksum, so a document number or a date
that merely looks like one is not flagged: 居民身份证号 (GB 11643 check
digit), mobile numbers, bank card numbers (Luhn, 16–19 digits, issuer prefix).
A masked number (``110101********1234``) does not match.
"""

import datetime
import re
from dataclasses import dataclass

ID_NUMBER = re.compile(
    r"(?<![0-9a-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dx](?![0-9a-z])"
)
MOBILE = re.compile(r"(?<![\d-])1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![\d-])")
BANK_CARD = re.compile(r"(?<![\d-])[3-6]\d{3}(?:[- ]?\d){12,15}(?![\d-])")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10x98765432"


def id_number_is_valid(number):
    """Whether an 18-character 居民身份证号 has a real birth date and the right check digit (GB 11643)."""
    number = number.lower()
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def luhn_is_valid(digits):
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@dataclass(frozen=True)
class PersonalDataMatch:
    kind: str  # "id_number", "mobile", "bank_card"
    start: int
    end: int


def find_personal_data(folded):
    """Every unmasked ID number, mobile number and bank card number in ``folded`` (see ``normalise.fold``)."""
    found = []
    taken = []
    for match in ID_NUMBER.finditer(folded):
        if id_number_is_valid(match.group()):
            found.append(PersonalDataMatch("id_number", match.start(), match.end()))
            taken.append(match.span())
    for kind, pattern in (("mobile", MOBILE), ("bank_card", BANK_CARD)):
        for match in pattern.finditer(folded):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            digits = re.sub(r"\D", "", match.group())
            if kind == "bank_card" and not luhn_is_valid(digits):
                continue
            found.append(PersonalDataMatch(kind, match.start(), match.end()))
            taken.append(match.span())
    return sorted(found, key=lambda item: item.start)
