#!/usr/bin/env python3
"""checkout_absorb.py: how long tidings takes to take in a `git checkout` of many posts.

    python3 benches/checkout_absorb.py CORPUS [--files 500] [--runs 10] [--size 160x50] [--json]

Copies CORPUS (a folder of generated posts, e.g. target/bench-corpora/c10000 or the output of
../shared/tools/gen_corpus.py --posts 10000) into a temporary git repository with two branches
that differ in FILES posts: on `alpha` their `tag:` line is "alpha-ck", on `bravo` "bravo-ck".
It runs tidings on the repository in a pseudo-terminal (../shared/tools/ttfp.py's emulator),
opens the tag picker narrowed to "-ck", then checks out the branches in turn and times, from
just before `git checkout` starts until the picker shows the new tag with all FILES posts
(which happens only once every changed file was read again and the store updated). The time
`git checkout` itself takes is reported beside it, as the reference.
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "tools"))
import ttfp  # noqa: E402

TAG = re.compile(r'^(tags?\s*:\s*).*$', re.M)


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def retag(path, tag):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text, n = TAG.subn(lambda m: m.group(1) + '"' + tag + '"', text, count=1)
    if n:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return n == 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--runs", type=int, default=10, help="checkouts timed (alternating branches)")
    ap.add_argument("--size", default="160x50")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "tidings"))
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--json", action="store_true")
    o = ap.parse_args()
    cols, rows = (int(v) for v in o.size.lower().split("x"))

    work = tempfile.mkdtemp(prefix="tidings-checkout-")
    repo = os.path.join(work, "posts")
    try:
        shutil.copytree(o.corpus, repo, ignore=shutil.ignore_patterns(".complete"))
        posts = sorted(os.path.join(d, f) for d, _, fs in os.walk(repo) for f in fs
                       if f.endswith((".md", ".markdown", ".txt")))
        total = len(posts)
        git(repo, "init", "-q", "-b", "alpha")
        git(repo, "config", "user.email", "bench@example.invalid")
        git(repo, "config", "user.name", "bench")
        # Spread over the folder: every k-th post that has a tag line, until there are FILES.
        step = max(1, total // o.files)
        chosen = []
        for p in posts[::step] + posts:
            if len(chosen) == o.files:
                break
            if p not in chosen and retag(p, "alpha-ck"):
                chosen.append(p)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "alpha")
        git(repo, "checkout", "-q", "-b", "bravo")
        for p in chosen:
            retag(p, "bravo-ck")
        git(repo, "commit", "-q", "-am", "bravo")
        git(repo, "checkout", "-q", "alpha")
        n = len(chosen)

        home = os.path.join(work, "home")
        env = dict(os.environ, TERM="xterm-256color", HOME=home,
                   XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        env.setdefault("LANG", "C.UTF-8")
        sys.setswitchinterval(0.001)
        s = ttfp.Session([o.binary, repo], cols, rows, env, None)
        absorb, checkout = [], []
        try:
            s.wait_for(re.compile(rf"{total} of {total} posts"), time.perf_counter() + 120)
            s.send_keys(ttfp.parse_keys("t"))
            s.wait_for(re.compile(r"Tags: posts"), time.perf_counter() + 10)
            s.send_keys(ttfp.parse_keys("-ck"))
            s.wait_for(re.compile(rf"alpha-ck\s+{n}\b"), time.perf_counter() + 10)
            branch = "alpha"
            for _ in range(o.runs):
                branch = "bravo" if branch == "alpha" else "alpha"
                t0 = time.perf_counter()
                git(repo, "checkout", "-q", branch)
                t_git = time.perf_counter()
                t1 = s.wait_for(re.compile(rf"{branch}-ck\s+{n}\b"),
                                time.perf_counter() + o.timeout)
                absorb.append((t1 - t0) * 1000)
                checkout.append((t_git - t0) * 1000)
                s.drain(0.5)
        except (ttfp.Timeout, ttfp.ExitedEarly) as exc:
            print(f"checkout_absorb.py: {exc!r}; the screen shows:", file=sys.stderr)
            print(s.term.text(), file=sys.stderr)
            return 2
        finally:
            s.finish(ttfp.parse_keys("\r") + ttfp.parse_keys("q"), 2.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def summary(values):
        values = sorted(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return {"min": round(values[0], 1), "median": round(statistics.median(values), 1),
                "p95": round(p95, 1), "max": round(values[-1], 1)}

    result = {"posts": total, "files_changed": n, "runs": len(absorb),
              "absorb_ms": summary(absorb), "git_checkout_ms": summary(checkout)}
    if o.json:
        print(json.dumps(result, indent=2))
    else:
        a, g = result["absorb_ms"], result["git_checkout_ms"]
        print(f"{n} of {total} posts changed by git checkout, {len(absorb)} runs")
        print(f"checkout -> picker shows all {n}: min {a['min']} / median {a['median']}"
              f" / p95 {a['p95']} / max {a['max']} ms")
        print(f"git checkout alone:             min {g['min']} / median {g['median']}"
              f" / p95 {g['p95']} / max {g['max']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
