"""Curated real-world reference data (topics, conditions, Länder, organisations) for demo data."""
