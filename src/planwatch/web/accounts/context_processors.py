from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from planwatch.web.accounts.access import access_scope


def access(request: HttpRequest) -> dict[str, Any]:
    """``access``: the signed-in user's scope, so templates show only what the helpers allow.

    An error page for a request refused before authentication ran (a bad Host header) has no user.
    """
    return {"access": access_scope(getattr(request, "user", None) or AnonymousUser())}
