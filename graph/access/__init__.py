"""Per-request record of what was disclosed and redacted, and what is made of it."""
