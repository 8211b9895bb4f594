"""How people are named on forms and screens: Chinese names family name first, no space (王晓燕).

``person_name`` is the one helper the app's templates, e-mails, registers and
exports use. Wagtail's own screens (dashboard, history, workflow e-mails) name
people with ``user.get_full_name()``; Django's stock user model writes that
given name first ("晓燕 王"), so ``install_family_name_first`` gives the stock
model (and any that inherits its method unchanged) the same rule. A user model
with its own ``get_full_name`` keeps it.
"""


def person_name(user):
    """A person's name as a Chinese form writes it: family name first, no space (王晓燕)."""
    if user is None:
        return "—"
    chinese = _chinese_name(user)
    if chinese:
        return chinese
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()


def _chinese_name(user):
    family, given = (
        (getattr(user, "last_name", "") or "").strip(),
        (getattr(user, "first_name", "") or "").strip(),
    )
    if any(_is_cjk(char) for char in family + given):
        return family + given
    return ""


def _is_cjk(char):
    return "\u3400" <= char <= "\u9fff"


def install_family_name_first():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AbstractUser

    user_model = get_user_model()
    stock = AbstractUser.get_full_name
    if getattr(user_model.get_full_name, "_wagtail_review", False) or user_model.get_full_name is not stock:
        return

    def get_full_name(self):
        return _chinese_name(self) or stock(self)

    get_full_name._wagtail_review = True
    get_full_name.__doc__ = (
        "The full name: family name first for Chinese names (王晓燕), else given name first."
    )
    user_model.get_full_name = get_full_name
