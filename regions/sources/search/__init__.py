"""Search shared by every store: German text analysis, the query, and its SQL building blocks."""
