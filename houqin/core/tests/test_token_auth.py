"""API token authentication (the prepared-query version of DRF's)."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_valid_token_identifies_the_user_and_their_roles(personas):
    token = Token.objects.create(user=personas.guard)
    response = client_with(token.key).get("/api/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "guard"
    assert {"site": "main", "role": "guard"} in response.json()["roles"]


def test_an_unknown_token_is_refused(personas):
    response = client_with("0" * 40).get("/api/me/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_the_token_of_a_deactivated_account_is_refused(personas):
    token = Token.objects.create(user=personas.guard)
    personas.guard.is_active = False
    personas.guard.save(update_fields=["is_active"])
    assert client_with(token.key).get("/api/me/").status_code in (401, 403)
