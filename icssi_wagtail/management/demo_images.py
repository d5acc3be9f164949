"""Illustrations of the demo content, drawn with Pillow when ``load_icssi_demo`` runs.

Simple shapes, no photographs and no text, so that one picture serves every language. They are
the project's own work, dedicated to the public domain (CC0 1.0): see demo/CREDITS.md.
"""

import io
import math

from PIL import Image, ImageDraw

SIZE = (1200, 630)  # the size Open Graph recommends
SKY, SAND, RIVER, NIGHT = "#f4e9d8", "#d9a441", "#2f6f9f", "#1d3557"
PALETTE = ["#e63946", "#2a9d8f", "#e9c46a", "#264653", "#f4a261", "#8d5a97"]


def png(draw_picture):
    """The picture ``draw_picture(draw)`` makes on a 1200 x 630 canvas, as PNG bytes."""
    image = Image.new("RGB", SIZE, SKY)
    draw_picture(ImageDraw.Draw(image))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def waves(draw, top, colour, count=4):
    for row in range(count):
        y = top + row * 45
        points = [(x, y + 18 * math.sin(x / 60 + row)) for x in range(0, SIZE[0] + 20, 20)]
        draw.line(points, fill=colour, width=14)


def people(draw, count, y, colours=PALETTE, spacing=None):
    """A row of simple figures (a head and shoulders), side by side."""
    spacing = spacing or SIZE[0] // (count + 1)
    for number in range(count):
        x = spacing * (number + 1)
        colour = colours[number % len(colours)]
        draw.ellipse((x - 32, y - 150, x + 32, y - 86), fill=colour)
        draw.rounded_rectangle((x - 60, y - 78, x + 60, y + 60), radius=50, fill=colour)


def call_to_action(draw):
    """Tunis: a sun over the sea, and a crowd of many colours at the forum."""
    draw.rectangle((0, 380, SIZE[0], SIZE[1]), fill=RIVER)
    draw.ellipse((880, 60, 1080, 260), fill=SAND)
    waves(draw, 420, "#9cc3e0", count=4)
    people(draw, 9, 420)


def tolerance(draw):
    """Circles of many colours that overlap."""
    for number, colour in enumerate(PALETTE):
        x = 260 + number * 136
        draw.ellipse((x - 150, 165, x + 150, 465), outline=colour, width=22)


def democracy(draw):
    """A ballot box with a ballot going in."""
    draw.rectangle((420, 260, 780, 540), fill=NIGHT)
    draw.rectangle((540, 250, 660, 270), fill=SKY)
    draw.rectangle((555, 90, 645, 255), fill="white", outline=NIGHT, width=6)
    draw.line((575, 170, 595, 200, 630, 130), fill="#2a9d8f", width=12)


def solidarity(draw):
    """People of many colours, side by side, under one arc."""
    draw.arc((120, 60, 1080, 700), start=200, end=340, fill=SAND, width=26)
    people(draw, 6, 470)


def water(draw):
    """Two rivers and a dam between hills."""
    draw.polygon([(0, 330), (300, 150), (600, 330)], fill="#a3b18a")
    draw.polygon([(600, 330), (900, 170), (1200, 330)], fill="#a3b18a")
    draw.rectangle((0, 330, SIZE[0], SIZE[1]), fill=RIVER)
    draw.rectangle((560, 250, 640, SIZE[1]), fill="#8d99ae")
    waves(draw, 390, "#9cc3e0", count=5)


def expression(draw):
    """Speech bubbles of many colours."""
    for number, (x, y) in enumerate(((250, 140), (620, 90), (470, 330), (850, 300))):
        colour = PALETTE[number]
        draw.rounded_rectangle((x - 170, y, x + 170, y + 170), radius=40, fill=colour)
        draw.polygon([(x - 60, y + 165), (x - 110, y + 235), (x, y + 165)], fill=colour)


def sports(draw):
    """A football on a pitch."""
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill="#52b788")
    draw.line((600, 0, 600, SIZE[1]), fill="white", width=10)
    draw.ellipse((470, 185, 730, 445), outline="white", width=10)
    draw.ellipse((520, 235, 680, 395), fill="white", outline=NIGHT, width=8)
    draw.regular_polygon((600, 315, 34), 5, fill=NIGHT)


def testimonial(draw):
    """A plane on its way from Dhaka to Baghdad, over a dotted line."""
    start, end = (1080, 470), (140, 200)
    for step in range(21):
        x = start[0] + (end[0] - start[0]) * step / 20
        y = start[1] + (end[1] - start[1]) * step / 20 - 120 * math.sin(math.pi * step / 20)
        draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=NIGHT)
    for (x, y), colour in ((start, "#2a9d8f"), (end, "#e63946")):
        draw.ellipse((x - 30, y - 30, x + 30, y + 30), fill=colour)
    draw.polygon([(700, 230), (520, 200), (700, 170)], fill=PALETTE[0])  # flying west
    draw.polygon([(620, 205), (660, 290), (600, 205)], fill=PALETTE[0])
    draw.polygon([(620, 195), (660, 110), (600, 195)], fill=PALETTE[0])


# What each picture of demo_content.IMAGES draws; an activity shows its first theme's.
DRAWINGS = {
    "call": call_to_action,
    "testimonial": testimonial,
    "tolerance": tolerance,
    "democracy": democracy,
    "solidarity": solidarity,
    "water": water,
    "expression": expression,
    "sports": sports,
}
