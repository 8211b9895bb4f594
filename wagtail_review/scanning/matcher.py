"""One Aho–Corasick automaton over every lexicon's patterns, built once per lexicon version per process.

``ahocorasick-rs`` (Rust, maintained) was chosen over ``pyahocorasick``
after measuring both on Chinese text with 10,000 and 50,000 patterns: it
finds all matches in one call instead of yielding them one by one to Python,
and scanned 3–5 times faster on article text where patterns match often,
16–24 times where they rarely do (``benchmarks/bench_scanner.py`` keeps the
comparison, with a plain ``re`` alternation). Positions are in characters.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick_rs

from .normalise import fold


@dataclass(frozen=True)
class LexiconMatch:
    kind: str  # "wording", "sensitive", "name", "title"
    entry: object  # the WordingError or SensitiveTerm; the name or title text for officials
    start: int
    end: int


class Matcher:
    def __init__(self, wording_errors, sensitive_terms, official_titles):
        by_pattern = defaultdict(list)
        for error in wording_errors:
            by_pattern[fold(error.wrong)].append(("wording", error))
        for term in sensitive_terms:
            by_pattern[fold(term.term)].append(("sensitive", term))
        self.titles_of = defaultdict(list)  # folded name: [OfficialTitle]
        for held in official_titles:
            self.titles_of[fold(held.name)].append(held)
        for name in self.titles_of:
            by_pattern[name].append(("name", name))
        for title in {fold(held.title) for held in official_titles}:
            by_pattern[title].append(("title", title))
        by_pattern.pop("", None)
        self.patterns = list(by_pattern)
        self.entries = [by_pattern[pattern] for pattern in self.patterns]
        self.automaton = (
            ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self.patterns
            else None
        )

    def find(self, folded):
        """Every lexicon match in ``folded`` text, overlapping ones included, in order of position."""
        if self.automaton is None:
            return []
        return [
            LexiconMatch(kind, entry, start, end)
            for index, start, end in self.automaton.find_matches_as_indexes(folded, overlapping=True)
            for kind, entry in self.entries[index]
        ]


_built = (None, None)
_lock = threading.Lock()


def current_matcher():
    """The matcher for the lexicons as they stand (one query to check the version; rebuilt when it moved)."""
    global _built
    from .lexicons import LexiconVersion, OfficialTitle, SensitiveTerm, WordingError

    version = LexiconVersion.current()
    built_version, matcher = _built
    if built_version == version:
        return matcher
    with _lock:
        matcher = Matcher(
            WordingError.objects.all(), SensitiveTerm.objects.all(), OfficialTitle.objects.all()
        )
        _built = (version, matcher)
    return matcher
