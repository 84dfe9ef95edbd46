"""Errors that cross layers. Every message is written for the user."""

from __future__ import annotations


class CasefileError(Exception):
    """Base of every error Casefile reports to its user."""


class NotFound(CasefileError):
    """A source, excerpt, tag, record or type that does not exist."""


class InvalidInput(CasefileError):
    """Input that breaks a rule: an offset out of range, an empty name, ..."""


class CaseFileOpenError(CasefileError):
    """A case file that cannot be opened: missing, not SQLite, damaged, too new."""


class ImportFailure(CasefileError):
    """A document that cannot be imported. The message names the file and the reason."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


class PasswordRequired(ImportFailure):
    """The document is encrypted with a user password; ask for it and try again."""


class DuplicateSource(CasefileError):
    """The same bytes were imported before."""

    def __init__(self, filename: str, existing_id: int, existing_title: str) -> None:
        super().__init__(
            f"{filename}: already in this case file as source {existing_id} "
            f"({existing_title!r}); nothing was added"
        )
        self.filename = filename
        self.existing_id = existing_id
        self.existing_title = existing_title


class ExportCheckFailed(CasefileError):
    """An export that failed its own verification: nothing was written.

    ``check`` names the rule ("quotation", "citation", "exhibit", "name", ...),
    ``where`` the place in the written file (a part, a row, a bookmark).
    """

    def __init__(self, check: str, where: str, detail: str = "") -> None:
        message = f"export check {check!r} failed at {where}; nothing was written"
        super().__init__(f"{message} ({detail})" if detail else message)
        self.check = check
        self.where = where
        self.detail = detail
