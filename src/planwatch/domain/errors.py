"""Every error planwatch raises on purpose derives from DomainError.

The CLI prints ``str(error)`` and exits with code 2; the web layer maps them to HTTP 4xx in one place.
"""


class DomainError(Exception):
    """A problem with the input or the request that the user can correct."""


class NotFoundError(DomainError):
    """A document, indicator, unit or agency that the catalogue does not hold."""


class AmbiguousError(DomainError):
    """A name that matches more than one thing in the catalogue."""


class InvalidValueError(DomainError):
    """A figure that cannot be read or cannot be true (130 %, year 3025, 'abc')."""


class ImportRejectedError(DomainError):
    """A file of figures with at least one bad row: nothing was written.

    ``problems`` lists (line number, reason) for every bad row.
    """

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = [f"dòng {line}: {reason}" for line, reason in problems]
        super().__init__(
            f"Tệp bị từ chối, không ghi số liệu nào ({len(problems)} dòng lỗi):\n" + "\n".join(lines)
        )


class CatalogueError(DomainError):
    """The catalogue data files contradict themselves (a bug in the data, not user input)."""
