"""The suite's one outbound fetcher (ckanext.tmopendata.lib.fetch): the
address policy in every spelling, redirects re-checked, the connection pinned
to the checked address, the overall deadline, the byte cap, the content
check, and frictionless kept off the network.

Only 127.0.0.1 is ever contacted (the fixture ``connections`` fails a test
at once if the fetcher opens a socket to any other address)."""
from __future__ import annotations

import io
import ipaddress
import socket
import time

import pytest

from ckanext.tmopendata.lib import fetch
from tests.lib.servers import TABLE_CSV, connections, local_server  # noqa: F401

LOCAL = fetch.parse_allow_list("127.0.0.1/32")[0]


def policy(**kw) -> fetch.Policy:
    kw.setdefault("deadline", 5)
    return fetch.Policy(**kw)


def allowed(**kw) -> fetch.Policy:
    return policy(allowed_networks=LOCAL, **kw)


def get(url: str, pol: fetch.Policy, expect: str = "csv") -> bytes:
    return fetch.fetch_bytes(url, pol, expect)[0]


# --- the address policy ----------------------------------------------------------

REFUSED = {
    "127.0.0.1": "loopback", "127.8.9.10": "loopback", "0.0.0.0": "unspecified",
    "10.0.0.1": "private", "172.16.5.4": "private", "192.168.1.1": "private",
    "100.64.0.1": "private",  # shared address space (CGNAT)
    "169.254.169.254": "link-local",  # cloud metadata
    "224.0.0.1": "multicast", "239.255.255.250": "multicast",
    "240.0.0.1": "private", "255.255.255.255": "private", "192.0.2.1": "private",
    "::1": "loopback", "::": "unspecified", "fe80::1": "link-local", "fc00::1": "private",
    "fd12:3456::1": "private", "fec0::1": "private", "ff02::1": "multicast",
    "::ffff:127.0.0.1": "loopback", "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "link-local", "::ffff:0.0.0.0": "unspecified",
    "::127.0.0.1": "reserved",  # IPv4-compatible (::/96, deprecated)
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2002:a00:1::1": "private",  # 6to4 of 10.0.0.1
    "2001:db8::1": "reserved",
}


@pytest.mark.parametrize("address,kind", sorted(REFUSED.items()))
def test_refused_addresses(address, kind):
    got = fetch.refusal_kind(ipaddress.ip_address(address))
    assert got is not None, address
    # the kind named to the user is the precise one where it is unambiguous
    if kind in ("loopback", "link-local", "multicast", "unspecified"):
        assert got == kind, (address, got)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "193.226.0.1", "2001:4860:4860::8888",
                                     "::ffff:8.8.8.8", "2a00:1450:4001::1"])
def test_public_addresses_pass(address):
    assert fetch.refusal_kind(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host,address", [
    ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
    ("0x7f.0.0.1", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("0", "0.0.0.0"),
    ("167772161", "10.0.0.1"), ("012.0.0.1", "10.0.0.1"), ("0xa9.254.169.254", "169.254.169.254"),
    ("127.0.0.1.", "127.0.0.1"), ("[::1]", "::1"), ("::ffff:127.0.0.1", "::ffff:7f00:1"),
    ("[::ffff:7f00:1]", "::ffff:127.0.0.1"),
])
def test_literal_host_forms(host, address):
    assert fetch.literal_address(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["localhost", "example.org", "1e100.net", "deadbeef", "a.0x7f"])
def test_names_are_not_literals(host):
    assert fetch.literal_address(host) is None


def test_allow_list_parsing():
    networks, hosts = fetch.parse_allow_list("10.20.0.0/16, 192.168.1.7 gis.intern.example.ro\n.intranet.example.ro  [::1] bad/entry")
    assert [str(n) for n in networks] == ["10.20.0.0/16", "192.168.1.7/32", "::1/128"]
    assert hosts == ("gis.intern.example.ro", ".intranet.example.ro")
    assert fetch.parse_allow_list("") == ((), ())
    assert fetch.parse_allow_list(None) == ((), ())


def test_allow_list_lets_intranet_through_and_nothing_else():
    pol = policy(allowed_networks=fetch.parse_allow_list("10.20.0.0/16")[0],
                 allowed_hosts=("gis.intern.example.ro", ".intranet.example.ro"))
    fetch.check_addresses("10.20.3.4", [ipaddress.ip_address("10.20.3.4")], pol)
    fetch.check_addresses("x", [ipaddress.ip_address("::ffff:10.20.3.4")], pol)
    fetch.check_addresses("gis.intern.example.ro", [ipaddress.ip_address("10.9.9.9")], pol)
    fetch.check_addresses("a.b.intranet.example.ro", [ipaddress.ip_address("192.168.0.9")], pol)
    for host, ip in [("10.21.0.1", "10.21.0.1"), ("127.0.0.1", "127.0.0.1"),
                     ("evilgis.intern.example.ro", "10.21.0.1"), ("intranet.example.ro.evil", "10.9.9.9"),
                     ("x", "169.254.169.254")]:
        with pytest.raises(fetch.FetchError):
            fetch.check_addresses(host, [ipaddress.ip_address(ip)], pol)
    # a name is refused if any of its addresses is refused (one public record is not enough)
    with pytest.raises(fetch.FetchError):
        fetch.check_addresses("mixed.example.org", [ipaddress.ip_address("8.8.8.8"),
                                                   ipaddress.ip_address("10.0.0.1")], policy())


# --- refusals happen before any connection --------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8983/solr/ckan/select?q=*:*&wt=csv", "http://127.0.0.1/", "http://2130706433:8983/",
    "http://0177.0.0.1:8983/", "http://0x7f.1:6379/", "http://127.1/", "http://[::1]:8983/",
    "http://[::ffff:127.0.0.1]:8983/", "http://[::ffff:7f00:1]/", "http://localhost:8983/solr/",
    "http://0.0.0.0:5000/", "http://0/", "http://10.0.0.1/", "http://172.16.0.1/",
    "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/", "https://100.64.0.1/",
    "http://224.0.0.1/", "http://[fe80::1%25eth0]/", "http://[fc00::1]/", "http://[64:ff9b::a00:1]/",
    "http://167772161/", "https://[::]/",
])
def test_refused_before_connecting(url, connections):
    with pytest.raises(fetch.FetchError, match="not a public internet address|not on the public internet"):
        get(url, policy())
    assert connections == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://127.0.0.1/x.csv", "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:6379/info",
    "data:text/csv,a,b", "javascript:alert(1)", "/etc/passwd", "etc/passwd", "HTTP//x", "",
])
def test_other_schemes_refused(url, connections):
    with pytest.raises(fetch.FetchError, match="Only http and https"):
        get(url, allowed())
    assert connections == []


@pytest.mark.parametrize("url", ["http://user:pw@127.0.0.1/", "http:///x.csv", "http://[::1/",
                                 "http://127.0.0.1:99999/", "http://exa mple.org/", "http://a_b..c/"])
def test_malformed_urls_refused(url, connections):
    with pytest.raises(fetch.FetchError):
        get(url, allowed())
    assert connections == []


# --- what an allowed server may and may not do ------------------------------------------

def test_allowed_server_is_fetched(local_server, connections):
    assert get(f"{local_server.url}/table.csv", allowed()).decode() == TABLE_CSV
    assert connections == [("127.0.0.1", local_server.port)]
    # the same server with an empty allow-list: refused, and never contacted
    with pytest.raises(fetch.FetchError):
        get(f"{local_server.url}/table.csv", policy())
    assert local_server.hits == ["/table.csv"]


def test_allowed_by_host_name(local_server, connections):
    url = f"http://localhost:{local_server.port}/table.csv"
    assert get(url, policy(allowed_hosts=("localhost",))).decode() == TABLE_CSV
    with pytest.raises(fetch.FetchError):
        get(url, policy(allowed_hosts=("otherhost",)))


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1:8080/",
    "http://127.0.0.2:{port}/table.csv", "http://[::1]:{port}/table.csv", "http://2130706434:{port}/table.csv",
    "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO",
])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_refused_address(local_server, connections, target, status):
    target = target.format(port=local_server.port)
    url = f"{local_server.url}/redirect?status={status}&to={target}"
    with pytest.raises(fetch.FetchError, match="not a public internet address|Only http and https"):
        get(url, allowed())
    assert connections == [("127.0.0.1", local_server.port)]


def test_redirects_followed_within_the_limit(local_server):
    def chain(n: int) -> str:
        from urllib.parse import quote

        url = f"{local_server.url}/table.csv"
        for _ in range(n):
            url = f"{local_server.url}/redirect?to={quote(url, safe='')}"
        return url

    assert get(chain(2), allowed(max_redirects=2)).decode() == TABLE_CSV
    with pytest.raises(fetch.FetchError, match="Too many redirects"):
        get(chain(3), allowed(max_redirects=2))
    with pytest.raises(fetch.FetchError, match="Too many redirects"):
        get(chain(1), allowed(max_redirects=0))


def test_connection_is_pinned_to_the_checked_address(local_server, connections, monkeypatch):
    """DNS rebinding: the name answers an allowed address to the check and a
    private one afterwards. The fetcher resolves once per hop and connects
    to the address it checked, so the second answer is never used."""
    answers = iter(["127.0.0.1"] + ["10.0.0.1"] * 10)
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            ip = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.test:{local_server.port}/table.csv"
    assert get(url, allowed()).decode() == TABLE_CSV
    assert connections == [("127.0.0.1", local_server.port)]
    # the name travels as Host, the socket went to the checked IP
    with pytest.raises(fetch.FetchError, match="not on the public internet"):
        get(url, allowed())  # the second resolution gives 10.0.0.1: refused, never contacted
    assert connections == [("127.0.0.1", local_server.port)]


def test_drip_feeding_server_is_cut_at_the_deadline(local_server):
    for path in ("/drip", "/drip-headers"):
        started = time.monotonic()
        with pytest.raises(fetch.FetchError, match="within 2 seconds"):
            get(f"{local_server.url}{path}", allowed(deadline=2))
        elapsed = time.monotonic() - started
        # the server would go on for 100 s (a byte every 0.5 s, each read well
        # within any per-read timeout)
        assert 1.9 <= elapsed < 4, (path, elapsed)


def test_byte_cap_while_streaming(local_server):
    out = io.BytesIO()
    with pytest.raises(fetch.FetchError, match="larger than 100000 bytes"):
        fetch.fetch(f"{local_server.url}/endless", out, allowed(max_bytes=100_000))
    assert len(out.getvalue()) <= 100_000
    out = io.BytesIO()
    with pytest.raises(fetch.FetchError, match="larger than 100000 bytes"):
        fetch.fetch(f"{local_server.url}/declared-huge", out, allowed(max_bytes=100_000))
    assert out.getvalue() == b""
    assert len(get(f"{local_server.url}/table.csv", allowed(max_bytes=len(TABLE_CSV)))) == len(TABLE_CSV)


@pytest.mark.parametrize("path", ["/api", "/api-as-csv", "/page"])
def test_answers_that_are_not_tables_are_refused_without_quoting_them(local_server, path):
    with pytest.raises(fetch.FetchError) as caught:
        get(f"{local_server.url}{path}", allowed(), expect="csv")
    assert "SECRET" not in str(caught.value)
    with pytest.raises(fetch.FetchError):
        get(f"{local_server.url}/table.csv", allowed(), expect="xlsx")


def test_paths_with_spaces_and_accents_are_encoded(local_server):
    with pytest.raises(fetch.FetchError, match="HTTP 404"):
        get(f"{local_server.url}/parcuri ă\u0001.csv?x=ţ y", allowed())
    assert local_server.hits == ["/parcuri%20%C4%83%01.csv?x=%C5%A3%20y"]
    with pytest.raises(fetch.FetchError, match="HTTP 404"):
        get(f"{local_server.url}/redirect?to=/a%20b%C3%A2", allowed())
    assert local_server.hits[-1] == "/a%20b%C3%A2"


def test_http_errors_name_only_the_status(local_server):
    with pytest.raises(fetch.FetchError, match="HTTP 404") as caught:
        get(f"{local_server.url}/nothing-here", allowed())
    assert "not found" not in str(caught.value)


def test_unreachable_port_is_an_error(connections):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    with pytest.raises(fetch.FetchError, match="could not be reached"):
        get(f"http://127.0.0.1:{port}/x.csv", allowed())


# --- frictionless never goes to the network by itself ---------------------------------

def test_frictionless_cannot_fetch(local_server):
    from frictionless import FrictionlessException, Resource, Schema, system

    import ckanext.tmopendata.hvd.validation  # noqa: F401 - installs the guard

    assert getattr(system.http_session, "_tmopendata_refusing", False)
    with pytest.raises(FrictionlessException):
        Schema.from_descriptor({"fields": [f"{local_server.url}/schema.json"]})
    with pytest.raises(FrictionlessException):
        Schema.from_descriptor(f"{local_server.url}/schema.json")
    with pytest.raises(FrictionlessException):
        Resource(path=f"{local_server.url}/table.csv").read_rows()
    # frictionless' own context manager puts our session back afterwards
    with system.use_context(trusted=True):
        pass
    assert getattr(system.http_session, "_tmopendata_refusing", False)
    assert local_server.hits == []
