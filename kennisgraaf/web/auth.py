"""Writing is closed unless a token is configured, and then needs it as a bearer token."""

import hmac

from flask import g, request

from kennisgraaf.errors import AuthError, WriteForbidden
from kennisgraaf.web.services import services


def require_token() -> None:
    """Raise unless the request carries the configured bearer token."""
    g.writing = True  # whatever happens next, app.py clears the answer cache afterwards
    token = services().settings.get("token")
    if not token:
        raise WriteForbidden("writing is switched off on this server; start it with --token "
                             "(or KENNISGRAAF_TOKEN) to allow it")
    sent = request.headers.get("Authorization", "")
    scheme, _, value = sent.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthError("writing needs the server's token: send 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(value.strip().encode(), str(token).encode()):
        raise AuthError("the bearer token is wrong")
