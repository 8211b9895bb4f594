"""``scan_text``: what a person must look at before the text goes out, with positions and a suggestion."""

import unicodedata
from dataclasses import asdict, dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lexicons import Severity
from .matcher import current_matcher
from .normalise import fold
from .personal_data import find_personal_data

CONTEXT_CHARS = 12
# How far before a name its title may stand (区长 张三, 区长张三), in characters.
TITLE_GAP = 2


class Kind:
    WORDING_ERROR = "wording_error"
    OFFICIAL_TITLE = "official_title"
    SENSITIVE = "sensitive"
    PERSONAL_DATA = "personal_data"


KIND_LABELS = {
    Kind.WORDING_ERROR: gettext_lazy("Serious wording error"),
    Kind.OFFICIAL_TITLE: gettext_lazy("Official's name and title"),
    Kind.SENSITIVE: gettext_lazy("Sensitive expression"),
    Kind.PERSONAL_DATA: gettext_lazy("Personal data"),
}
PERSONAL_DATA_LABELS = {
    "id_number": gettext_lazy("resident ID number"),
    "mobile": gettext_lazy("mobile number"),
    "bank_card": gettext_lazy("bank card number"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    start: int
    end: int
    text: str
    suggestion: str
    context: str = ""
    field: str = ""  # where in a page it was found (its title, body, review form …), for page scans
    context_start: int = 0  # where ``context`` starts in the scanned text

    @property
    def before(self):
        """The context before the match, for showing it highlighted in its sentence."""
        return self.context[: self.start - self.context_start]

    @property
    def after(self):
        return self.context[self.end - self.context_start :]

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def is_serious(self):
        return self.severity == Severity.SERIOUS

    def as_dict(self):
        data = asdict(self)
        del data["context_start"]
        if not data["field"]:
            del data["field"]
        return data


def scan_text(text, *, on=None, field=""):
    """Every finding in ``text``, in order of position; ``on`` is the day officials' titles are checked for."""
    if not text:
        return []
    on = on or timezone.localdate()
    folded = fold(text)
    matcher = current_matcher()
    matches = matcher.find(folded)
    findings = []

    def add(kind, severity, start, end, suggestion):
        findings.append(
            Finding(
                kind=kind,
                severity=severity,
                start=start,
                end=end,
                text=text[start:end],
                suggestion=str(suggestion),
                context=text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS],
                context_start=max(0, start - CONTEXT_CHARS),
                field=field,
            )
        )

    for match in matches:
        if match.kind == "wording":
            add(
                Kind.WORDING_ERROR,
                match.entry.severity,
                match.start,
                match.end,
                _("Write “%(right)s”.") % {"right": match.entry.right},
            )
        elif match.kind == "sensitive":
            add(
                Kind.SENSITIVE,
                match.entry.severity,
                match.start,
                match.end,
                _("Check whether this expression may be published."),
            )
    for name, title, start, end in _names_with_titles(folded, matches):
        problem = _title_problem(matcher.titles_of[name], title, on)
        if problem:
            add(Kind.OFFICIAL_TITLE, Severity.SERIOUS, start, end, problem)
    for item in find_personal_data(folded):
        add(
            Kind.PERSONAL_DATA,
            Severity.SERIOUS,
            item.start,
            item.end,
            _("A %(what)s must not be published unmasked: mask it (e.g. 1101**********1234) or remove it.")
            % {"what": PERSONAL_DATA_LABELS[item.kind]},
        )
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.kind))


def _names_with_titles(folded, matches):
    """(name, title, start, end) for each official's name written with a title: 区长张三, 张三（区长）.

    The title is the one standing right before the name (at most ``TITLE_GAP``
    characters, no punctuation between), else the one right after it or in
    brackets after it. Of overlapping titles the longest counts (副区长, not 区长).
    """
    titles = [match for match in matches if match.kind == "title"]
    for name in (match for match in matches if match.kind == "name"):
        before = [
            title
            for title in titles
            if title.end <= name.start
            and name.start - title.end <= TITLE_GAP
            and not any(_is_punctuation(char) for char in folded[title.end : name.start])
        ]
        after = [
            title
            for title in titles
            if title.start == name.end or (title.start == name.end + 1 and folded[name.end] in "(（")
        ]
        chosen = before or after
        if not chosen:
            continue
        if before:
            nearest = max(title.end for title in before)
            title = max((t for t in before if t.end == nearest), key=lambda t: t.end - t.start)
            start = title.start
            end = name.end
        else:
            nearest = min(title.start for title in after)
            title = max((t for t in after if t.start == nearest), key=lambda t: t.end - t.start)
            start = name.start
            end = title.end
        yield name.entry, title.entry, start, end


def _title_problem(held_titles, title, on):
    """Why ``title`` is wrong for the person holding ``held_titles`` on ``on``, or None if it is right."""
    if any(fold(held.title) == title and held.held_on(on) for held in held_titles):
        return None
    current = "、".join(held.title for held in held_titles if held.held_on(on))
    former = [
        held for held in held_titles if fold(held.title) == title and held.held_until and held.held_until < on
    ]
    if former:
        return _("No longer holds this title (until %(until)s). Current: %(current)s.") % {
            "until": former[0].held_until.isoformat(),
            "current": current or _("none recorded"),
        }
    return _("Not this person's title. Current: %(current)s.") % {"current": current or _("none recorded")}


def _is_punctuation(char):
    return unicodedata.category(char).startswith(("P", "Z")) and char != " "
