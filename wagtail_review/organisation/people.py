"""How people are named on forms and screens."""


def person_name(user):
    """A person's name as a Chinese form writes it: family name first, no space (王晓燕)."""
    if user is None:
        return "—"
    family, given = getattr(user, "last_name", "").strip(), getattr(user, "first_name", "").strip()
    if any(_is_cjk(char) for char in family + given):
        return family + given
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()


def _is_cjk(char):
    return "\u3400" <= char <= "\u9fff"
