import pytest

from .live_server import live_server


@pytest.fixture(scope="session")
def live_api(tmp_path_factory):
    """One backend process with the demo content for every live contract test."""
    with live_server(tmp_path_factory.mktemp("contract-live")) as server:
        yield server
