"""Every ``WAGTAIL_REVIEW_*`` setting in one place: its default, and what makes a value valid.

Read them through ``app_settings`` (``from wagtail_review.app_settings import
app_settings``); each read goes to ``django.conf.settings``, so
``override_settings`` works in tests. A value that is not valid is a system
check error (``checks.check_app_settings``), never a silent fallback: a typo
such as ``WAGTAIL_REVIEW_SERVE_CHECK = "contents"`` stops ``manage.py check``
and the server from starting.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

PREFIX = "WAGTAIL_REVIEW_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    meaning: str

    @property
    def full_name(self):
        return PREFIX + self.name


def _one_of(*choices):
    def validate(value):
        if value not in choices:
            return f"must be one of {', '.join(repr(c) for c in choices)}, not {value!r}"
        return None

    return validate


def _boolean(value):
    return None if isinstance(value, bool) else f"must be True or False, not {value!r}"


def _text(value):
    return None if isinstance(value, str) and value.strip() else f"must be a non-empty string, not {value!r}"


def _time_zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, TypeError, ValueError):
        return f"must be an IANA time zone such as 'Asia/Shanghai', not {value!r}"
    return None


def _directives(value):
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(sources, list | tuple) for name, sources in value.items()
    ):
        return f"must be a dict of CSP directives to lists of sources, e.g. {{'default-src': [\"'self'\"]}}, not {value!r}"
    return None


def _whole_number(minimum):
    def validate(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            return f"must be a whole number of at least {minimum}, not {value!r}"
        return None

    return validate


def _roles(value):
    from .organisation.memberships import Role

    if not isinstance(value, list | tuple) or any(role not in Role.values for role in value):
        return f"must be a list of role values from {', '.join(Role.values)}, not {value!r}"
    return None


def _importable(value):
    from django.utils.module_loading import import_string

    try:
        target = import_string(value)
    except (ImportError, TypeError, ValueError):
        return f"must be the dotted path of a function, not {value!r}"
    return None if callable(target) else f"names {value!r}, which is not a function"


def _folder_or_empty(value):
    import os

    if value == "" or (isinstance(value, str | os.PathLike) and os.path.isabs(value)):
        return None
    return f"must be an absolute folder path, or '' to turn the feature off, not {value!r}"


INSPECTION_THRESHOLDS = {
    # Days without an update after which the homepage fails (2 weeks).
    "homepage_stale_days": 14,
    # News (动态、要闻) columns: stale after these days; this many stale columns fail the site.
    "news_stale_days": 14,
    "news_stale_columns": 5,
    # Notice and policy (通知公告、政策文件) columns: 6 months.
    "notice_stale_days": 180,
    "notice_stale_columns": 5,
    # Other columns left long without an update (长期未更新).
    "other_stale_days": 365,
    "other_stale_columns": 10,
    # Columns with no content at all (空白栏目).
    "empty_columns": 5,
    # Consultations unanswered after these days; this many fail the site (one).
    "unanswered_days": 90,
    "unanswered_consultations": 1,
    # Serious wording errors on live pages (one fails the site).
    "serious_wording_errors": 1,
    # Dead links found by the latest link check.
    "dead_links": 5,
    # Live pages in a column without a publish date (they count as never updated).
    "missing_publish_dates": 1,
}


def _thresholds(value):
    if not isinstance(value, dict):
        return f"must be a dict of thresholds, e.g. {{'homepage_stale_days': 14}}, not {value!r}"
    unknown = sorted(set(value) - set(INSPECTION_THRESHOLDS))
    if unknown:
        return f"has unknown thresholds {unknown}; the thresholds are {sorted(INSPECTION_THRESHOLDS)}"
    wrong = [
        name
        for name, number in value.items()
        if isinstance(number, bool) or not isinstance(number, int) or number < 1
    ]
    if wrong:
        return f"must give whole numbers of at least 1, not {', '.join(f'{name}={value[name]!r}' for name in wrong)}"
    return None


def _field_names(value):
    if not isinstance(value, list | tuple) or not value or not all(isinstance(name, str) for name in value):
        return f"must be a list of page field names, e.g. ['first_published_at'], not {value!r}"
    return None


def _names(value):
    if not isinstance(value, list | tuple) or not all(isinstance(name, str) and name for name in value):
        return f"must be a list of names, e.g. ['wagtailapi'], not {value!r}"
    return None


def _days_per_kind(value):
    from .mailbox.models import MessageKind

    if not isinstance(value, dict) or set(value) != set(MessageKind.values):
        return f"must give working days for each of {', '.join(MessageKind.values)}, not {value!r}"
    if any(isinstance(days, bool) or not isinstance(days, int) or days < 1 for days in value.values()):
        return f"must map each type to a whole number of working days of at least 1, not {value!r}"
    return None


def _page_type_labels(value):
    from django.apps import apps
    from wagtail.models import get_page_models

    if not isinstance(value, list | tuple):
        return f"must be a list of page type labels such as ['blog.BlogIndexPage'], not {value!r}"
    page_models = set(get_page_models())
    for label in value:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            return f"names {label!r}, which is not an installed model ('app_label.ModelName')"
        if model not in page_models:
            return f"names {label!r}, which is not a page type"
    return None


def _model_fields(value):
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if not isinstance(value, list | tuple):
        return f"must be a list of 'app_label.ModelName.field_name' strings, not {value!r}"
    for entry in value:
        parts = entry.split(".") if isinstance(entry, str) else []
        if len(parts) != 3:
            return f"names {entry!r}; write 'app_label.ModelName.field_name'"
        try:
            apps.get_model(parts[0], parts[1])._meta.get_field(parts[2])
        except (LookupError, FieldDoesNotExist):
            return f"names {entry!r}, which is not a field of an installed model"
    return None


def _page_links(value):
    from django.apps import apps
    from wagtail.models import Page

    problem = _model_fields(value)
    if problem:
        return problem
    for entry in value:
        app_label, model_name, field_name = entry.split(".")
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
        if not issubclass(model, Page) or not field.many_to_one or not issubclass(field.related_model, Page):
            return f"names {entry!r}; it must be a page type's foreign key to a page"
    return None


def _search_backend(value):
    from django.conf import settings

    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {"default": None})
    if value not in backends:
        return (
            f"names {value!r}, which is not one of WAGTAILSEARCH_BACKENDS ({', '.join(map(repr, backends))})"
        )
    return None


SETTINGS = {
    setting.name: (setting, validate)
    for setting, validate in (
        (
            Setting(
                "SERVE_CHECK",
                "content",
                "What the site and the API check before serving a live page: 'content' (its latest ledger "
                "entry registers its live revision and the page's content fingerprint still matches), "
                "'revision' (the first part only), 'off'.",
            ),
            _one_of("content", "revision", "off"),
        ),
        (
            Setting(
                "UNREGISTERED_PAGES",
                "withhold",
                "Live pages the ledger has never registered (neither released through a route nor "
                "adopted with adopt_live_pages): 'withhold' them from the site, the API, search and the "
                "sitemap, or 'serve' them and log each request as a warning.",
            ),
            _one_of("withhold", "serve"),
        ),
        (
            Setting(
                "PURGE_API_NAMESPACES",
                ["wagtailapi"],
                "URL namespaces of the site's Wagtail API routers (WagtailAPIRouter('wagtailapi')): a "
                "release, take-down or expiry purges each one's page detail and pages listing from the "
                "front-end cache (WAGTAILFRONTENDCACHE). Namespaces the urlconf does not have are skipped.",
            ),
            _names,
        ),
        (
            Setting(
                "PUBLIC_SEARCH_BACKEND",
                "default",
                "The WAGTAILSEARCH_BACKENDS entry the public searches with: the API's ?search=, and a "
                "site's own search view that reads app_settings.PUBLIC_SEARCH_BACKEND. For Chinese without "
                "a Chinese analyser, a backend that matches substrings (Wagtail's database fallback).",
            ),
            _search_backend,
        ),
        (
            Setting(
                "LEDGER_ENABLED",
                True,
                "Exists only so the benchmarks can measure the ledger's cost. Never turn it off in production.",
            ),
            _boolean,
        ),
        (
            Setting(
                "VERIFY_PROCESSES",
                2,
                "Processes verify_ledger walks the ledger's chain in at once on PostgreSQL, each with its own "
                "database connection, when the ledger is long enough to gain from it. 1 walks it in the "
                "command's own process.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "FORM_TIME_ZONE",
                "Asia/Shanghai",
                "Time zone of the times printed on the review form and the registers.",
            ),
            _time_zone,
        ),
        (
            Setting(
                "FORM_TITLE",
                "网站信息发布审查表",
                "Title of the printed review form, e.g. '云州区政府门户网站信息发布审查表'.",
            ),
            _text,
        ),
        (
            Setting(
                "REGULATION_TITLE",
                "网站信息审核发布制度",
                "The regulation the printed review form cites, e.g. '大同市云州区人民政府网站信息审核发布制度'.",
            ),
            _text,
        ),
        (
            Setting(
                "EXEMPT_PAGE_TYPES",
                [],
                "Page types ('app_label.ModelName') whose editor has no review form tab and whose "
                "submissions need no submitter's form. They still take a review route: nothing goes "
                "live unreviewed.",
            ),
            _page_type_labels,
        ),
        (
            Setting(
                "IGNORED_FIELDS",
                [],
                "Page fields ('app_label.ModelName.field_name') that are bookkeeping, not information the "
                "public reads — a view counter, say. A live page may change them without review, and the "
                "content fingerprint leaves them out. Every other field is information.",
            ),
            _model_fields,
        ),
        (
            Setting(
                "ASCII_SLUGS",
                True,
                "Give a new page whose slug would hold Chinese (or any non-ASCII) characters the pinyin of "
                "its title instead, at most 50 characters: short addresses, no percent-encoding. Existing "
                "pages keep theirs.",
            ),
            _boolean,
        ),
        (
            Setting(
                "ADMIN_CSP",
                {
                    "default-src": ["'self'"],
                    # Wagtail 8's admin still has inline scripts (date pickers, inline panels) and styles.
                    "script-src": ["'self'", "'unsafe-inline'"],
                    "style-src": ["'self'", "'unsafe-inline'"],
                    "img-src": ["'self'", "data:", "blob:"],
                    "font-src": ["'self'", "data:"],
                    "connect-src": ["'self'"],
                    "frame-src": ["'self'"],
                    "frame-ancestors": ["'self'"],
                    "form-action": ["'self'"],
                    "base-uri": ["'self'"],
                    "object-src": ["'none'"],
                },
                "Content-Security-Policy directives for the admin (django-csp's DIRECTIVES form), sent by "
                "wagtail_review.csp.ContentSecurityPolicyMiddleware on every admin response; the public "
                "site gets the project's CONTENT_SECURITY_POLICY.",
            ),
            _directives,
        ),
        (
            Setting(
                "ACCOUNT_SECURITY",
                True,
                "The account rules of wagtail_review.accounts: lockout, password strength, history and "
                "expiry, the second factor, idle timeout, identity confirmation and the account event log. "
                "Turn off only where the site's sign-in belongs to another system (single sign-on) that "
                "enforces the same rules; signing then needs no second factor here.",
            ),
            _boolean,
        ),
        (
            Setting(
                "PROXY_COUNT",
                0,
                "Reverse proxies in front of the application, each appending to X-Forwarded-For: the "
                "client's address (lockout, account event log, mailbox limits) is the entry that many "
                "places from the right. 0: REMOTE_ADDR.",
            ),
            _whole_number(0),
        ),
        (
            Setting(
                "SECOND_FACTOR_ROLES",
                [
                    "reviewer",
                    "leader_in_charge",
                    "principal_leader",
                    "web_admin",
                    "site_leader",
                    "system_admin",
                    "security_admin",
                    "audit_admin",
                ],
                "Roles whose holders must enrol an authenticator (TOTP) and pass it at each sign-in; "
                "superusers always must. Signing a review step needs a session that passed it.",
            ),
            _roles,
        ),
        (
            Setting(
                "PASSWORD_MAX_AGE_DAYS",
                90,
                "Days a password lasts; then its holder must change it at their next admin request. "
                "0 turns expiry off.",
            ),
            _whole_number(0),
        ),
        (
            Setting(
                "PASSWORD_HISTORY",
                5,
                "How many of an account's previous passwords it may not reuse.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "IDLE_TIMEOUT_MINUTES",
                15,
                "Minutes without a request after which an admin session is signed out.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "REAUTHENTICATE_MINUTES",
                5,
                "Granting roles, taking information down and changing review routes ask for the password "
                "again when it was last given longer ago than this.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "AUDIT_RETENTION_DAYS",
                180,
                "Days the account event log keeps an event before prune_account_events may remove it; at "
                "least 180 (Cybersecurity Law Art. 21: six months).",
            ),
            _whole_number(180),
        ),
        (
            Setting(
                "PUBLIC_BASE_TEMPLATE",
                "base.html",
                "The site's page template the public mailbox pages extend; they fill its "
                "{% block title %} and {% block content %}.",
            ),
            _text,
        ),
        (
            Setting(
                "MAILBOX_REPLY_WORKING_DAYS",
                {"consultation": 5, "complaint": 15, "report": 15, "opinion": 10, "suggestion": 10},
                "Working days from acceptance to the reply, per message type.",
            ),
            _days_per_kind,
        ),
        (
            Setting(
                "MAILBOX_MESSAGES_PER_ADDRESS_PER_HOUR",
                5,
                "Messages the public form takes from one client address in an hour.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "MAILBOX_MESSAGES_PER_CONTACT_PER_DAY",
                3,
                "Messages the public form takes with one telephone number or e-mail address in a day.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "MAILBOX_REMIND_WORKING_DAYS",
                2,
                "The unit's members are reminded of a reply due within this many working days "
                "(manage.py mailbox_deadlines, daily); after the deadline its leaders and the "
                "information centre are told.",
            ),
            _whole_number(0),
        ),
        (
            Setting(
                "MAILBOX_SMS_SENDER",
                "wagtail_review.mailbox.notify.log_sms",
                "Dotted path of a function send(phone, text) that texts a writer who gave no e-mail that "
                "their message is answered; the default writes it to the wagtail_review.mailbox log.",
            ),
            _importable,
        ),
        (
            Setting(
                "MAILBOX_LOOKUPS_PER_ADDRESS_PER_HOUR",
                30,
                "Look-ups by query code from one client address in an hour (counted in the cache).",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "API_TOKEN_DAYS",
                30,
                "Days a review app token lasts from its issue; the person signs in again after.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "API_REQUESTS_PER_MINUTE",
                120,
                "Requests one person may make to the review API in a minute (counted in the cache).",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "API_SIGN_INS_PER_ADDRESS_PER_HOUR",
                20,
                "Review app sign-ins from one client address in an hour (counted in the cache), on top "
                "of the accounts' lockout after failed passwords.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "DOCUMENT_RELEASE_DAYS",
                3,
                "Days from a government document's 印发日期 by which it must be public (Art. 9(1)).",
            ),
            _whole_number(0),
        ),
        (
            Setting(
                "DOCUMENT_RELEASE_IN_WORKING_DAYS",
                False,
                "Count DOCUMENT_RELEASE_DAYS in working days (the mailbox's holiday calendar) "
                "rather than calendar days.",
            ),
            _boolean,
        ),
        (
            Setting(
                "INTERPRETATION_LINKS",
                [],
                "Fields ('app_label.ModelName.field_name') by which an interpretation page names the policy "
                "document it interprets. While the document is not public, the two go live together when "
                "the document's route completes (Art. 9).",
            ),
            _page_links,
        ),
        (
            Setting(
                "INSPECTION_THRESHOLDS",
                {},
                "Thresholds of the self-inspection's indicators, each overriding its default "
                "(app_settings.INSPECTION_THRESHOLDS; README lists them).",
            ),
            _thresholds,
        ),
        (
            Setting(
                "INSPECTION_DATE_FIELDS",
                ["first_published_at"],
                "The page fields that hold the publish date the public sees, in order: the first a "
                "page has is its date; a page whose field is empty has no publish date.",
            ),
            _field_names,
        ),
        (
            Setting(
                "MAILBOX_ATTACHMENT_ROOT",
                "",
                "Folder where files the public attaches to messages are kept: outside MEDIA_ROOT and "
                "STATIC_ROOT, never served by the web server, backed up with the database. Empty: the "
                "form offers no attachments.",
            ),
            _folder_or_empty,
        ),
        (
            Setting(
                "MAILBOX_ATTACHMENT_MAX_BYTES",
                5 * 1024 * 1024,
                "Largest file the public form takes, in bytes.",
            ),
            _whole_number(1),
        ),
        (
            Setting(
                "MAILBOX_ATTACHMENTS_PER_MESSAGE",
                3,
                "Files the public may attach to one message.",
            ),
            _whole_number(1),
        ),
    )
}


class AppSettings:
    """Attribute access to the settings, with their defaults: ``app_settings.SERVE_CHECK``."""

    def __getattr__(self, name):
        try:
            setting, _validate = SETTINGS[name]
        except KeyError:
            raise AttributeError(name) from None
        return getattr(settings, setting.full_name, setting.default)

    def errors(self):
        """``[(full setting name, problem)]`` for every value that is not valid."""
        problems = []
        for name, (setting, validate) in SETTINGS.items():
            problem = validate(getattr(self, name))
            if problem:
                problems.append((setting.full_name, problem))
        return problems


app_settings = AppSettings()
