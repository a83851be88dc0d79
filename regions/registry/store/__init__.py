"""Read access to the national registry: filtered pages and batch look-ups, no GraphQL."""
