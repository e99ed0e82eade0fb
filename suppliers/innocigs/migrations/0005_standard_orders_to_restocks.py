"""Every StandardOrder becomes an orders.Order on the route innocigs_restock with its lines, one Submission
carrying its state, reference and outcome, a history event, and a Restock; delivery note items and the
permissions staff held on standard orders follow. Nothing is dropped: bench/migration_check.py counts the rows.
"""

from django.conf import settings
from django.db import migrations

ROUTE = "innocigs_restock"
# StandardOrder.State -> Submission.State
STATES = {"ready": "ready", "sending": "sending", "placed": "accepted", "refused": "refused", "unknown": "unknown",
          "test_ok": "test_ok"}
NOTE = "moved from the old list of standard orders in state %(state)s; its earlier steps were not recorded"


def _free_number(Order, standard):
    """The order's number: the standard order's own, unless a shop order already has it. The reference InnoCigs
    knows stays the standard order's number either way."""
    if not Order.objects.filter(number=standard.number).exists():
        return standard.number
    return f"{standard.number[:50]}-restock-{standard.pk}"


def forward(apps, schema_editor):
    StandardOrder = apps.get_model("innocigs", "StandardOrder")
    Restock = apps.get_model("innocigs", "Restock")
    DeliveryNoteItem = apps.get_model("innocigs", "DeliveryNoteItem")
    Address = apps.get_model("orders", "Address")
    Order = apps.get_model("orders", "Order")
    OrderLine = apps.get_model("orders", "OrderLine")
    Submission = apps.get_model("orders", "Submission")
    OrderEvent = apps.get_model("orders", "OrderEvent")
    shop = settings.SHOP_SENDER
    for standard in StandardOrder.objects.order_by("pk").iterator(chunk_size=500):
        state = STATES.get(standard.state, "unknown")
        accepted = state == "accepted"
        address = Address.objects.create(
            company=shop["company"], first_name=shop["first_name"], last_name=shop["last_name"],
            street=shop["street"], postcode=shop["postcode"], city=shop["city"], country=shop["country"][:2].upper())
        order = Order.objects.create(
            number=_free_number(Order, standard), placed_at=standard.created_at.date(), route=ROUTE,
            status="submitted" if accepted else "ready", submission_state=state,
            partner_reference=standard.orders_id if accepted else "", shipping_address=address)
        OrderLine.objects.bulk_create(
            OrderLine(order=order, sku=line.sku, product_id=line.product_id, quantity=line.quantity, unit_price=0)
            for line in standard.lines.order_by("pk"))
        submission = Submission.objects.create(
            order=order, partner="innocigs", attempt=1, state=state, reference=standard.number,
            test_mode=standard.test_mode, partner_reference=standard.orders_id,
            references={"ORDERS_ID": standard.orders_id} if standard.orders_id else {},
            errors=[{"code": e.get("code", ""), "message": e.get("message", ""), "field": "",
                     "explanation": e.get("explanation", ""), "next_step": e.get("next_step", "")}
                    for e in standard.errors],
            message=standard.message, created_by=standard.created_by, sending_since=standard.sent_at,
            # An old claim had no lease: an expired one lets the sweep turn it into `unknown`, as any dead claim.
            lease_until=standard.sent_at or standard.created_at if state == "sending" else None,
            finished_at=standard.finished_at)
        OrderEvent.objects.create(order=order, submission=submission, to_state=state, actor="migration",
                                  note=NOTE % {"state": standard.state})
        restock = Restock.objects.create(order=order, carrier=standard.carrier, created_by=standard.created_by)
        # auto_now_add set them to now: they keep the standard order's time.
        Order.objects.filter(pk=order.pk).update(created_at=standard.created_at)
        Submission.objects.filter(pk=submission.pk).update(created_at=standard.created_at)
        Restock.objects.filter(pk=restock.pk).update(created_at=standard.created_at)
        DeliveryNoteItem.objects.filter(standard_order_id=standard.pk).update(restock=restock)
    _move_permissions(apps)


def _move_permissions(apps):
    """Staff who could see or change standard orders keep it on the restock list."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    old = ContentType.objects.filter(app_label="innocigs", model="standardorder").first()
    if old is None:
        return
    new, _ = ContentType.objects.get_or_create(app_label="innocigs", model="restock")
    for permission in Permission.objects.filter(content_type=old):
        moved, _ = Permission.objects.get_or_create(
            content_type=new, codename=permission.codename.replace("standardorder", "restock"),
            defaults={"name": permission.name})
        for group in Group.objects.filter(permissions=permission):
            group.permissions.add(moved)
        for user in User.objects.filter(user_permissions=permission):
            user.user_permissions.add(moved)


class Migration(migrations.Migration):

    dependencies = [
        ('innocigs', '0004_restock'),
        ('orders', '0018_labels_in_words'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    # Not reversible: going back would need the standard orders rebuilt from the orders.
    operations = [migrations.RunPython(forward)]
