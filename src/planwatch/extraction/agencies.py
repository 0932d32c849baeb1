from __future__ import annotations
from planwatch.extraction.layout import PlacedBlock
from planwatch.extraction.model import ExtractedAgency
def lead_agencies(text: str, placed: list[PlacedBlock]) -> list[ExtractedAgency]:
    return []
