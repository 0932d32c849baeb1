"""The social-protection registry's pure core (issue #18; docs/registry.md): dated rule tables, the
personal id, poverty classification, allowances, a synthetic registry and indicator arithmetic.
Imports no Django."""
