from django.test import RequestFactory, override_settings

from config.client_ip import client_ip


def _request(remote="10.0.0.2", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_proxies_the_socket_address_counts_and_headers_are_ignored():
    assert client_ip(_request(forwarded="1.2.3.4")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims():
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(forwarded="203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request()) == "10.0.0.2"
