#!/usr/bin/env python3
"""Generates the Teams app icons (manifest/color.png 192x192, manifest/outline.png 32x32).

Teams rules: the colour icon is 192x192 full colour; the outline icon is 32x32, white on a
transparent background (every pixel is white or fully transparent). Only the standard library is
used, so the PNGs are reproducible: `python3 manifest/tools/make-icons.py`.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def png(path, width, height, pixels):
    """pixels: list of rows, each a list of (r, g, b, a)."""
    raw = bytearray()
    for row in pixels:
        raw.append(0)  # filter: none
        for r, g, b, a in row:
            raw += bytes((r, g, b, a))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))  # 8-bit RGBA
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    data += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def star(cx, cy, outer, inner):
    pts = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return pts


def inside(poly, x, y):
    result = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


def glyph(size):
    """Coverage (0..1) of the glyph at each pixel: a ring with a five-pointed star inside."""
    c = size / 2
    ring_outer, ring_inner = size * 0.44, size * 0.36
    poly = star(c, c * 1.04, size * 0.28, size * 0.115)
    samples = 4
    cover = []
    for y in range(size):
        row = []
        for x in range(size):
            hits = 0
            for sy in range(samples):
                for sx in range(samples):
                    px = x + (sx + 0.5) / samples
                    py = y + (sy + 0.5) / samples
                    d = math.hypot(px - c, py - c)
                    if ring_inner <= d <= ring_outer or inside(poly, px, py):
                        hits += 1
            row.append(hits / (samples * samples))
        cover.append(row)
    return cover


def color_icon(size=192):
    red, gold = (200, 16, 46), (255, 209, 0)
    cover = glyph(size)
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            t = cover[y][x]
            row.append(tuple(round(red[i] * (1 - t) + gold[i] * t) for i in range(3)) + (255,))
        rows.append(row)
    png(os.path.join(OUT, "color.png"), size, size, rows)


def outline_icon(size=32):
    cover = glyph(size)
    # White where the glyph is, fully transparent elsewhere (no partial alpha: Teams rejects grey edges).
    rows = [[(255, 255, 255, 255) if cover[y][x] >= 0.5 else (0, 0, 0, 0) for x in range(size)] for y in range(size)]
    png(os.path.join(OUT, "outline.png"), size, size, rows)


if __name__ == "__main__":
    color_icon()
    outline_icon()
