"""Short, readable ASCII slugs for Chinese titles.

Wagtail derives a new page's slug from its title; with Unicode slugs allowed (its
default) a Chinese title gives a slug that browsers, logs and the 登记表 show as
up to 190 characters of percent-encoding. A new page whose slug holds anything
but ASCII gets the title's pinyin instead (pypinyin, a maintained library with
its own phrase dictionary), cut at a syllable to ``MAX_LENGTH`` and made unique
among its siblings. Only when the page is created: a page's address never
changes behind its editor's back. ``WAGTAIL_REVIEW_ASCII_SLUGS = False`` turns
this off.
"""

import re

from django.utils.text import slugify

MAX_LENGTH = 50


def ascii_slug(text):
    """``text`` as a slug of ASCII letters, digits and hyphens: 西坪镇黄花采摘 → xi-ping-zhen-huang-hua-cai-zhai."""
    from pypinyin import lazy_pinyin

    words = [slugify(word) for word in lazy_pinyin(text)]
    slug = "-".join(word for word in words if word)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[: MAX_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def install_ascii_slugs(page_model):
    """Give new pages of every type an ASCII slug, before Wagtail validates the page and builds its URL path.

    ``Page.save`` validates a live page with ``full_clean`` and a draft with
    ``minimal_clean``; both are wrapped.
    """
    for name in ("full_clean", "minimal_clean"):
        clean = getattr(page_model, name)
        if not getattr(clean, "_wagtail_review", False):
            setattr(page_model, name, _with_ascii_slug(clean))


def _with_ascii_slug(clean):
    def clean_with_ascii_slug(self, *args, **kwargs):
        _replace_non_ascii_slug(self)
        return clean(self, *args, **kwargs)

    clean_with_ascii_slug._wagtail_review = True
    return clean_with_ascii_slug


def _replace_non_ascii_slug(page):
    from .app_settings import app_settings

    if page.pk is not None or not app_settings.ASCII_SLUGS:
        return
    slug = page.slug or ""
    if slug.isascii() and slug:
        return
    # As Wagtail does for a blank slug: only once the parent is known, so the slug is unique among its
    # siblings (an admin form validates the page before it has a place in the tree).
    parent = getattr(page, "_cached_parent_obj", None) or (page.get_parent() if page.path else None)
    base = ascii_slug(slug or page.title or "")
    if parent is None or not base:
        return
    candidate, suffix = base, 1
    while not page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    page.slug = candidate
