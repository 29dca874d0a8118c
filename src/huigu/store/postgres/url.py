"""A database URL as people may see it (no driver needed: the CLI uses it too)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SECRET_PARAMS = {"password", "passfile", "sslpassword"}


def shown(url: str) -> str:
    """The URL without a password, in the authority or in the query."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{hostport}" if user else hostport
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in SECRET_PARAMS], safe="/:")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
