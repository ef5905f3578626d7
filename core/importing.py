"""What the spreadsheet imports (camps' applications, alumni records) share: a row with its errors, the result
that is saved only when every row is valid, and the reading of a date or a choice from a cell."""

from dataclasses import dataclass, field
from datetime import date, datetime

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    saved: bool = False

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def cell_date(value) -> date | None:
    """A date from a cell: a spreadsheet's date or datetime, or text as 2031-07-25, 25.07.2031 or 25/07/2031."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def cell_choice(value, choices) -> str | None:
    """The code of the choice a cell names by its code or its label (any case), or None."""
    text = str(value).strip().lower()
    for code, label in choices:
        if text in (code, str(label).lower()):
            return code
    return None
