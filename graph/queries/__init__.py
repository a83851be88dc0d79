"""Root query fields, one class per domain, composed into Query in graph.schema."""
