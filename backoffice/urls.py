from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


def favicon(request):
    # Browsers ask for /favicon.ico on every page; resolved per request so no static manifest is needed at import.
    return redirect(static("backoffice/favicon.svg"), permanent=False)


urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    # set_language: the header's language switch posts here (a plain form, so it works with JavaScript off).
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.SANDBOX:
    urlpatterns.append(path("sandbox/", include("backoffice.sandbox.urls")))
