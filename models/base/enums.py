"""Business Central enumerations, stored as their integer values."""

from enum import IntEnum


class LabeledEnum(IntEnum):
    """An IntEnum whose label is what Business Central shows (blank for 0)."""

    @property
    def label(self) -> str:
        return "" if self.name == "BLANK" else self.name.replace("_", " ").title()

    @classmethod
    def from_label(cls, text: str) -> "LabeledEnum":
        wanted = text.strip().lower().replace(".", "")
        for member in cls:
            if member.label.lower().replace(".", "") == wanted or str(int(member)) == wanted:
                return member
        options = ", ".join(repr(m.label) for m in cls if m.label)
        raise ValueError(f"'{text}' is not one of {options}")

    @classmethod
    def choices(cls) -> list[tuple[str, int]]:
        return [(m.label or " ", int(m)) for m in cls]


class CorrespondenceType(LabeledEnum):
    BLANK = 0
    HARD_COPY = 1
    EMAIL = 2

    @property
    def label(self) -> str:
        return {0: "", 1: "Hard Copy", 2: "Email"}[int(self)]


class InformationFlow(LabeledEnum):
    BLANK = 0
    OUTBOUND = 1
    INBOUND = 2


class InitiatedBy(LabeledEnum):
    BLANK = 0
    US = 1
    THEM = 2


class Evaluation(LabeledEnum):
    BLANK = 0
    VERY_POSITIVE = 1
    POSITIVE = 2
    NEUTRAL = 3
    NEGATIVE = 4
    VERY_NEGATIVE = 5


class DeliveryStatus(LabeledEnum):
    BLANK = 0
    IN_PROGRESS = 1
    ERROR = 2


class WizardAction(LabeledEnum):
    BLANK = 0
    OPEN = 1
    IMPORT = 2
    MERGE = 3


class CriteriaAction(LabeledEnum):
    BLANK = 0
    ADD_CONTACTS = 1
    REDUCE = 2
    REFINE = 3

    @property
    def label(self) -> str:
        return {0: "", 1: "Add Contacts", 2: "Remove Contacts (Reduce)",
                3: "Remove Contacts (Refine)"}[int(self)]


class CriteriaLineType(LabeledEnum):
    ACTION = 0
    FILTER = 1


class HistoryAction(LabeledEnum):
    INSERTION = 0
    DELETION = 1


class ContactType(LabeledEnum):
    """Companies sort before persons, as in Business Central."""

    COMPANY = 0
    PERSON = 1


class StorageType(LabeledEnum):
    EMBEDDED = 0
    DISK_FILE = 1


class DocumentType(LabeledEnum):
    BLANK = 0
    COVER_SHEET = 1
