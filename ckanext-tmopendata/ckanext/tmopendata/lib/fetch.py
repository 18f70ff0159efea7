"""The suite's one outbound fetcher: every download from the network (linked
resource files, schema URLs, schema inference) goes through :func:`fetch`.

What it guarantees, whatever the URL, its redirects or the server do:

- only ``http`` and ``https`` URLs, without user name or password;
- the host is resolved once per hop and *every* address it resolves to must
  be a public internet address: loopback, private, shared (CGNAT),
  link-local, multicast, reserved, unspecified, documentation... addresses
  are refused, in every spelling (``2130706433``, ``0177.0.0.1``,
  ``0x7f.1``, ``[::1]``, ``[::ffff:127.0.0.1]``, 6to4/NAT64/Teredo
  addresses embedding a refused IPv4 address), before any connection;
- the connection goes to the very address that was checked (the socket is
  opened to the IP, the name is only sent as ``Host``/SNI and checked
  against the TLS certificate), so DNS cannot change the answer between the
  check and the connection;
- redirects are followed by hand, at most ``max_redirects``, each hop
  checked again;
- an overall deadline for the whole download (resolution, connection, TLS,
  headers and body, every hop): a server that drips a byte a second is cut
  off at the deadline, not at a per-read timeout;
- a byte cap enforced while streaming (and at once from Content-Length);
- optionally, a check that the answer looks like what the caller expects
  (a table, not a JSON/HTML/XML answer of some API): error messages never
  carry any of the response body.

An allow-list (``ckanext.tmopendata.fetch.allowed_networks``: CIDRs, IPs,
host names, ``.domain`` suffixes) lets a portal reach intranet sources on
purpose; it is empty by default.

Frictionless never goes to the network on its own: :func:`guard_frictionless`
replaces its HTTP session with one that refuses every request (a Table
Schema whose ``fields`` holds a URL would otherwise be downloaded by it).
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import time
from typing import IO, Any, Iterable, Optional, Union
from urllib.parse import quote, urljoin, urlsplit


class _Toolkit:
    """``ckan.plugins.toolkit``, imported on first use: the validation
    engine imports this module for :func:`guard_frictionless` alone, and a
    standalone run (the benchmark, a worker validating a file) need not pay
    for importing CKAN."""

    def __getattr__(self, name: str) -> Any:
        import ckan.plugins.toolkit as toolkit

        return getattr(toolkit, name)


tk = _Toolkit()

log = logging.getLogger(__name__)

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

#: Defaults (also declared in the core plugin's config_declaration.yaml).
DEFAULT_DEADLINE = 300.0
DEFAULT_REQUEST_DEADLINE = 30.0
DEFAULT_MAX_REDIRECTS = 3
DEFAULT_MAX_BYTES = 500 * 1024 * 1024

USER_AGENT = "ckanext-tmopendata (open data validation)"
REDIRECTS = (301, 302, 303, 307, 308)
_HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$")
_IPV4_FORMS_RE = re.compile(r"^[0-9a-fx.]+$")
# Networks that embed an IPv4 address in the last 32 bits (NAT64).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class FetchError(Exception):
    """The download was refused or failed; ``str()`` is a translated,
    user-facing reason that never contains any of the response body."""


class _DeadlineExceeded(TimeoutError):
    pass


# --- the policy -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Policy:
    """What one download may do."""

    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allowed_networks: tuple[IPNetwork, ...] = ()
    allowed_hosts: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, max_bytes: Optional[int] = None, background: bool = True) -> Policy:
        """The policy the portal's configuration sets. ``background``: the
        download runs in a worker (``fetch.deadline``), else inside a web or
        API request (``fetch.request_deadline``)."""
        key = "deadline" if background else "request_deadline"
        default = DEFAULT_DEADLINE if background else DEFAULT_REQUEST_DEADLINE
        networks, hosts = parse_allow_list(tk.config.get("ckanext.tmopendata.fetch.allowed_networks"))
        return cls(
            deadline=_positive(tk.config.get(f"ckanext.tmopendata.fetch.{key}"), default, float),
            max_bytes=_positive(max_bytes, DEFAULT_MAX_BYTES, int),
            max_redirects=max(0, _positive(tk.config.get("ckanext.tmopendata.fetch.max_redirects"),
                                          DEFAULT_MAX_REDIRECTS, int, zero_ok=True)),
            allowed_networks=networks,
            allowed_hosts=hosts,
        )


def _positive(value: Any, default: Any, cast: Any, zero_ok: bool = False) -> Any:
    try:
        number = cast(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 or (zero_ok and number == 0) else default


def parse_allow_list(value: Any) -> tuple[tuple[IPNetwork, ...], tuple[str, ...]]:
    """``ckanext.tmopendata.fetch.allowed_networks`` (space or comma
    separated CIDRs, IP addresses, host names or ``.domain`` suffixes) as
    (networks, host names). Entries that are none of these are ignored,
    with a warning in the log."""
    if isinstance(value, (list, tuple)):
        items: Iterable[str] = [str(v) for v in value]
    else:
        items = re.split(r"[\s,]+", str(value or ""))
    networks: list[IPNetwork] = []
    hosts: list[str] = []
    for item in items:
        item = item.strip().lower()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        name = item.rstrip(".")
        if _HOSTNAME_RE.match(name.lstrip(".")):
            hosts.append(name)
        else:
            log.warning("ckanext.tmopendata.fetch.allowed_networks: ignoring %r", item)
    return tuple(networks), tuple(hosts)


def literal_address(host: str) -> Optional[IPAddress]:
    """The IP address a URL host denotes by itself, in any spelling the C
    library accepts (``127.0.0.1``, ``2130706433``, ``0177.0.0.1``,
    ``0x7f.1``, ``127.1``; IPv6 with or without brackets), else ``None``
    (a name to resolve)."""
    host = host.strip().lower().strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    if host.endswith("."):
        host = host[:-1]
    if host and _IPV4_FORMS_RE.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (6to4, Teredo, NAT64,
    IPv4-compatible; mapped ones are handled by :func:`refusal_kind`)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = []
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in net for net in _NAT64) or int(ip) >> 32 == 0:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def refusal_kind(ip: IPAddress) -> Optional[str]:
    """Why ``ip`` is not a public internet address (``loopback``,
    ``private``, ``link-local``, ``multicast``, ``unspecified``,
    ``reserved``), or ``None`` when it is one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return refusal_kind(ip.ipv4_mapped)  # ::ffff:a.b.c.d is a.b.c.d
    for candidate in [ip, *_embedded_ipv4(ip)]:
        if candidate.is_unspecified:
            return "unspecified"
        if candidate.is_loopback:
            return "loopback"
        if candidate.is_link_local:
            return "link-local"
        if candidate.is_multicast:
            return "multicast"
        if candidate.is_private or candidate in _SHARED or getattr(candidate, "is_site_local", False):
            return "private"
        if candidate.is_reserved or not candidate.is_global:
            return "reserved"
    return None


def _allowed_by_list(host: str, ips: list[IPAddress], policy: Policy) -> bool:
    name = host.lower().rstrip(".")
    for allowed in policy.allowed_hosts:
        if name == allowed.lstrip(".") or (allowed.startswith(".") and name.endswith(allowed)):
            return True
    if not ips or not policy.allowed_networks:
        return False

    def listed(ip: IPAddress) -> bool:
        forms = [ip] + ([ip.ipv4_mapped] if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else [])
        return any(form in net for form in forms for net in policy.allowed_networks
                   if form.version == net.version)

    return all(listed(ip) for ip in ips)


def check_addresses(host: str, ips: list[IPAddress], policy: Policy) -> None:
    """Raise :class:`FetchError` unless every address of ``host`` may be
    fetched from (public, or on the allow-list)."""
    if _allowed_by_list(host, ips, policy):
        return
    for ip in ips:
        kind = refusal_kind(ip)
        if kind is None:
            continue
        if literal_address(host) is not None:
            raise FetchError(tk._(
                "The address {host} is not a public internet address ({kind}): "
                "the portal does not download from it."
            ).format(host=host, kind=_kind_label(kind)))
        # A name: do not tell which internal address it resolves to.
        raise FetchError(tk._(
            "The host {host} is not on the public internet: the portal does not download from it."
        ).format(host=host))


def _kind_label(kind: str) -> str:
    return {
        "loopback": tk._("loopback"),
        "private": tk._("private network"),
        "link-local": tk._("link-local"),
        "multicast": tk._("multicast"),
        "unspecified": tk._("unspecified"),
        "reserved": tk._("reserved"),
    }.get(kind, kind)


# --- resolution -------------------------------------------------------------------

_RESOLVER = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="tmopendata-dns")


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _DeadlineExceeded()
    return left


def resolve(host: str, port: int, deadline: float) -> list[tuple[IPAddress, tuple[Any, ...], int]]:
    """``(ip, sockaddr, family)`` of every address of ``host``, within the
    deadline (the system resolver has no timeout of its own)."""
    literal = literal_address(host)
    if literal is not None:
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        sockaddr = (str(literal), port, 0, 0) if literal.version == 6 else (str(literal), port)
        return [(literal, sockaddr, family)]
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        infos = future.result(timeout=_remaining(deadline))
    except concurrent.futures.TimeoutError:
        raise _DeadlineExceeded()
    except socket.gaierror:
        raise FetchError(tk._("The host {host} could not be found.").format(host=host))
    found = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        found.append((ip, sockaddr, family))
    if not found:
        raise FetchError(tk._("The host {host} could not be found.").format(host=host))
    return found


# --- sockets held to the deadline ----------------------------------------------------

class _DeadlineMixin:
    """Every receive and send gets only the time left until the deadline as
    its timeout, and none once it has passed (a per-read timeout alone lets a
    server that drips a byte at a time hold the download forever)."""

    _deadline: Optional[float] = None

    def _arm(self) -> None:
        if self._deadline is not None:
            self.settimeout(_remaining(self._deadline))  # type: ignore[attr-defined]

    def recv(self, *args: Any) -> bytes:
        self._arm()
        return super().recv(*args)  # type: ignore[misc]

    def recv_into(self, *args: Any) -> int:
        self._arm()
        return super().recv_into(*args)  # type: ignore[misc]

    def sendall(self, *args: Any) -> None:
        self._arm()
        return super().sendall(*args)  # type: ignore[misc]


class DeadlineSocket(_DeadlineMixin, socket.socket):
    """The plain socket every download opens (to the checked address only),
    held to the deadline; TLS wraps it."""


class _SSLSocket(_DeadlineMixin, ssl.SSLSocket):
    pass


def _tls_context() -> ssl.SSLContext:
    try:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover - certifi comes with requests
        context = ssl.create_default_context()
    context.sslsocket_class = _SSLSocket
    return context


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to ``host`` made to the checked address only."""

    def __init__(self, host: str, port: int, sockaddr: tuple[Any, ...], family: int,
                 tls: bool, deadline: float) -> None:
        super().__init__(host, port)
        self.default_port = 443 if tls else 80
        self._sockaddr, self._family, self._tls, self._deadline = sockaddr, family, tls, deadline

    def connect(self) -> None:
        sock = DeadlineSocket(self._family, socket.SOCK_STREAM)
        try:
            sock._deadline = self._deadline
            sock.settimeout(_remaining(self._deadline))
            sock.connect(self._sockaddr)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._tls:
                sock.settimeout(_remaining(self._deadline))
                tls_sock = _tls_context().wrap_socket(
                    sock, server_hostname=self.host, do_handshake_on_connect=False
                )
                tls_sock._deadline = self._deadline
                tls_sock.settimeout(_remaining(self._deadline))
                tls_sock.do_handshake()
                sock = tls_sock
        except BaseException:
            sock.close()
            raise
        self.sock = sock


# --- the download -------------------------------------------------------------------

@dataclasses.dataclass
class Fetched:
    """What was downloaded: the final URL (after redirects), its content
    type and size in bytes."""

    url: str
    content_type: str
    size: int


def _target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, request path) of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(tk._("The address is not a valid URL."))
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise FetchError(tk._(
            'Only http and https addresses are downloaded (not "{scheme}").'
        ).format(scheme=scheme or "?"))
    if parts.username is not None or parts.password is not None:
        raise FetchError(tk._("Addresses with a user name or password are not downloaded."))
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(tk._("The address has no host name."))
    if literal_address(host) is None:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise FetchError(tk._("The address is not a valid URL."))
        if ":" in host or not _HOSTNAME_RE.match(host):
            raise FetchError(tk._("The address is not a valid URL."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # spaces, non-ASCII characters...: percent-encoded (existing escapes kept)
    path = quote(path, safe="!#$%&'()*+,/:;=?@[]~")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _open(url: str, policy: Policy, deadline: float) -> tuple[_PinnedConnection, http.client.HTTPResponse]:
    scheme, host, port, path = _target(url)
    addresses = resolve(host, port, deadline)
    check_addresses(host, [ip for ip, _s, _f in addresses], policy)
    last: Optional[BaseException] = None
    for _ip, sockaddr, family in addresses:
        conn = _PinnedConnection(host, port, sockaddr, family, scheme == "https", deadline)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "*/*")
            conn.putheader("Accept-Encoding", "identity")
            conn.putheader("Connection", "close")
            conn.endheaders()
            return conn, conn.getresponse()
        except OSError as e:  # includes timeouts, refused connections, TLS errors
            conn.close()
            if isinstance(e, _DeadlineExceeded) or time.monotonic() >= deadline:
                raise _DeadlineExceeded() from e
            last = e
    raise FetchError(tk._("The server {host} could not be reached ({reason}).").format(
        host=host, reason=_network_reason(last)))


def _network_reason(error: Optional[BaseException]) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return tk._("its TLS certificate is not valid")
    if isinstance(error, ssl.SSLError):
        return tk._("TLS error")
    if isinstance(error, ConnectionRefusedError):
        return tk._("connection refused")
    if isinstance(error, (socket.timeout, TimeoutError)):
        return tk._("timed out")
    return tk._("network error")


#: What each expected content is allowed to look like.
_NOT_TABULAR_TYPES = ("json", "html", "javascript", "xml")


def _check_content(expect: Optional[str], content_type: str, head: bytes) -> None:
    """Refuse an answer that is plainly not the expected kind of file (an
    API's JSON, an HTML page, XML...), without quoting any of it."""
    if not expect:
        return
    ctype = content_type.split(";", 1)[0].strip().lower()
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if expect == "json":
        if "html" in ctype or start == b"<":
            raise FetchError(tk._("The address gave a web page, not a JSON document."))
        return
    if expect == "xlsx":
        if not head.startswith(b"PK\x03\x04") or "json" in ctype or "html" in ctype:
            raise FetchError(tk._("The address did not give an Excel (XLSX) workbook."))
        return
    # csv / tsv
    if (ctype and (any(t in ctype for t in _NOT_TABULAR_TYPES) or ctype.startswith(("image/", "audio/", "video/")))) \
            or start in (b"{", b"[", b"<"):
        raise FetchError(tk._(
            "The address did not give a CSV/TSV file (the answer looks like {kind}); it was not read."
        ).format(kind=_content_kind(ctype, start)))


def _content_kind(ctype: str, start: bytes) -> str:
    if "json" in ctype or start in (b"{", b"["):
        return "JSON"
    if "html" in ctype:
        return "HTML"
    if "xml" in ctype or start == b"<":
        return "XML/HTML"
    return ctype or "?"


def fetch(url: str, out: IO[bytes], policy: Policy, expect: Optional[str] = None) -> Fetched:
    """Download ``url`` into the binary file ``out`` under ``policy``.

    ``expect`` (``csv``, ``tsv``, ``xlsx``, ``json`` or ``None``) refuses
    answers that are plainly something else. Raises :class:`FetchError`
    with a translated reason (never any of the body) when the download is
    refused or fails; what was written to ``out`` is then to be discarded.
    """
    deadline = time.monotonic() + policy.deadline
    current = url
    try:
        for hop in range(policy.max_redirects + 1):
            conn, resp = _open(current, policy, deadline)
            try:
                if resp.status in REDIRECTS:
                    location = resp.getheader("Location")
                    if not location:
                        raise FetchError(tk._("The server answered a redirect without a target."))
                    if hop >= policy.max_redirects:
                        raise FetchError(tk._("Too many redirects (more than {max}).").format(
                            max=policy.max_redirects))
                    current = urljoin(current, location.strip())
                    continue
                if resp.status != 200:
                    raise FetchError(tk._("The server answered HTTP {status}.").format(status=resp.status))
                return _stream(resp, out, policy, expect, current)
            finally:
                resp.close()
                conn.close()
        raise FetchError(tk._("Too many redirects (more than {max}).").format(max=policy.max_redirects))
    except _DeadlineExceeded:
        raise FetchError(tk._(
            "The download did not finish within {seconds} seconds; it was stopped."
        ).format(seconds=_seconds(policy.deadline)))
    except FetchError:
        raise
    except http.client.HTTPException:
        raise FetchError(tk._("The server gave an invalid HTTP answer."))
    except ValueError:  # e.g. http.client.InvalidURL, a redirect to a malformed URL
        raise FetchError(tk._("The address is not a valid URL."))
    except OSError as e:
        if time.monotonic() >= deadline:
            raise FetchError(tk._(
                "The download did not finish within {seconds} seconds; it was stopped."
            ).format(seconds=_seconds(policy.deadline)))
        raise FetchError(tk._("The download failed ({reason}).").format(reason=_network_reason(e)))


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _stream(resp: http.client.HTTPResponse, out: IO[bytes], policy: Policy,
            expect: Optional[str], url: str) -> Fetched:
    too_big = tk._("The file is larger than {max} bytes; it was not downloaded.").format(max=policy.max_bytes)
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise FetchError(too_big)
    content_type = resp.getheader("Content-Type") or ""
    size = 0
    head = b""
    checked = False
    while True:
        chunk = resp.read1(64 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(too_big)
        if not checked:
            head += chunk[: 1024 - len(head)]
            if len(head) >= 1024:
                _check_content(expect, content_type, head)
                checked = True
        out.write(chunk)
    if not checked:
        _check_content(expect, content_type, head)
    return Fetched(url=url, content_type=content_type, size=size)


def fetch_bytes(url: str, policy: Policy, expect: Optional[str] = None) -> tuple[bytes, Fetched]:
    """:func:`fetch` into memory (for small documents such as schemas)."""
    import io

    buffer = io.BytesIO()
    fetched = fetch(url, buffer, policy, expect)
    return buffer.getvalue(), fetched


# --- frictionless never fetches by itself ------------------------------------------------

def _refusing_session() -> Any:
    import requests

    class RefusingSession(requests.Session):
        """frictionless' HTTP session: every request is refused (the suite
        downloads through :func:`fetch` and gives frictionless local files)."""

        def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
            raise requests.exceptions.InvalidURL("remote access is disabled in frictionless")

        def send(self, request: Any, **kwargs: Any) -> Any:
            raise requests.exceptions.InvalidURL("remote access is disabled in frictionless")

    return RefusingSession()


def guard_frictionless() -> None:
    """Make frictionless refuse every remote request it would make on its
    own (remote descriptors, ``fields`` given as URLs, remote resources,
    ``$ref``\\s): idempotent, called when the modules that use frictionless
    are imported."""
    from frictionless import system

    if getattr(system.http_session, "_tmopendata_refusing", False):
        return
    session = _refusing_session()
    session._tmopendata_refusing = True
    # frictionless offers only ``system.use_context(http_session=...)`` (a
    # context manager that puts the previous session back); its session is
    # the name-mangled attribute below, set once for the whole process.
    system._System__http_session = session
    system.trusted = False
