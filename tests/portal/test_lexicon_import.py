"""The information centre keeps the lexicons as spreadsheets: export, edit, import again — all or nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from wagtail_review.models import OfficialTitle, WordingError

User = get_user_model()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(workbook):
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile("词库.xlsx", data.getvalue(), content_type=XLSX)


def exported(client, name):
    response = client.get(reverse(f"wagtail_review_{name}:index"), {"export": "xlsx"})
    return load_workbook(io.BytesIO(response.content))


def test_an_exported_lexicon_edited_and_imported_again_updates_and_adds(demo, client):
    client.force_login(User.objects.get(username="webadmin"))
    index = reverse("wagtail_review_wording_errors:index")
    assert reverse("wagtail_review_wording_errors:import") in client.get(index).content.decode()
    workbook = exported(client, "wording_errors")
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header = next(row for row in rows if any(cell.value == "错误写法" for cell in row))
    columns = {cell.value: cell.column for cell in header}
    [party] = [row for row in rows if row[columns["错误写法"] - 1].value == "中国共产常"]
    sheet.cell(party[0].row, columns["备注"]).value = "核对过"
    sheet.append([])
    new_row = sheet.max_row + 1
    sheet.cell(new_row, columns["错误写法"]).value = "部暑"
    sheet.cell(new_row, columns["正确写法"]).value = "部署"
    sheet.cell(new_row, columns["严重程度"]).value = "提示（请核实，不影响签署）"
    before = WordingError.objects.count()
    response = client.post(reverse("wagtail_review_wording_errors:import"), {"file": upload(workbook)})
    assert response.status_code == 302
    assert WordingError.objects.count() == before + 1
    assert WordingError.objects.get(wrong="部暑").severity == "warning"
    assert WordingError.objects.get(wrong="中国共产常").note == "核对过"
    # Each change is in the entry's history, with who made it.
    assert WordingError.objects.get(wrong="部暑").history.first().history_user.username == "webadmin"


def test_a_bad_row_or_a_bad_file_changes_nothing_and_says_why(demo, client):
    client.force_login(User.objects.get(username="webadmin"))
    url = reverse("wagtail_review_official_titles:import")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(
        ["姓名", "职务", "任职起始日期", "任职截止日期", "备注"]
    )  # as the export heads them
    workbook.active.append(["张卫东", "区长", "2024-01-01", "", ""])
    workbook.active.append(["李红梅", "", "2024-01-01", "", ""])  # no title
    workbook.active.append(["王强", "副区长", "2024-13-01", "", ""])  # no such date
    workbook.active.append(["张卫东", "区长", "2024-01-01", "", "重复"])
    html = client.post(url, {"file": upload(workbook)}).content.decode()
    assert "第 3 行" in html and "第 4 行" in html and "第 5 行" in html
    assert not OfficialTitle.objects.exists()
    for content in (b"not a workbook", b""):
        response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", content, content_type=XLSX)})
        assert response.status_code == 200
    assert not OfficialTitle.objects.exists()


def test_only_those_who_may_add_entries_may_import(demo, client):
    client.force_login(User.objects.get(username="xiping_reviewer"))
    response = client.get(reverse("wagtail_review_wording_errors:import"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
