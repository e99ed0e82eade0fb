"""List cells that keep a list within the screen: a long text is cut with an ellipsis (backoffice/lists.css), and
the whole text shows on hover (its `title`)."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils.html import format_html
from django.utils.translation import gettext

EMPTY = "–"
# Rows per page of a big list: each row costs its rendering (about 0.4 ms on these CPUs), the SQL far less.
ROWS_PER_PAGE = 50


def cut(text, *, width="m"):
    """`text` in a cell at most `width` wide: "s", "m" or "l" (lists.css)."""
    text = "" if text is None else str(text)
    if not text:
        return EMPTY
    return format_html('<span class="cut cut-{}" title="{}">{}</span>', width, text, text)


def cut_column(field, description, *, width="m"):
    """A list column showing `field` cut to `width`, sortable by it: `name_cell = cut_column("name", _("name"))`."""

    def cell(model_admin, obj):
        return cut(getattr(obj, field), width=width)

    cell.short_description = description
    cell.admin_order_field = field
    return cell


class PlainActionCheckbox:
    """A ModelAdmin mixin: each row's selection box written directly, the same HTML as Django's, which renders
    it through the form widget's templates: 100 rows of that took about 40 % of a list page's time."""

    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           ACTION_CHECKBOX_NAME, str(obj.pk), label)
