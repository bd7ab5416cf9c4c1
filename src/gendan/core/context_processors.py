from gendan.core.queries import inbox_count


def shell(request):
    """The page header's inbox badge (待我签字), computed lazily once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache = {}

    def count():
        if "n" not in cache:
            cache["n"] = inbox_count(user)
        return cache["n"]

    return {"inbox_count": count}
