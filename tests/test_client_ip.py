from django.test import RequestFactory, override_settings

from config.client_ip import client_ip, client_network


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


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_value_that_is_no_address_falls_back_to_the_socket():
    assert client_ip(_request(forwarded="1.2.3.4, not-an-address")) == "10.0.0.2"
    assert client_ip(_request(forwarded="1.2.3.4, 203.0.113.7:4711")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_limits_count_an_ipv6_subscriber_by_its_network():
    assert client_network(_request(remote="2001:db8:1:2::5")) == "2001:db8:1:2::/64"
    assert client_network(_request(remote="2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert client_network(_request(remote="::ffff:203.0.113.7")) == "203.0.113.7"
    assert client_network(_request(remote="203.0.113.7")) == "203.0.113.7"


def test_compose_trusts_exactly_the_proxies_it_runs_in_front_of_web():
    """docker/compose.yaml: the default TRUSTED_PROXY_COUNT is the number of our proxies in front of gunicorn,
    and gunicorn's own port is not open to the network at all (a client there could claim any
    X-Forwarded-For)."""
    import re
    from pathlib import Path

    import yaml

    docker = Path(__file__).resolve().parent.parent / "docker"
    compose = yaml.safe_load((docker / "compose.yaml").read_text())
    services = compose["services"]
    proxies_to_web = [
        name
        for name, service in services.items()
        if service.get("image", "").startswith("nginx")
        and any(
            "http://web:8000" in (docker / volume.split(":")[0]).read_text()
            for volume in service.get("volumes", [])
            if volume.startswith("./")
        )
    ]
    assert proxies_to_web == ["proxy"]
    default = re.fullmatch(
        r"\$\{TRUSTED_PROXY_COUNT:-(\d+)\}", services["web"]["environment"]["TRUSTED_PROXY_COUNT"]
    )
    assert default and int(default.group(1)) == len(proxies_to_web)
    # The replicas publish no port: everyone comes through the proxy, which says who they are.
    assert "ports" not in services["web"]
