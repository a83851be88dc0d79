"""Tokens: scopes and purposes, keys, verification, issuing, and the request's caller."""
