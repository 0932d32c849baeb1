"""The vocabulary of planwatch: documents, targets, agencies, units and figures (stdlib only)."""
