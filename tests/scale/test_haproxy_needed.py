"""Without HAProxy the scale tests skip and say why, except in CI, where they fail."""

from __future__ import annotations

import pytest

from tests.scale.cluster import haproxy_config
from tests.scale.conftest import need_haproxy


def test_missing_haproxy_skips_locally_and_fails_in_ci() -> None:
    assert need_haproxy("/usr/sbin/haproxy", {"CI": "true"}) == "/usr/sbin/haproxy"
    with pytest.raises(pytest.skip.Exception, match="apt-get install haproxy"):
        need_haproxy(None, {})
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        need_haproxy(None, {"CI": "true"})


def test_the_test_config_is_deploy_haproxy_cfg_with_loopback_ports() -> None:
    made = haproxy_config(8443, [3101, 3102])
    assert "bind 127.0.0.1:8443" in made and "ssl crt" not in made
    assert made.count("server replica") == 2 and "127.0.0.1:3102 check" in made
    for kept in ("option httpchk GET /healthz", "timeout server 2800ms", "option redispatch"):
        assert kept in made
