"""The dashboard on the admin index: schedules with their last outcomes, partner health, figures that link
to their lists, and the partner check button for those allowed to press it. Plain HTML, no JavaScript."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from backoffice import dashboard
from backoffice.models import PartnerExchange, PartnerHealth
from backoffice.sandbox import state
from backoffice.services import partner_health_record

from . import figures

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def broken_figures():
    raise RuntimeError("the figure query broke")


@pytest.fixture
def figure_sources(monkeypatch):
    monkeypatch.setattr(dashboard, "figure_sources", lambda: [figures.SOURCE])


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("clerk", password="clerk-pass-123", is_staff=True)


def task(group, *, success, minutes_ago, result=None):
    stopped = timezone.now() - timedelta(minutes=minutes_ago)
    return Task.objects.create(id=uuid.uuid4().hex, name=f"t-{uuid.uuid4().hex[:8]}", func="x.y", group=group,
                               started=stopped - timedelta(seconds=3), stopped=stopped, success=success,
                               result=result)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def section(html, section_id):
    return html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def test_the_dashboard_shows_schedules_health_and_figures(admin_client, figure_sources):
    call_command("setup_schedules", verbosity=0)
    task("check_partners", success=True, minutes_ago=90)
    task("check_partners", success=False, minutes_ago=30, result="PartnerUnavailable: Innoship is down")
    task("check_partners", success=False, minutes_ago=300, result="an older failure")
    task("some_other_group", success=False, minutes_ago=1, result="not this schedule's failure")
    partner_health_record(partner="innocigs", ok=True, detail="REST API answers", latency_ms=42)
    partner_health_record(partner="innoship", ok=False, detail="Credentials refused (HTTP 401)")
    PartnerExchange.objects.create(partner="zonos", operation="orderNumbers", method="POST", url="u",
                                   error="No reply within 30 s.", triggered_by="system")

    response = admin_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Dashboard | Dropship back-office</title>" in html

    schedules = section(html, "schedules")
    assert ">Check partner connections</a>" in schedules  # the title in words, not the schedule's code name
    assert "1\xa0hour, 30\xa0minutes ago" in schedules  # last success
    assert "30\xa0minutes ago</span>: PartnerUnavailable: Innoship is down" in schedules  # the latest failure
    assert "an older failure" not in schedules and "not this schedule" not in schedules

    health = section(html, "partner-health")
    assert re.search(r"InnoCigs</td>\s*<td class=\"state-ok\">OK</td>\s*<td>REST API answers \(42 ms\)", health)
    assert re.search(r"Innoship</td>\s*<td class=\"state-alert\">FAILED</td>\s*<td>Credentials refused", health)
    assert re.search(r"MeinEinkauf.ch</td>\s*<td>–</td><td>not checked yet", health)
    assert 'value="Check partner connections now"' in health

    link = f'href="{reverse("admin:backoffice_partnerexchange_changelist")}?status=none"'
    assert re.search(re.escape(link) + r'><span class="count">1</span> <span class="label">without a reply', html)
    assert "errornote" not in html


def test_a_figure_link_leads_to_the_filtered_list_behind_it(admin_client, figure_sources):
    PartnerExchange.objects.create(partner="zonos", operation="orderNumbers", method="POST", url="u", error="x",
                                   triggered_by="system")
    PartnerExchange.objects.create(partner="zonos", operation="orderNumbers", method="POST", url="u",
                                   status_code=200, triggered_by="system")
    url = re.search(r'<li class="figure[^"]*">\s*<a href="([^"]+)"', admin_client.get(INDEX).content.decode())[1]
    listing = admin_client.get(url.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert len(listing.context["cl"].result_list) == 1


def test_without_schedules_the_dashboard_says_how_to_create_them(admin_client, figure_sources):
    assert "an administrator installs them once with the setup_schedules command" in admin_client.get(
        INDEX).content.decode()


def test_a_broken_figure_source_is_named_and_logged_but_the_dashboard_still_works(admin_client, monkeypatch, caplog):
    monkeypatch.setattr(dashboard, "figure_sources", lambda: [f"{__name__}.broken_figures", figures.SOURCE])
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Some figures could not be counted ({__name__}.broken_figures)" in html
    assert "without a reply" in html  # the other sources still show
    assert "the figure query broke" in caplog.text


def test_a_figure_source_that_cannot_be_imported_is_named_not_hidden(admin_client, monkeypatch):
    # Every source exists (the partner's paths are checked at start); one that fails anyway is named.
    monkeypatch.setattr(dashboard, "figure_sources", lambda: ["backoffice.no_such_module.dashboard_figures"])
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some figures could not be counted (backoffice.no_such_module.dashboard_figures)" in html


def test_the_button_runs_the_check_and_reports_each_partner(sandbox, admin_client, admin_user, figure_sources):
    response = admin_client.post(reverse("admin:check_partners"), follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert re.search(r"InnoCigs: OK, REST API answers; stock of 12M100L10-BG-0: \d+", shown[0])
    assert [m.split(":")[0] for m in shown] == ["InnoCigs", "Innoship", "MeinEinkauf.ch", "Zonos / iGlobal"]
    assert PartnerHealth.objects.filter(ok=True).count() == 4
    assert set(PartnerExchange.objects.values_list("triggered_by", flat=True)) == {f"user:{admin_user.username}"}
    health = section(response.content.decode(), "partner-health")
    assert health.count('class="state-ok"') == 4


def test_the_button_reports_a_refusal_and_an_unconfigured_partner(sandbox, admin_client, settings, figure_sources):
    settings.INNOCIGS_PASSWORD = "not-the-password"
    settings.ZONOS_BASE_URL = ""
    response = admin_client.post(reverse("admin:check_partners"), follow=True)
    messages = {m.message: m.level_tag for m in response.context["messages"]}
    assert messages["InnoCigs: 10000 Login fehlgeschlagen (code 10000)"] == "error"
    assert messages["Zonos / iGlobal: not configured."] == "warning"


def test_the_check_only_answers_post(admin_client):
    assert admin_client.get(reverse("admin:check_partners")).status_code == 405


def test_staff_without_the_permission_sees_no_button_and_a_forged_post_is_refused(sandbox, client, staff,
                                                                                   figure_sources):
    client.force_login(staff)
    html = client.get(INDEX).content.decode()
    assert 'id="partner-health"' in html
    assert "Check partner connections now" not in html
    response = client.post(reverse("admin:check_partners"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["You may not run the partner check."]
    assert not PartnerHealth.objects.exists()
    assert not PartnerExchange.objects.exists()
    assert state.received() == []


def test_staff_with_the_permission_may_run_the_check(sandbox, client, staff, figure_sources):
    staff.user_permissions.add(Permission.objects.get(codename="check_partners"))
    client.force_login(staff)
    assert "Check partner connections now" in client.get(INDEX).content.decode()
    client.post(reverse("admin:check_partners"))
    assert PartnerHealth.objects.filter(ok=True).count() == 4


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.post(reverse("admin:check_partners"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert not PartnerHealth.objects.exists()


def test_the_admin_works_with_plain_html_forms_and_csrf(sandbox, admin_user, figure_sources):
    """What a browser without JavaScript does: fetch a form, post it back with its CSRF token."""
    browser = Client(enforce_csrf_checks=True)
    login_page = browser.get(reverse("admin:login")).content.decode()
    assert '<form action="/admin/login/" method="post" id="login-form">' in login_page
    response = browser.post(reverse("admin:login"), {
        "csrfmiddlewaretoken": csrf_token(login_page), "username": admin_user.username, "password": "password",
        "next": INDEX,
    })
    assert response.status_code == 302 and response.url == INDEX
    dashboard_page = browser.get(INDEX).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', dashboard_page, re.S)
    assert form[1] == reverse("admin:check_partners")
    assert 'type="submit"' in form[2]
    assert browser.post(form[1]).status_code == 403  # no token, no check
    assert not PartnerHealth.objects.exists()
    done = browser.post(form[1], {"csrfmiddlewaretoken": csrf_token(dashboard_page)}, follow=True)
    assert "InnoCigs: OK" in done.content.decode()
    assert PartnerHealth.objects.count() == 4


def test_the_favicon_browsers_ask_for_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("backoffice/favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("backoffice/favicon.svg")  # collectstatic ships it; whitenoise serves it
