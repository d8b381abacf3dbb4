"""Synthetic customer registers with known duplicates, for measuring the matcher.

Entities come from Faker in Nordic and other European locales, with real Nordic postal
codes and towns. Some entities get 1–2 extra records, each spoilt the ways real data is:
typos and transposed letters, lost diacritics, swapped given and family name, nicknames
and initials, street abbreviations and glued house numbers, phone numbers and e-mails
written differently, day and month swapped, fields missing, and people who moved. Hard
non-duplicates are added on purpose: household members (same surname and address) and the
namesakes common names bring.
"""

from __future__ import annotations

import copy
import random
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

from services.customer.postcodes import register as postal_register

LOCALES = [
    ("sv_SE", "SE", 0.40),
    ("no_NO", "NO", 0.15),
    ("da_DK", "DK", 0.10),
    ("fi_FI", "FI", 0.10),
    ("de_DE", "DE", 0.10),
    ("en_GB", "GB", 0.10),
    ("pl_PL", "PL", 0.05),
]
# Mobile numbers as each country writes them: the pattern's first {} takes one of the
# digits that begin a mobile range there (GB's is Ofcom's range kept for drama).
MOBILE = {
    "SE": ("07{}-{}{}{} {}{} {}{}", "+46", "02369"),
    "NO": ("4{}{} {}{} {}{}{}", "+47", "0123456789"),
    "DK": ("2{} {}{} {}{} {}{}", "+45", "0123456789"),
    "FI": ("04{} {}{}{} {}{}{}{}", "+358", "0"),
    "DE": ("015{} {}{}{}{}{}{}{}{}", "+49", "1"),
    "GB": ("07700 9{}{}{}{}{}", "+44", "0123456789"),
    "PL": ("5{}{} {}{}{} {}{}{}", "+48", "0137"),
}
NICKNAMES = {
    "Karl": "Kalle",
    "Carl": "Calle",
    "Per": "Pelle",
    "Lars": "Lasse",
    "Nils": "Nisse",
    "Olof": "Olle",
    "Kristina": "Stina",
    "Margareta": "Maggan",
    "Elisabeth": "Lisa",
    "Robert": "Bob",
    "William": "Bill",
    "James": "Jim",
    "Thomas": "Tom",
    "Michael": "Mike",
    "Katherine": "Kate",
    "Alexander": "Alex",
    "Fredrik": "Fredde",
    "Henrik": "Henke",
    "Daniel": "Danne",
    "Johan": "Janne",
    "Mikael": "Micke",
    "Gustav": "Gurra",
}
ABBREVIATIONS = [
    ("gatan", "g."),
    ("vägen", "v."),
    ("gate", "gt."),
    ("veien", "vn."),
    ("vej", "v."),
    ("straße", "str."),
    ("Street", "St"),
    ("Road", "Rd"),
    ("katu", "k."),
    ("tie", "t."),
]


@dataclass
class Synthetic:
    records: list[dict] = field(default_factory=list)  # CustomerCreate requests
    entity_of: list[int] = field(default_factory=list)  # record index → entity
    true_pairs: set[tuple[int, int]] = field(default_factory=set)  # record indexes, low first


_USED_EMAILS: set[str] = set()
_USED_IDS: set[str] = set()


def generate(
    n: int, duplicate_share: float = 0.2, household_share: float = 0.05, seed: int = 7, keep_one: bool = False
) -> Synthetic:
    """`keep_one`: every copy keeps at least one identifying value of its original (as
    FEBRL's generator does by bounding the changes per record), so no true pair rests on a
    name alone. Off by default: real registers do hold such pairs."""
    rnd = random.Random(seed)
    _USED_EMAILS.clear()
    _USED_IDS.clear()
    fakers = {loc: Faker(loc) for loc, _, _ in LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed + i)
    out = Synthetic()
    entity = 0
    while len(out.records) < n:
        loc, country, _ = rnd.choices(LOCALES, weights=[w for *_, w in LOCALES])[0]
        base = _entity(rnd, fakers[loc], country)
        first = len(out.records)
        _add(out, base, entity)
        if rnd.random() < duplicate_share:
            for _ in range(1 if rnd.random() < 0.8 else 2):
                _add(out, _spoil(rnd, base, fakers[loc], country, keep_one), entity)
        for a in range(first, len(out.records)):
            for b in range(a + 1, len(out.records)):
                out.true_pairs.add((a, b))
        entity += 1
        if rnd.random() < household_share and len(out.records) < n:
            member = _entity(rnd, fakers[loc], country)
            member.update(
                family_name=base["family_name"],
                addresses=copy.deepcopy(base.get("addresses", member.get("addresses"))),
            )
            _add(out, member, entity)
            entity += 1
    return out


def _add(out: Synthetic, record: dict, entity: int) -> None:
    out.records.append({k: v for k, v in record.items() if v not in (None, [], "")})
    out.entity_of.append(entity)


def _entity(rnd: random.Random, fake: Faker, country: str) -> dict:
    given, family = fake.first_name(), fake.last_name()
    born = fake.date_of_birth(minimum_age=18, maximum_age=90)
    data = {"kind": "person", "given_name": given, "family_name": family, "country": country}
    if rnd.random() < 0.6:
        data["birthday"] = born.isoformat()
    if rnd.random() < 0.85:
        data["phones"] = [{"number": _phone(rnd, country)}]
    if rnd.random() < 0.7:
        local = f"{_ascii(given)}.{_ascii(family)}".lower()
        address = f"{local}@{rnd.choice(['example.com', 'mail.example', 'post.example'])}"
        while address in _USED_EMAILS:  # an address belongs to one person
            address = f"{local}{rnd.randint(1, 9999)}@{address.split('@')[1]}"
        _USED_EMAILS.add(address)
        data["emails"] = [{"address": address}]
    if rnd.random() < 0.9:
        data["addresses"] = [_address(rnd, fake, country)]
    if country == "SE" and rnd.random() < 0.3:
        number = _personnummer(rnd, born)
        while number in _USED_IDS:  # a personnummer belongs to one person
            number = _personnummer(rnd, born)
        _USED_IDS.add(number)
        data["national_id"] = number
    return data


def _address(rnd: random.Random, fake: Faker, country: str) -> dict:
    street = f"{fake.street_name()} {rnd.randint(1, 120)}{rnd.choice(['', '', '', 'A', 'B'])}"
    codes = postal_register(country) if country in ("SE", "NO", "DK", "FI") else None
    if codes:
        code = rnd.choice(list(codes))
        town = codes[code][0].title()
        code = f"{code[:3]} {code[3:]}" if country == "SE" else code
    else:
        code, town = fake.postcode(), fake.city()
    return {"street": street, "postal_code": code, "city": town}


def _phone(rnd: random.Random, country: str) -> str:
    pattern, _, leads = MOBILE[country]
    return pattern.format(rnd.choice(leads), *(rnd.randint(0, 9) for _ in range(pattern.count("{}") - 1)))


def _personnummer(rnd: random.Random, born) -> str:
    body = f"{born:%y%m%d}{rnd.randint(0, 999):03d}"
    total = 0
    for i, ch in enumerate(body):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return f"{body[:6]}-{body[6:]}{(10 - total % 10) % 10}"


def _ascii(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) and c.isalnum()
    )


# --- the corruption model -------------------------------------------------------------
IDENTIFYING = ("birthday", "phones", "emails", "addresses", "national_id")


def _spoil(rnd: random.Random, base: dict, fake: Faker, country: str, keep_one: bool = False) -> dict:
    data = copy.deepcopy(base)  # a copy's spoilt street or phone must not spoil its original
    spoilers = rnd.sample(SPOILERS, rnd.choice([1, 1, 2, 2, 3]))
    for spoil in spoilers:
        spoil(rnd, data, fake, country)
    for optional in IDENTIFYING:
        if optional in data and rnd.random() < 0.2:
            del data[optional]
    if not any(k in data for k in IDENTIFYING):
        data["phones"] = base.get("phones") or [{"number": _phone(rnd, country)}]
    if keep_one:
        kept = [
            k
            for k in IDENTIFYING
            if k in data and k in base and not (k == "addresses" and _moved in spoilers)
        ]
        if not kept and any(k in base for k in IDENTIFYING):
            field = rnd.choice([k for k in IDENTIFYING if k in base])
            data[field] = base[field]
    return data


def _typo(rnd, data, fake, country):
    field_name = rnd.choice(["given_name", "family_name"])
    word = data[field_name]
    if len(word) < 4:
        return
    i = rnd.randint(1, len(word) - 2)
    kind = rnd.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "drop":
        word = word[:i] + word[i + 1 :]
    elif kind == "double":
        word = word[:i] + word[i] + word[i:]
    else:
        word = word[:i] + rnd.choice("aeiounrst") + word[i + 1 :]
    data[field_name] = word


def _diacritics(rnd, data, fake, country):
    data["given_name"], data["family_name"] = _ascii(data["given_name"]), _ascii(data["family_name"])


def _swap(rnd, data, fake, country):
    data["given_name"], data["family_name"] = data["family_name"], data["given_name"]


def _nickname(rnd, data, fake, country):
    given = data["given_name"]
    data["given_name"] = NICKNAMES.get(given) or f"{given[0]}."


def _street(rnd, data, fake, country):
    for address in data.get("addresses", []):
        street = address["street"]
        for long, short in ABBREVIATIONS:
            if long in street:
                street = street.replace(long, short)
                break
        else:
            street = street.replace(" ", "", 1) if rnd.random() < 0.5 else street.lower()
        if rnd.random() < 0.5:  # glue the house number on
            parts = street.rsplit(" ", 1)
            street = "".join(parts) if len(parts) == 2 and parts[1][:1].isdigit() else street
        address["street"] = street
        address["postal_code"] = address["postal_code"].replace(" ", "")


def _phone_format(rnd, data, fake, country):
    for p in data.get("phones", []):
        digits = "".join(c for c in p["number"] if c.isdigit())
        prefix = MOBILE[country][1]
        national = digits[1:] if digits.startswith("0") else digits
        p["number"] = rnd.choice([f"{prefix} {national}", f"00{prefix[1:]}{national}", digits])


def _email(rnd, data, fake, country):
    for e in data.get("emails", []):
        local, _, domain = e["address"].partition("@")
        local = local.replace(".", "", 1) if "." in local and rnd.random() < 0.5 else local.capitalize()
        e["address"] = f"{local}@{domain.upper() if rnd.random() < 0.3 else domain}"


def _birthday(rnd, data, fake, country):
    if "birthday" in data:
        y, m, d = data["birthday"].split("-")
        if int(d) <= 12:
            data["birthday"] = f"{y}-{d}-{m}"


def _moved(rnd, data, fake, country):
    if "addresses" in data:
        data["addresses"] = [_address(rnd, fake, country)]


SPOILERS = [
    _typo,
    _typo,
    _diacritics,
    _swap,
    _nickname,
    _street,
    _street,
    _phone_format,
    _email,
    _birthday,
    _moved,
]
