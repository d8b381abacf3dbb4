"""Names as matching sees them: folded, split, nicknames resolved, and a phonetic key.

Why by hand: the phonetic libraries (Soundex, Metaphone) are built for English. Here
Karlsson, Carlson and Karlzon, or Müller, Mueller and Muller, must meet, and Swedish,
Norwegian and Danish spellings vary in ways those rules do not know.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

SPECIAL = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "þ": "th",
        "ð": "d",
        "œ": "oe",
    }
)
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "herr", "fru", "fröken", "prof", "sir", "dott"})
LEGAL_FORMS = frozenset(
    {
        "ab",
        "hb",
        "kb",
        "as",
        "asa",
        "aps",
        "a/s",
        "oy",
        "oyj",
        "ab/oy",
        "ltd",
        "limited",
        "gmbh",
        "inc",
        "llc",
        "plc",
        "sa",
        "sarl",
        "bv",
        "nv",
        "ehf",
        "hf",
        "sf",
        "sp",
        "z",
        "o",
        "oo",
        "co",
        "company",
        "corp",
        "corporation",
        "publ",
        "ek",
        "för",
        "ekonomisk",
        "förening",
        "aktiebolag",
        "aksjeselskap",
        "the",
        "och",
        "og",
        "and",
        "&",
    }
)

# Given names people are also called, to the name they stand for.
NICKNAMES = {
    "kalle": "karl",
    "calle": "karl",
    "carl": "karl",
    "pelle": "per",
    "pekka": "per",
    "nisse": "nils",
    "lasse": "lars",
    "janne": "jan",
    "jonte": "jonatan",
    "micke": "mikael",
    "mikke": "mikael",
    "michael": "mikael",
    "mike": "mikael",
    "mick": "mikael",
    "olle": "olof",
    "olov": "olof",
    "bosse": "bo",
    "gurra": "gustav",
    "gustaf": "gustav",
    "sigge": "sigurd",
    "totte": "torsten",
    "kicki": "kristina",
    "stina": "kristina",
    "christina": "kristina",
    "kristin": "kristina",
    "lotta": "charlotte",
    "lotte": "charlotte",
    "maggan": "margareta",
    "greta": "margareta",
    "lena": "helena",
    "lisa": "elisabet",
    "lisbeth": "elisabet",
    "elisabeth": "elisabet",
    "elizabeth": "elisabet",
    "liz": "elisabet",
    "beth": "elisabet",
    "betty": "elisabet",
    "anki": "anna",
    "annika": "anna",
    "mia": "maria",
    "maja": "maria",
    "mari": "maria",
    "ulla": "ulrika",
    "bettan": "elisabet",
    "sanna": "susanna",
    "susie": "susanna",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "bill": "william",
    "will": "william",
    "willy": "william",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "tommy": "thomas",
    "tomas": "thomas",
    "dick": "richard",
    "rick": "richard",
    "kate": "katarina",
    "katie": "katarina",
    "kathy": "katarina",
    "katherine": "katarina",
    "catherine": "katarina",
    "karin": "katarina",
    "kaisa": "katarina",
    "cathy": "katarina",
    "hans": "johan",
    "hasse": "johan",
    "john": "johan",
    "johannes": "johan",
    "jens": "johan",
    "jack": "johan",
    "johnny": "johan",
    "nick": "niklas",
    "nicklas": "niklas",
    "nicolas": "niklas",
    "alex": "alexander",
    "sasha": "alexander",
    "sandra": "alexandra",
    "fredde": "fredrik",
    "freddie": "fredrik",
    "henke": "henrik",
    "henry": "henrik",
    "stefan": "steffan",
    "steve": "steffan",
    "stephen": "steffan",
    "steven": "steffan",
    "chris": "kristoffer",
    "christopher": "kristoffer",
    "christoffer": "kristoffer",
    "krister": "kristoffer",
    "dan": "daniel",
    "danne": "daniel",
    "danny": "daniel",
    "tobbe": "tobias",
    "matte": "mattias",
    "matthias": "mattias",
    "mats": "mattias",
    "andy": "anders",
    "andreas": "anders",
    "andrew": "anders",
    "berra": "bertil",
    "benke": "bengt",
    "ingo": "ingemar",
    "ebba": "ebba",
    "jocke": "joakim",
    "joachim": "joakim",
    "ricky": "rikard",
    "richard": "rikard",
}

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=200_000)
def fold(text: str | None) -> str:
    """Lower case without diacritics: Åsa → asa, Müller → muller, Øystein → oystein."""
    text = (text or "").lower().translate(SPECIAL)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str | None, drop: frozenset[str] = TITLES) -> list[str]:
    """Folded words of a name, without titles (or the given set of words)."""
    return list(_tokens(text, drop))


@lru_cache(maxsize=200_000)
def _tokens(text: str | None, drop: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in WORD.findall(fold(text).replace("-", " ")) if w not in drop)


# Nicknames that stand for more than one name: NICKNAMES holds the first, these the others
# (Janne is a Jan or a Johan).
ALSO_FOR = {
    "janne": ("johan",),
    "hasse": ("hans",),
    "lasse": ("lars", "lennart"),
    "bosse": ("bo", "bengt"),
    "kicki": ("kristina", "kristin"),
}


def canonical_given(token: str) -> str:
    """The name a nickname or spelling variant stands for (Kalle → karl)."""
    return NICKNAMES.get(token, token)


@lru_cache(maxsize=100_000)
def slipped_nickname(token: str) -> str | None:
    """The name meant by a nickname written with one slip (Freddde, Aelx: Fredrik,
    Alexander), when every nickname that near means the same name; None otherwise."""
    if token in NICKNAMES or len(token) < 4:
        return None
    meant = {
        name
        for nickname, name in NICKNAMES.items()
        if nickname[:1] == token[:1] and OSA.distance(nickname, token, score_cutoff=1) <= 1
    }
    return meant.pop() if len(meant) == 1 else None


def given_meanings(written: tuple[str, ...]) -> set[str]:
    """Every name the written given names can stand for: themselves, what NICKNAMES
    resolves them to, and the other names in ALSO_FOR."""
    out = set()
    for token in written:
        out |= {token, canonical_given(token), *ALSO_FOR.get(token, ())}
    return out


def consonants(token: str) -> str:
    """A name's sound without its vowels after the first letter, doubles made single:
    rantanen and rantanan → rntn; eriksosn and erikssson → erksn. A typo in a vowel, a
    doubled letter or a dropped one mostly keeps it."""
    sound = phonetic(token)
    return re.sub(r"(.)\1+", r"\1", sound[:1] + re.sub(r"[aeiouyåäöæø]", "", sound[1:]))


FEMININE_ENDINGS = ("a", "na", "ia")


def gender_variants(a: str, b: str) -> bool:
    """Erik and Erika, Johan and Johanna, Paul and Paula: the same name with a feminine
    ending is another person (often in the same household), not a slip of the keyboard."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and any(long == short + ending for ending in FEMININE_ENDINGS)


# Upper-case letters stand for sounds while the rules run: X the sj-sound, C the tj-sound.
_RULES = [
    (r"(.)\1+", r"\1"),  # doubled letters first: Skkinner is Skinner before the sk-rule
    (r"^mc", "mak"),
    (r"sch|skj|stj|sj|sh|ch(?=[aeiouy])|sk(?=[eiyö])", "X"),
    (r"tj|kj|ch", "C"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"qu|qv|kw", "kv"),
    (r"ck|q|c(?![eiy])", "k"),
    (r"c", "s"),
    (r"z", "s"),
    (r"x", "ks"),
    (r"w", "v"),
    (r"dt", "t"),
    (r"[hdgl]j", "j"),
    (r"y", "i"),
    (r"(?<=[aou])e", ""),
    (r"(?<=[bcdfgjklmnpqrstvxCX])h", ""),
    (r"^h(?=[^aeiou])", ""),
    (r"(.)\1+", r"\1"),
]
_COMPILED = [(re.compile(p), r) for p, r in _RULES]


@lru_cache(maxsize=200_000)  # names repeat: a register has far fewer names than customers
def phonetic(token: str) -> str:
    """A sound key for one folded word: karlsson, carlson, karlzon → karlson;
    mueller, müller → muler; eriksson, ericsson → erikson."""
    key = fold(token)
    for pattern, replacement in _COMPILED:
        key = pattern.sub(replacement, key)
    return key.lower()


def org_tokens(name: str | None) -> list[str]:
    """An organisation's name words without legal forms (AB, AS, Oy, Ltd, GmbH…)."""
    return [t for t in tokens(name, TITLES | LEGAL_FORMS)]
