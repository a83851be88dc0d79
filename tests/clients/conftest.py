"""Client tests reuse the attack suite's app factory (production settings, limits at their
defaults) and its signed tokens."""

from tests.attack.conftest import api, auth, make_api  # noqa: F401 (fixtures)
