"""The nine review points of Art. 10, which every submitter and every signer answers.

Each point is a yes/no question with one answer that lets the information go
out: "Does it involve secrets?" passes on *no*; "Is it accurate?" passes on
*yes*. A signer may approve only when every point passes (Art. 9: 未经审核把关
的信息不得上网发布); a failing answer forces a rejection with a reason.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No"))]


@dataclass(frozen=True)
class ReviewPoint:
    number: int
    question: str
    passing_answer: str

    @property
    def field_name(self):
        return f"point_{self.number}"

    def passes(self, answer):
        return answer == self.passing_answer


REVIEW_POINTS = (
    ReviewPoint(1, _("Does it involve state or work secrets? (是否涉及秘密)"), NO),
    ReviewPoint(
        2,
        _("Does it comply with national policy, laws and regulations? (是否符合国家大政方针和法律法规)"),
        YES,
    ),
    ReviewPoint(3, _("Does it respect intellectual property rules? (是否符合保护知识产权的有关规定)"), YES),
    ReviewPoint(4, _("Could it harm another unit or person? (是否会给其他单位、个人造成危害)"), NO),
    ReviewPoint(
        5, _("Does it serve the district's publicity and development? (是否有利于我区的宣传和发展)"), YES
    ),
    ReviewPoint(6, _("Is now an appropriate time to publish it? (当前对外发布是否适宜)"), YES),
    ReviewPoint(7, _("Is it a sensitive matter? (是否属敏感性问题)"), NO),
    ReviewPoint(8, _("Are its statistical figures accurate? (信息中的统计数据是否准确)"), YES),
    ReviewPoint(9, _("Is everything else that needs weighing in order? (其他需要根据情况把握的信息)"), YES),
)


# Every point answered so that it passes: a complete, clean self-check.
PASSING_ANSWERS = {point.field_name: point.passing_answer for point in REVIEW_POINTS}

# On the major emergency / sensitive route, "is it sensitive?" is expected to
# be answered yes: that is why the two district leaders sign.
SENSITIVITY_POINT = 7


def passing_answers(sensitive_route=False):
    """A clean self-check: every point answered so that it passes ("sensitive: yes" on the sensitive route)."""
    answers = dict(PASSING_ANSWERS)
    if sensitive_route:
        answers[f"point_{SENSITIVITY_POINT}"] = YES
    return answers


def failing_points(answers, sensitive_route=False):
    """The points whose answer in ``answers`` ({field_name: answer}) does not pass, unanswered included."""
    return [
        point
        for point in REVIEW_POINTS
        if not point.passes(answers.get(point.field_name))
        and not (sensitive_route and point.number == SENSITIVITY_POINT and answers.get(point.field_name))
    ]


def unanswered_points(answers):
    return [point for point in REVIEW_POINTS if answers.get(point.field_name) not in (YES, NO)]
