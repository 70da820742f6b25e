"""Deterministic, realistic demo data at any size (``relman demo``).

``generate(contacts, seed)`` fills a new, already opened database with a
furniture dealer's marketing data: setup (languages, countries, salutations,
salespeople, classification tables, number series, Marketing Setup), campaigns,
interaction templates with real Word templates (.docx with MERGEFIELDs), contacts
(companies with their persons), two years of interaction history grouped partly
in logged segments, two open segments and two postponed interactions.

Everything comes from ``random.Random(seed)`` and the work date of
``models.base.context``: the same seed and work date give the same rows.

Speed: the big tables (contacts and their link tables: models/demo/contacts.py;
interaction log entries: models/demo/history.py) are written through the driver's
bulk writer (models/base/bulk.py) in chunks of 10,000 rows, with their secondary
indexes dropped during the load and rebuilt afterwards, and on SQLite with
foreign-key checks off for the load (the rows are consistent by construction; the
tests run ``PRAGMA foreign_key_check``). The Word templates: models/demo/documents.py.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import peewee as pw

from models.base import ask, context
from models.base.bulk import foreign_keys_off, indexes_rebuilt
from models.base.db import db, is_sqlite
from models.base.enums import CorrespondenceType, StorageType
from models.base.errors import UserError
from models.demo import words as D
from models.demo.contacts import add_contacts
from models.demo.documents import template_docx
from models.demo.history import add_interactions
from models.demo.interaction_templates import IGNORE_CONTACT_CORRES_TYPE, TEMPLATES, correspondence_type
from models.demo.places import ascii_text, slug
from models.tables.contacts import (
    BusinessRelation,
    Campaign,
    CampaignEntry,
    CompanyInformation,
    Contact,
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

NOT_EMPTY = "The database already holds contacts; demo data goes into a new database."

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

LANG_CODES = [code for code, _ in D.LANGUAGES]


def generate(contacts: int = 2000, seed: int = 1, progress: ask.Progress | None = None) -> dict:
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
    with foreign_keys_off(), db.atomic():
        demo.run()
    demo.report(1.0, "Done")
    return counts()


def counts() -> dict:
    """Rows per table (every table of the schema but the version table)."""
    from models.tables.schema import MODELS, SchemaVersion

    return {m._meta.table_name: m.select().count() for m in MODELS if m is not SchemaVersion}


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
# The generator


class _Demo:
    """The generator's state: what one step leaves for the next (models/demo/contacts.py
    and models/demo/history.py read and fill it too)."""

    def __init__(self, contacts: int, seed: int, progress: ask.Progress | None):
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

    def report(self, fraction: float, text: str) -> None:
        ask.report(self.progress, fraction, text)

    def run(self) -> None:
        self.report(0.0, "Setup")
        self.setup()
        self.report(0.01, "Word templates")
        self.templates()
        self.campaigns()
        self.plan_logged_segments()
        bulk_done = 0.9

        def rebuilding(i: int) -> None:
            self.report(0.8 + (bulk_done - 0.8) * i / len(_BULK), "Building indexes")

        with indexes_rebuilt(_BULK, rebuilding):
            add_contacts(self)
            add_interactions(self)
        self.report(0.95, "Segments")
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
                               e_mail=f"{slug(first)}.{slug(last)}@{D.OUR_DOMAIN}",
                               phone_no=f"+44 20 7946 0{100 + len(people):03d}"))
            self.users[code] = (ascii_text(first)[0] + slug(last)).upper()
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
                                          language=lang, template=template_docx(code, lang)))
                    languages[lang] = (texts[lang]["subject"], wt, None)
            elif kind == "attachment":
                for lang in D.OFFER_TEXT:
                    att = Attachment.create(attachment_file=template_docx(code, lang), file_extension="DOCX",
                                            storage_type=StorageType.EMBEDDED,
                                            last_modified=context.now())
                    languages[lang] = (D.OFFER_TEXT[lang]["subject"], "", att.no)
            self.template_languages[code] = languages
            tmpl_rows.append(dict(
                code=code, interaction_group=group, description=desc, unit_cost=Decimal(cost),
                unit_duration=minutes, information_flow=flow, initiated_by=initiated,
                correspondence_type_default=corr, wizard_action=wizard,
                ignore_contact_corres_type=code in IGNORE_CONTACT_CORRES_TYPE,
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
                    salesperson_code="JR", correspondence_type=correspondence_type(code, corr),
                    interaction_template_code=code, cost=Decimal(cost), duration=minutes,
                    attachment_no=att or 0, information_flow=flow, initiated_by=initiated,
                    campaign_target=target, language_code=line_lang, description=desc, date=wd,
                    contact_company_no=company_no, interaction_group_code=group, subject=lang_subject,
                    word_template_code=wt,
                ))
            if lines:
                SegmentLine.insert_many(lines).execute()

        # two interactions the Create Interaction wizard was asked to finish later, each
        # at a step its template's wizard has (no wizard action: steps 1 and 3)
        drafts = []
        if persons:
            p = persons[-1]
            drafts.append(("EMAIL", p, 1, D.EMAIL_SUBJECTS[p[3]][0], p[5]))
        if companies:
            c = companies[-1]
            drafts.append(("MEETING", c, 3, "", ""))
        for kind, info, step, subject, via in drafts:
            group, desc, cost, minutes, flow, initiated, ctype, _w, _k = TEMPLATES[kind]
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
