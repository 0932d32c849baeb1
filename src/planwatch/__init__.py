"""planwatch: targets, figures and progress of Vietnamese provincial policy plans."""
