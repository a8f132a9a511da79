"""After logging in, staff land where they meant to go, or on the admin home: never a 404."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

UNSAFE_NEXT = [
    "https://evil.example/",
    "//evil.example/admin/",
    "javascript:alert(1)",
    "/\\evil.example",
    " https://evil.example",
]


def log_in(client, next_url):
    factories.make_user(username="editrice", is_staff=True)
    return client.post(
        "/admin/login/",
        {"username": "editrice", "password": factories.PASSWORD, "next": next_url},
    )


@pytest.mark.parametrize("next_url", UNSAFE_NEXT)
def test_an_unsafe_next_lands_on_the_admin_home(client, next_url):
    response = log_in(client, next_url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_a_safe_next_is_followed(client):
    response = log_in(client, "/admin/articles/article/")
    assert response["Location"] == "/admin/articles/article/"
