"""Refusals of imports (catalog, opening stock, count sheets, tracking sheets): one
error that carries every bad row, so a person fixes the whole file at once."""

import heapq
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


def _order(problem):
    return (problem.row, problem.column)


class Problems:
    """The problems of one file, collected in bounded memory: it keeps the first
    MAX_LISTED in row order (whatever order they are added in) and only counts the rest,
    so checking a 20 MB file whose every row is bad holds 200 problems, not 200,000
    (issue 9). Used like a list: `append`, `extend`, `+=`, `len`, truth, iteration."""

    def __init__(self, problems=(), *, keep=MAX_LISTED):
        self._keep = keep
        self._heap = []  # the kept problems, the last in row order on top (negated keys)
        self._added = 0
        self._rows = set()
        self.extend(problems)

    def append(self, problem):
        self._added += 1
        self._rows.add(problem.row)
        entry = (_Reversed(_order(problem)), self._added, problem)
        if len(self._heap) < self._keep:
            heapq.heappush(self._heap, entry)
        elif entry[0] > self._heap[0][0]:  # earlier in the file than the last one kept
            heapq.heapreplace(self._heap, entry)

    def extend(self, problems):
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems):
        self.extend(problems)
        return self

    def __len__(self):
        return self._added

    def __bool__(self):
        return self._added > 0

    def __iter__(self):
        return iter(self.listed())

    def listed(self):
        """The kept problems in row order."""
        return [
            problem for *_keys, problem in sorted(self._heap, key=lambda e: (_order(e[2]), e[1]))
        ]

    @property
    def row_count(self):
        """How many rows have at least one problem (kept or only counted)."""
        return len(self._rows)


class _Reversed:
    """Orders keys backwards, so heapq's smallest is the problem latest in the file."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def __lt__(self, other):
        return self.key > other.key

    def __gt__(self, other):
        return self.key < other.key

    def __eq__(self, other):
        return self.key == other.key


class ImportRejected(DomainError):
    """Nothing was imported; `problems` lists the bad cells in row order — the first
    MAX_LISTED of them, so a file with a million bad rows answers with a short page;
    `unlisted` counts the rest and the message gives the whole count (issue 9)."""

    default_message = _("The file was not imported.")

    def __init__(self, problems):
        if not isinstance(problems, Problems):
            problems = Problems(problems)
        self.problems = problems.listed()
        self.unlisted = len(problems) - len(self.problems)
        count = problems.row_count
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
