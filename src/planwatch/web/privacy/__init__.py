"""Personal data of the social-protection registry (issue #18, point 6; domain.md §7): who saw which
personal data and why (the append-only access log), the commune scoping and masking rules, the fields
encrypted at rest, and the page of the data-protection officer."""
