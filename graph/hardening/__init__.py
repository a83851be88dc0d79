"""Hardening of the public endpoint: query limits, cost budget, persisted queries, rate limits."""
