"""InnoCigs' demo states: a dropship refused as sold out (30001), one whose outcome is unknown and due for
reconciling, and the first leg of a Swiss order (placed, its parcel on the way to MeinEinkauf's hub)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from backoffice.errors import PartnerIssue
from orders.demo.steps import ACTOR, S, demo_order, demo_submission
from orders.services.submissions import issue_rows
from shipping.services import shipment_record
from suppliers.innocigs.adapter import InnocigsDropshipAdapter

SOLD_OUT = "A1008"  # 12M100L10-HB-3: in the catalogue, stock 0 since the last stock sync
UNKNOWN = "A1009"
BETWEEN_LEGS = "A1011"


def load_demo_states():
    adapter, done = InnocigsDropshipAdapter(), []
    if order := demo_order(SOLD_OUT):
        # The reference's error table (30001, "nicht lieferbar"), as the sandbox words it for this model.
        issue = PartnerIssue("30001", "12M100L10-HB-3 nicht lieferbar", "PRODUCTS_MODEL")
        demo_submission(order, partner="innocigs", to=S.REFUSED, errors=issue_rows(adapter, [issue]),
                        message="30001 12M100L10-HB-3 nicht lieferbar")
        done.append(f"{SOLD_OUT} refused by InnoCigs (sold out)")
    if order := demo_order(UNKNOWN):
        read = settings.INNOCIGS_TIMEOUT[1]
        demo_submission(order, partner="innocigs", to=S.UNKNOWN, ago=timedelta(hours=2),
                        message=N_("no reply within %(seconds)s s: InnoCigs may have the order; reconcile, never "
                                   "resend") % {"seconds": f"{read:g}"},
                        settle_after=timezone.now() - timedelta(hours=2) + timedelta(seconds=read + 60))
        done.append(f"{UNKNOWN} unknown at InnoCigs, due for reconciling")
    if order := demo_order(BETWEEN_LEGS):
        submission = demo_submission(order, partner="innocigs", to=S.ACCEPTED, ago=timedelta(days=2),
                                     partner_reference="4711", references={"DROPSHIP_ID": "4711"},
                                     message="placed: DROPSHIP_ID 4711")
        shipment_record(order=order, partner="innocigs", carrier="DHL", tracking_code="00340434161094022115",
                        actor=ACTOR, submission=submission)
        done.append(f"{BETWEEN_LEGS} shipped by InnoCigs to MeinEinkauf's hub, not registered yet")
    return done
