#!/usr/bin/env python3
"""Generates the benchmark photos of `make bench` and their SSIM references (deterministic, Pillow only).

    python3 scripts/bench/make_photos.py [OUT_DIR]        (default: target/bench/photos)

Six inputs, built from gradients, low- and mid-frequency textures, hard and soft edges, text-like strokes and
sensor noise (seeded, so every run writes the same pixels):

    camera.jpg      4032x3024 camera JPEG (q 92, 4:2:0, EXIF make/model)
    camera-o6.jpg   the same scene stored rotated, EXIF orientation 6: only applying the tag makes it upright
    landscape.jpg   1920x1080 JPEG
    portrait.jpg    3000x4000 selfie-like portrait JPEG
    screenshot.png  2560x1440 PNG screenshot: flat UI areas and text, no noise
    id-card.jpg     2000x1262 ID card with small text, guilloche lines, a photo and an MRZ

Every upright scene carries two orientation markers: a magenta square in its true top-left corner and a cyan one
in its true top-right corner (the pair identifies all 8 EXIF orientations). For each photo and each target
(max side 1600 and 1280) the reference is a Lanczos (Image.LANCZOS) downscale of the UPRIGHT original to the
target's max side, saved as PNG (the original as decoded from its file, so the reference holds exactly what
every contender is given). manifest.json describes everything for scripts/bench/bench.mjs.
"""
import hashlib
import json
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

TARGETS = [
    {"name": "1600px/300KB", "maxSide": 1600, "maxBytes": 300_000},
    {"name": "1280px/150KB", "maxSide": 1280, "maxBytes": 150_000},
]
MARKER_TL = (255, 0, 255)  # magenta, true top-left
MARKER_TR = (0, 255, 255)  # cyan, true top-right
MARKER_FRAC = 0.06  # marker side as a fraction of the short side
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def font(size):
    return ImageFont.load_default(size=size)  # Pillow's bundled font: the same on every machine


def words(rnd, n, lo=2, hi=9):
    return " ".join("".join(rnd.choice(LETTERS) for _ in range(rnd.randint(lo, hi))) for _ in range(n))


def lerp(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def vertical_gradient(size, top, bottom):
    g = Image.linear_gradient("L").resize(size, Image.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), g)


def cloud_texture(rnd, size, cells, amplitude):
    """Smooth random texture: a tiny random image upscaled bicubically; values around 128 +- amplitude."""
    cw, ch = cells
    small = Image.frombytes("L", (cw, ch), rnd.randbytes(cw * ch))
    small = small.point(lambda v: 128 + (v - 128) * amplitude // 128)
    return small.resize(size, Image.BICUBIC)


def add_texture(img, tex, colour_mask=(1.0, 1.0, 1.0)):
    bands = [tex.point(lambda v, k=k: int(128 + (v - 128) * k)) for k in colour_mask]
    return ImageChops.add(img, Image.merge("RGB", bands), 1.0, -128)


def sensor_noise(rnd, img, sigma):
    """Per-channel uniform noise with standard deviation `sigma` (uniform bytes have sd 73.9)."""
    w, h = img.size
    k = sigma / 73.9
    bands = [Image.frombytes("L", (w, h), rnd.randbytes(w * h)).point(lambda v: int(128 + (v - 128) * k)) for _ in range(3)]
    return ImageChops.add(img, Image.merge("RGB", bands), 1.0, -128)


def markers(img):
    w, h = img.size
    s = int(min(w, h) * MARKER_FRAC)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, s - 1, s - 1], fill=MARKER_TL)
    d.rectangle([w - s, 0, w - 1, s - 1], fill=MARKER_TR)
    return img


def strokes(d, rnd, box, lines, size, colour):
    """Text-like strokes: lines of random words in `box`."""
    x0, y0, x1, y1 = box
    f = font(size)
    y = y0
    for _ in range(lines):
        if y + size > y1:
            break
        text = words(rnd, max(1, (x1 - x0) // (size * 4)))
        d.text((x0, y), text, fill=colour, font=f)
        y += int(size * 1.5)


def shapes(img, rnd, count, blur_every=3):
    """Random polygons and ellipses; every `blur_every`-th layer is blurred (out of focus)."""
    w, h = img.size
    for i in range(count):
        layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        colour = (rnd.randint(20, 235), rnd.randint(20, 235), rnd.randint(20, 235), rnd.randint(150, 255))
        cx, cy = rnd.randint(0, w), rnd.randint(0, h)
        r = rnd.randint(min(w, h) // 30, min(w, h) // 6)
        if i % 2:
            d.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=colour)
        else:
            pts = [(cx + r * math.cos(a) * rnd.uniform(0.5, 1.2), cy + r * math.sin(a) * rnd.uniform(0.5, 1.2))
                   for a in [j * 2 * math.pi / 6 + rnd.uniform(-0.3, 0.3) for j in range(6)]]
            d.polygon(pts, fill=colour, outline=(0, 0, 0, 255))
        if i % blur_every == 0:
            layer = layer.filter(ImageFilter.GaussianBlur(r / 12))
        img.paste(layer, (0, 0), layer)
    return img


def camera_scene(rnd, w, h):
    img = vertical_gradient((w, h), (120, 160, 215), (70, 85, 60))
    img = add_texture(img, cloud_texture(rnd, (w, h), (16, 12), 60), (1.0, 0.9, 0.7))
    img = add_texture(img, cloud_texture(rnd, (w, h), (400, 300), 40), (1.0, 1.0, 1.0))
    img = shapes(img, rnd, 28)
    d = ImageDraw.Draw(img)
    # a sheet of paper on the table, with printed text
    px, py = int(w * 0.52), int(h * 0.45)
    d.polygon([(px, py), (px + w * 0.38, py + h * 0.03), (px + w * 0.36, py + h * 0.5), (px - w * 0.02, py + h * 0.47)],
              fill=(236, 234, 226))
    strokes(d, rnd, (px + 40, py + 60, px + int(w * 0.33), py + int(h * 0.44)), 30, 34, (30, 30, 40))
    # fine detail: a fence of thin lines
    for i in range(120):
        x = int(w * 0.05 + i * w * 0.004)
        d.line([(x, int(h * 0.62)), (x + 8, int(h * 0.95))], fill=(40 + i % 5 * 30, 35, 30), width=3)
    img = img.filter(ImageFilter.GaussianBlur(0.6))  # lens softness
    return sensor_noise(rnd, markers(img), 5)


def landscape_scene(rnd, w, h):
    img = vertical_gradient((w, h), (90, 140, 220), (235, 215, 170))
    img = add_texture(img, cloud_texture(rnd, (w, h), (24, 8), 50), (1.0, 1.0, 1.0))
    d = ImageDraw.Draw(img)
    for k, base in enumerate([0.55, 0.65, 0.78]):
        pts = [(0, h)] + [(x, int(h * base + math.sin(x / w * (5 + k) * math.pi + k) * h * 0.06 + rnd.uniform(-4, 4)))
                          for x in range(0, w + 16, 16)] + [(w, h)]
        d.polygon(pts, fill=lerp((60, 110, 60), (25, 55, 30), k / 2))
    img = add_texture(img, cloud_texture(rnd, (w, h), (480, 270), 50), (0.8, 1.0, 0.6))
    d = ImageDraw.Draw(img)
    for _ in range(60):  # trees
        x, y = rnd.randint(0, w), rnd.randint(int(h * 0.6), h)
        s = rnd.randint(20, 70)
        d.polygon([(x, y - 3 * s), (x - s, y), (x + s, y)], fill=(20, rnd.randint(60, 100), 30), outline=(10, 30, 10))
    d.rectangle([int(w * 0.7), int(h * 0.45), int(w * 0.9), int(h * 0.58)], fill=(240, 240, 235), outline=(20, 20, 20), width=4)
    strokes(d, rnd, (int(w * 0.71), int(h * 0.46), int(w * 0.89), int(h * 0.57)), 4, 22, (160, 20, 20))
    return sensor_noise(rnd, markers(img), 4)


def portrait_scene(rnd, w, h):
    img = vertical_gradient((w, h), (180, 190, 200), (90, 80, 70))
    img = shapes(img, rnd, 18, blur_every=1)  # bokeh background
    img = img.filter(ImageFilter.GaussianBlur(18))
    face = Image.new("L", (w, h), 0)
    fd = ImageDraw.Draw(face)
    cx, cy, rx, ry = w // 2, int(h * 0.42), int(w * 0.23), int(h * 0.2)
    fd.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=255)
    skin = Image.radial_gradient("L").resize((2 * rx, 2 * ry), Image.BICUBIC)
    shade = Image.new("RGB", (w, h), (214, 170, 140))
    shade.paste(Image.merge("RGB", [skin.point(lambda v: 235 - v // 3), skin.point(lambda v: 190 - v // 3),
                                    skin.point(lambda v: 160 - v // 3)]), (cx - rx, cy - ry))
    img.paste(shade, (0, 0), face.filter(ImageFilter.GaussianBlur(4)))
    d = ImageDraw.Draw(img)
    for i in range(2500):  # hair: many thin strands
        a = rnd.uniform(math.pi * 1.05, math.pi * 1.95)
        x0, y0 = cx + math.cos(a) * rx * 1.05, cy + math.sin(a) * ry * 1.02
        d.line([(x0, y0), (x0 + rnd.uniform(-60, 60), y0 + rnd.uniform(-120, 40))],
               fill=(rnd.randint(30, 70), rnd.randint(20, 45), 15), width=2)
    for ex in (-1, 1):  # eyes, brows, mouth
        x, y = cx + ex * rx * 0.4, cy - ry * 0.1
        d.ellipse([x - 70, y - 32, x + 70, y + 32], fill=(245, 245, 240), outline=(60, 40, 30), width=5)
        d.ellipse([x - 28, y - 28, x + 28, y + 28], fill=(70, 45, 25))
        d.ellipse([x - 10, y - 10, x + 10, y + 10], fill=(5, 5, 5))
        d.line([(x - 80, y - 70), (x + 80, y - 80)], fill=(50, 30, 20), width=16)
    d.arc([cx - 110, cy + ry * 0.35, cx + 110, cy + ry * 0.65], 20, 160, fill=(150, 50, 50), width=12)
    d.polygon([(0, h), (cx - rx * 1.8, int(h * 0.72)), (cx + rx * 1.8, int(h * 0.72)), (w, h)], fill=(40, 60, 120))
    img = add_texture(img, cloud_texture(rnd, (w, h), (750, 1000), 24), (1.0, 1.0, 1.0))  # skin/fabric texture
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    return sensor_noise(rnd, markers(img), 6)


def screenshot_scene(rnd, w, h):
    img = Image.new("RGB", (w, h), (246, 247, 249))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 96], fill=(33, 37, 41))
    d.text((170, 24), "ekyc bench  " + words(rnd, 5), fill=(255, 255, 255), font=font(40))
    d.rectangle([0, 96, 420, h], fill=(233, 236, 239))
    for i in range(18):
        d.text((40, 140 + i * 64), words(rnd, 2, 4, 10), fill=(52, 58, 64), font=font(28))
    for j in range(6):  # cards with headings, body text and a button
        x0, y0 = 480 + (j % 3) * 680, 150 + (j // 3) * 620
        d.rounded_rectangle([x0, y0, x0 + 640, y0 + 580], radius=18, fill=(255, 255, 255), outline=(206, 212, 218), width=2)
        d.text((x0 + 30, y0 + 24), words(rnd, 3, 3, 8), fill=(20, 20, 20), font=font(36))
        if j == 1:  # a photo thumbnail in one card
            thumb = camera_scene(random.Random(99), 580, 200)
            img.paste(thumb, (x0 + 30, y0 + 80))
        else:
            strokes(d, rnd, (x0 + 30, y0 + 84, x0 + 620, y0 + 470), 12, 22, (73, 80, 87))
        d.rounded_rectangle([x0 + 30, y0 + 500, x0 + 230, y0 + 556], radius=10, fill=(13, 110, 253))
        d.text((x0 + 62, y0 + 512), "Continue", fill=(255, 255, 255), font=font(26))
    return markers(img)


def id_card_scene(rnd, w, h):
    img = vertical_gradient((w, h), (214, 232, 242), (236, 222, 240))
    d = ImageDraw.Draw(img)
    for k in range(70):  # guilloche
        pts = [(x, h * 0.5 + math.sin(x / w * 9 * math.pi + k * 0.19) * h * 0.32 * math.cos(x / w * 2 + k * 0.05))
               for x in range(0, w + 6, 6)]
        d.line(pts, fill=(150 + k % 60, 170, 200), width=2)
    d.rectangle([0, 0, w, 150], fill=(20, 60, 130))
    d.text((60, 40), "REPUBLIC OF BENCHMARK  IDENTITY CARD", fill=(255, 255, 255), font=font(60))
    photo = portrait_scene(random.Random(7), 450, 600)
    img.paste(photo, (80, 260))
    d.rectangle([80, 260, 530, 860], outline=(40, 40, 40), width=3)
    f_label, f_value = font(22), font(34)
    y = 250
    for label in ["Name", "Nama", "Date of birth", "Sex", "Nationality", "Document no.", "Expiry", "Address"]:
        d.text((620, y), label, fill=(90, 90, 110), font=f_label)
        d.text((620, y + 26), words(rnd, 3, 3, 9).upper(), fill=(15, 15, 25), font=f_value)
        y += 82
    strokes(d, rnd, (1400, 900, 1940, 1000), 4, 16, (60, 60, 80))  # fine print
    d.rectangle([0, 1030, w, h], fill=(245, 245, 245))
    mrz = font(40)
    for i in range(3):
        line = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<") for _ in range(44))
        d.text((60, 1050 + i * 64), line, fill=(10, 10, 10), font=mrz)
    holo = Image.new("L", (w, h), 0)
    ImageDraw.Draw(holo).ellipse([1500, 300, 1850, 650], fill=70)
    img.paste(Image.new("RGB", (w, h), (255, 250, 200)), (0, 0), holo.filter(ImageFilter.GaussianBlur(30)))
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    return sensor_noise(rnd, markers(img), 3)


def camera_exif(orientation):
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    exif[0x0110] = "BC-1"
    exif[0x0112] = orientation
    return exif.tobytes()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("target", "bench", "photos")
    os.makedirs(out, exist_ok=True)
    photos = []

    def emit(name, upright, stored, save_kwargs, orientation=1):
        path = os.path.join(out, name)
        stored.save(path, **save_kwargs)
        with Image.open(path) as f:  # the file as decoded, with its tag applied: what every contender gets
            decoded = ImageOps.exif_transpose(f).convert("RGB")
        assert decoded.size == upright.size, name
        entry = {"file": name, "bytes": os.path.getsize(path), "width": upright.width, "height": upright.height,
                 "orientation": orientation, "mime": "image/png" if name.endswith(".png") else "image/jpeg",
                 "marker": MARKER_FRAC, "references": []}
        for t in TARGETS:
            s = min(1.0, t["maxSide"] / max(upright.size))
            size = (max(1, round(upright.width * s)), max(1, round(upright.height * s)))
            ref = decoded.resize(size, Image.LANCZOS)
            ref_name = f"{os.path.splitext(name)[0]}.ref{t['maxSide']}.png"
            ref.save(os.path.join(out, ref_name), compress_level=1)
            entry["references"].append({"maxSide": t["maxSide"], "file": ref_name, "width": size[0], "height": size[1]})
        photos.append(entry)
        print(f"  {name}: {upright.width}x{upright.height}, {entry['bytes']} bytes", flush=True)

    jpeg = lambda q, **kw: {"format": "JPEG", "quality": q, "subsampling": "4:2:0", **kw}  # noqa: E731
    cam = camera_scene(random.Random(1), 4032, 3024)
    emit("camera.jpg", cam, cam, jpeg(92, exif=camera_exif(1)))
    # stored rotated 90 degrees counter-clockwise; tag 6 = "rotate 90 clockwise to display"
    emit("camera-o6.jpg", cam, cam.transpose(Image.ROTATE_90), jpeg(92, exif=camera_exif(6)), orientation=6)
    del cam
    land = landscape_scene(random.Random(2), 1920, 1080)
    emit("landscape.jpg", land, land, jpeg(90))
    portrait = portrait_scene(random.Random(3), 3000, 4000)
    emit("portrait.jpg", portrait, portrait, jpeg(92, exif=camera_exif(1)))
    shot = screenshot_scene(random.Random(4), 2560, 1440)
    emit("screenshot.png", shot, shot, {"format": "PNG", "optimize": False, "compress_level": 6})
    card = id_card_scene(random.Random(5), 2000, 1262)
    emit("id-card.jpg", card, card, jpeg(90))

    with open(__file__, "rb") as f:
        generator = hashlib.sha256(f.read()).hexdigest()[:16]
    manifest = {"generator": generator, "targets": TARGETS, "markerTopLeft": MARKER_TL, "markerTopRight": MARKER_TR,
                "photos": photos}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main()
