"""Innoship emulation: X-Api-Key authentication, api-version 1.0, PascalCase replies."""

from django.urls import path

from . import credentials
from .common import endpoint, json_reply

COURIERS = [
    {"CourierId": 1, "Name": "Cargus"},
    {"CourierId": 2, "Name": "DPD"},
    {"CourierId": 3, "Name": "FanCourier"},
    {"CourierId": 6, "Name": "Sameday"},
    {"CourierId": 11, "Name": "DHL"},
]


def authorised(request):
    return request.headers.get("X-Api-Key") == credentials.INNOSHIP_API_KEY


def unauthorised():
    return json_reply({"errors": [{"message": "Invalid API key", "details": "X-Api-Key"}]}, status=401)


@endpoint("innoship", "couriers")
def couriers(request):
    if not authorised(request):
        return unauthorised()
    return json_reply(COURIERS)


urlpatterns = [
    path("api/Courier", couriers),
]
