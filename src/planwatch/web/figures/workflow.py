"""The state a figure is written in: a workflow rule of figures, asked by the target page, the file
import, the API and the round form (decision 0003 and 0004). It reads who the user is from
``accounts.access`` and the round lock from ``rounds.locking``; neither of those imports it back."""

from __future__ import annotations

from planwatch.domain.vocabulary import ValueState
from planwatch.web.accounts.access import AccessScope
from planwatch.web.catalogue.models import Target
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.rounds.locking import round_entry_state
from planwatch.web.rounds.models import ReportingRound


def value_state_for_entry(
    scope: AccessScope | None,
    target: Target,
    unit: AdministrativeUnit | None = None,
    year: int | None = None,
) -> ValueState:
    """The state of a figure a user writes, when the caller names none (docs/decisions/0003).

    Administrators and the coordinator of the target's document are the ones who approve, so what they
    write is approved; a reporter (or a coordinator writing for a target of another document) sends
    it: submitted. No scope (the CLI, run by the installation's operator) writes approved figures.

    With ``unit`` and ``year``, reporting rounds (issue #5) apply: a figure of a sender whose
    submission the coordinator approved is locked for everyone until reopened; a sent one is locked
    for the reporter while it waits; otherwise a reporter's figure in an open round is their draft
    until they submit the round.

    Raises:
        AccessDeniedError: the figure is locked by its reporting round.
    """
    if unit is not None and year is not None:
        coordinator = scope is None or scope.coordinates(target.document)
        state = round_entry_state(target, unit, year, coordinator=coordinator)
        if state is not None:
            return state
    if scope is None or scope.coordinates(target.document):
        return ValueState.APPROVED
    return ValueState.SUBMITTED


class EntryStates:
    """``value_state_for_entry`` for many rows: whether a round of (document, year) exists is read
    once, and only rows of a year with a round ask for the round's lock (one indexed read each)."""

    def __init__(self, scope: AccessScope | None) -> None:
        self._scope = scope
        self._rounds: dict[tuple[int, int], bool] = {}

    def for_target(self, target: Target, unit: AdministrativeUnit, year: int) -> ValueState:
        key = (target.document_id, year)
        if key not in self._rounds:
            self._rounds[key] = ReportingRound.objects.filter(
                document_id=target.document_id, year=year
            ).exists()
        if self._rounds[key]:
            return value_state_for_entry(self._scope, target, unit, year)
        return value_state_for_entry(self._scope, target)

    def for_indicator(self) -> ValueState:
        """A row addressed by indicator code alone: the administrator and the CLI approve; anyone
        else sends it for review."""
        if self._scope is None or self._scope.is_administrator:
            return ValueState.APPROVED
        return ValueState.SUBMITTED
