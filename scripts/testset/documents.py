#!/usr/bin/env python3
"""Generates the document-detection test set (issue 16): ID-1 cards and A-series pages placed in perspective on
real photographs, with the truth corners. Deterministic for a seed; Pillow only.

    python3 scripts/testset/documents.py OUT_DIR [--seed N] [--count N]

Backgrounds are the photographs of Debian's wallpaper packages (plasma-workspace-wallpapers, lomiri-wallpapers,
installed by scripts/setup.sh). Each frame (1280x720, 1920x1080 or 960x720) is one of:

    card       a whole ID-1 card (85.60 x 53.98 mm, rounded corners) of one of five designs
    document   a whole A-series page (1 : sqrt 2, portrait or landscape) with text, a table and a signature
    cut        a card or a page with at least one corner outside the frame by >= 8 % of its diagonal
    none       no document at all

The pose is a pinhole camera (horizontal field of view 55-75 degrees) looking at the document rotated in its plane
by up to +-25 degrees and tilted out of it by up to 30 degrees, its width 20-80 % of the frame's. Then: a soft drop
shadow, uneven light (a gradient and sometimes a shadow across the frame), glare spots, clutter (pens, coins),
Gaussian blur, sensor noise and JPEG quality 40-95.

OUT_DIR/manifest.json lists every frame: file, width, height, scene, kind ("id-card" | "document"), corners
(the document's own top-left, top-right, bottom-right, bottom-left: where its straight edges meet, in pixels with
the top-left pixel covering [0,1) x [0,1); null for "cut" and "none"), tilt (degrees), width_fraction, and the effects applied.
"""
import argparse
import glob
import hashlib
import json
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

# Photographs only (the packages also ship drawings); whichever of these are installed are used.
PHOTOS = [
    "/usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/Grey/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/Kite/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/Path/contents/images/2560x1600.jpg",
    "/usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg",
    "/usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg",
    "/usr/share/backgrounds/Dragonfly_by_Bolly.jpg",
    "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg",
    "/usr/share/backgrounds/Picture_0B_by_freespace.jpg",
    "/usr/share/backgrounds/Picture_1A_by_freespace.jpg",
    "/usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg",
    "/usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg",
    "/usr/share/backgrounds/analogpattern_by_Peter_Nerlich.jpg",
    "/usr/share/backgrounds/free_by_Peter_Nerlich.jpg",
    "/usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg",
    "/usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg",
    "/usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg",
    "/usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "/usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg",
    "/usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg",
]
MIN_PHOTOS = 12
FRAME_SIZES = [((1280, 720), 0.7), ((1920, 1080), 0.15), ((960, 720), 0.15)]
# Scene mix of the default 320 frames.
SCENES = [("card", 0.60), ("document", 0.10), ("cut", 0.15), ("none", 0.15)]
ID1 = (85.60, 53.98)  # mm
ID1_RADIUS = 3.18  # mm
CARD_PX = 1200  # card texture width
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def font(size):
    return ImageFont.load_default(size=size)  # Pillow's bundled font: the same on every machine


def words(rnd, n, lo=2, hi=9):
    return " ".join("".join(rnd.choice(LETTERS) for _ in range(rnd.randint(lo, hi))) for _ in range(n))


def pick(rnd, weighted):
    x = rnd.random() * sum(w for _, w in weighted)
    for value, w in weighted:
        x -= w
        if x <= 0:
            return value
    return weighted[-1][0]


def gradient(size, a, b, horizontal=False):
    g = Image.linear_gradient("L")
    if horizontal:
        g = g.rotate(90)
    g = g.resize(size, Image.BILINEAR)
    return Image.composite(Image.new("RGB", size, b), Image.new("RGB", size, a), g)


def guilloche(draw, rnd, w, h, color, n):
    for k in range(n):
        amp, per, ph, y0 = rnd.uniform(4, 25), rnd.uniform(60, 260), rnd.uniform(0, 6.3), rnd.uniform(0, h)
        pts = [(x, y0 + amp * math.sin(x / per * 6.283 + ph)) for x in range(0, w + 8, 8)]
        draw.line(pts, fill=color, width=2)


def portrait(rnd, size):
    """A face-like photo: background, head and shoulders."""
    w, h = size
    img = gradient(size, tuple(rnd.randint(120, 230) for _ in range(3)), tuple(rnd.randint(60, 200) for _ in range(3)))
    d = ImageDraw.Draw(img)
    skin = rnd.choice([(224, 186, 150), (190, 140, 100), (140, 95, 65), (240, 205, 175)])
    d.ellipse([w * 0.1, h * 0.7, w * 0.9, h * 1.3], fill=tuple(rnd.randint(20, 120) for _ in range(3)))
    d.ellipse([w * 0.28, h * 0.18, w * 0.72, h * 0.72], fill=skin)
    d.ellipse([w * 0.25, h * 0.1, w * 0.75, h * 0.38], fill=tuple(rnd.randint(10, 80) for _ in range(3)))
    return img.filter(ImageFilter.GaussianBlur(2))


def text_lines(d, rnd, x, y, w, lines, size, color):
    f = font(size)
    for i in range(lines):
        d.text((x, y + i * size * 1.5), words(rnd, rnd.randint(1, max(1, w // (size * 4)))), fill=color, font=f)


def draw_card(rnd, design):
    """An ID-1 card texture CARD_PX wide (RGB) in one of five designs."""
    w, h = CARD_PX, round(CARD_PX * ID1[1] / ID1[0])
    if design == "mykad":
        img = gradient((w, h), (170, 205, 235), (235, 190, 210), horizontal=True)
        d = ImageDraw.Draw(img)
        guilloche(d, rnd, w, h, (150, 170, 220), 18)
        img.paste(portrait(rnd, (300, 380)), (60, 260))
        d.rounded_rectangle([420, 300, 540, 390], 14, fill=(212, 175, 55), outline=(150, 120, 30), width=3)
        d.text((60, 40), "KAD PENGENALAN " + words(rnd, 1, 4, 6), fill=(20, 40, 120), font=font(56))
        text_lines(d, rnd, 420, 440, 700, 5, 34, (20, 20, 40))
        d.text((60, 150), "%06d-%02d-%04d" % (rnd.randrange(10**6), rnd.randrange(100), rnd.randrange(10**4)),
               fill=(0, 0, 0), font=font(64))
    elif design == "dark":
        img = gradient((w, h), (20, 35, 80), (40, 60, 120))
        d = ImageDraw.Draw(img)
        guilloche(d, rnd, w, h, (60, 85, 150), 14)
        img.paste(portrait(rnd, (300, 380)), (w - 360, 170))
        d.text((60, 50), "IDENTITY CARD", fill=(235, 235, 245), font=font(64))
        text_lines(d, rnd, 60, 200, 700, 7, 38, (220, 225, 240))
    elif design == "white":
        img = Image.new("RGB", (w, h), (244, 243, 238))
        d = ImageDraw.Draw(img)
        guilloche(d, rnd, w, h, (228, 226, 222), 10)
        img.paste(portrait(rnd, (280, 360)).convert("L").convert("RGB"), (60, 170))
        d.text((60, 50), words(rnd, 2, 5, 8), fill=(90, 90, 100), font=font(52))
        text_lines(d, rnd, 400, 190, 700, 7, 36, (70, 70, 80))
    elif design == "band":
        img = Image.new("RGB", (w, h), (250, 250, 250))
        d = ImageDraw.Draw(img)
        band = tuple(rnd.randint(0, 200) for _ in range(3))
        d.rectangle([0, 0, w, int(h * 0.2)], fill=band)
        d.text((60, 40), words(rnd, 2, 5, 9), fill=(255, 255, 255), font=font(60))
        img.paste(portrait(rnd, (280, 340)), (60, 200))
        text_lines(d, rnd, 400, 200, 700, 6, 36, (30, 30, 30))
        d.rectangle([0, h - 40, w, h], fill=band)
    else:  # licence
        img = gradient((w, h), (240, 200, 210), (200, 230, 200))
        d = ImageDraw.Draw(img)
        guilloche(d, rnd, w, h, (220, 170, 190), 12)
        d.rectangle([0, 0, 90, h], fill=(180, 30, 60))
        img.paste(portrait(rnd, (280, 360)), (140, 170))
        d.text((140, 50), "DRIVING LICENCE", fill=(120, 20, 40), font=font(58))
        text_lines(d, rnd, 470, 190, 650, 7, 36, (40, 20, 30))
    if rnd.random() < 0.5:  # an MRZ-like block at the bottom
        d = ImageDraw.Draw(img)
        ink = (0, 0, 0) if design != "dark" else (230, 230, 240)
        for i in range(2):
            d.text((60, h - 150 + i * 55), "".join(rnd.choice(LETTERS + "<<<<") for _ in range(30)), fill=ink,
                   font=font(44))
    return img


def draw_page(rnd, landscape):
    """An A-series page texture (1 : sqrt 2) with a heading, paragraphs, a table and a signature."""
    w, h = 1000, round(1000 * math.sqrt(2))
    paper = tuple(rnd.randint(236, 252) for _ in range(3))
    img = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(img)
    d.text((80, 80), words(rnd, 3, 4, 9), fill=(20, 20, 20), font=font(48))
    y = 180
    for _ in range(rnd.randint(2, 4)):
        text_lines(d, rnd, 80, y, 840, 6, 24, (40, 40, 40))
        y += 6 * 36 + 30
    if y < h - 420:  # a table
        rows, cols = rnd.randint(3, 6), rnd.randint(2, 4)
        tw, th = 840, rows * 44
        for r in range(rows + 1):
            d.line([(80, y + r * 44), (80 + tw, y + r * 44)], fill=(60, 60, 60), width=2)
        for c in range(cols + 1):
            d.line([(80 + c * tw // cols, y), (80 + c * tw // cols, y + th)], fill=(60, 60, 60), width=2)
        y += th + 40
    pts = [(600 + i * 8, h - 180 + 30 * math.sin(i / 3.0 + rnd.random())) for i in range(40)]
    d.line(pts, fill=(20, 30, 120), width=3)
    if landscape:
        img = img.rotate(90, expand=True)
    return img


def rot(axis, a):
    c, s = math.cos(a), math.sin(a)
    x, y, z = axis
    return [
        [c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s],
        [y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s],
        [z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)],
    ]


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def project(rnd, frame, doc_mm, width_fraction, rotation, tilt, center):
    """Corners (TL, TR, BR, BL) of a doc_mm-sized rectangle seen by a pinhole camera, and its plane's normal tilt."""
    fw, fh = frame
    fov = math.radians(rnd.uniform(55, 75))
    f = fw / 2 / math.tan(fov / 2)
    dw, dh = doc_mm
    z = f * dw / (width_fraction * fw)
    axis_angle = rnd.uniform(0, 2 * math.pi)
    r = matmul(rot((math.cos(axis_angle), math.sin(axis_angle), 0.0), math.radians(tilt)),
               rot((0.0, 0.0, 1.0), math.radians(rotation)))
    # The centre of the document on the ray through `center` at depth z.
    cx, cy = fw / 2, fh / 2
    t = ((center[0] - cx) / f * z, (center[1] - cy) / f * z, z)
    out = []
    for x, y in ((-dw / 2, -dh / 2), (dw / 2, -dh / 2), (dw / 2, dh / 2), (-dw / 2, dh / 2)):
        p = [r[i][0] * x + r[i][1] * y + t[i] for i in range(3)]
        if p[2] <= 1:
            return None
        out.append((cx + f * p[0] / p[2], cy + f * p[1] / p[2]))
    return out


def homography(src, dst):
    """The 3x3 H (as 8 numbers, h33 = 1) with H(src[i]) = dst[i]; Gaussian elimination on the 8x8 system."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    n = 8
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(a[r][i]))
        a[i], a[p], b[i], b[p] = a[p], a[i], b[p], b[i]
        for r in range(n):
            if r != i and a[r][i] != 0:
                k = a[r][i] / a[i][i]
                a[r] = [a[r][c] - k * a[i][c] for c in range(n)]
                b[r] -= k * b[i]
    return [b[i] / a[i][i] for i in range(n)]


def inside(corners, frame, margin):
    return all(margin <= x <= frame[0] - margin and margin <= y <= frame[1] - margin for x, y in corners)


def outside_by(corners, frame):
    """How far the farthest corner lies outside the frame, in px (0 when all are inside)."""
    return max(max(-x, x - frame[0], -y, y - frame[1], 0) for x, y in corners)


def place(rnd, frame, doc_mm, whole):
    """Samples a pose until the document is whole (all corners >= 2 % of the short side inside) or cut."""
    margin = 0.02 * min(frame)
    for _ in range(400):
        wf = rnd.uniform(0.2, 0.8)
        rotation, tilt = rnd.uniform(-25, 25), rnd.uniform(0, 30) * math.sqrt(rnd.random())
        if whole:
            center = (rnd.uniform(0.3, 0.7) * frame[0], rnd.uniform(0.3, 0.7) * frame[1])
        else:
            center = (rnd.uniform(-0.05, 1.05) * frame[0], rnd.uniform(-0.05, 1.05) * frame[1])
        corners = project(rnd, frame, doc_mm, wf, rotation, tilt, center)
        if corners is None:
            continue
        diag = math.dist(corners[0], corners[2])
        if whole and inside(corners, frame, margin):
            return corners, rotation, tilt
        if not whole and outside_by(corners, frame) >= 0.08 * diag and visible_share(corners, frame) >= 0.4:
            return corners, rotation, tilt
    raise RuntimeError("no pose found")


def polygon_area(p):
    return abs(sum(p[i][0] * p[(i + 1) % len(p)][1] - p[(i + 1) % len(p)][0] * p[i][1] for i in range(len(p)))) / 2


def clip(poly, frame):
    """Sutherland-Hodgman clip of a polygon to the frame rectangle."""
    def edge(pts, inside_fn, cross):
        out = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            if inside_fn(p):
                if not inside_fn(q):
                    out.append(cross(q, p))
                out.append(p)
            elif inside_fn(q):
                out.append(cross(q, p))
        return out

    def at_x(x0):
        return lambda q, p: (x0, q[1] + (p[1] - q[1]) * (x0 - q[0]) / (p[0] - q[0]))

    def at_y(y0):
        return lambda q, p: (q[0] + (p[0] - q[0]) * (y0 - q[1]) / (p[1] - q[1]), y0)

    pts = list(poly)
    for f, c in ((lambda p: p[0] >= 0, at_x(0)), (lambda p: p[0] <= frame[0], at_x(frame[0])),
                 (lambda p: p[1] >= 0, at_y(0)), (lambda p: p[1] <= frame[1], at_y(frame[1]))):
        pts = edge(pts, f, c)
        if not pts:
            return []
    return pts


def visible_share(corners, frame):
    a = polygon_area(corners)
    return polygon_area(clip(corners, frame)) / a if a else 0


def background(rnd, photos, frame):
    photo = rnd.choice(photos)
    pw, ph = photo.size
    scale = rnd.uniform(0.45, 1.0)
    cw = min(pw, ph * frame[0] / frame[1]) * scale
    ch = cw * frame[1] / frame[0]
    x0, y0 = rnd.uniform(0, pw - cw), rnd.uniform(0, ph - ch)
    img = photo.resize(frame, Image.BICUBIC, box=(x0, y0, x0 + cw, y0 + ch))
    if rnd.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img


def clutter(rnd, img):
    """Pens and coins on the table: long thin and round shapes (not rectangles of a document's shape)."""
    d = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(rnd.randint(0, 3)):
        if rnd.random() < 0.5:
            x, y, a, l = rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(0, math.pi), rnd.uniform(0.1, 0.3) * w
            d.line([(x, y), (x + l * math.cos(a), y + l * math.sin(a))], width=max(3, int(w * 0.008)),
                   fill=tuple(rnd.randint(0, 255) for _ in range(3)))
        else:
            x, y, r = rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(0.015, 0.04) * w
            d.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rnd.randint(120, 220) for _ in range(3)))


def composite(rnd, frame_img, texture, corners, rounded):
    """Draws `texture` into `frame_img` so that its corners land on `corners` (2x supersampled, rounded corners)."""
    fw, fh = frame_img.size
    tw, th = texture.size
    alpha = Image.new("L", (tw, th), 0)
    r = round(tw * ID1_RADIUS / ID1[0]) if rounded else 0
    ImageDraw.Draw(alpha).rounded_rectangle([0, 0, tw - 1, th - 1], r, fill=255)
    x0 = max(0, math.floor(min(x for x, _ in corners)) - 2)
    y0 = max(0, math.floor(min(y for _, y in corners)) - 2)
    x1 = min(fw, math.ceil(max(x for x, _ in corners)) + 2)
    y1 = min(fh, math.ceil(max(y for _, y in corners)) + 2)
    s = 2
    # Continuous coordinates of the supersampled box → texture; Pillow samples the input with pixel centres on
    # integers, hence the −0.5.
    dst = [((x - x0) * s, (y - y0) * s) for x, y in corners]
    src = [(0, 0), (tw, 0), (tw, th), (0, th)]
    h = homography(dst, src)
    h = [h[0] - 0.5 * h[6], h[1] - 0.5 * h[7], h[2] - 0.5, h[3] - 0.5 * h[6], h[4] - 0.5 * h[7], h[5] - 0.5,
         h[6], h[7]]
    size = ((x1 - x0) * s, (y1 - y0) * s)
    rgba = texture.convert("RGB")
    rgba.putalpha(alpha)
    warped = rgba.transform(size, Image.PERSPECTIVE, h, Image.BICUBIC)
    warped = warped.resize((x1 - x0, y1 - y0), Image.BOX)
    if rnd.random() < 0.6:  # a soft drop shadow under the document
        shadow = Image.new("L", (fw, fh), 0)
        off = rnd.uniform(1, 6)
        ImageDraw.Draw(shadow).polygon([(x + off, y + off) for x, y in corners], fill=rnd.randint(60, 140))
        shadow = shadow.filter(ImageFilter.GaussianBlur(rnd.uniform(3, 10)))
        frame_img.paste(Image.new("RGB", (fw, fh), (0, 0, 0)), (0, 0), shadow)
    frame_img.paste(warped.convert("RGB"), (x0, y0), warped.getchannel("A"))


def light(rnd, img, corners, effects):
    w, h = img.size
    # Uneven light: a smooth gain field from a tiny random image.
    lo = rnd.uniform(0.55, 1.0)
    field = Image.new("L", (3, 3))
    field.putdata([int(255 * rnd.uniform(lo, 1.0)) for _ in range(9)])
    field = field.resize((w, h), Image.BICUBIC).convert("RGB")
    img = ImageChops.multiply(img, field)
    effects.append("uneven_light")
    if rnd.random() < 0.3:  # a hard-ish shadow across part of the frame (a hand, a phone)
        m = Image.new("L", (w, h), 0)
        x, y = rnd.uniform(0, w), rnd.uniform(0, h)
        ImageDraw.Draw(m).polygon([(x, -10), (x + rnd.uniform(-0.3, 0.3) * w, h + 10), (w + 10, h + 10), (w + 10, -10)]
                                  if rnd.random() < 0.5 else [(-10, y), (w + 10, y + rnd.uniform(-0.3, 0.3) * h),
                                                              (w + 10, h + 10), (-10, h + 10)], fill=255)
        m = m.filter(ImageFilter.GaussianBlur(rnd.uniform(4, 30)))
        dark = img.point(lambda v, k=rnd.uniform(0.45, 0.75): int(v * k))
        img = Image.composite(dark, img, m)
        effects.append("shadow")
    if corners and rnd.random() < 0.4:  # glare spots on the document
        for _ in range(rnd.randint(1, 2)):
            t, u = rnd.uniform(0.1, 0.9), rnd.uniform(0.1, 0.9)
            top = (corners[0][0] + (corners[1][0] - corners[0][0]) * t, corners[0][1] + (corners[1][1] - corners[0][1]) * t)
            bot = (corners[3][0] + (corners[2][0] - corners[3][0]) * t, corners[3][1] + (corners[2][1] - corners[3][1]) * t)
            cx, cy = top[0] + (bot[0] - top[0]) * u, top[1] + (bot[1] - top[1]) * u
            r = rnd.uniform(0.04, 0.12) * math.dist(corners[0], corners[2])
            m = Image.new("L", (w, h), 0)
            ImageDraw.Draw(m).ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=255)
            m = m.filter(ImageFilter.GaussianBlur(r * 0.4))
            img = Image.composite(Image.new("RGB", (w, h), (255, 255, 250)), img, m)
        effects.append("glare")
    return img


def noise(rnd, img, amplitude):
    """Uniform sensor noise of +-amplitude per channel (from the seeded generator, not Pillow's own rand())."""
    w, h = img.size
    n = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3))
    n = n.point(lambda v: int(128 + (v - 128) * amplitude / 128))
    return ImageChops.add(img, n, 1.0, -128)


def corners_distance(c):
    return max(math.dist(c[0], c[2]), math.dist(c[1], c[3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--count", type=int, default=320)
    args = ap.parse_args()
    paths = [p for p in PHOTOS if os.path.exists(p)]
    if len(paths) < MIN_PHOTOS:
        sys.exit(f"documents.py: only {len(paths)} of the wallpaper photographs are installed; run scripts/setup.sh "
                 "(apt-get install plasma-workspace-wallpapers lomiri-wallpapers)")
    photos = []
    for p in paths:
        im = Image.open(p)
        im.draft("RGB", (2000, 1250))
        im = im.convert("RGB")
        if max(im.size) > 2200:
            im = im.resize((2200, round(2200 * im.size[1] / im.size[0])), Image.LANCZOS)
        photos.append(im)
    os.makedirs(args.out, exist_ok=True)
    manifest = {"seed": args.seed, "photos": [os.path.basename(p) for p in paths], "frames": []}
    designs = ["mykad", "dark", "white", "band", "licence"]
    for i in range(args.count):
        rnd = random.Random(f"{args.seed}/{i}")
        frame = pick(rnd, FRAME_SIZES)
        scene = pick(rnd, SCENES)
        img = background(rnd, photos, frame)
        clutter(rnd, img)
        effects, entry = [], {"file": f"{i:04d}.jpg", "width": frame[0], "height": frame[1], "scene": scene}
        corners = None
        if scene != "none":
            is_page = scene == "document" or (scene == "cut" and rnd.random() < 0.25)
            if is_page:
                landscape = rnd.random() < 0.3
                texture = draw_page(rnd, landscape)
                mm = (297.0, 210.0) if landscape else (210.0, 297.0)
                entry["kind"], entry["design"] = "document", "page"
            else:
                design = designs[i % len(designs)]
                texture, mm = draw_card(rnd, design), ID1
                entry["kind"], entry["design"] = "id-card", design
            corners, rotation, tilt = place(rnd, frame, mm, whole=scene != "cut")
            composite(rnd, img, texture, corners, rounded=not is_page)
            entry.update(rotation=round(rotation, 2), tilt=round(tilt, 2),
                         width_fraction=round(math.dist(corners[0], corners[1]) / frame[0], 3))
        img = light(rnd, img, corners, effects)
        blur = rnd.choice([0, 0, 0.5, 0.8, 1.2, 1.8]) * frame[0] / 1280
        if blur:
            img = img.filter(ImageFilter.GaussianBlur(blur))
            effects.append(f"blur:{blur:.1f}")
        amp = rnd.choice([0, 3, 6, 10])
        if amp:
            img = noise(rnd, img, amp)
            effects.append(f"noise:{amp}")
        quality = rnd.randint(40, 95)
        img.save(os.path.join(args.out, entry["file"]), quality=quality, subsampling=2)
        entry["jpeg_quality"] = quality
        entry["effects"] = effects
        rounded = [[round(x, 2), round(y, 2)] for x, y in corners] if corners else None
        # `corners` is the truth a detector must find; a cut document's (partly outside) are `outside_corners`.
        entry["corners"] = rounded if scene in ("card", "document") else None
        if scene == "cut":
            entry["outside_corners"] = rounded
        manifest["frames"].append(entry)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
