"""Exports and imports keep data intact: whatever is stored exports, XLSX cells are typed (numbers, times,
text that is never a formula), times carry Civic's time zone, and CSV quoting follows RFC 4180."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.db import connection
from django.utils import translation
from openpyxl import load_workbook

from camps.models import Application, Attendance, Status
from camps.services import participants_import, rows_read
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
# What an older row may hold: SQLite keeps a lone surrogate inside JSON, PostgreSQL refuses one (and NUL).
STORABLE_BAD = "\ud800" if connection.vendor == "sqlite" else "\x01"
SUBMITTED = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)  # 02:30 the next day in Bishkek


def _export(client, cohort, what, fmt):
    response = client.get(f"/ru/camps/organise/cohorts/{cohort.pk}/export/{what}.{fmt}")
    assert response.status_code == 200
    return response.content


def _sheet(content):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows())


def _csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_stored_control_characters_and_surrogates_do_not_break_exports(client, cohort, organiser, question):
    ApplicationFactory(
        cohort=cohort, full_name="Ай\x01гүл", answers={str(question.pk): f"жооп{STORABLE_BAD}"}
    )
    client.force_login(organiser)
    rows = _sheet(_export(client, cohort, "applications", "xlsx"))
    assert rows[1][2].value == "Ай\ufffdгүл" and rows[1][-1].value == "жооп\ufffd"
    rows = _csv(_export(client, cohort, "applications", "csv"))
    assert rows[1][2] == "Ай\ufffdгүл" and rows[1][-1] == "жооп\ufffd"


def test_xlsx_cells_are_typed_and_text_is_never_a_formula(client, cohort, organiser):
    application = ApplicationFactory(
        cohort=cohort,
        full_name="=HYPERLINK(1)",
        contact_phone="+996 555 123 456",
        submitted_at=SUBMITTED,
        status=Status.CONFIRMED,
    )
    client.force_login(organiser)
    header, cells = _sheet(_export(client, cohort, "applications", "xlsx"))
    header, row = [c.value for c in header], [c.value for c in cells]
    assert row[0] == application.pk and isinstance(row[0], int)
    assert row[2] == "=HYPERLINK(1)" and cells[2].data_type == "s"  # text, not a formula, no apostrophe
    assert row[7] == "+996 555 123 456"
    assert row[3] == dt.datetime.combine(application.date_of_birth, dt.time()) and cells[3].is_date
    assert row[4] == application.age_on(cohort.starts_on)
    submitted = header.index("Отправлено (Asia/Bishkek)")
    assert row[submitted] == dt.datetime(2026, 3, 2, 2, 30) and cells[submitted].is_date

    Attendance.objects.create(application=application, day=cohort.starts_on, present=True)
    header, row = ([c.value for c in r] for r in _sheet(_export(client, cohort, "attendance", "xlsx")))
    assert row[3] == 1 and row[-1] == 1  # present that day; days present


def test_csv_times_carry_the_time_zone(client, cohort, organiser):
    ApplicationFactory(cohort=cohort, submitted_at=SUBMITTED)
    client.force_login(organiser)
    header, row = _csv(_export(client, cohort, "applications", "csv"))
    submitted = header.index("Отправлено (Asia/Bishkek)")
    assert row[submitted] == "2026-03-02T02:30:00+06:00"
    assert dt.datetime.fromisoformat(row[submitted]) == SUBMITTED.astimezone(BISHKEK)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_import_keeps_quoted_quotes_and_delimiters(delimiter):
    school = f'School ""No. 1""{delimiter} Bishkek'
    content = delimiter.join(["full_name", "date_of_birth", "region", "school"]) + "\r\n"
    content += delimiter.join(['"Айгерим ""Айка"" Осмонова"', "2008-01-02", "talas", f'"{school}"']) + "\r\n"
    rows = rows_read(content=content.encode("utf-8"), filename="offline.csv")
    assert rows == [
        {
            "full_name": 'Айгерим "Айка" Осмонова',
            "date_of_birth": "2008-01-02",
            "region": "talas",
            "school": f'School "No. 1"{delimiter} Bishkek',
        }
    ]


def test_import_refuses_rows_with_control_characters(cohort, organiser):
    content = "full_name,date_of_birth,region,school\r\nАйгерим Осмонова,2005-01-02,talas,Мектеп\x0b№1\r\n"
    rows = rows_read(content=content.encode("utf-8"), filename="offline.csv")
    with translation.override("en"):
        result = participants_import(cohort=cohort, by=organiser, rows=rows, dry_run=False)
    assert not result.saved and not Application.objects.exists()
    assert result.rows[0].errors == [
        "These columns contain invisible control characters that cannot be saved: school."
    ]
