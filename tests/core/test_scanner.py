"""The scanner finds what a signer must see — and does not cry wolf at what merely looks like it."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from wagtail_review.scanning.lexicons import OfficialTitle, SensitiveTerm, WordingError
from wagtail_review.scanning.scanner import Kind, scan_text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)


def found(text, **kwargs):
    return [(finding.kind, finding.text) for finding in scan_text(text, on=DAY, **kwargs)]


def test_a_serious_wording_error_from_the_starter_set_with_its_position_and_right_form():
    [finding] = scan_text("区攻府召开常务会议", on=DAY)
    assert (finding.kind, finding.severity, finding.start, finding.end) == (
        Kind.WORDING_ERROR,
        "serious",
        1,
        3,
    )
    assert finding.text == "攻府" and "政府" in finding.suggestion
    assert found("区政府召开常务会议") == []


def test_traditional_and_full_width_variants_match_alike_at_the_positions_written():
    SensitiveTerm.objects.create(term="wifi密码", severity="serious")
    text = "请勿公开ＷＩＦＩ密碼。"
    [finding] = scan_text(text, on=DAY)
    assert finding.kind == Kind.SENSITIVE and finding.text == "ＷＩＦＩ密碼"
    assert text[finding.start : finding.end] == "ＷＩＦＩ密碼"
    assert found("本材料為內部資料") == [(Kind.SENSITIVE, "內部資料")]


@pytest.fixture
def officials():
    OfficialTitle.objects.create(
        name="张卫东", title="副区长", held_from="2020-01-01", held_until="2023-12-31"
    )
    OfficialTitle.objects.create(name="张卫东", title="区长", held_from="2024-01-01")
    OfficialTitle.objects.create(name="李红梅", title="副区长", held_from="2024-01-01")


def test_officials_written_with_their_own_current_titles_are_not_flagged(officials):
    assert found("区长张卫东和副区长李红梅出席会议。") == []
    assert found("李红梅（副区长）主持。张卫东讲话。") == []


def test_a_title_that_is_not_theirs_or_no_longer_theirs_is_a_serious_finding(officials):
    [wrong] = scan_text("区长李红梅出席会议。", on=DAY)
    assert (wrong.kind, wrong.severity, wrong.text) == (Kind.OFFICIAL_TITLE, "serious", "区长李红梅")
    assert "副区长" in wrong.suggestion
    [former] = scan_text("副区长张卫东出席会议。", on=DAY)
    assert former.text == "副区长张卫东" and "2023-12-31" in former.suggestion and "区长" in former.suggestion
    assert found("李红梅（区长）主持。") == [(Kind.OFFICIAL_TITLE, "李红梅（区长")]
    # In 2022 he was 副区长: an article dated then is right.
    assert scan_text("副区长张卫东出席会议。", on=datetime.date(2022, 5, 1)) == []


def test_personal_data_is_found_by_checksum_and_masked_or_look_alike_numbers_are_not():
    text = "身份证号11010519491231002X，手机13812345678，银行卡4111 1111 1111 1111。"
    assert found(text) == [
        (Kind.PERSONAL_DATA, "11010519491231002X"),
        (Kind.PERSONAL_DATA, "13812345678"),
        (Kind.PERSONAL_DATA, "4111 1111 1111 1111"),
    ]
    look_alikes = (
        "身份证号110105194912310021（校验位不对），110101********1234（已遮盖），"
        "电话0352-6181001，卡号4111111111111112（校验不符），文号云政发〔2026〕13812345678901号。"
    )
    assert found(look_alikes) == []


def test_a_lexicon_change_takes_effect_at_the_next_scan():
    assert found("按照区委员会部暑") == []
    WordingError.objects.create(wrong="部暑", right="部署")
    assert found("按照区委员会部暑") == [(Kind.WORDING_ERROR, "部暑")]
    WordingError.objects.filter(wrong="部暑").get().delete()
    assert found("按照区委员会部暑") == []


def test_scan_text_prints_one_json_object_per_finding_and_exits_zero():
    out = io.StringIO()
    call_command("scan_text", stdin=io.StringIO("区攻府通知：联系人手机13812345678。"), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["kind"], line["start"], line["end"], line["matched"]) for line in lines] == [
        ("wording_error", 1, 3, "攻府"),
        ("personal_data", 11, 22, "13812345678"),
    ]
    assert all({"severity", "suggestion"} <= set(line) for line in lines)
    out = io.StringIO()
    call_command("scan_text", stdin=io.StringIO("区政府通知。"), stdout=out)
    assert out.getvalue() == ""


def test_a_scan_asks_the_database_once_whatever_it_finds(officials, django_assert_num_queries):
    text = "区长张卫东、副区长李红梅、区长李红梅出席。"
    scan_text(text, on=DAY)  # builds the matcher for this lexicon version
    with django_assert_num_queries(1):  # the lexicon version, to know the matcher is current
        assert len(scan_text(text, on=DAY)) == 1
