"""Fixtures for the workspace tests; the world itself is built in workspace_world.py."""

from __future__ import annotations

from typing import Any

import pytest
from workspace_world import World, build_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """A deliberately slow hash guards real passwords; test accounts need none of that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
