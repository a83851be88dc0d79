"""The SQL adapter for regions whose database the graph reads through its own engine."""
