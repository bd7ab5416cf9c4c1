"""A cache that lives for one web request: a page asks "which roles does this person
hold?" from the menu, the gates and the templates many times, and the answer cannot
change while the page is drawn. Outside a request (services, the worker, tests calling
services) nothing is cached and every call computes afresh."""

from contextvars import ContextVar

_cache = ContextVar("gendan_request_cache", default=None)


def memo(key, compute):
    """`compute()`, once per request for `key`."""
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget():
    """Drop what this request has cached (after a write that changes it)."""
    cache = _cache.get()
    if cache is not None:
        cache.clear()


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
