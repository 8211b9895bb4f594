"""Spreadsheets an official can file as they are: every export of the app goes through here.

An export is a title (what, for which unit and period), headings and rows of
display values: Chinese labels rather than codes, people by name, times in the
site's time zone. XLSX gets a title row, bold frozen headings, column widths and
an A4 landscape print setup; CSV starts with a byte-order mark so that Excel on
Chinese Windows reads it as UTF-8.

No export ever carries a formula. Anyone with an account can type
``=HYPERLINK(…)`` into their own name or a take-down reason; in XLSX every
string is written as a text cell, and in CSV a value that a spreadsheet would
read as a formula is prefixed with an apostrophe (OWASP's CSV-injection advice).
"""

import csv
import datetime
import decimal
import io
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from wagtail.admin.views import generic

from .organisation.people import person_name

CSV_BOM = "\ufeff"
# A cell starting with one of these is a formula (or DDE command) to Excel, LibreOffice and Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_COLUMN_WIDTH = 60


def register_time_zone():
    """The clock the registers are kept by (``WAGTAIL_REVIEW_FORM_TIME_ZONE``, Beijing time by default)."""
    from zoneinfo import ZoneInfo

    from .app_settings import app_settings

    return ZoneInfo(app_settings.FORM_TIME_ZONE)


def display_value(value):
    """What a person reads for ``value``: text or a number, never a code or a UTC time."""
    if type(value) is str:  # most cells: the checks below would each be made for nothing
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(register_time_zone())
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, get_user_model()):
        return person_name(value)
    if isinstance(value, (list, tuple)):
        return "；".join(force_str(display_value(item)) for item in value)
    return force_str(value)


def field_display_value(instance, name):
    """The display value of ``instance``'s field or attribute ``name`` (dotted paths allowed): choices by label."""
    *path, last = name.split(".")
    for step in path:
        instance = getattr(instance, step, None)
        if instance is None:
            return ""
    try:
        model_field = instance._meta.get_field(last)
    except (AttributeError, FieldDoesNotExist):
        model_field = None
    label = getattr(instance, f"get_{last}_display", None)  # a choices field, or a model's own label
    if callable(label) and (model_field is None or not model_field.is_relation):
        return display_value(label())
    value = getattr(instance, last, None)
    if callable(value) and not isinstance(value, models.Model):
        value = value()
    return display_value(value)


def csv_safe(value):
    """``value`` for a CSV cell: a string a spreadsheet would run as a formula is made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass
class Sheet:
    """One worksheet: its tab name, a title, a line saying for whom and when, headings and rows."""

    name: str
    title: str
    scope: str
    headings: list
    rows: list = field(default_factory=list)


def xlsx_bytes(sheets):
    """An XLSX workbook of ``sheets`` (see ``Sheet``), formatted for filing and printing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_name(sheet.name))
        columns = max(len(sheet.headings), 1)
        _write_row(worksheet, 1, [sheet.title])
        worksheet["A1"].font = Font(bold=True, size=14)
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        _write_row(worksheet, 2, [sheet.scope])
        worksheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
        _write_row(worksheet, 3, sheet.headings)
        for cell in worksheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(sheet.rows, start=4):
            _write_row(worksheet, number, row)
        widths = [_width(heading) for heading in sheet.headings]
        for row in sheet.rows:
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], _width(value))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
        worksheet.freeze_panes = "A4"
        worksheet.print_title_rows = "3:3"
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets, filename):
    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(sheet, filename):
    """One sheet as CSV: BOM, title and scope lines, headings, rows; streamed."""

    class Echo:
        def write(self, value):
            return value

    def lines():
        writer = csv.writer(Echo())
        yield CSV_BOM + writer.writerow([csv_safe(sheet.title)])
        yield writer.writerow([csv_safe(sheet.scope)])
        yield writer.writerow([csv_safe(heading) for heading in sheet.headings])
        for row in sheet.rows:
            yield writer.writerow([csv_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _write_row(worksheet, number, values):
    for column, value in enumerate(values, start=1):
        cell = worksheet.cell(row=number, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, whatever it starts with: never a formula


def _sheet_name(name):
    # Excel's limits: 31 characters, none of []:*?/\
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in force_str(name))
    return cleaned[:31] or "Sheet"


def _width(value):
    """The width of ``value``'s longest line in Latin letters (a Chinese character takes two)."""
    text = force_str(value)
    longest_line = max(text.splitlines() or [""], key=len)
    # Character by character only where it can matter: a column is never wider than MAX_COLUMN_WIDTH.
    if longest_line.isascii() or len(longest_line) >= MAX_COLUMN_WIDTH:
        return len(longest_line)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in longest_line)


class OfficialExportMixin:
    """For a Wagtail ``IndexView``: its XLSX and CSV exports go through this module.

    ``export_title`` names the document; the line under it says which unit,
    period or other filters it covers and when it was exported.
    """

    export_title = None

    def export_sheet(self, queryset):
        headings = [self.get_heading(queryset, name) for name in self.list_export]
        rows = [[field_display_value(item, name) for name in self.list_export] for item in queryset]
        title = force_str(self.export_title or queryset.model._meta.verbose_name_plural)
        return Sheet(name=title, title=title, scope=self.export_scope(), headings=headings, rows=rows)

    def export_scope(self):
        parts = [f"{force_str(f.field_label)}：{force_str(f.value)}" for f in self.active_filters]
        if not parts:
            parts.append(_("All records"))
        parts.append(_("Exported %(time)s") % {"time": display_value(timezone.now())})
        return "；".join(parts)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        sheet = self.export_sheet(queryset)
        if spreadsheet_format == self.FORMAT_CSV:
            return csv_response(sheet, self.get_filename())
        return xlsx_response([sheet], self.get_filename())


class OfficialIndexView(OfficialExportMixin, generic.IndexView):
    """Wagtail's listing, exporting through this module."""
