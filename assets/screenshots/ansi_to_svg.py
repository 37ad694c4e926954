#!/usr/bin/env python3
"""Turns a terminal screen captured with colours (`tmux capture-pane -e -p`) into an SVG, for
the README's screen captures. Reads the capture on stdin, writes the SVG on stdout.

    tmux new -d -x 100 -y 22 -s shot 'target/release/tidings tests/fixtures/images/posts/relative.md'
    sleep 1; tmux capture-pane -e -p -t shot | python3 assets/screenshots/ansi_to_svg.py > assets/screenshots/pictures.svg
"""
import re
import sys
from html import escape

CELL_W, CELL_H = 9, 18
BASE = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
        "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]
FG, BG = "#d0d0d0", "#101010"


def colour256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


def sgr(params, state):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, reverse=False)
        elif c == 1:
            state["bold"] = True
        elif c == 7:
            state["reverse"] = True
        elif c == 22:
            state["bold"] = False
        elif c == 27:
            state["reverse"] = False
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[key] = colour256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        elif c == 39:
            state["fg"] = None
        elif c == 49:
            state["bg"] = None
        elif 30 <= c <= 37:
            state["fg"] = BASE[c - 30]
        elif 40 <= c <= 47:
            state["bg"] = BASE[c - 40]
        elif 90 <= c <= 97:
            state["fg"] = BASE[c - 90 + 8]
        elif 100 <= c <= 107:
            state["bg"] = BASE[c - 100 + 8]
        i += 1


def main():
    rows = []
    state = dict(fg=None, bg=None, bold=False, reverse=False)
    for line in sys.stdin.read().split("\n"):
        cells = []
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
            if m:
                sgr(m.group(1), state)
                continue
            for ch in part:
                fg, bg = state["fg"] or FG, state["bg"] or BG
                if state["reverse"]:
                    fg, bg = bg, fg
                cells.append((ch, fg, bg, state["bold"]))
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    width = max(len(r) for r in rows) * CELL_W
    height = len(rows) * CELL_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="DejaVu Sans Mono, Menlo, monospace" font-size="14">',
           f'<rect width="{width}" height="{height}" fill="{BG}"/>']
    for y, cells in enumerate(rows):
        for x, (ch, fg, bg, bold) in enumerate(cells):
            px, py = x * CELL_W, y * CELL_H
            if ch == "▀":
                out.append(f'<rect x="{px}" y="{py}" width="{CELL_W}" height="{CELL_H // 2}" fill="{fg}"/>')
                out.append(f'<rect x="{px}" y="{py + CELL_H // 2}" width="{CELL_W}" height="{CELL_H // 2}" fill="{bg}"/>')
                continue
            if ch == "▄":
                out.append(f'<rect x="{px}" y="{py}" width="{CELL_W}" height="{CELL_H // 2}" fill="{bg}"/>')
                out.append(f'<rect x="{px}" y="{py + CELL_H // 2}" width="{CELL_W}" height="{CELL_H // 2}" fill="{fg}"/>')
                continue
            if bg != BG:
                out.append(f'<rect x="{px}" y="{py}" width="{CELL_W}" height="{CELL_H}" fill="{bg}"/>')
            if ch.strip():
                weight = ' font-weight="bold"' if bold else ""
                out.append(f'<text x="{px}" y="{py + 14}" fill="{fg}"{weight}>{escape(ch)}</text>')
    out.append("</svg>")
    print("\n".join(out))


main()
