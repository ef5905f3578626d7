"""The report's charts, drawn on the server as SVG (no JavaScript library): completion over time and the
distribution of best quiz scores. Plain functions of the matrix; text is escaped, numbers are computed here."""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .selectors import Matrix

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34
MAX_DAYS = 90


def _frame(slug: str, title: str, body: list[str], desc: str) -> str:
    return mark_safe(  # noqa: S308 - every piece of text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="chart" aria-labelledby="{slug}-t {slug}-d">'
        f'<title id="{slug}-t">{escape(title)}</title>'
        f'<desc id="{slug}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _axes(y_label: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#4a5560"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#4a5560"/>',
    ]
    for pct in (0, 50, 100):
        y = TOP + plot_h * (1 - pct / 100)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d5dde5"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="15">{pct}{escape(y_label)}</text>'
        )
    return parts


def completion_over_time(matrix: Matrix, now=None) -> str:
    """The share of all assigned work (pupil × assignment) finished by the end of each day, up to today."""
    now = now or timezone.now()
    cells = list(matrix.cells.values())
    if not cells or not matrix.columns:
        return ""
    today = timezone.localdate(now)
    first = min(timezone.localdate(c.assignment.created_at) for c in matrix.columns)
    first = max(first, today - timedelta(days=MAX_DAYS))
    days = (today - first).days + 1
    finished = sorted(timezone.localdate(c.done_at) for c in cells if c.done_at is not None)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    points, index, done = [], 0, 0
    for n in range(days):
        day = first + timedelta(days=n)
        while index < len(finished) and finished[index] <= day:
            index += 1
        done = index
        x = LEFT + (plot_w * n / max(days - 1, 1))
        y = TOP + plot_h * (1 - done / len(cells))
        points.append(f"{x:.1f},{y:.1f}")
    body = _axes("%")
    body.append(f'<polyline fill="none" stroke="#0b5cad" stroke-width="2.5" points="{" ".join(points)}"/>')
    for anchor, x, day in (("start", LEFT, first), ("end", WIDTH - RIGHT, today)):
        body.append(
            f'<text x="{x}" y="{HEIGHT - 12}" text-anchor="{anchor}" font-size="15">'
            f"{escape(formats.date_format(day, 'SHORT_DATE_FORMAT'))}</text>"
        )
    share = round(100 * done / len(cells))
    desc = _("%(share)s%% of the assigned work is done (%(done)s of %(total)s).") % {
        "share": share,
        "done": done,
        "total": len(cells),
    }
    return _frame("completion", _("Completion over time"), body, desc)


def score_distribution(matrix: Matrix) -> str:
    """How many pupils' best quiz scores fall in each tenth (0–9 %, …, 90–100 %), over every quiz assignment."""
    scores = [c.best_percent for c in matrix.cells.values() if c.best_percent is not None]
    if not scores:
        return ""
    bins = [0] * 10
    for score in scores:
        bins[min(score // 10, 9)] += 1
    top = max(bins)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / 10
    body = [
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#4a5560"/>'
    ]
    for n, count in enumerate(bins):
        h = plot_h * count / top if top else 0
        x = LEFT + n * bar_w
        y = HEIGHT - BOTTOM - h
        body.append(
            f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{bar_w - 6:.1f}" height="{h:.1f}" fill="#166534">'
            f"<title>{n * 10}–{n * 10 + 9 if n < 9 else 100}%: {count}</title></rect>"
        )
        if count:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="15">{count}</text>'
            )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 14}" text-anchor="middle" font-size="15">{n * 10}</text>'
        )
    desc = _("Best scores of %(count)s quiz results, in tenths from 0 to 100%%.") % {"count": len(scores)}
    return _frame("scores", _("Distribution of best scores"), body, desc)
