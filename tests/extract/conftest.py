"""Shared by the extraction tests: the offline gazetteer, loaded once."""

from __future__ import annotations

import pytest

from dashboard.extract import places


@pytest.fixture(scope="session")
def gaz():
    return places.load_gazetteer()
