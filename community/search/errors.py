"""Errors the search package raises to its callers."""


class SearchError(Exception):
    """Base class of search errors."""


class IndexUnavailable(SearchError):
    """The index is missing or unreadable: call ``open_or_create()`` and repopulate if asked."""


class IndexBusy(SearchError):
    """The write lock stayed taken past the timeout: queue the change and retry later."""
