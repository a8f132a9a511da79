import pytest

from tests import factories


@pytest.fixture
def facebook(db):
    return factories.make_platform(slug="facebook", name="Facebook")


@pytest.fixture
def pesquet_account(facebook):
    """Thomas Pesquet on Facebook: the account the import tests' CSV rows name."""
    influencer = factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")
    return factories.make_account(influencer=influencer, platform=facebook)
