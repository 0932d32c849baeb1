"""Errors of the extractor: every one says in one line why a file cannot be read."""

from planwatch.domain.errors import DomainError


class UnreadableDocumentError(DomainError):
    """A file that is not a readable plan: empty, binary, too large, corrupt, wrong type, no text layer."""
