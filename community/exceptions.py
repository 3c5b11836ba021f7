"""Domain errors raised by services and mapped to HTTP statuses by the error handlers."""


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(DomainError):
    """The object does not exist or the actor may not see it."""

    status = 404


class PermissionDenied(DomainError):
    """The actor is not allowed to do this."""

    status = 403


class ValidationFailed(DomainError):
    """The input is not acceptable."""

    status = 422


class Conflict(DomainError):
    """The action clashes with the current state (stale edit, duplicate)."""

    status = 409


class RateLimited(DomainError):
    """Too many actions in a short time."""

    status = 429
