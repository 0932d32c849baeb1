"""Aggregation of figures over the administrative hierarchy and years (pure core)."""
