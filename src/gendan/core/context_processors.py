from gendan.core import menu
from gendan.core.queries import inbox_count


def shell(request):
    """The page header: the inbox badge (待我签字), computed lazily once per page, and the
    menu entries this person's roles use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache = {}

    def count():
        if "n" not in cache:
            cache["n"] = inbox_count(user)
        return cache["n"]

    return {"inbox_count": count, "menu_entries": lambda: menu.entries_for(user)}
