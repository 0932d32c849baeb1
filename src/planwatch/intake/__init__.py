"""Figures coming in from files: reading CSV/XLSX rows and the values written in them (pure core)."""
