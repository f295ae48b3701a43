from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import second_factor
from config.health import healthz
from config.signin import SignInCodeView, SignInView, admin_sign_in
from plans.admin import admin_site_permission, autocomplete_view


def _admin_permission(request) -> bool:
    """The admin as django-otp's OTPAdminSite has it: when the setting requires two-step
    sign-in of the user, only a session verified by a code gets in."""
    user = request.user
    return admin_site_permission(request) and (
        not second_factor.required_for(user) or second_factor.is_verified(user)
    )


admin.site.has_permission = _admin_permission
admin.site.site_header = admin.site.site_title = _("Marsad administration")
admin.site.index_title = _("Administration")
admin.site.login = admin_sign_in  # one sign-in form: its lockout and its second step
admin.site.autocomplete_view = autocomplete_view  # items labelled with their plan
handler400 = "config.errors.bad_request"
handler404 = "config.errors.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/login/code/", SignInCodeView.as_view(), name="login-code"),
    path("accounts/two-factor/", second_factor.overview, name="two-factor"),
    path("accounts/two-factor/setup/", second_factor.setup, name="two-factor-setup"),
    path(
        "accounts/two-factor/backup-codes/",
        second_factor.backup_codes,
        name="two-factor-backup-codes",
    ),
    path("accounts/two-factor/off/", second_factor.turn_off, name="two-factor-off"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("", include("reports.urls")),
    path("", include("plans.urls")),
    path("", include("indicators.urls")),
]
