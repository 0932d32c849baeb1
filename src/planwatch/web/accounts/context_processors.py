from typing import Any

from django.http import HttpRequest

from planwatch.web.accounts.access import access_scope


def access(request: HttpRequest) -> dict[str, Any]:
    """``access``: the signed-in user's scope, so templates show only what the helpers allow."""
    return {"access": access_scope(request.user)}
