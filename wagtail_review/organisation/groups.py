"""Wagtail groups that this app creates and keeps in step with memberships and sections."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvisionedGroup(models.Model):
    """A Wagtail group owned by this app, found by a stable key rather than its (editable) name.

    Keys: ``staff`` (admin access for every unit member), ``system-admins``,
    ``security-admins`` and ``web-admins`` (the information centre's
    administrators, one group per duty: ``provisioning``) and
    ``editors:<unit pk>`` (a unit's 信息员, with add and edit rights on the
    unit's sections).
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="review_provisioning")

    class Meta:
        verbose_name = _("provisioned group")
        verbose_name_plural = _("provisioned groups")

    def __str__(self):
        return f"{self.key}: {self.group.name}"
