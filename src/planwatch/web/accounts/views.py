"""Sign in and out. Every other page requires a signed-in user (LoginRequiredMiddleware)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from planwatch.web.accounts.throttle import (
    LoginAttempt,
    client_address,
    login_attempt_begin,
    login_attempt_succeeded,
)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    attempt: LoginAttempt | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The slot is taken before the password is checked: parallel attempts cannot overrun the limit.
        self.attempt = login_attempt_begin(request.POST.get("username", ""), client_address(request))
        if self.attempt is None:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        if self.attempt is not None:
            login_attempt_succeeded(self.attempt)
        return super().form_valid(form)


logout = auth_views.LogoutView.as_view()
