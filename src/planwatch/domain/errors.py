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


class AccessDeniedError(DomainError):
    """The user is signed in but their role, agency or unit does not allow the action (HTTP 403)."""


class StaleEditError(DomainError):
    """Someone else changed the figure after this form was opened: the save is refused, nothing lost."""


class ImportDeniedError(AccessDeniedError):
    """Rows outside the user's agency or unit: nothing was written (HTTP 403).

    ``problems`` lists (row, reason) for every row that stopped the import, the bad ones included, so
    that one answer names everything to correct.
    """

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = [f"dòng {line}: {reason}" for line, reason in problems]
        super().__init__(
            f"Không ghi số liệu nào: có dòng ngoài phạm vi cơ quan hoặc địa bàn của bạn "
            f"({len(problems)} dòng bị từ chối):\n" + "\n".join(lines)
        )
