from __future__ import annotations
from planwatch.extraction.layout import PlacedBlock
from planwatch.extraction.model import ExtractedDuty
def reporting_duties(text: str, placed: list[PlacedBlock]) -> list[ExtractedDuty]:
    return []
