"""Small builders for model tests: rows with just the fields a test cares about."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from models.base.enums import ContactType
from models.tables.contacts import Contact, Salesperson, UserSetup
from models.tables.interactions import (
    Attachment,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTmplLanguage,
    WordTemplate,
)
from models.tables.setup import NoSeries, NoSeriesLine, marketing_setup


def series(code: str = "SEG", starting_no: str = "SEG00001", *, manual: bool = False,
           ending_no: str = "", last_no_used: str = "", starting_date: dt.date | None = None,
           setup_field: str | None = "segment_nos") -> NoSeries:
    """A number series with one line, wired into a Marketing Setup field."""
    s = NoSeries.get_or_none(NoSeries.code == code) or NoSeries.create(code=code, manual_nos=manual)
    NoSeriesLine.create(series=code, starting_no=starting_no, ending_no=ending_no,
                        last_no_used=last_no_used, starting_date=starting_date,
                        line_no=10000 * (NoSeriesLine.select().where(NoSeriesLine.series == code).count() + 1))
    if setup_field:
        setup = marketing_setup()
        setattr(setup, setup_field, code)
        setup.save()
    return s


def salesperson(code: str = "SP1", *, blocked: bool = False, user: str | None = None) -> Salesperson:
    person = Salesperson.create(code=code, name=f"Salesperson {code}", blocked=blocked)
    if user:
        UserSetup.create(user_id=user, salesperson=code)
    return person


def group(code: str = "LETTER") -> InteractionGroup:
    return InteractionGroup.create(code=code, description=f"Group {code}")


def template(code: str = "T1", group_code: str = "LETTER", **values) -> InteractionTemplate:
    """A template written straight into the table (no rules), with its group."""
    if InteractionGroup.get_or_none(InteractionGroup.code == group_code) is None:
        group(group_code)
    return InteractionTemplate.create(code=code, interaction_group=group_code, **values)


def tmpl_language(template_code: str, language_code: str = "", *, attachment: bytes | None = None,
                  read_only: bool = False, layout: str = "", word: str | None = None) -> InteractionTmplLanguage:
    att = None
    if attachment is not None:
        att = Attachment.create(attachment_file=attachment, file_extension="TXT", read_only=read_only).no
    return InteractionTmplLanguage.create(
        interaction_template=template_code, language_code=language_code, attachment=att,
        custom_layout_code=layout, word_template=word,
    )


def word_template(code: str = "WT1", language: str | None = None) -> WordTemplate:
    return WordTemplate.create(code=code, name=f"Word template {code}", language=language,
                               template=docx_bytes())


def contact(no: str = "CT1") -> Contact:
    return Contact.create(no=no, name=f"Contact {no}", type=ContactType.COMPANY, company=None)


def entry(template_code: str = "T1", group_code: str = "LETTER", *, date: dt.date = dt.date(2026, 1, 10),
          cost: str = "1.50", duration: int = 5, canceled: bool = False, postponed: bool = False,
          contact_no: str = "CT1") -> InteractionLogEntry:
    if Contact.get_or_none(Contact.no == contact_no) is None:
        contact(contact_no)
    return InteractionLogEntry.create(
        contact=contact_no, date=date, interaction_template_code=template_code,
        interaction_group_code=group_code, cost=Decimal(cost), duration=duration,
        canceled=canceled, postponed=postponed,
    )


def docx_bytes(text: str = "Hello") -> bytes:
    """A minimal valid Word document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                   f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                   '</w:body></w:document>')
    return buffer.getvalue()
