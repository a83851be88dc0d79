"""Tests of the stand-in services' own APIs."""
