"""The social-protection registry's pure core (issue #18)."""
