"""Sign-in and session views of our own (the single sign-on views are in accounts.sso.views)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LoginView as WagtailLoginView

from .middleware import refresh_session_activity
from .sso import config


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Our login page: «Logg inn med kommunekontoen» when single sign-on is on, the password
    form otherwise; ``break_glass`` is the local administrator's password form beside SSO."""

    redirect_authenticated_user = True
    break_glass = False

    def dispatch(self, request, *args, **kwargs):
        if self.break_glass and not config.enabled():
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso": config.enabled(),
            "break_glass": self.break_glass,
        }


@login_not_required
def admin_login(request):
    """Wagtail's admin login: through our login page (and so the provider) when single sign-on
    is on, Wagtail's own form otherwise."""
    if config.enabled():
        if request.user.is_authenticated:
            # Signed in, but without the admin: not back to the provider in a loop.
            return render(request, "accounts/no_admin_access.html", status=403)
        query = request.GET.urlencode()
        return redirect(f"{redirect('login').url}{'?' + query if query else ''}")
    return WagtailLoginView.as_view()(request)


@require_POST
def extend_session(request):
    """«Fortsett å være innlogget» in the session warning (static/js/session-timeout.js): the
    session's 30 minutes start again from now."""
    refresh_session_activity(request, force=True)
    return HttpResponse(status=204)
