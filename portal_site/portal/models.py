"""Page types of the Yunzhou district portal (大同市云州区人民政府门户网站).

Tree::

    HomePage (site root)
    ├── ChannelPage ×5      site-wide aggregations: 工作动态, 政务信息, 公示公告, 政策文件, 政策解读
    └── UnitIndexPage       部门乡镇
        └── UnitSectionPage one per responsible unit; the unit's section root
            └── ColumnPage  栏目 (may nest)
                └── ArticlePage | PolicyDocumentPage | PolicyInterpretationPage

The three leaf types are "publications". Every listing on the site (home,
channels, columns, unit sections, navigation) goes through ``public_pages()``,
so what counts as publicly listable is decided in exactly one place, and by
the same rule as the page URLs themselves (wagtail_review's serve check).
"""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, Site
from wagtail.search import index

from wagtail_review.publication.serving import registered_pages

from .forms import PublicationForm

PAGE_SIZE = 20


class Category(models.TextChoices):
    NEWS = "news", _("工作动态")
    GOVINFO = "govinfo", _("政务信息")
    NOTICE = "notice", _("公示公告")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")


ARTICLE_CATEGORIES = (Category.NEWS, Category.GOVINFO, Category.NOTICE)


# --- StreamField blocks ------------------------------------------------------


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "portal/blocks/image_block.html"


def body_blocks():
    # A function rather than a shared list: each StreamField gets its own block
    # instances, which Wagtail requires when blocks are declared at field level.
    return [
        (
            "heading",
            blocks.CharBlock(label=_("小标题"), icon="title", template="portal/blocks/heading_block.html"),
        ),
        ("paragraph", blocks.RichTextBlock(label=_("正文段落"))),
        ("image", ImageBlock()),
    ]


def attachment_blocks():
    return [
        ("document", DocumentChooserBlock(label=_("附件"), template="portal/blocks/attachment_block.html"))
    ]


# --- Listing helpers ---------------------------------------------------------


def publication_model(category):
    """The page type that carries publications of ``category``."""
    if category == Category.POLICY:
        return PolicyDocumentPage
    if category == Category.INTERPRETATION:
        return PolicyInterpretationPage
    return ArticlePage


def public_pages(queryset):
    """What the public may see of ``queryset``: live, public (no view restriction) and served.

    "Served" is wagtail_review's rule for page URLs (the publication ledger
    accounts for the live version), so a listing never links to a withheld page.
    """
    return registered_pages(queryset.live().public())


def listing_queryset(model):
    """Live, public pages of one publication type, newest first, ready to list.

    Querying the concrete model is already "specific" (one query, no
    per-row lookups), bodies are deferred because listings never show them,
    and the few foreign keys a listing does show are joined in.
    """
    queryset = public_pages(model.objects.all()).defer_streamfields().order_by(f"-{model.date_field}", "-pk")
    if model.listing_select_related:
        # Guarded: select_related() with no arguments would follow every FK.
        queryset = queryset.select_related(*model.listing_select_related)
    return queryset


def live_publications(category, within=None):
    """Live, public pages of ``category`` anywhere below ``within`` (a page), newest first.

    The single source for the home page blocks and the channel listings.
    With ``within=None`` the whole page tree is searched.
    """
    queryset = listing_queryset(publication_model(category))
    if category in ARTICLE_CATEGORIES:
        queryset = queryset.filter(category=category)
    if within is not None:
        queryset = queryset.descendant_of(within, inclusive=True)
    return queryset


def recent_publications(within, limit=10):
    """The ``limit`` newest publications of any type below ``within`` (one query per type)."""
    items = []
    for model in (ArticlePage, PolicyDocumentPage, PolicyInterpretationPage):
        items.extend(listing_queryset(model).descendant_of(within)[:limit])
    items.sort(key=lambda page: (page.listing_date, page.pk), reverse=True)
    return items[:limit]


def site_root(request):
    """The root page of the site serving ``request`` (None outside any site)."""
    site = Site.find_for_request(request)
    return site.root_page if site else None


def paginate(request, items, per_page=PAGE_SIZE):
    """One page of ``items`` for ``?page=``: non-numbers give page 1, out-of-range pages 404."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404("No such page of results.") from None


# --- Structural pages --------------------------------------------------------


class HomePage(Page):
    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("横幅图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("banner_image")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("banner_image")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.ChannelPage", "portal.UnitIndexPage"]
    max_count = 1

    # Items per category in the home page blocks.
    items_per_block = 5

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        channels = {
            channel.category: channel
            for channel in public_pages(ChannelPage.objects.child_of(self)).order_by("path")
        }
        context["category_blocks"] = [
            {
                "category": category,
                "label": category.label,
                "channel": channels.get(category.value),
                "items": live_publications(category, within=self)[: self.items_per_block],
            }
            for category in Category
        ]
        context["unit_sections"] = public_pages(UnitSectionPage.objects.descendant_of(self)).order_by("path")
        return context


class ChannelPage(Page):
    """A top-level channel: every live page of one category, site-wide."""

    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("category"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("category")]
    api_fields = [APIField("category"), APIField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    show_in_menus_default = True

    class Meta:
        verbose_name = _("频道")
        verbose_name_plural = _("频道")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, live_publications(self.category, within=site_root(request)))
        return context


class UnitIndexPage(Page):
    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.UnitSectionPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("部门乡镇")
        verbose_name_plural = _("部门乡镇")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit_sections"] = public_pages(UnitSectionPage.objects.child_of(self)).order_by("path")
        return context


class UnitSectionPage(Page):
    """A responsible unit's section root (its slug is the unit's slug)."""

    intro = RichTextField(_("简介"), blank=True)
    duties = RichTextField(_("职能职责"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("duties"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("office_hours")],
            heading=_("联系方式"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("duties")]
    api_fields = [
        APIField("intro"),
        APIField("duties"),
        APIField("address"),
        APIField("phone"),
        APIField("office_hours"),
    ]

    parent_page_types = ["portal.UnitIndexPage"]
    subpage_types = ["portal.ColumnPage"]

    recent_limit = 10

    class Meta:
        verbose_name = _("单位栏目")
        verbose_name_plural = _("单位栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = public_pages(ColumnPage.objects.child_of(self)).order_by("path")
        context["recent"] = recent_publications(self, self.recent_limit)
        return context


class ColumnPage(Page):
    """栏目: holds publications of one kind, given by ``category``."""

    category = models.CharField(
        _("类别"),
        max_length=20,
        choices=Category.choices,
        default=Category.NEWS,
        help_text=_("决定本栏目可发布的信息类型：政策文件、政策解读或其他文章。"),
    )
    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("category"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("category")]
    api_fields = [APIField("category"), APIField("intro")]

    parent_page_types = ["portal.UnitSectionPage", "portal.ColumnPage"]
    subpage_types = [
        "portal.ColumnPage",
        "portal.ArticlePage",
        "portal.PolicyDocumentPage",
        "portal.PolicyInterpretationPage",
    ]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def clean(self):
        super().clean()
        # The column lists only children of its category's page type, so
        # switching e.g. from 工作动态 to 政策文件 would silently hide them.
        if self.pk and self.category:
            wanted = publication_model(self.category)
            others = {ArticlePage, PolicyDocumentPage, PolicyInterpretationPage} - {wanted}
            if Page.objects.child_of(self).type(*others).exists():
                raise ValidationError({"category": _("本栏目下已有其他类型的信息，不能改为此类别。")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subcolumns"] = public_pages(ColumnPage.objects.child_of(self)).order_by("path")
        context["items"] = paginate(
            request, listing_queryset(publication_model(self.category)).child_of(self)
        )
        return context


# --- Publications ------------------------------------------------------------


class Publication:
    """Mixin for the leaf page types that are listed by category and date."""

    # Name of the model field holding the publication date (发布日期).
    date_field = "date"
    # Foreign keys a listing row displays.
    listing_select_related = ()
    # Column categories under which this page type may be created.
    column_categories = ()

    @property
    def listing_date(self):
        return getattr(self, self.date_field)

    @classmethod
    def can_exist_under(cls, parent):
        # Keep each column homogeneous: articles in news/govinfo/notice
        # columns, policy documents and interpretations in their own columns.
        if not super().can_exist_under(parent):
            return False
        column = parent.specific_deferred
        return getattr(column, "category", None) in cls.column_categories


class ArticlePage(Publication, Page):
    base_form_class = PublicationForm

    category = models.CharField(
        _("类别"),
        max_length=20,
        choices=[(c.value, c.label) for c in ARTICLE_CATEGORIES],
        default=Category.NEWS,
    )
    date = models.DateField(_("发布日期"))
    source = models.CharField(_("信息来源"), max_length=100)
    author = models.CharField(_("作者/编辑"), max_length=100, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), verbose_name=_("正文"))
    attachments = StreamField(attachment_blocks(), verbose_name=_("附件"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("date"), FieldPanel("source"), FieldPanel("author")],
            heading=_("发布信息"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("source"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("category"),
        APIField("date"),
        APIField("source"),
        APIField("author"),
        APIField("cover_image"),
        APIField("body"),
        APIField("attachments"),
    ]

    parent_page_types = ["portal.ColumnPage"]
    subpage_types = []

    listing_select_related = ("cover_image",)
    column_categories = ARTICLE_CATEGORIES

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")


class PolicyDocumentPage(Publication, Page):
    category = Category.POLICY

    doc_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("例如：云政发〔2026〕12号")
    )
    issuing_authority = models.CharField(_("发文机关"), max_length=100)
    date_written = models.DateField(_("成文日期"))
    date_published = models.DateField(_("发布日期"))
    body = StreamField(body_blocks(), verbose_name=_("正文"))
    attachments = StreamField(attachment_blocks(), verbose_name=_("附件"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("doc_number"),
                FieldPanel("issuing_authority"),
                FieldPanel("date_written"),
                FieldPanel("date_published"),
            ],
            heading=_("公文信息"),
        ),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("doc_number", boost=2),
        index.SearchField("issuing_authority"),
        index.SearchField("body"),
        index.FilterField("date_published"),
    ]
    api_fields = [
        APIField("doc_number"),
        APIField("issuing_authority"),
        APIField("date_written"),
        APIField("date_published"),
        APIField("body"),
        APIField("attachments"),
    ]

    parent_page_types = ["portal.ColumnPage"]
    subpage_types = []

    date_field = "date_published"
    column_categories = (Category.POLICY,)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def get_category_display(self):
        return Category.POLICY.label

    def live_interpretations(self):
        return listing_queryset(PolicyInterpretationPage).filter(interprets=self)


class PolicyInterpretationPage(Publication, Page):
    category = Category.INTERPRETATION

    interprets = models.ForeignKey(
        "portal.PolicyDocumentPage",
        verbose_name=_("解读的政策文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    date = models.DateField(_("发布日期"))
    interpreter = models.CharField(_("解读机关"), max_length=100)
    body = StreamField(body_blocks(), verbose_name=_("正文"))
    attachments = StreamField(attachment_blocks(), verbose_name=_("附件"), blank=True)

    content_panels = Page.content_panels + [
        PageChooserPanel("interprets", "portal.PolicyDocumentPage"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("interpreter")], heading=_("发布信息")),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("interpreter"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("interprets"),
        APIField("date"),
        APIField("interpreter"),
        APIField("body"),
        APIField("attachments"),
    ]

    parent_page_types = ["portal.ColumnPage"]
    subpage_types = []

    listing_select_related = ("interprets",)
    column_categories = (Category.INTERPRETATION,)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def get_category_display(self):
        return Category.INTERPRETATION.label

    def live_document(self):
        """The interpreted document, only if the public may see it."""
        if self.interprets_id is None:
            return None
        return public_pages(PolicyDocumentPage.objects.filter(pk=self.interprets_id)).first()
