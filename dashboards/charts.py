"""Charts drawn on the server as SVG, the same in the pages and in the PDF reports.

Every chart has a title for screen readers; the pages show the same numbers as a table.
Only presentation attributes are used (no style attributes), so the Content-Security-Policy holds.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

INK = "#1b2430"
MUTED = "#5a6472"
GRID = "#d8dde4"
BRAND = "#0b5c8a"
ACCENT = "#c8102e"
OK = "#1e7b3a"
STATUS_COLOURS = {
    "done": "#1e7b3a",
    "in_progress": "#0b5c8a",
    "delayed": "#c77700",
    "not_started": "#9aa5b1",
    "cancelled": "#b3261e",
    "no_data": "#e6ebf1",
}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _svg(width, height, title, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x, y, text, size=11, anchor="start", fill=INK, weight="normal"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}" {FONT}>{escape(text)}</text>'
    )


def _num(value):
    return None if value is None else Decimal(str(value))


def _fmt(value, decimals=1):
    if value is None:
        return "–"
    return f"{Decimal(value):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def progress_bar(percent, width=160, height=14, title=""):
    """A bar from 0 to 100 % (values beyond are shown full, with the number)."""
    value = max(Decimal(0), min(_num(percent) or Decimal(0), Decimal(100)))
    filled = float(value) / 100 * width
    colour = OK if value >= 100 else BRAND
    body = [
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="3" fill="#e6ebf1"/>',
        f'<rect x="0" y="0" width="{filled:.1f}" height="{height}" rx="3" fill="{colour}"/>',
    ]
    return _svg(width, height, title or f"{_fmt(percent)} %", body)


def line_chart(series, *, target=None, baseline=None, expected=None, width=520, height=200, title="", from_zero=True):
    """series: [(label, value or None)]; target/baseline lines and the plan's straight path (expected).

    A small chart is drawn with `from_zero=False`: its axis spans only the values shown (labelled at the
    bottom, middle and top), so a change from 79 to 83 does not look flat."""
    values = [_num(v) for _label, v in series]
    known = [v for v in values if v is not None]
    extremes = known + [v for v in (_num(target), _num(baseline)) if v is not None]
    if not extremes:
        return _svg(width, 40, title, [_text(8, 24, "–", fill=MUTED)])
    low, high = min(extremes + ([Decimal(0)] if from_zero else [])), max(extremes)
    if high == low:
        high = low + 1
    if not from_zero:
        margin = (high - low) / 10
        low, high = (low - margin if low < 0 or low >= margin else Decimal(0)), high + margin
    left, right, top, bottom = 44, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series) - 1, 1)

    def y_of(value):
        return top + plot_h - float((value - low) / (high - low)) * plot_h

    body = []
    for fraction in (0, 0.5, 1):
        value = low + (high - low) * Decimal(str(fraction))
        y = y_of(value)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, _fmt(value), size=10, anchor="end", fill=MUTED))
    if baseline is not None and target is not None:
        body.append(
            f'<line x1="{left}" y1="{y_of(_num(baseline)):.1f}" x2="{width - right}" y2="{y_of(_num(target)):.1f}" '
            f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    if target is not None:
        y = y_of(_num(target))
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{ACCENT}" stroke-width="1"/>'
        )
        body.append(_text(width - right, y - 4, f"{_fmt(target)}", size=10, anchor="end", fill=ACCENT))
    points = [(left + i * step, y_of(v)) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2.5"/>')
    for x, y in points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BRAND}"/>')
    shown = max(2, min(len(series), int(plot_w // 70)))
    label_every = max(1, -(-len(series) // shown))
    for i, (label, _value) in enumerate(series):
        if i % label_every == 0 and (i + label_every < len(series) or i == len(series) - 1):
            body.append(_text(left + i * step, height - 12, label, size=10, anchor="middle", fill=MUTED))
    return _svg(width, height, title, body)


def bar_chart(items, *, width=560, bar_height=16, title="", unit="", second=None, legend=None):
    """Horizontal bars, each under its label: items [(label, value)];
    `second` [(label, value)] overlays a darker bar (e.g. paid of planned);
    `legend` (name of the bars, name of the overlay) is drawn above them."""
    values = [_num(v) or Decimal(0) for _label, v in items]
    maximum = max(values + [Decimal(1)])
    right = 120
    plot_w = width - right
    row_h = bar_height + 24
    top = 26 if legend else 6
    height = top + len(items) * row_h
    body = []
    if legend:
        x = 0
        for name, colour in zip(legend, ("#9cc3dd", BRAND), strict=False):
            body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
            body.append(_text(x + 16, 14, str(name), size=10))
            x += 36 + len(str(name)) * 6.2
    for i, ((label, value), amount) in enumerate(zip(items, values, strict=True)):
        y = top + i * row_h
        body.append(_text(0, y + 11, label[:80], size=11))
        bar_top = y + 16
        length = float(amount / maximum) * plot_w
        body.append(f'<rect x="0" y="{bar_top}" width="{length:.1f}" height="{bar_height}" fill="#9cc3dd"/>')
        if second is not None:
            inner = float((_num(second[i][1]) or Decimal(0)) / maximum) * plot_w
            body.append(f'<rect x="0" y="{bar_top + 3}" width="{inner:.1f}" height="{bar_height - 6}" fill="{BRAND}"/>')
        body.append(_text(length + 6, bar_top + bar_height - 4, f"{_fmt(value, 0)}{unit}", size=10, fill=MUTED))
    return _svg(width, height, title, body)


def stacked_bars(rows, *, width=900, bar_height=22, title="", labels=None):
    """rows: [(label, {status: count})] drawn as 100 % stacked bars in the status colours, with a legend."""
    labels = labels or {}
    label_w = 170
    plot_w = width - label_w - 10
    legend_h = 26
    height = legend_h + 8 + len(rows) * (bar_height + 8)
    body = []
    x = 0
    for status, colour in STATUS_COLOURS.items():
        body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}" stroke="{GRID}"/>')
        name = str(labels.get(status, status))
        body.append(_text(x + 16, 14, name, size=10))
        x += 24 + len(name) * 6.2
    for i, (label, counts) in enumerate(rows):
        y = legend_h + 8 + i * (bar_height + 8)
        body.append(_text(label_w - 8, y + bar_height * 0.7, str(label)[:28], anchor="end"))
        total = sum(counts.values()) or 1
        offset = label_w
        for status, colour in STATUS_COLOURS.items():
            count = counts.get(status, 0)
            if not count:
                continue
            w = count / total * plot_w
            body.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
                f"<title>{escape(str(labels.get(status, status)))}: {count}</title></rect>"
            )
            if w > 18:
                fill = "#ffffff" if status not in ("no_data",) else INK
                body.append(
                    _text(offset + w / 2, y + bar_height * 0.7, str(count), size=10, anchor="middle", fill=fill)
                )
            offset += w
    return _svg(width, height, title, body)


def column_chart(items, *, width=520, height=180, title="", unit=""):
    """Vertical columns over time: items [(label, value)]."""
    values = [_num(v) or Decimal(0) for _label, v in items]
    maximum = max(values + [Decimal(1)])
    left, bottom, top = 10, 30, 16
    plot_h = height - bottom - top
    slot = (width - left * 2) / max(len(items), 1)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="{GRID}"/>']
    label_every = max(1, len(items) // 8)
    for i, ((label, value), amount) in enumerate(zip(items, values, strict=True)):
        h = float(amount / maximum) * plot_h
        x = left + i * slot + slot * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{BRAND}"/>'
        )
        if amount:
            body.append(
                _text(x + slot * 0.35, height - bottom - h - 4, f"{_fmt(value, 0)}{unit}", size=10, anchor="middle")
            )
        if i % label_every == 0:
            body.append(_text(x + slot * 0.35, height - 10, label, size=10, anchor="middle", fill=MUTED))
    return _svg(width, height, title, body)


def network_graph(participating, networking, edges, *, width=760, title=""):
    """Who works with whom: participating schools (G) on the left, networking schools (T) on the right.

    edges: [{"a", "b", "events", "declared"}]; a line's width grows with the number of events,
    a dashed line is a partnership the plan declares but no approved event shows yet.
    """
    rows = max(len(participating), len(networking), 1)
    row_h = 20 if len(networking) > 20 else 28
    height = 30 + rows * row_h
    g_x, t_x = 150, width - 150
    g_step = (height - 30) / max(len(participating), 1)
    t_step = (height - 30) / max(len(networking), 1)
    position = {code: (g_x, 24 + g_step * (i + 0.5)) for i, code in enumerate(participating)}
    position.update({code: (t_x, 24 + t_step * (i + 0.5)) for i, code in enumerate(networking)})
    g_middle = (g_x + t_x) / 2
    # G–G partnerships bend towards the middle so that they do not hide behind the column
    body = [
        _text(g_x, 14, "TŪM (G)", size=11, anchor="middle", weight="bold"),
        _text(t_x, 14, "T", size=11, anchor="middle", weight="bold"),
    ]
    most = max([e["events"] for e in edges] + [1])
    for edge in sorted(edges, key=lambda e: e["events"]):
        if edge["a"] not in position or edge["b"] not in position:
            continue
        (x1, y1), (x2, y2) = position[edge["a"]], position[edge["b"]]
        if edge["events"]:
            stroke_width = 1 + 5 * edge["events"] / most
            colour, dash = BRAND, ""
        else:
            stroke_width, colour, dash = 1, "#b8c2cc", ' stroke-dasharray="4 4"'
        if x1 == x2:  # both participating schools
            control = g_x - 60
            path = f"M{x1},{y1:.1f} C{control},{y1:.1f} {control},{y2:.1f} {x2},{y2:.1f}"
        else:
            path = f"M{x1},{y1:.1f} C{g_middle},{y1:.1f} {g_middle},{y2:.1f} {x2},{y2:.1f}"
        body.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke_width:.1f}" stroke-opacity="0.7"{dash}>'
            f"<title>{escape(edge['a'])} – {escape(edge['b'])}: {edge['events']}</title></path>"
        )
    for code in participating:
        x, y = position[code]
        body.append(f'<circle cx="{x}" cy="{y:.1f}" r="7" fill="{ACCENT}"/>')
        body.append(_text(x - 12, y + 4, code, anchor="end", weight="bold"))
    for code in networking:
        x, y = position[code]
        body.append(f'<circle cx="{x}" cy="{y:.1f}" r="5" fill="{BRAND}"/>')
        body.append(_text(x + 10, y + 4, code, size=10))
    return _svg(width, height, title, body)
