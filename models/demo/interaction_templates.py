"""The demo's interaction templates (code -> settings) and how often the history uses each."""

from __future__ import annotations

from models.base.enums import (
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)

HC, EM, BL = int(CorrespondenceType.HARD_COPY), int(CorrespondenceType.EMAIL), int(CorrespondenceType.BLANK)
OUT, INB = int(InformationFlow.OUTBOUND), int(InformationFlow.INBOUND)
US_, THEM = int(InitiatedBy.US), int(InitiatedBy.THEM)

TEMPLATES = {
    # code: group, description, cost, minutes, flow, initiated, corr default, wizard, languages
    "LETTER": ("LETTER", "Product letter", "1.20", 5, OUT, US_, HC, WizardAction.MERGE, "word"),
    "NEWS": ("EMAIL", "Newsletter", "0.05", 1, OUT, US_, EM, WizardAction.MERGE, "word"),
    # an e-mail written in the mail program and logged here: nothing for Relman to deliver
    "EMAIL": ("EMAIL", "E-mail", "0.00", 5, OUT, US_, BL, WizardAction.BLANK, None),
    "OFFER": ("LETTER", "Quotation letter", "1.50", 10, OUT, US_, HC, WizardAction.OPEN, "attachment"),
    "OUTCALL": ("PHONE", "Outgoing phone call", "0.30", 10, OUT, US_, BL, WizardAction.BLANK, None),
    "INCALL": ("PHONE", "Incoming phone call", "0.00", 5, INB, THEM, BL, WizardAction.BLANK, None),
    "MEETING": ("MEETING", "Customer meeting", "25.00", 60, OUT, US_, BL, WizardAction.BLANK, None),
}
# templates whose interactions never take the contact's correspondence type (nothing is sent)
IGNORE_CONTACT_CORRES_TYPE = {"EMAIL", "OUTCALL", "INCALL", "MEETING"}


def correspondence_type(code: str, contact_type: int) -> int:
    """A line's Correspondence Type by the rule the segment lines follow (SPEC 2.5,
    models.segments.defaults.correspondence_type_sql): the template's default when it
    ignores the contact's type or the contact has none, else the contact's."""
    default = TEMPLATES[code][6]
    return default if code in IGNORE_CONTACT_CORRES_TYPE or contact_type == BL else contact_type


# individual (not segment) interactions: template and weight
SINGLE_KINDS = ["OUTCALL", "INCALL", "MEETING", "EMAIL", "LETTER", "OFFER"]
SINGLE_WEIGHTS = [30, 15, 12, 25, 8, 10]
EVALUATIONS = [int(e) for e in Evaluation]
EVAL_WEIGHTS = [40, 8, 20, 20, 8, 4]
