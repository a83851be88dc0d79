"""Search across every source: arguments, the merged ranked page, facets, and their types."""
