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
            f"{filename}: already in this case file as source {existing_id}; nothing was added"
        )
        self.filename = filename
        self.existing_id = existing_id
        self.existing_title = existing_title


class Conflict(CasefileError):
    """An undo or redo found the case changed by another writer; nothing was touched."""


class ReadOnlyCase(CasefileError):
    """A write to a case file opened read-only (a read-only file, folder or medium)."""

    def __init__(self, message: str = "the case file is read-only; nothing was changed") -> None:
        super().__init__(message)


class StorageFailure(CasefileError):
    """The disk said no: full, busy for too long, or an input/output error. Nothing changed."""


class CaseLocked(CasefileError):
    """The case file is open in another Casefile (the message names where and since when)."""
