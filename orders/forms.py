"""Admin forms of orders: the import's checks on every field staff can change, and the upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders import validation as v
from orders.models import Address
from orders.services.import_files import source_from_file
from orders.services.import_format import ADDRESS_KEYS, LINE_KEYS, ORDER_KEYS

IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ORDERS = 2000  # bigger files: manage.py import_orders


class ImportChecksForm(forms.ModelForm):
    """The import's checks on every field it knows, so what staff fix here is what the partners accept."""

    checks = {}

    def clean(self):
        cleaned = super().clean()
        for name, key in self.checks.items():
            value = cleaned.get(name)
            if name not in self.fields or name in self.errors or value in (None, ""):
                continue
            try:
                cleaned[name] = key.clean(value)
            except v.Invalid as exc:
                self.add_error(name, exc.reason)
        return cleaned


class OrderForm(ImportChecksForm):
    checks = ORDER_KEYS


class OrderLineForm(ImportChecksForm):
    checks = LINE_KEYS


class AddressForm(ImportChecksForm):
    checks = ADDRESS_KEYS

    class Meta:
        model = Address
        fields = list(ADDRESS_KEYS)


class ImportForm(forms.Form):
    """The upload: always checked first (the dry run); the page then offers "Import these orders"."""

    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "JSON or CSV, as the sample files show; at most %(orders)s orders and %(mb)s MB here (bigger files: "
            "manage.py import_orders).") % {"orders": IMPORT_MAX_ORDERS, "mb": IMPORT_MAX_BYTES // 1024 // 1024}

    def clean_file(self):
        """The file, read into orders (an ImportSource); its problems as a whole are the import's to report."""
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {
                "mb": IMPORT_MAX_BYTES // 1024 // 1024})
        self.content = upload.read()
        source = source_from_file(name=upload.name, content=self.content)
        if source.count > IMPORT_MAX_ORDERS:
            raise forms.ValidationError(_(
                "The file holds %(count)s orders; this page takes at most %(limit)s. Use manage.py import_orders "
                "for bigger files.") % {"count": source.count, "limit": IMPORT_MAX_ORDERS})
        return source


class ImportConfirmForm(forms.Form):
    """ "Import these orders": names the checked upload by a signed token, so the file is not asked again."""

    token = forms.CharField(widget=forms.HiddenInput)
