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


class ImportRejected(DomainError):
    """Nothing was imported; `problems` lists every bad row, in row order."""

    default_message = _("The file was not imported.")

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda problem: (problem.row, problem.column))
        count = len({problem.row for problem in self.problems})
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)d row has problems.",
                "Nothing was imported: %(count)d rows have problems.",
                count,
            )
            % {"count": count},
            field="file",
        )
