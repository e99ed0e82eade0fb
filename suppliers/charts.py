"""A small stock chart, drawn on the server as inline SVG: quantity over time, out-of-stock time in red."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from backoffice.words import when

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 170, 44, 12, 12, 26


def stock_chart_svg(points, *, now=None):
    """`points`: StockPoint oldest first. Returns safe HTML, or a sentence when there is nothing to draw."""
    if not points:
        return format_html("<p>{}</p>", "No stock recorded yet.")
    now = now or timezone.now()
    start = points[0].at
    span = max((now - start).total_seconds(), 1.0)
    top = max(max(p.quantity for p in points), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at):
        return LEFT + plot_w * (at - start).total_seconds() / span

    def y(quantity):
        return TOP + plot_h * (1 - max(quantity, 0) / top)

    steps, empty = [], []
    for point, following in zip(points, [*points[1:], None], strict=True):
        end = following.at if following else now
        steps.append(f"{x(point.at):.1f},{y(point.quantity):.1f} {x(end):.1f},{y(point.quantity):.1f}")
        if point.quantity <= 0:
            empty.append((f"{x(point.at):.1f}", TOP, f"{max(x(end) - x(point.at), 1):.1f}", plot_h))
    out_bands = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#f8d7da"><title>out of stock</title></rect>', empty
    )
    local_start, local_now = timezone.localtime(start), timezone.localtime(now)
    return format_html(
        '<svg class="stock-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">'
        "<title>Stock from {first} to {last}: highest {top}, {changes} changes</title>"
        "{bands}"
        '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>'
        '<line x1="{left}" y1="{top_y}" x2="{left}" y2="{bottom}" stroke="#999"/>'
        '<text x="{label_x}" y="{top_label}" text-anchor="end">{top}</text>'
        '<text x="{label_x}" y="{bottom}" text-anchor="end">0</text>'
        '<polyline fill="none" stroke="#417690" stroke-width="2" points="{line}"/>'
        '<text x="{left}" y="{h_text}">{first}</text>'
        '<text x="{right}" y="{h_text}" text-anchor="end">{last}</text>'
        "</svg>",
        w=WIDTH, h=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top_y=TOP, bottom=TOP + plot_h, label_x=LEFT - 4,
        top_label=TOP + 8, h_text=HEIGHT - 6, top=top, bands=out_bands, line=" ".join(steps),
        first=when(local_start), last=when(local_now), changes=len(points),
    )
