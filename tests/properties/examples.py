"""The partners' documented example replies (partner-docs), in the JSON shape each client reads.

InnoCigs' XML replies carry the same structure (see suppliers.innocigs.parse.element_to_dict), so one example
serves both APIs: it is rendered as JSON for REST and as XML for the XML API.
"""

INNOCIGS_DROPSHIP = {"DROPSHIPPING": {"DROPSHIP": [
    {"ORDERS_NUMBER": "ORDER321", "STATUS": "OK", "MESSAGE": "Dropship erfolgreich eingetragen", "DROPSHIP_ID": 243,
     "ORDERS_ID": 1126708},
    {"ORDERS_NUMBER": "ORDER324", "STATUS": "NOK", "MESSAGE": "Dropship fehlgeschlagen",
     "ERRORS": {"ERROR": [{"CODE": 30001, "MESSAGE": "AS100AMZ nicht lieferbar"}]}, "DROPSHIP_ID": -1,
     "ORDERS_ID": -1},
]}}
INNOCIGS_ORDER = {"ORDER": {"ORDERS_NUMBER": "ORDER324", "STATUS": "NOK",
                            "MESSAGE": "Eintragen der Bestellung fehlgeschlagen", "ORDERS_ID": -1,
                            "ERRORS": [{"CODE": 30001, "MESSAGE": "AS100AMZ nicht lieferbar"}]}}
INNOCIGS_TRACKING = {"TRACKING": {
    "DROPSHIP": [
        {"DROPSHIP_ID": "6", "ORDERS_NUMBER": "DS24", "DELIVERY_NUMBER": "S0447631", "TRACKINGS": [{"TRACKINGINFO": {
            "CARRIER": "DHL", "CODE": "0034012345", "RECEIVER": {"COMPANY": "", "FIRSTNAME": "Max",
                                                                 "LASTNAME": "Mustermann", "COUNTRY_CODE": "DE"}}}]},
        {"DROPSHIP_ID": "1", "ORDERS_NUMBER": "DS25", "DELIVERY_NUMBER": "S0447585",
         "TRACKINGS": {"TRACKINGINFO": [{"CARRIER": "DHL", "CODE": "0034 0123 44"}]}},
    ],
    "CANCELLATION": {"DROPSHIP_ID": "8", "ORDERS_NUMBER": "DSX1", "MESSAGE": "Der Auftrag wurde storniert"},
}}
INNOCIGS_DELIVERY = {"DELIVERIES": {"DELIVERY": [{
    "RECEIVER": {"COMPANY": "", "FIRSTNAME": "Markus", "LASTNAME": "Tester", "COUNTRY_CODE": "DE"},
    "DELIVERY_NUMBER": "S0448091",
    "TRACKINGS": {"TRACKING": [{"_attributes": {"carrier": "DHL", "tracking_code": "00340654321"}}]},
    "INCLUDED_ORDERS": [{"ORDER": {"ORDERS_NUMBER": "ORDER15", "ORDERS_ID": "9903478-14645",
                                   "PRODUCTS": {"PRODUCT": [{"PRODUCTS_MODEL": "GV100ABP1-10", "QUANTITY": "1"}]}}}],
}]}}
INNOCIGS_STOCK = {"QUANTITIES": {"PRODUCT": [
    {"PRODUCTS_MODEL": "12M100L10-BG-0", "QUANTITY": 220, "SHIPPING_STATUS": "Sofort lieferbar"},
    {"PRODUCTS_MODEL": "12M100L10-BN-20", "QUANTITY": 114, "SHIPPING_STATUS": "Sofort lieferbar"},
]}}
# The catalogue replies (the REST API's documented examples, with the quirks the live feeds show).
INNOCIGS_PRICES = {"PRICES": {"PRODUCT": [
    {"PRODUCTS_MODEL": "12M100L10-BG-0", "PRODUCTS_PRICE": "7,52", "PRODUCTS_PRICE_RECOMMENDED": "16,95",
     "GRADUATED_PRICES": {"GRADUATED_PRICE": [{"QUANTITY": 5, "PRODUCTS_PRICE": "6.998400"}]},
     "OTHER_UNITS": {"OTHER_UNIT": [{"MODEL": "12M100L10-BG-0-H", "PACKUNG": "10", "PRODUCTS_PRICE": "70.000000",
                                     "PRODUCTS_PRICE_SINGLE_UNIT": "0.700000"}]}},
    {"PRODUCTS_MODEL": "12M100L10-BN-20-H", "PRODUCTS_PRICE": 22.95, "PRODUCTS_PRICE_RECOMMENDED": "59,00",
     "GRADUATED_PRICES": {"GRADUATED_PRICE": {"QUANTITY": "10", "PRODUCTS_PRICE": "21,50"}}, "OTHER_UNITS": None},
]}}
INNOCIGS_PRODUCTS = {"PRODUCTS": {"PRODUCT": [{
    "CATEGORY": "Liquids > Shortfills > Twelve Monkeys", "MASTER": "12M100L10-BG", "MODEL": "12M100L10-BG-0",
    "EAN": "0827152053568", "NAME": "Twelve Monkeys - Bonogurt - 50ml - 0mg/ml",
    "PARENT_NAME": "Twelve Monkeys - Bonogurt", "PRODUCTS_PRICE": "7,52", "PRODUCTS_PRICE_RECOMMENDED": "16,95",
    "PRODUCTS_IMAGE": "https://cdn.innocigs.com/bonogurt.png", "PRODUCTS_IMAGE_ADDITIONAL": [],
    "MANUFACTURER": "Twelve Monkeys", "DESCRIPTION": {"_cdata": "Beeren und Joghurt"},
    "COMPOSITION": "Pflanzliches Glycerin", "PRODUCTS_ATTRIBUTES": {"PACKUNG": "1er Packung"},
    "VPE": {"CONTENT": "50", "UNIT": "ml"}, "GRADUATED_PRICES": {"PRICE": [{"QUANTITY": "5", "VALUE": "6.998400"}]},
    "OTHER_UNITS": {"UNIT": [{"MODEL": "12M100L10-BG-0-H", "PACKAGE": "10", "PRICE": "70.000000",
                              "PRICE_PER_UNIT": "7.000000"}]},
}]}}
INNOCIGS_PENDING = {"PENDINGS": {"PRODUCT": [
    {"ORDERS_ID": "53-44", "PRODUCTS_MODEL": "AV100A10-SP-A", "QUANTITY": "20", "EAN": "4260510026129",
     "SHIPPING_STATUS": "in 1-10 Tagen lieferbar"},
]}}
INNOCIGS_ERRORS = {"ERRORS": {"ERROR": [{"CODE": 10000, "MESSAGE": "Login fehlgeschlagen"},
                                        {"CODE": "50001", "MESSAGE": "Wartung"}]}}

INNOSHIP_BOOKING = {
    "ClientOrderId": "1|905230966", "CourierShipmentId": "905230966", "Courier": 1,
    "CourierParcelsBarcodes": [{"SequenceNo": 1, "Barcode": "905230966"}],
    "Price": {"Amount": 13.13, "VAT": 2.49, "TotalAmount": 15.62, "Currency": "RON"},
    "CalculatedDeliveryDate": "2020-07-27T00:00:00+00:00",
    "TrackPageUrl": "https://track.innoship.io/e40841d3f20849898dab6db12ba01cd4",
    "Extra": {"BankRepaymentAmount": 32.12, "BankRepaymentCurrency": "RON", "OpenPackage": True},
}
INNOSHIP_ERRORS = [
    {"errors": [{"message": "Invalid postal code", "details": "AddressTo.PostalCode"}]},
    [{"Context": "$.addressTo.phone", "Message": "The phone is required"},
     {"context": "Order.Content.TotalWeight", "message": "Weight must be positive"}],
    {"errors": {"AddressTo.Country": ["The country is not served"]}, "title": "One or more validation errors"},
    {"Message": "Courier unavailable"},
]
INNOSHIP_TRACKING = [{
    "returnAwb": None, "returnAwbHistory": [], "orderId": 26072799, "externalOrderId": "A1001", "courier": 1,
    "shipmentAwb": "905230966", "trackUrl": "https://track.innoship.io/x", "currentStatus": "Delivered",
    "currentStatusId": 100,
    "history": [
        {"clientStatusId": 1, "clientStatusDescription": "Recorded", "eventDate": "2026-11-20T10:00:00",
         "isFinalStatus": False, "localityName": None},
        {"clientStatusId": 100, "clientStatusDescription": "Delivered", "eventDate": "2026-11-21T15:30:00+02:00",
         "isFinalStatus": True, "localityName": "BUCURESTI"},
    ],
}]
INNOSHIP_LOOKUP = [{
    "clientOrderId": "1|905230966", "externalOrderId": "A1001", "courier": 1, "courierShipmentId": "905230966",
    "trackPageUrl": "https://track.innoship.io/x", "currentStatusId": 1,
    "price": {"amount": 13.13, "vat": 2.49, "totalAmount": 15.62, "currency": "RON"},
    "calculatedDeliveryDate": "2026-11-23T00:00:00+00:00",
}]
INNOSHIP_COURIERS = [{"courierId": 1, "courierDisplayName": "Cargus"}, {"id": 2, "name": "DPD"}]

_LABEL = {"name": "9de47978.pdf", "mimeType": "application/pdf", "extension": "pdf", "size": 62038}
_ITEM = {"id": 1234, "reference": "8812452250",
         "article": {"id": 1234, "articleNumber": "12345678", "externalId": "9876", "payload": "Lorem ipsum",
                     "name": "Gelbes Hemd"}, "reason": "not_as_described", "state": "used"}
MEINEINKAUF_ORDER = {
    "id": 1234, "externalId": "9876", "created": "2019-02-28T14:50:28+01:00", "orderNumber": "1518180120",
    "orderDate": "2019-02-28", "processingState": "exported",
    "processingStateHistory": [{"state": "open", "changed": "2019-02-28T14:50:28+01:00"}],
    "processingStateChanged": "2019-02-28T14:50:28+01:00",
    "consignments": [{
        "reference": "2024123456", "externalId": "9876",
        "tracking": {"carrier": "swisspost", "trackingNumber": "1234567890", "labelFile": _LABEL},
        "gas": {"carrier": "swisspost", "trackingNumber": "1234567890", "labelFile": _LABEL},
        "gasLabels": [{"carrier": "swisspost", "trackingNumber": "1234567890", "labelFile": _LABEL}],
        "items": [_ITEM],
        "storage": {"cause": "partner_clarification_case", "checkInDate": "2021-02-21T10:50:28+01:00",
                    "solution": "partner_clarification_case_solved", "checkOutDate": "2021-02-21T14:50:28+01:00"},
        "customerInvoice": _LABEL,
    }],
}
MEINEINKAUF_RETURN = {
    "id": 1234, "created": "2019-02-28T14:50:28+01:00", "reference": "6019123456", "processingState": "open",
    "processingStateHistory": [{"state": "open", "changed": "2019-02-28T14:50:28+01:00"}],
    "processingStateChanged": "2019-02-28T14:50:28+01:00",
    "order": {"id": 1234, "externalId": "9876", "orderNumber": "1518180120"},
    "items": [_ITEM],
    "tour": {"id": 1234, "mrnDe": "12345678", "mrnCh": "12345678", "transferDate": "2019-03-02"},
    "tracking": {"carrier": "swisspost", "trackingNumber": "1234567890", "labelFile": _LABEL},
}
_ERRORS = [{"code": "E2001", "message": "is required", "property": "invoiceAddress.zip"}]
MEINEINKAUF_REPLIES = {
    "created": {"id": 1234, "success": True, "errors": []},
    "refused": {"success": False, "errors": _ERRORS},
    "order": {"order": MEINEINKAUF_ORDER, "success": True, "errors": []},
    "orders": {"orders": [MEINEINKAUF_ORDER], "success": True, "count": 42, "limit": 50, "offset": 0, "errors": []},
    "return": {"return": MEINEINKAUF_RETURN, "success": True, "errors": []},
    "returns": {"returns": [MEINEINKAUF_RETURN], "success": True, "count": 42, "limit": 50, "offset": 0,
                "errors": []},
    "not_found": {"success": False, "errors": [{"code": "E1001", "message": "Order not found", "property": ""}]},
    "echo": {"echo": "backoffice", "testMode": False},
}

ZONOS_ORDER_NUMBERS = {"totalCount": 2, "orderCount": 1, "testOrderCount": 1, "orders": [
    {"testOrder": False, "id": "999-99991", "timestamp": "2015-01-01 00:33:14.0", "merchantOrderId": None,
     "orderStatus": "IGLOBAL_FRAUD_REVIEW", "orderStatusDate": 1420097594000,
     "orderStatusDateString": "2015-01-01 14:16:17.0"},
    {"testOrder": True, "id": "999-99992", "timestamp": "2015-01-01 05:12:46.0", "merchantOrderId": "abc123",
     "orderStatus": "IGLOBAL_ORDER_IN_PROCESS", "orderStatusDate": 1420097594000,
     "orderStatusDateString": "2015-01-01 14:16:17.0"},
]}
ZONOS_ORDER_DETAIL = {"order": {
    "orderId": "999-99991", "merchantOrderId": "", "testOrder": False, "orderStatus": "IGLOBAL_ORDER_IN_PROCESS",
    "name": "Jane Doe", "email": "jane@example.com", "phone": "+1 555 0100", "company": "",
    "address1": "123 Main Street", "address2": "Apt 4", "city": "Springfield", "state": "IL", "zip": "62701",
    "countryCode": "US", "billingName": "John Doe", "billingAddress1": "9 Elm Road", "billingCity": "Springfield",
    "billingZip": "62702", "billingCountryCode": "US",
    "items": [{"productId": "101", "sku": "IC10000L10-TE-3", "description": "Liquid Tabak 10 ml", "quantity": 2,
               "unitPrice": 12.5, "weight": 40, "weightUnits": "G"},
              {"productId": "", "sku": "", "description": "Discount", "quantity": 1, "unitPrice": -5}],
    "shippingTotal": 14.9, "dutyTaxesTotal": 3.2, "grandTotal": 39.9, "foreignCurrencyCode": "USD",
    "birthDate": "06/23/1989",
}}
ZONOS_ERRORS = [{"error": "Couldn't find order for sinceOrderId: 999999"},
                {"error": "Ungültige Sicherheitsanmeldeinformationen"},
                {"error": {"message": "Order details could not be processed."}}]
ZONOS_UPDATE = {"success": "Merchant order id updated"}
