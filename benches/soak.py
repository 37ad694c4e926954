#!/usr/bin/env python3
"""Soak run (issue 19): tidings in a real pseudo-terminal for a long time, on a copy of a
generated 10k-post folder, with random keys (open, search, filters, pickers, links, back, help,
info) and file churn (saves in place and by rename, appends, new files in new folders, deletes,
renames) at once. Not run in CI.

It reports the peak RSS against its value after the first minute (must stay within 10%), the
RSS every 5 minutes, the slowest frame (the app's own measure, TIDINGS_FRAME_LOG: applying a
burst of events, doing its effects and drawing; must stay under 100 ms), and that `q` ends the
process with status 0.

    python3 benches/soak.py [--minutes 30] [--posts 10000] [--binary target/release/tidings]
"""

import argparse
import os
import pty
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "tools", "gen_corpus.py")

ESC = "\x1b"
KEYS = [
    (["j"], 20), (["k"], 10), (["\r"], 8), ([ESC], 8), (["\t"], 4),
    (["G"], 3), (["g"], 3), (["\x1b[6~"], 3), (["\x1b[5~"], 2),
    (["]"], 3), (["["], 2), (["c"], 1), (["n"], 2), (["N"], 1),
    (["/", "harbor", "\r"], 2), (["/", "lantern", "\r"], 2), (["/", "Гавань", "\r"], 1),
    (["/", "zz", ESC], 1),
    (["t", " ", "\r"], 2), (["t", "j", " ", "\t", ESC], 1), (["T"], 1),
    (["d", "j", "j", "\r"], 1), (["d", "2024", "\r"], 1), (["d", "\r"], 1),
    (["s"], 2), (["u"], 1), (["D"], 1), (["S"], 1), (["m"], 1),
    (["o", "1", "\r"], 2), (["\x7f"], 2), (["L"], 1),
    (["?"], 1), (["i"], 1), (["!"], 1),
]


def rss_kib(pid):
    """(VmRSS, RssAnon, RssFile) in KiB, or None once the process is gone."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "RssAnon", "RssFile"):
                    fields[name] = int(rest.split()[0])
    except OSError:
        return None
    if "VmRSS" not in fields:
        return None
    return fields["VmRSS"], fields.get("RssAnon", 0), fields.get("RssFile", 0)


def post_files(folder):
    out = []
    for dirpath, _, names in os.walk(folder):
        out.extend(os.path.join(dirpath, n) for n in names if n.endswith((".md", ".txt")))
    return out


def churn(rng, folder, files, n):
    """One random change on disk; `files` is a cached list, refreshed now and then."""
    text = f"---\ntitle: \"Soak post {n}\"\ndate: 2024-0{1 + n % 9}-1{n % 9}\ntag: soak\n---\nBody {n}.\n\n## Part\n\nWords {rng.random()}.\n"
    op = rng.randrange(8)
    pick = rng.choice(files) if files else None
    try:
        if op <= 1 and pick:
            with open(pick, "w") as f:
                f.write(text)
        elif op == 2 and pick:
            with open(pick, "a") as f:
                f.write(f"\nAppended {n}.\n")
        elif op == 3:
            d = os.path.join(folder, f"soak{rng.randrange(20)}", f"x{rng.randrange(3)}")
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, f"new-{n}.md")
            with open(path, "w") as f:
                f.write(text)
            files.append(path)
        elif op == 4 and pick:
            os.remove(pick)
            files.remove(pick)
        elif op == 5 and pick:
            tmp = pick + ".tmp"
            with open(tmp, "w") as f:
                f.write(text)
            os.replace(tmp, pick)
        elif op == 6 and pick:
            to = os.path.join(os.path.dirname(pick), f"renamed-{n}.md")
            os.rename(pick, to)
            files.remove(pick)
            files.append(to)
        elif pick:
            with open(pick, "w") as f:
                f.write(text)
    except OSError:
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "tidings"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true", help="print each 5 s RSS sample")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    work = tempfile.mkdtemp(prefix="tidings-soak-")
    folder = os.path.join(work, "posts")
    cached = os.path.join(ROOT, "target", "bench-corpora", f"c{args.posts}")
    if os.path.exists(os.path.join(cached, ".complete")):
        shutil.copytree(cached, folder)
    else:
        subprocess.run([sys.executable, GEN, folder, "--posts", str(args.posts), "--seed", "0"], check=True)
    frame_log = os.path.join(work, "frames")
    env = dict(os.environ, TERM="xterm-256color", TIDINGS_FRAME_LOG=frame_log,
               XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data"),
               XDG_CACHE_HOME=os.path.join(work, "cache"))
    env.pop("NO_COLOR", None)

    pid, fd = pty.fork()
    if pid == 0:
        os.execve(args.binary, [args.binary, folder], env)
    # 120x40, as the other whole-app checks use.
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain():
        while True:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return
    threading.Thread(target=drain, daemon=True).start()

    def send(text):
        os.write(fd, text.encode())

    start = time.monotonic()
    end = start + args.minutes * 60
    samples = []  # (seconds, KiB)
    parts = []  # (VmRSS, RssAnon, RssFile) KiB, beside samples
    first_minute = None
    next_sample = start
    next_churn = start + 5
    files = post_files(folder)
    n = 0
    keys_sent = 0
    changes = 0
    time.sleep(3)  # the load
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_sample:
            rss = rss_kib(pid)
            if rss is None:
                print("tidings is gone", file=sys.stderr)
                sys.exit(1)
            kib = rss[0]
            samples.append((now - start, kib))
            parts.append(rss)
            if args.verbose:
                print(f"  {now - start:6.0f} s: RSS {rss[0] / 1024:.1f} MiB (anon {rss[1] / 1024:.1f}, "
                      f"file {rss[2] / 1024:.1f}), {changes} changes", flush=True)
            if first_minute is None and now - start >= 60:
                first_minute = kib
            next_sample = now + 5
        if now >= next_churn:
            n += 1
            churn(rng, folder, files, n)
            changes += 1
            if n % 200 == 0:
                files = post_files(folder)
            next_churn = now + rng.uniform(0.05, 0.6)
        seq = rng.choices([k for k, _ in KEYS], weights=[w for _, w in KEYS])[0]
        for key in seq:
            send(key)
            keys_sent += 1
            time.sleep(0.09 if key == ESC else 0.03)
        time.sleep(rng.uniform(0.03, 0.15))

    # Out of any prompt or overlay, then quit.
    for _ in range(3):
        send(ESC)
        time.sleep(0.15)
    send("q")
    code = None
    for _ in range(100):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.05)
    after = [k for t, k in samples if t >= 60] or [k for _, k in samples]
    peak = max(after)
    first_minute = first_minute or after[0]
    print(f"soak: {args.minutes:g} min, {args.posts} posts, {keys_sent} keys, {changes} file changes")
    print(f"RSS after the first minute: {first_minute / 1024:.1f} MiB; peak since {peak / 1024:.1f} MiB "
          f"({peak / first_minute:.3f}x)")
    for (t, kib), (_, anon, file) in zip(samples, parts):
        if t >= 55 and (int(t) // 300 != int(t - 5) // 300 or t < 65):
            print(f"  at {t / 60:5.1f} min: {kib / 1024:.1f} MiB (anon {anon / 1024:.1f}, file {file / 1024:.1f})")
    frames = open(frame_log).read() if os.path.exists(frame_log) else "(no frame log)"
    print("frames: " + frames.replace("\n", "  "))
    print(f"exit status on q: {code}")
    slowest = float(frames.split("slowest_ms ")[1].split()[0]) if "slowest_ms" in frames else None
    ok = (code == 0 and first_minute and peak <= first_minute * 1.10
          and slowest is not None and slowest <= 100)
    shutil.rmtree(work, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
