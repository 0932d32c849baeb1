"""The Django shell around the core: the only package that imports Django."""
