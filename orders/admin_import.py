"""The import page: upload a file, see its dry run per order, then "Import these orders" from the same upload.

The upload is kept as an `ImportUpload` row, named in the page by a signed token, so the second step needs no
file, no session and no JavaScript. Importing goes by order number: a second click (or a reload) finds every
order already imported and links it, and creates nothing twice.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.actors import acting_as, user_actor
from orders.forms import ImportConfirmForm, ImportForm
from orders.models import ImportUpload
from orders.services.import_files import source_from_file
from orders.services.import_sample import sample_csv, sample_json
from orders.services.importing import CONFLICT, CREATED, ERROR, UNCHANGED, orders_import_source

UPLOAD_KEPT = timedelta(hours=24)
TOKEN_SALT = "orders.import-upload"


def import_urls(model_admin):
    """The page's URLs, wired by the order admin."""
    view = model_admin.admin_site.admin_view
    return [
        path("import/", view(lambda request: import_view(request, model_admin)), name="orders_order_import"),
        path("import/sample.<str:kind>", view(import_sample_view), name="orders_order_import_sample"),
    ]


def _may_import(request):
    if not request.user.has_perm("orders.import_orders"):
        raise PermissionDenied


def import_sample_view(request, kind):
    _may_import(request)
    if kind == "csv":
        # `;` and a byte order mark: spreadsheet programs set to German open it in columns, as the import reads it.
        content, mime = "\ufeff" + sample_csv(delimiter=";"), "text/csv; charset=utf-8"
    elif kind == "json":
        content, mime = sample_json(), "application/json; charset=utf-8"
    else:
        raise PermissionDenied
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="orders-sample.{kind}"'
    return response


@dataclass(frozen=True)
class Row:
    """One order of the report, in the words of the page."""

    result: object
    status: str  # ok, warning or error: the row's colour and first column
    status_words: str
    outcome_words: str


def _rows(report):
    dry = report.dry_run
    outcome_words = {
        CREATED: _("will be imported") if dry else _("imported"),
        UNCHANGED: _("already imported"),
        CONFLICT: _("not imported: an order with this number is already here with other content"),
        ERROR: _("not imported"),
    }
    rows = []
    for result in report.results:
        if not result.ok:
            status, words = "error", _("Error")
        elif result.warnings:
            status, words = "warning", _("Warning")
        else:
            status, words = "ok", _("OK")
        rows.append(Row(result, status, words, outcome_words[result.outcome]))
    return rows


def _headline(report, name):
    counts = report.counts
    figures = {"new": counts[CREATED], "known": counts[UNCHANGED], "refused": counts[CONFLICT] + counts[ERROR],
               "warned": counts["warned"], "name": name}
    if report.dry_run:
        return _("Checked %(name)s: %(new)s to import, %(known)s already imported, %(refused)s with errors, "
                 "%(warned)s with warnings. Nothing is saved yet.") % figures
    return _("%(new)s imported, %(known)s already imported, %(refused)s not imported because of errors, "
             "%(warned)s with warnings.") % figures


def upload_store(*, name, content, actor):
    ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT).delete()
    upload = ImportUpload.objects.create(name=name[:255], content=content, uploaded_by=actor)
    return signing.dumps(upload.pk, salt=TOKEN_SALT)


def upload_for(token):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=UPLOAD_KEPT)
    except signing.BadSignature:
        return None
    return ImportUpload.objects.filter(pk=pk).first()


def import_view(request, model_admin):
    _may_import(request)
    actor = user_actor(request.user)
    form, report, token, name, error = ImportForm(), None, None, "", None
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        upload = upload_for(confirm.data["token"]) if confirm.is_valid() else None
        if upload is None:
            error = _("This upload is no longer kept (uploads are kept for 24 hours). Upload the file again.")
        else:
            name = upload.name
            with acting_as(actor):
                report = orders_import_source(source=source_from_file(name=upload.name, content=bytes(upload.content)),
                                              actor=actor)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            name = request.FILES["file"].name
            report = orders_import_source(source=form.cleaned_data["file"], actor=actor, dry_run=True)
            if report.counts[CREATED]:
                token = upload_store(name=name, content=form.content, actor=actor)
    context = {
        **model_admin.admin_site.each_context(request), "title": _("Import orders"), "opts": model_admin.opts,
        "form": form, "report": report, "rows": _rows(report) if report else [], "token": token,
        "headline": _headline(report, name) if report and not report.file_errors else "", "error": error,
    }
    return TemplateResponse(request, "admin/orders/order/import.html", context)
