"""Mutations: one module per mutation (its input, payload and permission), the shared pattern
in base.py (README, *Writing*)."""
