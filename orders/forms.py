"""Admin forms of orders: the import's checks on every field staff can change, and the upload form."""

from django import forms

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
    file = forms.FileField(help_text="JSON or CSV, as the README's Orders section describes; at most "
                                     f"{IMPORT_MAX_ORDERS} orders and {IMPORT_MAX_BYTES // 1024 // 1024} MB here "
                                     "(bigger files: manage.py import_orders).")
    dry_run = forms.BooleanField(required=False, label="Dry run: check only, save nothing")

    def clean_file(self):
        """The file, read into orders (an ImportSource); its problems as a whole are the import's to report."""
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {IMPORT_MAX_BYTES // 1024 // 1024} MB.")
        source = source_from_file(name=upload.name, content=upload.read())
        if len(source.orders) > IMPORT_MAX_ORDERS:
            raise forms.ValidationError(f"The file holds {len(source.orders)} orders; this page takes at most "
                                        f"{IMPORT_MAX_ORDERS}. Use manage.py import_orders for bigger files.")
        return source
