from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from firsttouch.accounts.views import LoginView
from firsttouch.api.api import api
from firsttouch.core import pwa
from firsttouch.programs.views.sharing import join_link

urlpatterns = [
    # First: most requests are API calls, and each pattern above it is tried before it.
    path("api/v1/", api.urls),
    path("", include("firsttouch.home.urls")),
    # At the root: a service worker controls only the paths under its own URL (decision 0020).
    path("sw.js", pwa.service_worker, name="pwa-sw"),
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("offline/", pwa.offline, name="pwa-offline"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's set_language (POST, CSRF-checked): the log-in page's language switcher.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("firsttouch.accounts.urls")),
    path("babies/", include("firsttouch.babies.urls")),
    path("massage/", include("firsttouch.massage.urls")),
    path("log/", include("firsttouch.tracking.urls")),
    path("wellbeing/", include("firsttouch.wellbeing.urls")),
    path("selfcare/", include("firsttouch.selfcare.urls")),
    path("lactation/", include("firsttouch.lactation.urls")),
    path("reminders/", include("firsttouch.reminders.urls")),
    path("programs/", include("firsttouch.programs.urls")),
    # The link an organisation gives families: who it is, the consent text, her choice.
    path("join/<str:code>/", join_link, name="join_link"),
    path("classes/", include("firsttouch.courses.urls")),
    path("studies/", include("firsttouch.studies.urls")),
    path("staff/<int:org_id>/courses/", include("firsttouch.courses.staff_urls")),
    path("staff/<int:org_id>/studies/", include("firsttouch.studies.staff_urls")),
    path("staff/", include("firsttouch.programs.staff_urls")),
    path("data/", include("firsttouch.portability.urls")),
    path("insights/", include("firsttouch.insights.urls")),
    path("reports/", include("firsttouch.reports.urls")),
    path("admin/", admin.site.urls),
]
