"""The flag of the European Union as SVG, drawn from its official geometric description, for the
NextGenerationEU funding emblem on the reports' cover.

The description: a blue rectangle whose width is one and a half times its height; twelve gold
five-pointed stars at equal intervals on an invisible circle centred where the diagonals cross, of
radius one third of the height, in the positions of the hours on a clock face; each star's points on a
circle of radius one eighteenth of the height; every star upright, one point straight up.
"""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

REFLEX_BLUE = "#003399"
YELLOW = "#FFCC00"
HEIGHT = 180
WIDTH = HEIGHT * 3 // 2
CIRCLE = HEIGHT / 3
STAR = HEIGHT / 18
# a regular five-pointed star: its inner corners lie at cos 72° / cos 36° of the points' radius
INNER = math.cos(math.radians(72)) / math.cos(math.radians(36))


def star_points(cx, cy, radius):
    """The 10 corners of an upright star: points and inner corners in turn, the first point straight up."""
    corners = []
    for k in range(10):
        angle = math.radians(-90 + 36 * k)  # SVG's y axis points down: -90° is up
        r = radius if k % 2 == 0 else radius * INNER
        corners.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return corners


def star_centres():
    """The twelve stars at the hours of a clock, twelve o'clock first."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    return [
        (cx + CIRCLE * math.cos(math.radians(-90 + 30 * hour)), cy + CIRCLE * math.sin(math.radians(-90 + 30 * hour)))
        for hour in range(12)
    ]


def eu_flag(title):
    stars = []
    for cx, cy in star_centres():
        points = " ".join(f"{x:.3f},{y:.3f}" for x, y in star_points(cx, cy, STAR))
        stars.append(f'<polygon points="{points}" fill="{YELLOW}"/>')
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{REFLEX_BLUE}"/>{"".join(stars)}</svg>'
    )
