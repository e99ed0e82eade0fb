from django.urls import include, path

urlpatterns = [
    path("innocigs/", include("backoffice.sandbox.innocigs")),
    path("innoship/", include("backoffice.sandbox.innoship")),
    path("meineinkauf/v1/", include("backoffice.sandbox.meineinkauf")),
    path("zonos/", include("backoffice.sandbox.zonos")),
]
