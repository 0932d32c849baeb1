"""The built-in catalogue of the corpus: documents, indicators, targets, agencies, units (pure core)."""

from planwatch.catalogue.indicators import (
    classify_target_kind,
    derive_indicator,
    guess_domain,
    indicator_direction,
    indicator_key,
    indicator_limits,
    link_indicators,
)
from planwatch.catalogue.loading import (
    DATA_FILES,
    Catalogue,
    build_catalogue,
    indicator_link_overrides,
    load_catalogue,
    read_data_file,
    read_quote,
    target_corrections,
    target_kind_overrides,
    target_value_text,
)

__all__ = [
    "DATA_FILES",
    "Catalogue",
    "build_catalogue",
    "classify_target_kind",
    "derive_indicator",
    "guess_domain",
    "indicator_direction",
    "indicator_key",
    "indicator_limits",
    "indicator_link_overrides",
    "link_indicators",
    "load_catalogue",
    "read_data_file",
    "read_quote",
    "target_corrections",
    "target_kind_overrides",
    "target_value_text",
]
