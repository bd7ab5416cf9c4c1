"""Refusals of imports (catalog, opening stock, count sheets, tracking sheets): one
error that carries every bad row, so a person fixes the whole file at once."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gendan.core.errors import DomainError


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: spreadsheet row number (the header is row 1), the column as the
    file names it, what was wrong, what was expected, and the value found."""

    row: int
    column: str
    message: str
    expected: str = ""
    value: str = ""

    def as_dict(self):
        return {key: str(value) for key, value in asdict(self).items()} | {"row": self.row}


MAX_LISTED = 200


class ImportRejected(DomainError):
    """Nothing was imported; `problems` lists the bad cells in row order — the first
    MAX_LISTED of them, so a file with a million bad rows answers with a short page;
    `unlisted` counts the rest and the message gives the whole count (issue 9)."""

    default_message = _("The file was not imported.")

    def __init__(self, problems):
        ordered = sorted(problems, key=lambda problem: (problem.row, problem.column))
        self.problems = ordered[:MAX_LISTED]
        self.unlisted = len(ordered) - len(self.problems)
        count = len({problem.row for problem in ordered})
        message = ngettext(
            "Nothing was imported: %(count)d row has problems.",
            "Nothing was imported: %(count)d rows have problems.",
            count,
        ) % {"count": count}
        if self.unlisted:
            message += " " + _(
                "The first %(listed)d problems are listed; %(more)d more are not."
            ) % {
                "listed": len(self.problems),
                "more": self.unlisted,
            }
        super().__init__(message, field="file")
