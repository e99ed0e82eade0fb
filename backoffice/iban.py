"""IBAN checks (ISO 13616): the mod-97 check digits, and the length each country registers with SWIFT.

The messages never repeat the IBAN: it is a bank account, and settings errors end up in logs.
"""

import re

# IBAN lengths from the SWIFT IBAN registry, for the countries a European shop's bank is likely in. A country
# not listed is held only to the general format and the check digits.
LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
FORMAT = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def normalised(value) -> str:
    """The IBAN as banks print it in groups ("DE89 3704 …"), without spaces and in capitals."""
    return re.sub(r"\s+", "", str(value or "")).upper()


def iban_problem(value) -> str:
    """Why this is no valid IBAN, in words that do not repeat it; "" for a valid one."""
    iban = normalised(value)
    if not FORMAT.fullmatch(iban):
        return "it is no IBAN (two letters, two check digits, then 11 to 30 letters or digits)"
    expected = LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        return f"an IBAN of {iban[:2]} has {expected} characters, this one has {len(iban)}"
    # ISO 13616: the first four characters moved to the end, letters as 10–35, must leave 1 modulo 97.
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        return "its check digits do not match (a typing error?)"
    return ""


def masked(value) -> str:
    """The IBAN as staff may see it on a page: the country and the last four characters."""
    iban = normalised(value)
    return f"{iban[:2]}… {iban[-4:]}" if len(iban) > 8 else "…"
