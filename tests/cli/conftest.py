"""Fixtures for the command line's tests; the helpers they are built on live in
tests/helpers/."""

from tests.helpers.world import world  # noqa: F401
