"""The one exception type for errors a user can cause."""


class UserError(Exception):
    """A message written for a person: the UI shows it, the CLI prints it and exits 2."""


class FieldError(UserError):
    """A value a user typed into one field is wrong: the UI marks that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
