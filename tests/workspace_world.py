"""The old name of tests/world.py, kept so that tests written against it still import."""

from world import KEYS, PASSWORD, World, build_world, make_user, populate  # noqa: F401
