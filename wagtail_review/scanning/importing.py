"""Importing a lexicon from XLSX: the file its own export makes (or one with the same column headings).

All or nothing: every row is validated as the admin form would validate it,
and one bad row changes nothing — the screen lists each problem with its row
number. A row whose key (the wrong form, the expression, or the official's
name, title and start date) is already in the lexicon updates that entry;
the others are added. Each change is saved like an edit in the admin, so it
is in the entry's history with who made it, and the live site is rescanned
once when the import commits.
"""

import datetime
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from ..admin_views import AdminPageMixin

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("The lexicon's own export, or a sheet with the same column headings."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def read_rows(upload, model, fields):
    """``(row number, {field: value})`` for each filled row under the heading row naming ``fields``."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True).active
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise forms.ValidationError(_("This is not an XLSX workbook.")) from error
    labels = {str(capfirst(model._meta.get_field(name).verbose_name)): name for name in fields}
    columns = None
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(cell) for cell in row]
        if columns is None:
            if set(labels) <= set(cells):
                columns = {index: labels[cell] for index, cell in enumerate(cells) if cell in labels}
            continue
        if number > MAX_ROWS or not any(cells):
            continue
        yield number, {name: cells[index] if index < len(cells) else "" for index, name in columns.items()}
    if columns is None:
        raise forms.ValidationError(
            _("No row of headings was found: the sheet needs the columns %(columns)s.")
            % {"columns": "、".join(labels)}
        )


def _cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def choice_value(field, text):
    """A choice given by its code or by its label as the export writes it."""
    for value, label in field.choices:
        if text in (str(value), str(label)):
            return value
    return text


class LexiconImportView(AdminPageMixin, FormView):
    form_class = ImportForm
    template_name = "wagtail_review/lexicon_import.html"
    header_icon = "upload"
    model = None
    fields = ()
    key_fields = ()
    index_url_name = None
    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import %(lexicon)s") % {"lexicon": self.model._meta.verbose_name_plural}

    def _existing(self, key):
        """The entry a row's key names, or None (a key that is not even valid names none: the form says why)."""
        if not all(key.values()):
            return None
        try:
            return self.model.objects.filter(**key).first()
        except (ValidationError, ValueError):
            return None

    def form_valid(self, form):
        model_form = forms.modelform_factory(self.model, fields=self.fields)
        problems, rows, keys = [], [], set()
        try:
            for number, values in read_rows(form.cleaned_data["file"], self.model, self.fields):
                for name in self.fields:
                    field = self.model._meta.get_field(name)
                    if field.choices and values.get(name):
                        values[name] = choice_value(field, values[name])
                key = {name: values.get(name) or None for name in self.key_fields}
                if all(key.values()) and tuple(key.values()) in keys:
                    problems.append(
                        _("Row %(row)s: the same entry is already on an earlier row.") % {"row": number}
                    )
                    continue
                keys.add(tuple(key.values()))
                instance = self._existing(key)
                bound = model_form(data=values, instance=instance)
                if bound.is_valid():
                    rows.append(bound)
                else:
                    for name, errors in bound.errors.items():
                        label = bound.fields[name].label if name in bound.fields else ""
                        problems.append(
                            _("Row %(row)s, %(field)s: %(error)s")
                            % {"row": number, "field": label, "error": " ".join(errors)}
                        )
        except forms.ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if problems:
            return self.render_to_response(self.get_context_data(form=form, problems=problems))
        with transaction.atomic():
            added = sum(bound.instance.pk is None for bound in rows)
            for bound in rows:
                bound.save()
        messages.success(
            self.request,
            _("Imported: %(added)s added, %(updated)s updated.")
            % {"added": added, "updated": len(rows) - added},
        )
        return redirect(self.index_url_name)
