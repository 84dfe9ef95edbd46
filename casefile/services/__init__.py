"""Services: the case file's operations (one transaction each, invertible) and queries."""

from casefile.services import backups
from casefile.services.case import Case
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Batch, Operation

backups.install()

__all__ = ["Applied", "Batch", "Case", "Changes", "Operation"]
