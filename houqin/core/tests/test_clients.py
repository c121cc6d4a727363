"""The client's address behind the compound's reverse proxy (rate limits count per person)."""

import pytest
from django.test import RequestFactory

from houqin.core.clients import client_ip


@pytest.fixture(autouse=True)
def _proxies(settings):
    settings.HOUQIN_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.2"]


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_a_direct_client_is_its_own_address_whatever_header_it_sends():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_the_proxy_the_forwarded_client_is_used():
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_a_forged_leftmost_hop_is_skipped_for_the_last_untrusted_one():
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_a_proxy_without_the_header_counts_as_itself():
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
