"""The demo's interaction history: two years of Interaction Log Entries (calls,
meetings, e-mails, letters, and the entries of logged segments) and campaign target
groups, written in chunks through the bulk writer (models/base/bulk.py). ``demo`` is the
generator's state (models/demo/generate.py).
"""

from __future__ import annotations

from models.base.bulk import CHUNK, BulkInsert
from models.base.enums import DeliveryStatus
from models.demo import words as D
from models.demo.interaction_templates import (
    BL,
    EM,
    EVAL_WEIGHTS,
    EVALUATIONS,
    TEMPLATES,
    correspondence_type,
)
from models.tables.contacts import CampaignTargetGroup
from models.tables.interactions import Attachment, InteractionLogEntry


def add_interactions(demo) -> None:
    """The Interaction Log Entries of the seeds ``add_contacts`` left (in date order), and the
    contacts each campaign targets."""
    rng = demo.rng
    rand, choice = rng.random, rng.choice
    seeds = demo.ile_seeds
    seeds.sort(key=lambda s: (s[0], s[1], s[2]))
    total = len(seeds)
    t_ile = BulkInsert(InteractionLogEntry, [
        "entry_no", "contact", "contact_company_no", "date", "description", "information_flow",
        "initiated_by", "attachment_no", "cost", "duration", "user_id", "interaction_group_code",
        "interaction_template_code", "campaign_no", "campaign_entry_no", "campaign_target",
        "segment_no", "evaluation", "time_of_interaction", "attempt_failed", "salesperson_code",
        "delivery_status", "delivery_error", "canceled", "correspondence_type",
        "logged_segment_entry_no", "contact_via", "interaction_language_code", "subject",
        "word_template_code", "postponed", "wizard_step",
    ])
    tl = demo.template_languages
    users = demo.users
    eval_cum = []
    acc = 0
    for w in EVAL_WEIGHTS:
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
        user = users.get(salesperson, demo.user)
        if seg_idx >= 0:
            seg = demo.segments[seg_idx]
            desc, salesperson, user = seg["description"], seg["salesperson"], seg["user"]
            campaign_no, campaign_entry, target = seg["campaign"], seg["campaign_entry_no"], seg["target"]
            seg_no, logged, canceled = seg["no"], seg["entry_no"], seg["canceled"]
            ctype = correspondence_type(kind, corr)
            if ctype == EM and rand() < 0.01:
                delivery, delivery_error = int(DeliveryStatus.ERROR), "The recipient's mailbox is unavailable."
        else:
            canceled = rand() < 0.03
            if kind in ("OUTCALL", "INCALL", "MEETING"):
                ctype = BL
                evaluation = choices(EVALUATIONS, cum_weights=eval_cum)[0]
                if kind == "MEETING":
                    desc = choice(D.MEETING_DESCRIPTIONS)
                    minutes = choice((30, 60, 60, 90, 120))
                else:
                    desc = choice(D.CALL_DESCRIPTIONS_OUT if kind == "OUTCALL" else D.CALL_DESCRIPTIONS_IN)
                    minutes = rng.randrange(2, 31)
                    if kind == "OUTCALL" and rand() < 0.15:
                        attempt_failed, evaluation, minutes = True, 0, 1
            elif kind == "EMAIL":  # written in the mail program: logged, not sent by Relman
                ctype = correspondence_type(kind, corr)
                subject = choice(D.EMAIL_SUBJECTS[lang])
                lang_code = ""
            else:
                ctype = correspondence_type(kind, corr)
            if kind == "OFFER":
                offer_used = True
        if kind in ("OUTCALL", "INCALL"):
            via = (info[9] if len(info) > 9 and info[9] and rand() < 0.4 else phone)
        elif ctype == EM or kind == "EMAIL":
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
            demo.report(0.65 + 0.15 * entry / max(1, total), f"Interactions {entry:,} of {total:,}")
    t_ile.insert(rows)
    demo.last_entry = entry
    if offer_used:
        Attachment.update(read_only=True).where(Attachment.file_extension == "DOCX").execute()

    # contacts a campaign targets: the companies of not-canceled target segments
    targets: dict[tuple[str, str], None] = {}
    for idx, seg in enumerate(demo.segments):
        if seg["target"] and not seg["canceled"]:
            for company_no in demo.segment_members[idx].values():
                targets[(seg["campaign"], company_no)] = None
    t_target = BulkInsert(CampaignTargetGroup, ["campaign", "contact"])
    rows = list(targets)
    for start in range(0, len(rows), CHUNK):
        t_target.insert(rows[start:start + CHUNK])
