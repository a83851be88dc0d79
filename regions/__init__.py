"""The sources: the national registry and the regions own data."""
