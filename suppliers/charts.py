"""A small stock chart, drawn on the server as inline SVG: quantity over the chosen days, out-of-stock time in red.

Axes are labelled (dates in the shop's time zone below, pieces on the left), and every level carries an SVG
`<title>`, which browsers show on hover with no JavaScript. The window is 7, 30 or 90 days, chosen by links.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 190, 56, 12, 12, 44
CHART_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
X_TICKS = 6


def chart_days(value) -> int:
    """The window asked for (`?days=`), or the default when it is not one of CHART_DAYS."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if days in CHART_DAYS else DEFAULT_DAYS


def _when(at):
    return f"{timezone.localtime(at):%d.%m.%Y %H:%M}"


def stock_chart_svg(points, *, days=DEFAULT_DAYS, now=None):
    """`points`: StockPoint oldest first, within the last `days`. Safe HTML, or a sentence with nothing to draw."""
    if not points:
        return format_html("<p>{}</p>", _("No stock recorded in the last %(days)s days.") % {"days": days})
    now = now or timezone.now()
    start = min(points[0].at, now - timedelta(days=days))
    span = max((now - start).total_seconds(), 1.0)
    top = max(max(p.quantity for p in points), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_h

    def x(at):
        return LEFT + plot_w * (at - start).total_seconds() / span

    def y(quantity):
        return TOP + plot_h * (1 - max(quantity, 0) / top)

    steps, empty, levels = [], [], []
    for point, following in zip(points, [*points[1:], None], strict=True):
        end = following.at if following else now
        x0, x1, level = x(point.at), x(end), y(point.quantity)
        steps.append(f"{x0:.1f},{level:.1f} {x1:.1f},{level:.1f}")
        if point.quantity <= 0:
            empty.append((f"{x0:.1f}", TOP, f"{max(x1 - x0, 1):.1f}", plot_h))
        title = _("%(pieces)s pieces from %(start)s to %(end)s") % {
            "pieces": point.quantity, "start": _when(point.at), "end": _when(end)}
        if point.status:
            title += f" ({point.status})"
        # A transparent band around the level: what the pointer hovers to read the title.
        levels.append((f"{x0:.1f}", f"{max(level - 6, 0):.1f}", f"{max(x1 - x0, 2):.1f}", title))
    out_bands = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#f8d7da"><title>{}</title></rect>',
        ((*band, _("out of stock")) for band in empty))
    hover = format_html_join(
        "", '<rect class="stock-level" x="{}" y="{}" width="{}" height="12" fill="transparent">'
            "<title>{}</title></rect>", levels)
    ticks = []
    for index in range(X_TICKS):
        at = start + (now - start) * index / (X_TICKS - 1)
        anchor = "start" if index == 0 else "end" if index == X_TICKS - 1 else "middle"
        ticks.append((f"{x(at):.1f}", bottom, bottom + 4, bottom + 15, anchor, f"{timezone.localtime(at):%d.%m.}"))
    x_ticks = format_html_join(
        "", '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#999"/>'
            '<text class="x-tick" x="{0}" y="{3}" text-anchor="{4}">{5}</text>', ticks)
    y_ticks = format_html_join(
        "", '<text class="y-tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT - 4, f"{y(value) + 4:.1f}", value) for value in sorted({0, top // 2, top})))
    return format_html(
        '<svg class="stock-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">'
        "<title>{summary}</title>"
        "{bands}"
        '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>'
        '<line x1="{left}" y1="{top_y}" x2="{left}" y2="{bottom}" stroke="#999"/>'
        "{y_ticks}{x_ticks}"
        '<polyline fill="none" stroke="#417690" stroke-width="2" points="{line}"/>'
        "{hover}"
        '<text class="axis-label" x="{x_mid}" y="{h_text}" text-anchor="middle">{x_label}</text>'
        '<text class="axis-label" x="12" y="{y_mid}" text-anchor="middle" transform="rotate(-90 12 {y_mid})">'
        "{y_label}</text>"
        "</svg>",
        w=WIDTH, h=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top_y=TOP, bottom=bottom, h_text=HEIGHT - 6,
        bands=out_bands, line=" ".join(steps), hover=hover, x_ticks=x_ticks, y_ticks=y_ticks,
        x_mid=LEFT + plot_w // 2, y_mid=TOP + plot_h // 2,
        x_label=_("Date (%(zone)s)") % {"zone": timezone.get_current_timezone_name()},
        y_label=_("Stock (pieces)"),
        summary=_("Stock from %(first)s to %(last)s: highest %(top)s, %(changes)s changes") % {
            "first": _when(start), "last": _when(now), "top": top, "changes": len(points)},
    )


def chart_choice(url, days):
    """The 7/30/90-day links (plain links: they work with JavaScript off); the current one is not a link."""
    return format_html_join(" · ", "{}", (
        (format_html("<strong>{}</strong>", _("%(days)s days") % {"days": choice}) if choice == days else
         format_html('<a href="{}?days={}#stock-chart">{}</a>', url, choice, _("%(days)s days") % {"days": choice}),)
        for choice in CHART_DAYS))
