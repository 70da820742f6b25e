"""Deterministic, realistic demo data at any size (``relman demo``).

``generate(contacts, seed)`` fills a new, already opened database with a
furniture dealer's marketing data: setup (languages, countries, salutations,
salespeople, classification tables, number series, Marketing Setup), campaigns,
interaction templates with real Word templates (.docx with MERGEFIELDs), contacts
(companies with their persons), two years of interaction history grouped partly
in logged segments, two open segments and two postponed interactions.

Everything comes from ``random.Random(seed)`` and the work date of
``models.base.context``: the same seed and work date give the same rows.

Speed: the big tables (contacts, their link tables, interaction log entries) are
written through the driver's ``executemany`` in chunks of 10,000 rows (on
PostgreSQL psycopg2's ``execute_values``, because psycopg2's ``executemany``
sends one statement per row), with their secondary indexes dropped during the
load and rebuilt afterwards, and on SQLite with foreign-key checks off for the
load (the rows are consistent by construction; the tests run
``PRAGMA foreign_key_check``). Columns that are the same in every row are
written as SQL literals, so only the varying values are bound.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from decimal import Decimal

import peewee as pw

from models.base import context
from models.base.db import db, is_sqlite
from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    StorageType,
    WizardAction,
)
from models.base.errors import UserError
from models.demo import words as D
from models.tables.contacts import (
    BusinessRelation,
    Campaign,
    CampaignEntry,
    CampaignTargetGroup,
    CompanyInformation,
    Contact,
    ContactAltAddrDateRange,
    ContactAltAddress,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CountryRegion,
    IndustryGroup,
    JobResponsibility,
    Language,
    MailingGroup,
    Salesperson,
    Salutation,
    SalutationFormula,
    UserSetup,
)
from models.tables.interactions import (
    Attachment,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateSetup,
    InteractionTmplLanguage,
    WordTemplate,
)
from models.tables.segments import (
    LoggedSegment,
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)
from models.tables.setup import MarketingSetup, NoSeries, NoSeriesLine

Progress = Callable[[str, float], None]

NOT_EMPTY = "The database already holds contacts; demo data goes into a new database."

CHUNK = 10_000

# Tables generate() fills that must be empty before it starts (singletons are replaced).
_FILLED = [
    Language, CountryRegion, Salutation, Salesperson, IndustryGroup, BusinessRelation,
    MailingGroup, JobResponsibility, Campaign, NoSeries, WordTemplate, InteractionGroup,
    InteractionTemplate, InteractionLogEntry, SegmentHeader, LoggedSegment,
]
_SINGLETONS = [MarketingSetup, CompanyInformation, InteractionTemplateSetup]

# Tables loaded in bulk: their secondary indexes are rebuilt after the load.
_BULK = [
    Contact, ContactMailingGroup, ContactIndustryGroup, ContactBusinessRelation,
    ContactJobResponsibility, InteractionLogEntry,
]

HC, EM, BL = int(CorrespondenceType.HARD_COPY), int(CorrespondenceType.EMAIL), int(CorrespondenceType.BLANK)
OUT, INB = int(InformationFlow.OUTBOUND), int(InformationFlow.INBOUND)
US_, THEM = int(InitiatedBy.US), int(InitiatedBy.THEM)

LANG_CODES = [code for code, _ in D.LANGUAGES]


# ---------------------------------------------------------------------------
# Interaction templates: code -> settings

TEMPLATES = {
    # code: group, description, cost, minutes, flow, initiated, corr default, wizard, languages
    "LETTER": ("LETTER", "Product letter", "1.20", 5, OUT, US_, HC, WizardAction.MERGE, "word"),
    "NEWS": ("EMAIL", "Newsletter", "0.05", 1, OUT, US_, EM, WizardAction.MERGE, "word"),
    "EMAIL": ("EMAIL", "E-mail", "0.00", 5, OUT, US_, EM, WizardAction.BLANK, None),
    "OFFER": ("LETTER", "Quotation letter", "1.50", 10, OUT, US_, HC, WizardAction.OPEN, "attachment"),
    "OUTCALL": ("PHONE", "Outgoing phone call", "0.30", 10, OUT, US_, BL, WizardAction.BLANK, None),
    "INCALL": ("PHONE", "Incoming phone call", "0.00", 5, INB, THEM, BL, WizardAction.BLANK, None),
    "MEETING": ("MEETING", "Customer meeting", "25.00", 60, OUT, US_, BL, WizardAction.BLANK, None),
}
# individual (not segment) interactions: template and weight
_SINGLE_KINDS = ["OUTCALL", "INCALL", "MEETING", "EMAIL", "LETTER", "OFFER"]
_SINGLE_WEIGHTS = [30, 15, 12, 25, 8, 10]
_EVALUATIONS = [int(e) for e in Evaluation]
_EVAL_WEIGHTS = [40, 8, 20, 20, 8, 4]


def generate(contacts: int = 2000, seed: int = 1, progress: Progress | None = None) -> dict:
    """Fill the open, new database with demo data; return the number of rows per table."""
    if contacts < 0:
        raise UserError("The number of contacts cannot be negative.")
    if Contact.select().exists():
        raise UserError(NOT_EMPTY)
    for model in _FILLED:
        if model.select().exists():
            raise UserError(
                f"The database already holds data in {model._meta.table_name}; "
                "demo data goes into a new database."
            )
    demo = _Demo(contacts, seed, progress)
    with _foreign_keys_off(), db.atomic():
        demo.run()
    demo.report("Done", 1.0)
    return counts()


def counts() -> dict:
    """Rows per table (every table of the schema but the version table)."""
    from models.tables.schema import MODELS, SchemaVersion

    return {m._meta.table_name: m.select().count() for m in MODELS if m is not SchemaVersion}


@contextmanager
def _foreign_keys_off():
    """SQLite: no foreign-key lookups during the load (PRAGMA only works outside a transaction)."""
    if not is_sqlite() or db.in_transaction():
        yield
        return
    before = db.execute_sql("PRAGMA foreign_keys").fetchone()[0]
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA foreign_keys = {int(before)}")


@contextmanager
def _indexes_rebuilt(models: Sequence[type[pw.Model]], on_rebuild: Callable[[int], None]):
    """Drop the secondary indexes of the bulk tables, and build them again at the end."""
    for model in models:
        model._schema.drop_indexes(safe=True)
    yield
    for i, model in enumerate(models):
        on_rebuild(i)
        model._schema.create_indexes(safe=True)


# ---------------------------------------------------------------------------
# Bulk writing through the driver


class _Table:
    """INSERT of the varying columns of a model; every other column gets its default as a literal."""

    def __init__(self, model: type[pw.Model], fields: Sequence[str]):
        meta = model._meta
        self.model = model
        self.sqlite = is_sqlite()
        chosen = [meta.fields[name] for name in fields]
        constants = []
        for field in meta.sorted_fields:
            if field.name in fields or isinstance(field, pw.AutoField):
                continue
            value = field.default() if callable(field.default) else field.default
            value = field.db_value(value)
            if value is None and not field.null:
                raise AssertionError(f"{meta.table_name}.{field.name} needs a value")
            constants.append((field.column_name, value))
        columns = [f.column_name for f in chosen] + [c for c, _ in constants]
        literals = [self._literal(v) for _, v in constants]
        table = meta.table_name
        column_sql = ", ".join(f'"{c}"' for c in columns)
        if self.sqlite:
            values = ", ".join([db.param] * len(chosen) + literals)
            self.sql = f'INSERT INTO "{table}" ({column_sql}) VALUES ({values})'
        else:
            self.sql = f'INSERT INTO "{table}" ({column_sql}) VALUES %s'
            self.template = "(" + ", ".join(["%s"] * len(chosen) + [x.replace("%", "%%") for x in literals]) + ")"
        self.rows = 0

    def _literal(self, value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return ("1" if value else "0") if self.sqlite else ("TRUE" if value else "FALSE")
        if isinstance(value, (int, float, Decimal)):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        raise TypeError(f"no literal for {value!r}")

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        cursor = db.cursor()
        if self.sqlite:
            cursor.executemany(self.sql, rows)
        else:
            from psycopg2.extras import execute_values

            execute_values(cursor, self.sql, rows, template=self.template, page_size=2000)
        self.rows += len(rows)


def _sync_sequences() -> None:
    """PostgreSQL: move every serial past the ids written explicitly."""
    if is_sqlite():
        return
    from models.tables.schema import MODELS

    for model in MODELS:
        pk = model._meta.primary_key
        if isinstance(pk, pw.AutoField):
            table, column = model._meta.table_name, pk.column_name
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'
            )


# ---------------------------------------------------------------------------
# Static lists (the same for every seed), built once per process


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str, sep: str = "") -> str:
    words = ["".join(ch for ch in w if ch.isalnum()) for w in _ascii(text).lower().replace("&", " ").split()]
    return sep.join(w for w in words if w)


class _Country:
    def __init__(self, code: str, spec: dict):
        rnd = random.Random(code)  # place names only: independent of the seed
        self.code = code
        self.language = spec["language"]
        self.first_m = [(n, _slug(n)) for n in spec["first_m"]]
        self.first_f = [(n, _slug(n)) for n in spec["first_f"]]
        self.surnames = [(n, _slug(n)) for n in spec["surnames"]]
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
def _countries() -> dict[str, _Country]:
    return {code: _Country(code, spec) for code, spec in D.COUNTRIES.items()}


def _number(rng_randrange, digits: int) -> str:
    """Phone digits, grouped as the country writes them."""
    s = "%0*d" % (digits, rng_randrange(10**digits))
    if digits == 8:
        return f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
    if digits == 7:
        return f"{s[:3]} {s[3:]}"
    return s


# ---------------------------------------------------------------------------
# The generator


class _Demo:
    def __init__(self, contacts: int, seed: int, progress: Progress | None):
        self.n = contacts
        self.rng = random.Random(seed)
        self.progress = progress
        self.work_date = context.work_date()
        self.user = context.user_id().upper()[:50]
        digits = 6 if contacts < 500_000 else len(str(contacts)) + 1
        self.contact_format = "CT%0" + str(digits) + "d"
        self.contact_ending = "CT" + "9" * digits
        self.users: dict[str, str] = {}  # salesperson code -> user id
        self.reserve_persons: list[tuple] = []  # a few contacts for open segments and drafts
        self.reserve_companies: list[tuple] = []

    def report(self, stage: str, fraction: float) -> None:
        if self.progress is not None:
            self.progress(stage, max(0.0, min(1.0, fraction)))

    def run(self) -> None:
        self.report("Setup", 0.0)
        self.setup()
        self.report("Word templates", 0.01)
        self.templates()
        self.campaigns()
        self.plan_logged_segments()
        bulk_done = 0.9

        def rebuilding(i: int) -> None:
            self.report("Building indexes", 0.8 + (bulk_done - 0.8) * i / len(_BULK))

        with _indexes_rebuilt(_BULK, rebuilding):
            self.contacts()
            self.interactions()
        self.report("Segments", 0.95)
        self.open_segments()
        self.number_series()
        _sync_sequences()

    # -- setup ---------------------------------------------------------------

    def setup(self) -> None:
        Language.insert_many([{"code": c, "name": n} for c, n in D.LANGUAGES]).execute()
        CountryRegion.insert_many([{"code": c, "name": n} for c, n in D.COUNTRY_NAMES.items()]).execute()
        Salutation.insert_many([{"code": c, "description": d} for c, d in D.SALUTATIONS.items()]).execute()
        formulas = []
        for lang, per_code in D.SALUTATION_FORMULAS.items():
            for code, (formal, informal) in per_code.items():
                for is_formal, (text, n1, n2) in ((True, formal), (False, informal)):
                    formulas.append(dict(salutation=code, language=lang, formal=is_formal,
                                         salutation_text=text, name_1=n1, name_2=n2))
        SalutationFormula.insert_many(formulas).execute()

        people = []
        for code, name, title, _focus, blocked in D.SALESPEOPLE:
            first, last = name.split(" ", 1)
            people.append(dict(code=code, name=name, job_title=title, blocked=blocked,
                               e_mail=f"{_slug(first)}.{_slug(last)}@{D.OUR_DOMAIN}",
                               phone_no=f"+44 20 7946 0{100 + len(people):03d}"))
            self.users[code] = (_ascii(first)[0] + _slug(last)).upper()
        Salesperson.insert_many(people).execute()
        setups = {user: code for code, user in self.users.items()}
        setups[self.user] = "JR"
        UserSetup.insert_many([{"user_id": u, "salesperson": s} for u, s in setups.items()]).execute()

        for model, rows in ((IndustryGroup, D.INDUSTRY_GROUPS), (BusinessRelation, D.BUSINESS_RELATIONS),
                            (MailingGroup, D.MAILING_GROUPS), (JobResponsibility, D.JOB_RESPONSIBILITIES)):
            model.insert_many([{"code": c, "description": d} for c, d in rows]).execute()

        for model in _SINGLETONS:
            model.delete().execute()
        CompanyInformation.insert(id=1, **D.COMPANY_INFORMATION).execute()

        series = [
            ("CONT", "Contacts", self.contact_format % 1, self.contact_ending, True),
            ("CAMP", "Campaigns", "CP0001", "CP9999", True),
            ("SEG", "Segments", "SEG00001", "SEG99999", False),
            ("TODO", "Tasks", "TD000001", "TD999999", False),
            ("OPP", "Opportunities", "OP000001", "OP999999", False),
        ]
        NoSeries.insert_many([dict(code=c, description=d, default_nos=True, manual_nos=m)
                              for c, d, _s, _e, m in series]).execute()
        NoSeriesLine.insert_many([dict(series=c, line_no=10000, starting_no=s, ending_no=e,
                                       increment_by=1, open=True)
                                  for c, _d, s, e, _m in series]).execute()
        MarketingSetup.insert(
            id=1, contact_series="CONT", campaign_series="CAMP", segment_series="SEG",
            task_series="TODO", opportunity_series="OPP", default_salesperson="JR",
            default_language="ENU", default_correspondence_type=CorrespondenceType.EMAIL,
            def_company_salutation="COMPANY", default_person_salutation="UNISEX",
            attachment_storage_type=StorageType.EMBEDDED, mergefield_language_id=1033,
        ).execute()

    # -- templates -------------------------------------------------------------

    def templates(self) -> None:
        InteractionGroup.insert_many([{"code": c, "description": d} for c, d in D.INTERACTION_GROUPS]).execute()
        word_rows, tmpl_rows, lang_rows = [], [], []
        self.template_languages: dict[str, dict[str, tuple]] = {}  # code -> lang -> (subject, word tmpl, attachment)
        for code, (group, desc, cost, minutes, flow, initiated, corr, wizard, kind) in TEMPLATES.items():
            languages: dict[str, tuple] = {}
            if kind == "word":
                texts = D.LETTER_TEXT if code == "LETTER" else D.EMAIL_TEXT
                for lang in LANG_CODES:
                    wt = f"{code}-{lang}"
                    word_rows.append(dict(code=wt, name=f"{desc} ({dict(D.LANGUAGES)[lang]})",
                                          language=lang, template=_docx(code, lang)))
                    languages[lang] = (texts[lang]["subject"], wt, None)
            elif kind == "attachment":
                for lang in D.OFFER_TEXT:
                    att = Attachment.create(attachment_file=_docx(code, lang), file_extension="DOCX",
                                            storage_type=StorageType.EMBEDDED,
                                            last_modified=context.now())
                    languages[lang] = (D.OFFER_TEXT[lang]["subject"], "", att.no)
            self.template_languages[code] = languages
            tmpl_rows.append(dict(
                code=code, interaction_group=group, description=desc, unit_cost=Decimal(cost),
                unit_duration=minutes, information_flow=flow, initiated_by=initiated,
                correspondence_type_default=corr, wizard_action=wizard,
                language_code_default="ENU" if languages else "",
                word_template=f"{code}-ENU" if kind == "word" else None,
            ))
            for lang, (subject, wt, att) in languages.items():
                lang_rows.append(dict(interaction_template=code, language_code=lang, description=subject,
                                      word_template=wt or None, attachment=att))
        WordTemplate.insert_many(word_rows).execute()
        InteractionTemplate.insert_many(tmpl_rows).execute()
        InteractionTmplLanguage.insert_many(lang_rows).execute()
        InteractionTemplateSetup.insert(id=1, e_mails="EMAIL", outg_calls="OUTCALL",
                                        meeting_invitation="MEETING").execute()

    # -- campaigns and logged segments -------------------------------------------

    def campaigns(self) -> None:
        wd = self.work_date
        planned = []
        for desc, month, day, length in D.SEASONAL_CAMPAIGNS:
            year = wd.year
            while dt.date(year, month, day) + dt.timedelta(days=length) >= wd:
                year -= 1
            start = dt.date(year, month, day)
            planned.append((start, start + dt.timedelta(days=length), desc, "DONE"))
        for desc, start, end, status in D.CURRENT_CAMPAIGNS:
            planned.append((wd + dt.timedelta(days=start), wd + dt.timedelta(days=end), desc, status))
        planned.sort(key=lambda c: c[0])
        rows = []
        self.campaign_list = []  # (no, description, start, end)
        for i, (s, e, desc, status) in enumerate(planned, 1):
            no = f"CP{i:04d}"
            description = desc.format(y=s.year)
            rows.append(dict(no=no, description=description, starting_date=s, ending_date=e,
                             salesperson=self.rng.choice(["JR", "TW", "EO"]), status_code=status))
            self.campaign_list.append((no, description, s, e))
        Campaign.insert_many(rows).execute()

    def plan_logged_segments(self) -> None:
        """Logged segments (oldest first) that part of the history will belong to."""
        rng, wd = self.rng, self.work_date
        count = max(6, min(24, 4 + self.n // 50_000))
        plans = []
        past_campaigns = [c for c in self.campaign_list if c[3] < wd]
        for i in range(count):
            if i < len(past_campaigns):  # one mailing for each finished campaign
                no, cdesc, s, e = past_campaigns[i]
                date = s + dt.timedelta(days=rng.randrange(0, max(1, (e - s).days)))
                kind, campaign, desc = "LETTER", no, cdesc
            else:
                date = wd - dt.timedelta(days=rng.randrange(7, 730))
                kind = "NEWS" if i == len(past_campaigns) else rng.choice(["NEWS", "NEWS", "LETTER"])
                campaign = ""
                for no, cdesc, s, e in self.campaign_list:
                    if s <= date <= e:
                        campaign = no
                desc = ("Newsletter " if kind == "NEWS" else "Product letter ") + f"{date:%B %Y}"
            while date.weekday() >= 5:
                date -= dt.timedelta(days=1)
            salesperson = "EO" if kind == "NEWS" else rng.choice(["JR", "TW", "MK", "SB"])
            plans.append([date, kind, campaign, desc, salesperson])
        plans.sort(key=lambda p: (p[0], p[3]))
        self.segments = []
        canceled_index = 1 if len(plans) > 2 else -1
        for i, (date, kind, campaign, desc, salesperson) in enumerate(plans):
            seg_no = f"SEG{i + 1:05d}"
            canceled = i == canceled_index
            user = self.users[salesperson]
            logged = LoggedSegment.create(segment_no=seg_no, description=desc, creation_date=date,
                                          user_id=user, canceled=canceled)
            entry_no = 0
            if campaign:
                entry_no = CampaignEntry.create(
                    campaign=campaign, date=date, segment_no=seg_no, salesperson_code=salesperson,
                    user_id=user, description=desc, register_no=logged.entry_no, canceled=canceled,
                ).entry_no
            time = f"{9 + i % 8:02d}:{(i * 17) % 60:02d}:00"
            self.segments.append(dict(
                no=seg_no, date=date.isoformat(), kind=kind, campaign=campaign, description=desc,
                salesperson=salesperson, user=user, canceled=canceled, entry_no=logged.entry_no,
                campaign_entry_no=entry_no, time=time, target=bool(campaign),
            ))
        self.segments_by_channel = {
            True: [i for i, s in enumerate(self.segments) if s["kind"] == "NEWS"] or list(range(len(self.segments))),
            False: [i for i, s in enumerate(self.segments) if s["kind"] != "NEWS"] or list(range(len(self.segments))),
        }
        self.last_segment = len(self.segments)

    # -- contacts ----------------------------------------------------------------

    def contacts(self) -> None:
        rng = self.rng
        rand = rng.random

        # rng.choice/randrange cost ~1 µs a call; these do the same job in a third of it
        def choice(seq):
            return seq[int(rand() * len(seq))]

        def randrange(stop):
            return int(rand() * stop)

        n = self.n
        countries = _countries()
        pool = [countries[c] for c, spec in D.COUNTRIES.items() for _ in range(spec["weight"])]
        focus = {}
        for code, _name, _title, regions, blocked in D.SALESPEOPLE:
            for region in regions:
                focus.setdefault(region, []).append(code)
        fmt = self.contact_format
        mailing = [c for c, _ in D.MAILING_GROUPS]
        industries = [c for c, _ in D.INDUSTRY_GROUPS]
        relations = [c for c, _ in D.BUSINESS_RELATIONS]
        rel_cum = list(itertools.accumulate(D.BUSINESS_RELATION_WEIGHTS))
        kind_cum = list(itertools.accumulate(_SINGLE_WEIGHTS))
        jr_codes = [c for c, _ in D.JOB_RESPONSIBILITIES]
        persons_per_company = [1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8]
        alt_p = max(0.005, 3 / max(1.0, n / 5.5))
        dates = self._history_dates()
        times = [f"{h:02d}:{m:02d}:00" for h in range(8, 18) for m in range(0, 60, 5)]
        segs_email, segs_other = self.segments_by_channel[True], self.segments_by_channel[False]
        seg_taken: dict[int, dict] = {i: {} for i in range(len(self.segments))}

        t_contact = _Table(Contact, [
            "no", "type", "name", "search_name", "company", "company_name", "first_name", "middle_name",
            "surname", "initials", "job_title", "address", "address_2", "post_code", "city", "county",
            "country", "phone_no", "mobile_phone_no", "fax_no", "e_mail", "home_page",
            "vat_registration_no", "salutation", "language", "salesperson", "territory_code",
            "exclude_from_segment", "correspondence_type", "privacy_blocked",
        ])
        t_mg = _Table(ContactMailingGroup, ["contact", "target"])
        t_ig = _Table(ContactIndustryGroup, ["contact", "target"])
        t_br = _Table(ContactBusinessRelation, ["contact", "target"])
        t_jr = _Table(ContactJobResponsibility, ["contact", "target"])
        rows, mg, ig, br, jr = [], [], [], [], []
        alt_rows, alt_ranges = [], []
        self.ile_seeds = seeds = []  # (date, time, seq, kind, segment index, contact info)

        def history(info: tuple, excluded: bool) -> None:
            r = rand()
            k = 0 if r < 0.82 else 1 if r < 0.93 else 2 if r < 0.98 else 3
            for _ in range(k):
                kind = _SINGLE_KINDS[bisect.bisect(kind_cum, rand() * kind_cum[-1])]
                seeds.append((choice(dates), choice(times), len(seeds), kind, -1, info))
            if not excluded and rand() < 0.10:
                idx = choice(segs_email if info[8] == EM else segs_other)
                taken = seg_taken[idx]
                if info[0] not in taken:
                    taken[info[0]] = info[1] or info[0]  # contact -> its company
                    seg = self.segments[idx]
                    seeds.append((seg["date"], seg["time"], len(seeds), seg["kind"], idx, info))

        i = 0
        next_report = CHUNK
        while i < n:
            c = choice(pool)
            lang = c.language if (c.language == "ENU" or rand() >= 0.08) else "ENU"
            city, county, territory, posts, phone_prefix = choice(c.cities)
            if rand() < 0.92:
                # a company and its persons
                i += 1
                no = fmt % i
                pattern = choice(c.patterns)
                s1, s2 = choice(c.surnames)[0], choice(c.surnames)[0]
                w1, w2 = choice(c.words), choice(c.words2)
                suffix = choice(c.suffixes)
                base = pattern.replace(" {X}", "").format(S=s1, S2=s2, W=w1, W2=w2, w2=w2.lower())
                name = f"{base} {suffix}"[:100]
                domain = _slug(base, "-") + ".example"
                address = choice(c.addresses)
                address_2 = choice(c.address_2) if rand() < 0.15 else ""
                post = choice(posts)
                phone = phone_prefix + _number(randrange, c.phone_digits)
                fax = phone_prefix + _number(randrange, c.phone_digits) if rand() < 0.3 else ""
                salesperson = "PH" if rand() < 0.01 else "EO" if rand() < 0.03 else choice(focus[c.code])
                corr = EM if (r := rand()) < 0.55 else HC if r < 0.9 else BL
                excluded = rand() < 0.02
                vat = c.vat.format(randrange(10 ** (11 if c.code == "FR" else 9))) if c.vat and rand() < 0.8 else ""
                email = ("info@" if rand() < 0.7 else "office@") + domain if rand() < 0.9 else ""
                home = "www." + domain if rand() < 0.7 else ""
                rows.append((
                    no, 0, name, name.upper(), no, name, "", "", "", "", "", address, address_2, post,
                    city, county, c.code, phone, "", fax, email, home, vat, "COMPANY", lang,
                    salesperson, territory, excluded, corr, False,
                ))
                if (r := rand()) < 0.40:
                    mg.append((no, choice(mailing)))
                    if r < 0.10:
                        mg[-1:] = [(no, g) for g in rng.sample(mailing, 2)]
                if rand() < 0.15:
                    ig.extend((no, g) for g in rng.sample(industries, 2))
                else:
                    ig.append((no, choice(industries)))
                rel = relations[bisect.bisect(rel_cum, rand() * rel_cum[-1])]
                br.append((no, rel))
                if rand() < 0.05:
                    other = choice(relations)
                    if other != rel:
                        br.append((no, other))
                info = (no, no, name, lang, phone, email, salesperson, 0, corr)
                history(info, excluded)
                if len(self.reserve_companies) < 10 and not excluded:
                    self.reserve_companies.append(info)
                if rand() < alt_p:
                    self._alt_address(no, name, c, alt_rows, alt_ranges)
                company = (no, name, address, address_2, post, city, county, phone_prefix, domain,
                           salesperson, territory)
                persons = choice(persons_per_company)
            else:
                company = None
                persons = 1
            for _ in range(persons):
                if i >= n:
                    break
                i += 1
                no = fmt % i
                r = rand()
                if r < 0.46:
                    (first, fs), salutation = choice(c.first_m), "MR"
                elif r < 0.92:
                    (first, fs), salutation = choice(c.first_f), "MS"
                else:
                    (first, fs), salutation = choice(c.first_f if r < 0.96 else c.first_m), "UNISEX"
                surname, ss = choice(c.surnames)
                if c.two_surnames:
                    s2, ss2 = choice(c.surnames)
                    surname, ss = f"{surname} {s2}", ss + ss2
                middle = (choice(c.first_m if salutation == "MR" else c.first_f)[0][0] + ".") \
                    if c.middle_initials and rand() < 0.3 else ""
                name = f"{first} {middle} {surname}" if middle else f"{first} {surname}"
                initials = first[0] + (middle[0] if middle else "") + surname.split()[-1][0].upper()
                title, jr_code = choice(c.job_titles if lang == c.language else c.job_titles_enu)
                mobile = c.mobile[0] + _number(randrange, c.mobile[1]) if rand() < 0.6 else ""
                if company is not None:
                    (company_no, company_name, address, address_2, post, city, county, phone_prefix,
                     domain, salesperson, territory) = company
                    email = f"{fs}.{ss}@{domain}" if rand() < 0.95 else ""
                else:
                    company_no, company_name, address_2 = None, "", ""
                    address, post = choice(c.addresses), choice(posts)
                    email = f"{fs}.{ss}@{choice(D.PRIVATE_MAIL_DOMAINS)}" if rand() < 0.8 else ""
                    salesperson = choice(focus[c.code])
                phone = phone_prefix + _number(randrange, c.phone_digits)
                corr = EM if (r := rand()) < 0.65 else HC if r < 0.9 else BL
                excluded = rand() < 0.03
                privacy = rand() < 0.003
                rows.append((
                    no, 1, name, name.upper(), company_no, company_name, first, middle, surname,
                    initials, title if company is not None or rand() < 0.3 else "", address,
                    address_2, post, city, county, c.code, phone, mobile, "", email, "", "",
                    salutation, lang, salesperson, territory, excluded, corr, privacy,
                ))
                if (r := rand()) < 0.45:
                    mg.append((no, choice(mailing)))
                    if r < 0.12:
                        mg[-1:] = [(no, g) for g in rng.sample(mailing, 2)]
                if company is not None and rand() < 0.9:
                    jr.append((no, jr_code))
                    if rand() < 0.1:
                        extra = choice(jr_codes)
                        if extra != jr_code:
                            jr.append((no, extra))
                info = (no, company_no or "", name, lang, phone, email, salesperson, 1, corr, mobile)
                history(info, excluded or privacy)
                if len(self.reserve_persons) < 30 and not excluded and not privacy and company:
                    self.reserve_persons.append(info)
            if i >= next_report or i >= n:
                next_report += CHUNK
                t_contact.insert(rows)
                for table, links in ((t_mg, mg), (t_ig, ig), (t_br, br), (t_jr, jr)):
                    table.insert(links)
                rows, mg, ig, br, jr = [], [], [], [], []
                self.report(f"Contacts {i:,} of {n:,}", 0.02 + 0.63 * i / max(1, n))
        t_contact.insert(rows)
        for table, links in ((t_mg, mg), (t_ig, ig), (t_br, br), (t_jr, jr)):
            table.insert(links)
        # small databases: every logged segment gets a few contacts
        for idx, members in seg_taken.items():
            if not members:
                seg = self.segments[idx]
                for info in self.reserve_persons[idx % 5::5][:3]:
                    members[info[0]] = info[1] or info[0]
                    seeds.append((seg["date"], seg["time"], len(seeds), seg["kind"], idx, info))
        if alt_rows:
            ContactAltAddress.insert_many(alt_rows).execute()
            ContactAltAddrDateRange.insert_many(alt_ranges).execute()
        self.segment_members = seg_taken

    def _history_dates(self) -> list[str]:
        """Weekdays of the two years before the work date."""
        wd = self.work_date
        days = (wd - dt.timedelta(days=d) for d in range(1, 731))
        return [d.isoformat() for d in days if d.weekday() < 5]

    def _alt_address(self, no: str, name: str, c: _Country, rows: list, ranges: list) -> None:
        rng, wd = self.rng, self.work_date
        code, _desc = rng.choice(D.ALT_ADDRESS_CODES)
        city, county, _territory, posts, phone_prefix = rng.choice(c.cities)
        rows.append(dict(
            contact=no, code=code, company_name=name, address=rng.choice(c.addresses),
            post_code=rng.choice(posts), city=city, county=county, country=c.code,
            phone_no=phone_prefix + _number(rng.randrange, c.phone_digits),
            e_mail=f"{code.lower()}@{_slug(name.rsplit(' ', 1)[0], '-')}.example",
        ))
        shape = rng.randrange(3)
        if shape == 0:  # active now
            start, end = wd - dt.timedelta(days=rng.randrange(5, 60)), wd + dt.timedelta(days=rng.randrange(10, 90))
        elif shape == 1:  # in the past
            start = wd - dt.timedelta(days=rng.randrange(200, 500))
            end = start + dt.timedelta(days=rng.randrange(20, 120))
        else:  # from a future date, open-ended
            start, end = wd + dt.timedelta(days=rng.randrange(10, 120)), None
        ranges.append(dict(contact=no, starting_date=start, ending_date=end, contact_alt_address_code=code))

    # -- interaction history -------------------------------------------------------

    def interactions(self) -> None:
        rng = self.rng
        rand, choice = rng.random, rng.choice
        seeds = self.ile_seeds
        seeds.sort(key=lambda s: (s[0], s[1], s[2]))
        total = len(seeds)
        t_ile = _Table(InteractionLogEntry, [
            "entry_no", "contact", "contact_company_no", "date", "description", "information_flow",
            "initiated_by", "attachment_no", "cost", "duration", "user_id", "interaction_group_code",
            "interaction_template_code", "campaign_no", "campaign_entry_no", "campaign_target",
            "segment_no", "evaluation", "time_of_interaction", "attempt_failed", "salesperson_code",
            "delivery_status", "delivery_error", "canceled", "correspondence_type",
            "logged_segment_entry_no", "contact_via", "interaction_language_code", "subject",
            "word_template_code", "postponed", "wizard_step",
        ])
        tl = self.template_languages
        users = self.users
        eval_cum = []
        acc = 0
        for w in _EVAL_WEIGHTS:
            acc += w
            eval_cum.append(acc)
        choices = rng.choices
        offer_used = False
        rows = []
        entry = 0
        for date, time, _seq, kind, seg_idx, info in seeds:
            entry += 1
            contact_no, company_no, _name, lang, phone, email, salesperson, _ctype, corr = info[:9]
            group, desc, cost, minutes, flow, initiated, corr_default, _w, _k = TEMPLATES[kind]
            languages = tl[kind]
            lang_code = lang if lang in languages else ("ENU" if languages else "")
            subject, word_tmpl, attachment = languages.get(lang_code, ("", "", None))
            attachment = attachment or 0
            evaluation = 0
            attempt_failed = False
            canceled = False
            campaign_no, campaign_entry, target, seg_no, logged = "", 0, False, "", 0
            delivery, delivery_error = 0, ""
            user = users.get(salesperson, self.user)
            if seg_idx >= 0:
                seg = self.segments[seg_idx]
                desc, salesperson, user = seg["description"], seg["salesperson"], seg["user"]
                campaign_no, campaign_entry, target = seg["campaign"], seg["campaign_entry_no"], seg["target"]
                seg_no, logged, canceled = seg["no"], seg["entry_no"], seg["canceled"]
                ctype = corr if corr != BL else corr_default
                if ctype == EM and rand() < 0.01:
                    delivery, delivery_error = int(DeliveryStatus.ERROR), "The recipient's mailbox is unavailable."
            else:
                canceled = rand() < 0.03
                if kind in ("OUTCALL", "INCALL", "MEETING"):
                    ctype = BL
                    evaluation = choices(_EVALUATIONS, cum_weights=eval_cum)[0]
                    if kind == "MEETING":
                        desc = choice(D.MEETING_DESCRIPTIONS)
                        minutes = choice((30, 60, 60, 90, 120))
                    else:
                        desc = choice(D.CALL_DESCRIPTIONS_OUT if kind == "OUTCALL" else D.CALL_DESCRIPTIONS_IN)
                        minutes = rng.randrange(2, 31)
                        if kind == "OUTCALL" and rand() < 0.15:
                            attempt_failed, evaluation, minutes = True, 0, 1
                elif kind == "EMAIL":
                    ctype = EM
                    subject = choice(D.EMAIL_SUBJECTS[lang])
                    lang_code = ""
                else:
                    ctype = HC if corr != EM else EM
                if kind == "OFFER":
                    offer_used = True
            if kind in ("OUTCALL", "INCALL"):
                via = (info[9] if len(info) > 9 and info[9] and rand() < 0.4 else phone)
            elif ctype == EM:
                via = email
            else:
                via = ""
            rows.append((
                entry, contact_no, company_no, date, desc, flow, initiated, attachment, cost, minutes,
                user, group, kind, campaign_no, campaign_entry, target, seg_no, evaluation, time,
                attempt_failed, salesperson, delivery, delivery_error, canceled, ctype, logged, via,
                lang_code, subject, word_tmpl, False, 0,
            ))
            if len(rows) >= CHUNK:
                t_ile.insert(rows)
                rows = []
                self.report(f"Interactions {entry:,} of {total:,}", 0.65 + 0.15 * entry / max(1, total))
        t_ile.insert(rows)
        self.ile_table = t_ile
        self.last_entry = entry
        if offer_used:
            Attachment.update(read_only=True).where(Attachment.file_extension == "DOCX").execute()

        # contacts a campaign targets: the companies of not-canceled target segments
        targets: dict[tuple[str, str], None] = {}
        for idx, seg in enumerate(self.segments):
            if seg["target"] and not seg["canceled"]:
                for company_no in self.segment_members[idx].values():
                    targets[(seg["campaign"], company_no)] = None
        t_target = _Table(CampaignTargetGroup, ["campaign", "contact"])
        rows = list(targets)
        for start in range(0, len(rows), CHUNK):
            t_target.insert(rows[start:start + CHUNK])

    # -- open segments and postponed interactions ----------------------------------------

    def open_segments(self) -> None:
        wd = self.work_date
        persons = self.reserve_persons
        companies = self.reserve_companies
        current = next((c for c in self.campaign_list if c[2] <= wd <= c[3]), None)
        specs = [
            ("LETTER", f"{current[1]} – invitations" if current else "Product letter",
             current[0] if current else "", True, persons[:8]),
            ("OUTCALL", f"Follow-up calls {wd:%B %Y}", "", False, persons[8:12] + companies[:2]),
        ]
        for code, desc, campaign, target, members in specs:
            self.last_segment += 1
            seg_no = f"SEG{self.last_segment:05d}"
            group, _d, cost, minutes, flow, initiated, corr_default, _w, _k = TEMPLATES[code]
            languages = self.template_languages[code]
            default_lang = "ENU" if languages else ""
            subject = languages[default_lang][0] if languages else ""
            SegmentHeader.create(
                no=seg_no, description=desc, campaign=campaign or None, salesperson="JR",
                correspondence_type_default=corr_default, interaction_template=code,
                unit_cost=Decimal(cost), unit_duration=minutes, date=wd, campaign_target=target,
                information_flow=flow, initiated_by=initiated, no_series="SEG",
                language_code_default=default_lang, interaction_group_code=group,
                subject_default=subject,
                word_template_code=languages[default_lang][1] if languages else "",
            )
            for lang, (lang_subject, wt, att) in languages.items():
                SegmentInteractionLanguage.create(
                    segment=seg_no, segment_line_no=0, language=lang, description=f"{code} {lang}",
                    subject=lang_subject, word_template_code=wt, attachment_no=att or 0,
                )
            lines = []
            for k, info in enumerate(members, 1):
                contact_no, company_no, _name, lang, phone, email, _sp, _t, corr = info[:9]
                line_lang = lang if lang in languages else default_lang
                lang_subject, wt, att = languages.get(line_lang, ("", "", None))
                lines.append(dict(
                    segment=seg_no, line_no=k * 10000, contact=contact_no, campaign_no=campaign,
                    salesperson_code="JR", correspondence_type=corr if corr != BL else corr_default,
                    interaction_template_code=code, cost=Decimal(cost), duration=minutes,
                    attachment_no=att or 0, information_flow=flow, initiated_by=initiated,
                    campaign_target=target, language_code=line_lang, description=desc, date=wd,
                    contact_company_no=company_no, interaction_group_code=group, subject=lang_subject,
                    word_template_code=wt,
                ))
            if lines:
                SegmentLine.insert_many(lines).execute()

        # two interactions the Create Interaction wizard was asked to finish later
        drafts = []
        if persons:
            p = persons[-1]
            drafts.append(("EMAIL", p, 2, D.EMAIL_SUBJECTS[p[3]][0], EM, p[5]))
        if companies:
            c = companies[-1]
            drafts.append(("MEETING", c, 3, "", BL, ""))
        for kind, info, step, subject, ctype, via in drafts:
            group, desc, cost, minutes, flow, initiated, _c, _w, _k = TEMPLATES[kind]
            self.last_entry += 1
            InteractionLogEntry.insert(
                entry_no=self.last_entry, contact=info[0], contact_company_no=info[1], date=wd,
                description=desc, information_flow=flow, initiated_by=initiated, cost=Decimal(cost),
                duration=minutes, user_id=self.user, interaction_group_code=group,
                interaction_template_code=kind, time_of_interaction=dt.time(10, 30),
                salesperson_code=info[6], correspondence_type=ctype, contact_via=via,
                subject=subject, postponed=True, wizard_step=step,
            ).execute()

    def number_series(self) -> None:
        wd = self.work_date
        used = {
            "CONT": self.contact_format % self.n if self.n else "",
            "CAMP": f"CP{len(self.campaign_list):04d}",
            "SEG": f"SEG{self.last_segment:05d}",
        }
        for code, last in used.items():
            if last:
                NoSeriesLine.update(last_no_used=last, last_date_used=wd).where(
                    NoSeriesLine.series == code).execute()


# ---------------------------------------------------------------------------
# Word documents


@functools.lru_cache(maxsize=None)
def _docx(template: str, lang: str) -> bytes:
    """The .docx of a template in a language (the same bytes every time)."""
    if template == "LETTER":
        return _letter(lang)
    if template == "NEWS":
        return _newsletter(lang)
    return _offer(lang)


Piece = str | tuple[str, str]


def _write(paragraph, pieces: Iterable[Piece] | str, bold: bool = False) -> None:
    from models.merge.docx_fields import add_complex_field, add_simple_field

    if isinstance(pieces, str):
        pieces = [pieces]
    for piece in pieces:
        if isinstance(piece, str):
            run = paragraph.add_run(piece)
            run.bold = bold or None
        else:
            form, name = piece
            if form == "simple":
                add_simple_field(paragraph, name, bold=bold)
            else:
                add_complex_field(paragraph, name, split=form == "split", bold=bold)


def _new_document(title: str):
    from docx import Document
    from docx.shared import Pt

    document = Document()
    props = document.core_properties
    fixed = dt.datetime(2020, 1, 1)
    props.author = props.last_modified_by = "Relman"
    props.title = title
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return document


def _head_and_foot(document, header: list[list[Piece]], footer: list[list[Piece]]) -> None:
    section = document.sections[0]
    for container, paragraphs in ((section.header, header), (section.footer, footer)):
        first = True
        for pieces in paragraphs:
            paragraph = container.paragraphs[0] if first else container.add_paragraph()
            first = False
            _write(paragraph, pieces)


def _table(document, rows: list[tuple[str, Piece]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        _write(cells[1].paragraphs[0], [value])


def _letter(lang: str) -> bytes:
    from models.merge.docx_fields import document_bytes

    t = D.LETTER_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "COMPA_Name")],
                [("complex", "COMPA_Address"), ", ", ("split", "COMPA_Post Code"), " ", ("complex", "COMPA_City")]],
        footer=[[("complex", "COMPA_Phone No."), " · ", ("simple", "COMPA_E-Mail"), " · ",
                 ("simple", "COMPA_Home Page")],
                ["VAT ", ("split", "COMPA_VAT Registration No."), " · IBAN ", ("simple", "COMPA_IBAN")]],
    )
    for pieces in ([("simple", "CONTA_Company Name")], [("simple", "CONTA_Name")],
                   [("complex", "CONTA_Address")],
                   [("simple", "CONTA_Post Code"), " ", ("split", "CONTA_City")]):
        _write(doc.add_paragraph(), pieces)
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["subject"], bold=True)
    _write(doc.add_paragraph(), [("split", "CONTA_CALC_Formal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    label_contact, label_mail, label_phone = t["table"]
    _table(doc, [(label_contact, ("simple", "SALES_Name")), (label_mail, ("split", "SALES_E-Mail")),
                 (label_phone, ("complex", "SALES_Phone No."))])
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["closing"])
    doc.add_paragraph()
    _write(doc.add_paragraph(), [("complex", "SALES_Name")])
    _write(doc.add_paragraph(), [("simple", "SALES_Job Title")])
    return document_bytes(doc)


def _newsletter(lang: str) -> bytes:
    from models.merge.docx_fields import document_bytes

    t = D.EMAIL_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "COMPA_Name"), " – ", t["subject"]]],
        footer=[[t["footer"]],
                [("complex", "COMPA_Name"), ", ", ("split", "COMPA_Address"), ", ",
                 ("simple", "COMPA_City")]],
    )
    _write(doc.add_paragraph(), [("split", "CONTA_CALC_Informal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    _write(doc.add_paragraph(), t["closing"])
    _write(doc.add_paragraph(), [("complex", "SALES_Name")])
    _table(doc, [("E-mail", ("simple", "SALES_E-Mail")), ("☎", ("complex", "SALES_Phone No."))])
    return document_bytes(doc)


def _offer(lang: str) -> bytes:
    """A legacy Word attachment: merge fields named "<table caption> <field caption>" (SPEC 5.1, 2)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from models.merge.docx_fields import document_bytes

    t = D.OFFER_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "Company Information Name")],
                [("complex", "Company Information Address"), ", ",
                 ("simple", "Company Information Post Code"), " ", ("split", "Company Information City")]],
        footer=[[("complex", "Company Information Phone No."), " · ",
                 ("simple", "Company Information VAT Registration No.")]],
    )
    _write(doc.add_paragraph(), [("split", "Contact Mail Address")])
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _write(date, [("simple", "Document Date")])
    _write(doc.add_paragraph(), [("split", "Document Subject")], bold=True)
    _write(doc.add_paragraph(), [("complex", "Formal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    label_ref, label_contact, label_sales = t["table"]
    _table(doc, [(label_ref, ("simple", "Document Segment No.")),
                 (label_contact, ("complex", "Contact No.")),
                 (label_sales, ("split", "Salesperson/Purchaser Name"))])
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["closing"])
    _write(doc.add_paragraph(), [("complex", "Salesperson/Purchaser Name")])
    _write(doc.add_paragraph(), [("simple", "Salesperson/Purchaser Job Title")])
    return document_bytes(doc)
