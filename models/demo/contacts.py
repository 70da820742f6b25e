"""The demo's contacts: companies with their persons, their link tables, alternative
addresses, and the seeds of their interaction history, written in chunks through the
bulk writer (models/base/bulk.py). ``demo`` is the generator's state (models/demo/generate.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

from models.base.bulk import CHUNK, BulkInsert
from models.demo import words as D
from models.demo.interaction_templates import BL, EM, HC, SINGLE_KINDS, SINGLE_WEIGHTS
from models.demo.places import Country, all_countries, phone_number, slug
from models.tables.contacts import (
    Contact,
    ContactAltAddrDateRange,
    ContactAltAddress,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
)


def add_contacts(demo) -> None:
    """Companies with their persons (and persons on their own), their mailing groups,
    industry groups, business relations and job responsibilities, a few alternative
    addresses, and the seeds of their history (``demo.ile_seeds``, ``demo.segment_members``)."""
    rng = demo.rng
    rand = rng.random

    # rng.choice/randrange cost ~1 µs a call; these do the same job in a third of it
    def choice(seq):
        return seq[int(rand() * len(seq))]

    def randrange(stop):
        return int(rand() * stop)

    n = demo.n
    countries = all_countries()
    pool = [countries[c] for c, spec in D.COUNTRIES.items() for _ in range(spec["weight"])]
    focus = {}
    for code, _name, _title, regions, blocked in D.SALESPEOPLE:
        for region in regions:
            focus.setdefault(region, []).append(code)
    fmt = demo.contact_format
    mailing = [c for c, _ in D.MAILING_GROUPS]
    industries = [c for c, _ in D.INDUSTRY_GROUPS]
    relations = [c for c, _ in D.BUSINESS_RELATIONS]
    rel_cum = list(itertools.accumulate(D.BUSINESS_RELATION_WEIGHTS))
    kind_cum = list(itertools.accumulate(SINGLE_WEIGHTS))
    jr_codes = [c for c, _ in D.JOB_RESPONSIBILITIES]
    persons_per_company = [1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8]
    alt_p = max(0.005, 3 / max(1.0, n / 5.5))
    dates = _history_dates(demo.work_date)
    times = [f"{h:02d}:{m:02d}:00" for h in range(8, 18) for m in range(0, 60, 5)]
    segs_email, segs_other = demo.segments_by_channel[True], demo.segments_by_channel[False]
    seg_taken: dict[int, dict] = {i: {} for i in range(len(demo.segments))}

    t_contact = BulkInsert(Contact, [
        "no", "type", "name", "search_name", "company", "company_name", "first_name", "middle_name",
        "surname", "initials", "job_title", "address", "address_2", "post_code", "city", "county",
        "country", "phone_no", "mobile_phone_no", "fax_no", "e_mail", "home_page",
        "vat_registration_no", "salutation", "language", "salesperson", "territory_code",
        "exclude_from_segment", "correspondence_type", "privacy_blocked",
    ])
    t_mg = BulkInsert(ContactMailingGroup, ["contact", "target"])
    t_ig = BulkInsert(ContactIndustryGroup, ["contact", "target"])
    t_br = BulkInsert(ContactBusinessRelation, ["contact", "target"])
    t_jr = BulkInsert(ContactJobResponsibility, ["contact", "target"])
    rows, mg, ig, br, jr = [], [], [], [], []
    alt_rows, alt_ranges = [], []
    demo.ile_seeds = seeds = []  # (date, time, seq, kind, segment index, contact info)

    def history(info: tuple, excluded: bool) -> None:
        r = rand()
        k = 0 if r < 0.82 else 1 if r < 0.93 else 2 if r < 0.98 else 3
        for _ in range(k):
            kind = SINGLE_KINDS[bisect.bisect(kind_cum, rand() * kind_cum[-1])]
            seeds.append((choice(dates), choice(times), len(seeds), kind, -1, info))
        if not excluded and rand() < 0.10:
            idx = choice(segs_email if info[8] == EM else segs_other)
            taken = seg_taken[idx]
            if info[0] not in taken:
                taken[info[0]] = info[1] or info[0]  # contact -> its company
                seg = demo.segments[idx]
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
            domain = slug(base, "-") + ".example"
            address = choice(c.addresses)
            address_2 = choice(c.address_2) if rand() < 0.15 else ""
            post = choice(posts)
            phone = phone_prefix + phone_number(randrange, c.phone_digits)
            fax = phone_prefix + phone_number(randrange, c.phone_digits) if rand() < 0.3 else ""
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
            if len(demo.reserve_companies) < 10 and not excluded:
                demo.reserve_companies.append(info)
            if rand() < alt_p:
                _alt_address(demo, no, name, c, alt_rows, alt_ranges)
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
            mobile = c.mobile[0] + phone_number(randrange, c.mobile[1]) if rand() < 0.6 else ""
            if company is not None:
                (company_no, company_name, address, address_2, post, city, county, phone_prefix,
                 domain, salesperson, territory) = company
                email = f"{fs}.{ss}@{domain}" if rand() < 0.95 else ""
            else:
                company_no, company_name, address_2 = None, "", ""
                address, post = choice(c.addresses), choice(posts)
                email = f"{fs}.{ss}@{choice(D.PRIVATE_MAIL_DOMAINS)}" if rand() < 0.8 else ""
                salesperson = choice(focus[c.code])
            phone = phone_prefix + phone_number(randrange, c.phone_digits)
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
            if len(demo.reserve_persons) < 30 and not excluded and not privacy and company:
                demo.reserve_persons.append(info)
        if i >= next_report or i >= n:
            next_report += CHUNK
            t_contact.insert(rows)
            for table, links in ((t_mg, mg), (t_ig, ig), (t_br, br), (t_jr, jr)):
                table.insert(links)
            rows, mg, ig, br, jr = [], [], [], [], []
            demo.report(0.02 + 0.63 * i / max(1, n), f"Contacts {i:,} of {n:,}")
    t_contact.insert(rows)
    for table, links in ((t_mg, mg), (t_ig, ig), (t_br, br), (t_jr, jr)):
        table.insert(links)
    # small databases: every logged segment gets a few contacts
    for idx, members in seg_taken.items():
        if not members:
            seg = demo.segments[idx]
            for info in demo.reserve_persons[idx % 5::5][:3]:
                members[info[0]] = info[1] or info[0]
                seeds.append((seg["date"], seg["time"], len(seeds), seg["kind"], idx, info))
    if alt_rows:
        ContactAltAddress.insert_many(alt_rows).execute()
        ContactAltAddrDateRange.insert_many(alt_ranges).execute()
    demo.segment_members = seg_taken


def _history_dates(wd) -> list[str]:
    """Weekdays of the two years before the work date."""
    days = (wd - dt.timedelta(days=d) for d in range(1, 731))
    return [d.isoformat() for d in days if d.weekday() < 5]


def _alt_address(demo, no: str, name: str, c: Country, rows: list, ranges: list) -> None:
    rng, wd = demo.rng, demo.work_date
    code, _desc = rng.choice(D.ALT_ADDRESS_CODES)
    city, county, _territory, posts, phone_prefix = rng.choice(c.cities)
    rows.append(dict(
        contact=no, code=code, company_name=name, address=rng.choice(c.addresses),
        post_code=rng.choice(posts), city=city, county=county, country=c.code,
        phone_no=phone_prefix + phone_number(rng.randrange, c.phone_digits),
        e_mail=f"{code.lower()}@{slug(name.rsplit(' ', 1)[0], '-')}.example",
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
