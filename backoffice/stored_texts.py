"""Texts of ours that are stored when they are written (why an order was held back, a job's lines, a
submission's message, a partner check's detail), shown in the reader's language.

They are written in English from templates marked where they are written (`N_("line %(number)s (%(sku)s)")`,
gettext_noop), so a stored row reads the same whoever caused it, in whatever language. Shown, a text is
matched back to its template in our own German catalogue, its values are said in words in turn (a value may be
a text of ours too: "line 1 (AS100AMZ): the article is not in the InnoCigs catalogue"), and the template is
translated. A text that matches no template (a partner's own words, anything a person typed) stays as it came.
"""

import gettext as stdlib_gettext
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop as N_

# Our templates take named values only: "%(name)s", or "%(name)d" for a whole number.
_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
# How deep values are said in words in turn: a list of problems, each a place and a message, is three.
_DEPTH = 8
SOURCE_LANGUAGE = "en"
# Lists of texts of ours as they are stored ("3 read, 2 updated"; "line 1: ...; line 2: ..."): each part is said
# in words in turn.
LISTS = (N_("%(first)s, %(rest)s"), N_("%(first)s; %(rest)s"))


@dataclass(frozen=True)
class Template:
    msgid: str
    pattern: re.Pattern
    greedy: re.Pattern  # the same, splitting at the last fit instead of the first: "Weight (grams) (order lines)"
    prefix: str
    suffix: str
    numbers: frozenset
    literal: int
    worded: bool  # has words of its own; one without ("%(where)s: %(message)s") only joins texts of ours


def template_of(msgid: str) -> Template | None:
    """The pattern that finds `msgid`'s values in a text written from it; None when `msgid` has no named
    value, or one a text could not be split by (two values side by side, another % sign)."""
    pieces = _PLACEHOLDER.split(msgid)
    literals, names, kinds = pieces[0::3], pieces[1::3], pieces[2::3]
    if not names or any("%" in literal.replace("%%", "") for literal in literals):
        return None
    if any(not literal for literal in literals[1:-1]):
        return None
    if all(not literal.strip() for literal in literals) and "d" not in kinds:
        return None  # "%(order)s %(problem)s" would split any text of two words
    seen, regex = set(), [re.escape(literals[0].replace("%%", "%"))]
    for name, kind, literal in zip(names, kinds, literals[1:], strict=True):
        if name in seen:
            regex.append(f"(?P={name})")
        else:
            regex.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
            seen.add(name)
        regex.append(re.escape(literal.replace("%%", "%")))
    numbers = frozenset(name for name, kind in zip(names, kinds, strict=True) if kind == "d")
    lazy = "".join(regex)
    return Template(msgid, re.compile(lazy, re.DOTALL), re.compile(lazy.replace(".+?)", ".+)"), re.DOTALL),
                    literals[0].replace("%%", "%"),
                    literals[-1].replace("%%", "%"), numbers, sum(len(literal) for literal in literals),
                    any(re.search(r"[^\W\d_]", literal) for literal in literals))


@lru_cache(maxsize=16)
def templates(language: str) -> tuple[Template, ...]:
    """Our own catalogue's templates for `language` (not Django's: theirs are never stored by us), the most
    specific first, so "%(where)s: %(message)s" is tried only after every template with more words."""
    locale = translation.to_locale(language)
    found = {}
    for path in settings.LOCALE_PATHS:
        mo = stdlib_gettext.find("django", str(Path(path)), [locale, locale.split("_")[0]])
        if mo:
            with open(mo, "rb") as fh:
                # The stdlib reader keeps its messages in `_catalog`, as Django's JavaScriptCatalog reads them.
                for key in stdlib_gettext.GNUTranslations(fh)._catalog:
                    if isinstance(key, str) and "%(" in key and "\x04" not in key:
                        template = template_of(key)
                        if template:
                            found[key] = template
    return tuple(sorted(found.values(), key=lambda t: (-t.literal, t.msgid)))


def in_reader_words(text):
    """`text` in the active language when it is a text of ours (written from a template of our catalogue);
    anything else as it is."""
    if not text:
        return text
    text = str(text)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == SOURCE_LANGUAGE:
        return text
    return _said(text, language, _DEPTH)[0]


@lru_cache(maxsize=4096)
def _said(text, language, depth) -> tuple[str, int]:
    """(`text` in `language`'s words, how many of its characters are ours). `language` is the active one; it
    is an argument so that the cache keeps the languages apart.

    Several templates may fit one text, splitting it in different places ("%(done)s (%(notes)s)" and
    "%(where)s: %(message)s" both fit "Postcode (shipping address): required"): the reading that finds the
    most of the text to be ours wins, the most specific template first among equals."""
    translated = translation.gettext(text)
    if translated != text:
        return translated, len(text)
    best, best_ours = text, 0
    if depth == 0:
        return best, best_ours
    for template in templates(language):
        if len(text) < template.literal or not text.startswith(template.prefix) or not text.endswith(template.suffix):
            continue
        for found in _readings(template, text):
            values, ours = {}, 0
            for name, value in found.items():
                if name in template.numbers:
                    values[name], ours = int(value), ours + len(value)
                else:
                    values[name], value_ours = _said(value, language, depth - 1)
                    ours += value_ours
            # A joiner without words of its own counts only when it joins a text of ours: "Fehler: Address", a
            # partner's words, must not become "Fehler: Adresse".
            if not template.worded and not ours:
                continue
            if template.literal + ours > best_ours:
                best, best_ours = translation.gettext(template.msgid) % values, template.literal + ours
                if best_ours == len(text):
                    return best, best_ours  # all of it is ours: no reading can do better
    return best, best_ours


def _readings(template, text) -> list[dict]:
    """`template`'s values in `text`, split at the first fit and at the last; the same reading once."""
    readings = []
    for pattern in (template.pattern, template.greedy):
        match = pattern.fullmatch(text)
        if match and match.groupdict() not in readings:
            readings.append(match.groupdict())
    return readings


def in_english(value) -> str:
    """What is stored: `value` (a lazy text, a problem, any object) said in the language our templates are
    written in, whoever's request wrote it."""
    with translation.override(SOURCE_LANGUAGE):
        return str(value)
