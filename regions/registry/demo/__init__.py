"""A deterministic demo data set for the national registry, built from real German places."""
