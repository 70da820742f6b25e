"""Every page's table: its columns (Business Central captions), search and rules.

Importing this module registers every page; :func:`entity` is how a page finds its table.
"""

from __future__ import annotations

import peewee as pw

from models.base.enums import (
    ContactType,
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    StorageType,
    WizardAction,
)
from models.contacts import card as contact_card
from models.pages.records import ENTITIES, Entity, check_references, register
from models.pages.records import Column as C
from models.tables.contacts import Campaign, Contact, Language, Salesperson
from models.tables.interactions import (
    InteractionGroup,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.setup import MarketingSetup, NoSeries, NoSeriesLine


def _templates():
    from models.segments import templates  # the interaction template rules

    return templates


def _template_languages():
    from models.segments import template_languages  # languages, attachments

    return template_languages


register(Entity(
    name="contacts",
    title="Contacts",
    model=Contact,
    search=["no", "search_name"],
    prefix_search=True,
    columns=[
        C("no", "No.", 10, "code", insert_only=True, hint="blank: next number from Contact Nos."),
        C("name", "Name", 26, required=True),
        C("type", "Type", 7, "enum", ContactType),
        C("company_no", "Company No.", 10, "code", in_list=False, lookup="companies"),
        C("company_name", "Company Name", 20, in_list=False, read_only=True),
        C("city", "City", 12),
        C("phone_no", "Phone No.", 16),
        C("search_name", "Search Name", 20, "code", in_list=False),
        C("name_2", "Name 2", 20, in_list=False),
        C("first_name", "First Name", 15, in_list=False),
        C("surname", "Surname", 15, in_list=False),
        C("job_title", "Job Title", 15, in_list=False),
        C("address", "Address", 20, in_list=False),
        C("address_2", "Address 2", 20, in_list=False),
        C("post_code", "Post Code", 10, "code", in_list=False),
        C("county", "County", 15, in_list=False),
        C("country_region_code", "Country/Region Code", 6, "code", in_list=False, lookup="countries"),
        C("mobile_phone_no", "Mobile Phone No.", 15, in_list=False),
        C("e_mail", "E-Mail", 25, in_list=False),
        C("home_page", "Home Page", 25, in_list=False),
        C("salutation_code", "Salutation Code", 10, "code", in_list=False, lookup="salutations"),
        C("language_code", "Language Code", 10, "code", in_list=False, lookup="languages"),
        C("salesperson_code", "Salesperson Code", 10, "code", in_list=False, lookup="salespeople"),
        C("territory_code", "Territory Code", 10, "code", in_list=False),
        C("correspondence_type", "Correspondence Type", 10, "enum", CorrespondenceType, in_list=False),
        C("exclude_from_segment", "Exclude from Segment", 5, "bool", in_list=False),
        C("privacy_blocked", "Privacy Blocked", 5, "bool", in_list=False),
    ],
    create=lambda values, confirm, parent: contact_card.create_contact(values),
    update=lambda key, values, confirm, parent: contact_card.update_contact(key, values),
    delete=lambda key, parent: contact_card.delete_contact(key),
))

register(Entity(
    name="companies",
    title="Companies",
    model=Contact,
    search=["no", "search_name"],
    prefix_search=True,
    scope=lambda query, parent: query.where(Contact.type == ContactType.COMPANY),
    columns=[C("no", "No.", 10, "code"), C("name", "Name", 30), C("city", "City", 15)],
))

register(Entity(
    name="salespeople",
    title="Salespeople",
    model=Salesperson,
    search=["code", "name"],
    columns=[
        C("code", "Code", 10, "code", required=True, insert_only=True),
        C("name", "Name", 26),
        C("job_title", "Job Title", 16),
        C("e_mail", "E-Mail", 24, in_list=False),
        C("phone_no", "Phone No.", 15),
        C("blocked", "Blocked", 7, "bool"),
        C("privacy_blocked", "Privacy Blocked", 5, "bool", in_list=False),
    ],
))

register(Entity(
    name="campaigns",
    title="Campaigns",
    model=Campaign,
    search=["no", "description"],
    columns=[
        C("no", "No.", 10, "code", required=True, insert_only=True),
        C("description", "Description", 30),
        C("starting_date", "Starting Date", 10, "date", hint="YYYY-MM-DD", short="Starting"),
        C("ending_date", "Ending Date", 10, "date", hint="YYYY-MM-DD", short="Ending"),
        C("salesperson_code", "Salesperson Code", 11, "code", lookup="salespeople", short="Salesperson"),
        C("status_code", "Status Code", 10, "code", in_list=False),
    ],
))

register(Entity(
    name="interaction_groups",
    title="Interaction Groups",
    model=InteractionGroup,
    search=["code", "description"],
    columns=[
        C("code", "Code", 10, "code", required=True, insert_only=True),
        C("description", "Description", 40),
    ],
    create=lambda values, confirm, parent: _templates().save_group(None, values),
    update=lambda key, values, confirm, parent: _templates().save_group(key, values),
    delete=lambda key, parent: _templates().delete_group(key),
))

register(Entity(
    name="interaction_templates",
    title="Interaction Templates",
    model=InteractionTemplate,
    search=["code", "description"],
    columns=[
        C("code", "Code", 8, "code", required=True, insert_only=True),
        C("interaction_group_code", "Interaction Group Code", 8, "code", required=True,
          lookup="interaction_groups", short="Group"),
        C("description", "Description", 25),
        C("language_code_default", "Language Code (Default)", 8, "code", lookup="languages",
          short="Language"),
        C("correspondence_type_default", "Correspondence Type (Default)", 10, "enum", CorrespondenceType,
          short="Corr. Type"),
        C("wizard_action", "Wizard Action", 7, "enum", WizardAction, short="Wizard"),
        C("word_template_code", "Word Template Code", 12, "code", in_list=False, lookup="word_templates"),
        C("unit_cost", "Unit Cost (LCY)", 10, "money", in_list=False),
        C("unit_duration", "Unit Duration (Min.)", 6, "int", in_list=False),
        C("information_flow", "Information Flow", 8, "enum", InformationFlow, in_list=False),
        C("initiated_by", "Initiated By", 6, "enum", InitiatedBy, in_list=False),
        C("ignore_contact_corres_type", "Ignore Contact Corres. Type", 5, "bool", in_list=False),
        C("campaign_no", "Campaign No.", 10, "code", in_list=False, lookup="campaigns"),
        C("campaign_target", "Campaign Target", 5, "bool", in_list=False),
        C("campaign_response", "Campaign Response", 5, "bool", in_list=False),
    ],
    create=lambda values, confirm, parent: _templates().save_template(None, values, confirm),
    update=lambda key, values, confirm, parent: _templates().save_template(key, values, confirm),
    delete=lambda key, parent: _templates().delete_template(key),
))

register(Entity(
    name="template_languages",
    title="Interaction Tmpl. Languages",
    model=InteractionTmplLanguage,
    scope=lambda query, parent: query.where(InteractionTmplLanguage.interaction_template == parent),
    columns=[
        C("language_code", "Language Code", 8, "code", required=True, insert_only=True, lookup="languages",
          short="Language"),
        C("description", "Description", 26),
        C("attachment_no", "Attachment No.", 10, "int", read_only=True, short="Attachment"),
        C("word_template_code", "Word Template Code", 18, "code", lookup="word_templates",
          short="Word Template"),
    ],
    create=lambda values, confirm, parent: _template_languages().add_template_language(
        parent, values["language_code"], values.get("description", ""),
        values.get("word_template_code", "")),
    update=lambda key, values, confirm, parent: _template_languages().update_template_language(
        parent, key, values, confirm),
    delete=lambda key, parent: _template_languages().delete_template_language(parent, key),
))

register(Entity(
    name="languages",
    title="Languages",
    model=Language,
    search=["code", "name"],
    columns=[C("code", "Code", 10, "code", required=True, insert_only=True), C("name", "Name", 30)],
))


def _lookup_only(name, title, model, key="code", desc="description"):
    register(Entity(name=name, title=title, model=model, search=[key, desc],
                    columns=[C(key, "Code", 10, "code", required=True, insert_only=True),
                             C(desc, "Description", 30)]))


def _register_small_tables():
    from models.tables.contacts import CountryRegion, Salutation
    from models.tables.interactions import WordTemplate

    register(Entity(name="countries", title="Countries/Regions", model=CountryRegion, search=["code", "name"],
                    columns=[C("code", "Code", 10, "code", required=True, insert_only=True),
                             C("name", "Name", 30)]))
    _lookup_only("salutations", "Salutations", Salutation)
    register(Entity(name="word_templates", title="Word Templates", model=WordTemplate, search=["code", "name"],
                    columns=[C("code", "Code", 14, "code", required=True, insert_only=True),
                             C("name", "Name", 30), C("language_code", "Language Code", 8, "code")]))


_register_small_tables()


def _series_join(query):
    return query.join(
        NoSeriesLine, pw.JOIN.LEFT_OUTER,
        on=((NoSeriesLine.series == NoSeries.code) & (NoSeriesLine.line_no == 10000)),
    )


def _save_series(key, values, confirm, parent):
    from models.base.db import db

    with db.atomic():
        return _write_series(key, values)


def _write_series(key, values):
    line_fields = ("starting_no", "ending_no", "last_no_used", "increment_by")
    line_values = {k: values.pop(k) for k in line_fields if k in values}
    if key is None:
        code = values.get("code")
        if not code:
            from models.base.errors import FieldError
            raise FieldError("code", "Code must have a value.")
        if NoSeries.get_or_none(NoSeries.code == code):
            from models.base.errors import FieldError
            raise FieldError("code", f"No. Series {code} already exists.")
        NoSeries.create(**values)
        NoSeriesLine.create(series=code, line_no=10000, **line_values)
        return code
    NoSeries.update(**{k: v for k, v in values.items() if k != "code"}).where(NoSeries.code == key).execute()
    if NoSeriesLine.select().where((NoSeriesLine.series == key) & (NoSeriesLine.line_no == 10000)).exists():
        NoSeriesLine.update(**line_values).where(
            (NoSeriesLine.series == key) & (NoSeriesLine.line_no == 10000)).execute()
    else:
        NoSeriesLine.create(series=key, line_no=10000, **line_values)
    return key


def _delete_series(key, parent):
    from models.base.errors import UserError

    setup = MarketingSetup.get_or_none(MarketingSetup.id == 1)
    if setup is not None:
        for field, caption in MarketingSetup.SERIES_CAPTIONS.items():
            if getattr(setup, field) == key:
                raise UserError(f"No. Series {key} is used as {caption} in Marketing Setup.")
    NoSeries.delete().where(NoSeries.code == key).execute()


register(Entity(
    name="no_series",
    title="No. Series",
    model=NoSeries,
    search=["code", "description"],
    join=_series_join,
    extra_fields={
        "starting_no": NoSeriesLine.starting_no,
        "ending_no": NoSeriesLine.ending_no,
        "last_no_used": NoSeriesLine.last_no_used,
        "increment_by": NoSeriesLine.increment_by,
    },
    columns=[
        C("code", "Code", 8, "code", required=True, insert_only=True),
        C("description", "Description", 22),
        C("starting_no", "Starting No.", 12, "code"),
        C("ending_no", "Ending No.", 12, "code"),
        C("last_no_used", "Last No. Used", 10, "code", short="Last Used"),
        C("increment_by", "Increment-by No.", 4, "int", in_list=False),
        C("default_nos", "Default Nos.", 5, "bool", in_list=False),
        C("manual_nos", "Manual Nos.", 6, "bool", short="Manual"),
    ],
    create=lambda values, confirm, parent: _save_series(None, values, confirm, parent),
    update=_save_series,
    delete=_delete_series,
))


def _save_setup(key, values, confirm, parent):
    from models.base.db import db
    from models.tables.setup import marketing_setup

    with db.atomic():
        setup = marketing_setup()
        check_references(ENTITY_SETUP, values)
        for name, value in values.items():
            if name != "id":
                setattr(setup, name, value)
        setup.validate()
        setup.save()
        return 1


ENTITY_SETUP = register(Entity(
    name="marketing_setup",
    title="Marketing Setup",
    model=MarketingSetup,
    columns=[
        C("id", "Primary Key", 3, "int", in_card=False),
        C("contact_nos", "Contact Nos.", 10, "code", lookup="no_series"),
        C("campaign_nos", "Campaign Nos.", 10, "code", lookup="no_series"),
        C("segment_nos", "Segment Nos.", 10, "code", lookup="no_series"),
        C("task_nos", "To-do Nos.", 10, "code", lookup="no_series"),
        C("opportunity_nos", "Opportunity Nos.", 10, "code", lookup="no_series"),
        C("default_salesperson_code", "Default Salesperson Code", 10, "code", lookup="salespeople"),
        C("default_language_code", "Default Language Code", 10, "code", lookup="languages"),
        C("default_correspondence_type", "Default Correspondence Type", 10, "enum", CorrespondenceType),
        C("def_company_salutation_code", "Def. Company Salutation Code", 10, "code", lookup="salutations"),
        C("default_person_salutation_code", "Default Person Salutation Code", 10, "code",
          lookup="salutations"),
        C("attachment_storage_type", "Attachment Storage Type", 10, "enum", StorageType),
        C("attachment_storage_location", "Attachment Storage Location", 30),
        C("mergefield_language_id", "Mergefield Language ID", 6, "int"),
    ],
    update=_save_setup,
))


# ---------------------------------------------------------------- segments

def _segment():
    from models.segments import segment

    return segment


def _segment_rules():
    from models.segments import header as segment_header

    return segment_header


def _line_rules():
    from models.segments import lines as segment_lines

    return segment_lines


def _register_segments():
    from models.base.enums import Evaluation
    from models.tables.interactions import InteractionLogEntry
    from models.tables.segments import (
        LoggedSegment,
        SavedSegmentCriteria,
        SavedSegmentCriteriaLine,
        SegmentHeader,
        SegmentLine,
    )

    no_of_lines = (SegmentLine.select(pw.fn.COUNT(SegmentLine.line_no))
                   .where(SegmentLine.segment == SegmentHeader.no))
    register(Entity(
        name="segments",
        title="Segments",
        model=SegmentHeader,
        search=["no", "description"],
        extra_fields={"no_of_lines": no_of_lines},
        columns=[
            C("no", "No.", 10, "code", insert_only=True),
            C("description", "Description", 26),
            C("date", "Date", 10, "date"),
            C("salesperson_code", "Salesperson Code", 11, "code", short="Salesperson"),
            C("no_of_lines", "No. of Lines", 8, "int", read_only=True, in_card=False, short="Lines"),
            C("campaign_no", "Campaign No.", 8, "code", short="Campaign"),
        ],
        create=lambda values, confirm, parent: _segment().create_segment(
            values.get("no", ""), description=values.get("description", "")),
        delete=lambda key, parent: _segment().delete_segment(key),
    ))

    header_columns = [
        C("no", "No.", 10, "code", read_only=True, hint="— General —"),
        C("description", "Description", 30),
        C("salesperson_code", "Salesperson Code", 10, "code", lookup="salespeople"),
        C("date", "Date", 10, "date", hint="YYYY-MM-DD"),
        C("interaction_template_code", "Interaction Template Code", 10, "code",
          lookup="interaction_templates", hint="— Interaction —"),
        C("language_code_default", "Language Code (Default)", 10, "code", lookup="languages"),
        C("subject_default", "Subject (Default)", 30),
        C("word_template_code", "Word Template Code", 20, "code", read_only=True),
        C("ignore_contact_corres_type", "Ignore Contact Corres. Type", 5, "bool"),
        C("correspondence_type_default", "Correspondence Type (Default)", 10, "enum", CorrespondenceType),
        C("information_flow", "Information Flow", 8, "enum", InformationFlow),
        C("initiated_by", "Initiated By", 6, "enum", InitiatedBy),
        C("unit_cost", "Unit Cost (LCY)", 10, "money"),
        C("unit_duration", "Unit Duration (Min.)", 6, "int"),
        C("send_word_docs_as_attmt", "Send Word Docs. as Attmt.", 5, "bool"),
        C("campaign_no", "Campaign No.", 10, "code", lookup="campaigns", hint="— Campaign —"),
        C("campaign_target", "Campaign Target", 5, "bool"),
        C("campaign_response", "Campaign Response", 5, "bool"),
    ]
    register(Entity(
        name="segment_header",
        title="Segment",
        model=SegmentHeader,
        columns=header_columns,
        update=lambda key, values, confirm, parent: _segment_rules().update_header(
            key, {k: v for k, v in values.items() if k != "no"}, confirm),
        field_states=lambda key: _segment_rules().header_field_states(key),
        stay_open=True,
    ))

    register(Entity(
        name="segment_lines",
        title="Segment Line",
        model=SegmentLine,
        scope=lambda query, parent: query.where(SegmentLine.segment == parent),
        columns=[
            C("line_no", "Line No.", 8, "int", read_only=True),
            C("contact_no", "Contact No.", 10, "code", lookup="contacts"),
            C("description", "Description", 30),
            C("interaction_template_code", "Interaction Template Code", 10, "code",
              lookup="interaction_templates"),
            C("language_code", "Language Code", 10, "code", lookup="languages"),
            C("subject", "Subject", 30),
            C("correspondence_type", "Correspondence Type", 10, "enum", CorrespondenceType),
            C("salesperson_code", "Salesperson Code", 10, "code", lookup="salespeople"),
            C("date", "Date", 10, "date", hint="YYYY-MM-DD"),
            C("evaluation", "Evaluation", 12, "enum", Evaluation),
            C("cost", "Cost (LCY)", 10, "money"),
            C("duration", "Duration (Min.)", 6, "int"),
            C("campaign_no", "Campaign No.", 10, "code", lookup="campaigns"),
            C("campaign_target", "Campaign Target", 5, "bool"),
            C("campaign_response", "Campaign Response", 5, "bool"),
            C("contact_company_no", "Contact Company No.", 10, "code", read_only=True),
            C("contact_alt_address_code", "Contact Alt. Address Code", 10, "code", read_only=True),
            C("word_template_code", "Word Template Code", 20, "code", read_only=True),
            C("send_word_doc_as_attmt", "Send Word Doc. As Attmt.", 5, "bool"),
        ],
        update=lambda key, values, confirm, parent: _line_rules().update_line(
            parent, key, {k: v for k, v in values.items() if k != "line_no"}, confirm),
        delete=lambda key, parent: _line_rules().delete_line(parent, key),
    ))

    no_of_actions = (SavedSegmentCriteriaLine.select(pw.fn.COUNT(SavedSegmentCriteriaLine.line_no))
                     .where((SavedSegmentCriteriaLine.segment_criteria == SavedSegmentCriteria.code)
                            & (SavedSegmentCriteriaLine.type == 0)))
    register(Entity(
        name="saved_criteria",
        title="Saved Segment Criteria",
        model=SavedSegmentCriteria,
        search=["code", "description"],
        extra_fields={"no_of_actions": no_of_actions},
        columns=[
            C("code", "Code", 10, "code", read_only=True),
            C("description", "Description", 34),
            C("user_id", "User ID", 12, "code", read_only=True),
            C("no_of_actions", "No. of Actions", 8, "int", read_only=True, in_card=False, short="Actions"),
        ],
        delete=lambda key, parent: _reuse().delete_saved_criteria(key),
    ))

    ile = InteractionLogEntry
    no_of_interactions = (ile.select(pw.fn.COUNT(ile.entry_no))
                          .where((ile.logged_segment_entry_no == LoggedSegment.entry_no)
                                 & (ile.canceled == LoggedSegment.canceled) & (ile.postponed == False)))  # noqa: E712
    register(Entity(
        name="logged_segments",
        title="Logged Segments",
        model=LoggedSegment,
        search=["segment_no", "description"],
        extra_fields={"no_of_interactions": no_of_interactions},
        columns=[
            C("entry_no", "Entry No.", 6, "int", read_only=True, short="Entry"),
            C("segment_no", "Segment No.", 10, "code", read_only=True, short="Segment"),
            C("description", "Description", 26, read_only=True),
            C("creation_date", "Creation Date", 10, "date", read_only=True, short="Created"),
            C("no_of_interactions", "No. of Interactions", 7, "int", read_only=True, in_card=False,
              short="Inter."),
            C("canceled", "Canceled", 3, "bool", read_only=True, short="Cxl"),
        ],
    ))


def _reuse():
    from models.segments import reuse

    return reuse


_register_segments()

# the classification tables (Mailing Groups, …) and a contact's links to them
from models.pages import contact_links  # noqa: F401  (registers its pages)


def entity(name: str) -> Entity:
    """The registered page entity of that name (KeyError for an unknown one)."""
    return ENTITIES[name]
