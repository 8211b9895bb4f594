"""Take-downs (Art. 16): a live page withdrawn from the public site, with who, when and why."""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TakeDown(models.Model):
    page = models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_take_downs",
    )
    # Copied, so the record still says what was taken down after the page is gone.
    page_title = models.CharField(_("title"), max_length=255)
    page_url_path = models.TextField(_("URL path"), blank=True)
    revision_number = models.BigIntegerField(_("revision withdrawn"), null=True)
    reason = models.TextField(_("reason"))
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken down by"), on_delete=models.PROTECT, related_name="+"
    )
    taken_down_at = models.DateTimeField(_("taken down at"), auto_now_add=True)

    class Meta:
        verbose_name = _("take-down")
        verbose_name_plural = _("take-downs")
        ordering = ["-taken_down_at"]

    def __str__(self):
        return f"{self.page_title} ({self.taken_down_at:%Y-%m-%d})"
