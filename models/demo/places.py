"""Places and names of the demo's countries: the word lists of models/demo/words.py
made ready for drawing (post codes, addresses, job titles), built once per process and
the same for every seed.
"""

from __future__ import annotations

import functools
import random
import unicodedata

from models.demo import words as D


def ascii_text(text: str) -> str:
    """Latin letters without their accents (for e-mail addresses and user ids)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str, sep: str = "") -> str:
    """Lower-case ASCII words joined by ``sep``: "Müller & Söhne" -> "mullersohne"."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in ascii_text(text).lower().replace("&", " ").split()]
    return sep.join(w for w in words if w)


class Country:
    """A country's names, streets, cities, phone numbers and company patterns (models/demo/words.py)."""

    def __init__(self, code: str, spec: dict):
        rnd = random.Random(code)  # place names only: independent of the seed
        self.code = code
        self.language = spec["language"]
        self.first_m = [(n, slug(n)) for n in spec["first_m"]]
        self.first_f = [(n, slug(n)) for n in spec["first_f"]]
        self.surnames = [(n, slug(n)) for n in spec["surnames"]]
        self.two_surnames = spec.get("two_surnames", False)
        self.middle_initials = spec.get("middle_initials", False)
        numbers = range(100, 3000, 13) if "{n0}" in spec["address"] else range(1, 151)
        self.addresses = [spec["address"].format(n=n, n0=n, s=s) for s in spec["streets"] for n in numbers]
        self.address_2 = spec["address_2"]
        self.cities = []
        for city, county, territory, codes, phone in spec["cities"]:
            posts = [self._post_code(spec["post_code"], c, rnd) for c in codes for _ in range(6)]
            self.cities.append((city, county, territory, sorted(set(posts)), phone))
        self.phone_digits = spec["phone_digits"]
        self.mobile = spec["mobile"]
        self.patterns = spec["company_patterns"]
        self.suffixes = spec["suffixes"]
        self.words = spec["words"]
        self.words2 = spec["words2"]
        self.vat = spec["vat"]
        self.job_titles = [(titles[self.language], jr) for jr, titles in D.JOB_TITLES]
        self.job_titles_enu = [(titles["ENU"], jr) for jr, titles in D.JOB_TITLES]

    @staticmethod
    def _post_code(kind: str, base, rnd: random.Random) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        if kind == "gb":
            return f"{base} {rnd.randrange(1, 10)}{rnd.choice(letters)}{rnd.choice(letters)}"
        if kind == "nl":
            return f"{base:04d} {rnd.choice(letters)}{rnd.choice(letters)}"
        return f"{base:05d}"


@functools.lru_cache(maxsize=1)
def all_countries() -> dict[str, Country]:
    return {code: Country(code, spec) for code, spec in D.COUNTRIES.items()}


def phone_number(rng_randrange, digits: int) -> str:
    """Phone digits, grouped as the country writes them."""
    s = "%0*d" % (digits, rng_randrange(10**digits))
    if digits == 8:
        return f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
    if digits == 7:
        return f"{s[:3]} {s[3:]}"
    return s
