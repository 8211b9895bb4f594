"""5. The scanner: its matcher against a naive regular expression, a page scan, and its cost beside a submit.

Corpus: portal-article-length texts (about 1,500 characters) cut from the
demo's own pages, shuffled. Patterns: 10,000 and 50,000 two-to-five
character words made of characters the corpus uses (so they do match), plus
the starter lexicon. Each matcher finds every match in every text:

* ``ahocorasick-rs``, the automaton the scanner's ``Matcher`` builds (shipped), and
  ``Matcher.find`` on top of it (each match with its lexicon entry),
* ``pyahocorasick`` when installed (the alternative considered),
* one ``re`` alternation of the same patterns (the naive way; it even finds
  fewer, never overlapping, matches).

Then the whole ``scan_page`` on the demo's live pages (folding, lexicons,
officials, personal data), and its cost relative to submitting the same page.
"""

import random
import re
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from timing import duration, median, per_call, say, table, timed

from portal_site.portal.demo_routes import fill_demo_review_form
from portal_site.portal.models import ArticlePage
from wagtail_review.routing.services import submit
from wagtail_review.scanning.live import live_pages
from wagtail_review.scanning.matcher import Matcher
from wagtail_review.scanning.normalise import fold
from wagtail_review.scanning.pages import page_texts, scan_page

ARTICLE_CHARS = 1500


def corpus(texts, count, rng):
    """``count`` article-length texts cut from the demo's sentences, shuffled."""
    sentences = [s for text in texts for s in re.split(r"(?<=[。！？])", text) if s]
    articles = []
    for _ in range(count):
        rng.shuffle(sentences)
        article, length = [], 0
        for sentence in sentences:
            article.append(sentence)
            length += len(sentence)
            if length >= ARTICLE_CHARS:
                break
        articles.append("".join(article)[:ARTICLE_CHARS])
    return articles


def patterns(alphabet, count, rng):
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 5))))
    return sorted(words)


SHIPPED = "ahocorasick-rs (shipped)"


def matchers(words):
    """The same search, each way: every match, overlapping ones included, as the automaton reports them."""
    terms = [SimpleNamespace(term=word, severity="warning", note="") for word in words]
    matcher = Matcher([], terms, [])
    built = {
        SHIPPED: lambda text: matcher.automaton.find_matches_as_indexes(text, overlapping=True),
        # What a scan pays on top: each match turned into a LexiconMatch with its lexicon entry.
        "  + Matcher.find's match objects": matcher.find,
    }
    try:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for index, word in enumerate(words):
            automaton.add_word(word, index)
        automaton.make_automaton()
        built["pyahocorasick"] = lambda text: list(automaton.iter(text))
    except ImportError:
        pass
    alternation = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    built["re alternation (naive)"] = lambda text: list(alternation.finditer(text))
    return built


def run(pattern_counts=(10_000, 50_000), articles=200):
    rng = random.Random(20261127)
    pages = [page.specific for page in live_pages()]
    texts = [fold(text) for page in pages for _where, text in page_texts(page)]
    articles = [fold(text) for text in corpus(texts, articles, rng)]
    alphabet = sorted({char for text in articles for char in text if "\u4e00" <= char <= "\u9fff"})
    characters = sum(map(len, articles))
    headline = {}
    for count in pattern_counts:
        rows = []
        times = {}
        for name, find in matchers(patterns(alphabet, count, rng)).items():
            # Each matcher scans the whole corpus; the median of three passes counts.
            seconds = median([timed(lambda find=find: [find(text) for text in articles]) for _ in range(3)])
            times[name] = seconds
            rows.append([name, duration(seconds / len(articles)), f"{characters / seconds / 1e6:.2f}"])
        shipped = times[SHIPPED]
        for row, name in zip(rows, times, strict=True):
            row.append(f"{times[name] / shipped:.1f}")
        table([f"{count:,} patterns", "per article", "M chars/s", "time / shipped"], rows)
        headline[count] = times["re alternation (naive)"] / shipped
        say()

    per_page = per_call(lambda: [scan_page(page) for page in pages], calls=1, repeats=3) / len(pages)
    submit_seconds, scan_seconds = submit_against_scan()
    table(
        ["Page scan", "time"],
        [
            [f"scan_page, per live page (median over the demo's {len(pages)})", duration(per_page)],
            ["10,000 live pages at that rate (computed)", f"{per_page * 10_000:.1f} s"],
            ["submit an article (median)", duration(submit_seconds)],
            ["scan the same article (median)", duration(scan_seconds)],
        ],
    )
    say()
    return {
        "re_over_shipped": headline,
        "per_page": per_page,
        "submit_ratio": (submit_seconds + scan_seconds) / submit_seconds,
    }


def submit_against_scan(samples=9):
    """Median time to submit a demo article, and to scan the same article, inside rolled-back transactions."""
    editor = get_user_model().objects.get(username="xiping_editor")
    submits, scans = [], []
    for page in ArticlePage.objects.live().filter(url_path__contains="/xiping-town/")[:samples]:
        with transaction.atomic():
            page = page.get_latest_revision_as_object()
            page.title = f"{page.title}（更新）"
            fill_demo_review_form(page, editor)
            submits.append(timed(submit, page, editor))
            scans.append(timed(scan_page, page))
            transaction.set_rollback(True)
    return median(submits), median(scans)
