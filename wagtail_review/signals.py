"""Receivers that keep provisioned Wagtail groups in step with units, memberships and sections."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import provisioning
from .models import Membership, SectionOwnership, Unit


def _sync_units(*unit_ids):
    for unit in Unit.objects.filter(pk__in={pk for pk in unit_ids if pk}):
        provisioning.sync_unit(unit)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    provisioning.sync_site_groups()
    instance._loaded_unit_id = instance.unit_id
    instance._loaded_user_id = instance.user_id


@receiver(post_save, sender=SectionOwnership)
@receiver(post_delete, sender=SectionOwnership)
def section_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    instance._loaded_unit_id = instance.unit_id


@receiver(post_save, sender=Unit)
def unit_saved(sender, instance, **kwargs):
    # Renames the editors group and withdraws rights when a unit is deactivated.
    provisioning.sync_unit(instance)
    provisioning.sync_site_groups()


@receiver(post_delete, sender=Unit)
def unit_deleted(sender, instance, **kwargs):
    provisioning.remove_unit_groups(instance.pk)


@receiver(post_save, sender=get_user_model())
def user_saved(sender, instance, created, update_fields=None, **kwargs):
    # Deactivating a person withdraws every provisioned right at once. Only
    # relevant when is_active may have changed; login updates last_login only.
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    unit_ids = set(instance.review_memberships.values_list("unit_id", flat=True))
    if unit_ids:
        _sync_units(*unit_ids)
        provisioning.sync_site_groups()
