"""Joining the regions' own sources into the graph: per-request calls, merged pages, errors."""
