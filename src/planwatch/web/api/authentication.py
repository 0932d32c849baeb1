"""API tokens: ``Authorization: Bearer <token>`` (``Token <token>`` is accepted too).

Tokens are the ones ``planwatch users create --token`` prints; only their hash is stored
(accounts.services). No session and no cookie is read, so the API needs no CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from planwatch.web.accounts.services import api_token_use

KEYWORDS = ("bearer", "token")


class BearerTokenAuthentication(BaseAuthentication):
    """A request is the user its token belongs to. No header: anonymous (the permission answers 401);
    a malformed, unknown or revoked token: 401 at once."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        parts = str(request.META.get("HTTP_AUTHORIZATION", "")).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Tiêu đề Authorization phải có dạng 'Bearer <mã API>'.")
        token = parts[1]
        if not token.isascii():
            raise AuthenticationFailed("Mã API chỉ gồm chữ cái không dấu, chữ số, '-' và '_'.")
        user = api_token_use(token)
        if user is None:
            raise AuthenticationFailed("Mã API không hợp lệ hoặc đã bị thu hồi.")
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="planwatch"'


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã API do `planwatch users create --token` cấp (API token).",
        }
