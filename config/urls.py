from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.signin import SignInView
from plans.admin import admin_site_permission, autocomplete_view

admin.site.has_permission = admin_site_permission
admin.site.autocomplete_view = autocomplete_view  # items labelled with their plan
handler400 = "config.errors.bad_request"

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
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
