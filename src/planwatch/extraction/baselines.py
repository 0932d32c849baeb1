from __future__ import annotations
from planwatch.extraction.layout import PlacedBlock
from planwatch.extraction.model import ExtractedBaseline
def baselines(text: str, placed: list[PlacedBlock]) -> list[ExtractedBaseline]:
    return []
