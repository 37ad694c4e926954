#!/usr/bin/env python3
"""Times `tidings fetch` of 20 feeds of 50 entries each (issue 26's budget: 2 s), served from
127.0.0.1 by Python's threading HTTP server, each run in a fresh home (so every entry is new).
Then the worst cases (issue 36): feeds of just under the 10 MiB cap whose one entry is 1.25
million `<b>x</b>` (in a content, in a summary), or nesting 100,000 deep (tables, divs): for
each, the time of the whole fetch (download, parse, conversion, writing) and the process's peak
resident memory (wait4), medians over the runs.

    python3 benches/fetch_feeds.py [--runs 7] [--bin target/release/tidings] [--worst-only]
"""
import argparse, http.server, os, statistics, subprocess, sys, tempfile, threading, time
from functools import partial

p = argparse.ArgumentParser()
p.add_argument("--runs", type=int, default=7)
p.add_argument("--bin", default="target/release/tidings")
p.add_argument("--feeds", type=int, default=20)
p.add_argument("--entries", type=int, default=50)
p.add_argument("--worst-only", action="store_true")
args = p.parse_args()

root = tempfile.mkdtemp()
para = "<p>" + "The harbour council met on Tuesday to discuss the ferry timetable. " * 12 + "</p>"
for f in range(args.feeds):
    items = []
    for e in range(args.entries):
        items.append(f"""<item><title>Feed {f} entry {e}: news of the day</title>
<link>https://example.org/{f}/{e}</link><guid>f{f}-e{e}</guid>
<pubDate>Wed, {1 + e % 28:02d} Feb 2024 08:30:00 GMT</pubDate><category>news</category>
<description>Summary of entry {e}.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<h2>Part one</h2>{para}<ul><li>a</li><li>b</li></ul>{para}]]></content:encoded></item>""")
    with open(os.path.join(root, f"feed{f}.xml"), "w") as out:
        out.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>{"".join(items)}</channel></rss>')

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=root))
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"

def fetch(config, home):
    """Runs one fetch: (ms, peak RSS in MiB, exit status)."""
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=f"{home}/cache", XDG_DATA_HOME=f"{home}/data")
    start = time.perf_counter()
    child = subprocess.Popen([args.bin, "--config", config, "fetch", "--timeout", "120"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, child.returncode, child.stderr.read().decode()

times = []
for run in range(0 if args.worst_only else args.runs + 1):
    home = tempfile.mkdtemp()
    config = os.path.join(home, "config.toml")
    with open(config, "w") as out:
        out.write(f'folders = ["{home}/posts"]\n')
        for f in range(args.feeds):
            out.write(f'\n[[feeds]]\nname = "f{f}"\nurl = "{url}/feed{f}.xml"\n')
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=f"{home}/cache")
    start = time.perf_counter()
    done = subprocess.run([args.bin, "--config", config, "fetch"], env=env, capture_output=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"fetch failed: {done.stderr.decode()}")
    written = sum(len(fs) for _, _, fs in os.walk(f"{home}/posts"))
    if run > 0:  # the first is a warm-up
        times.append(elapsed)
if times:
    print(f"{args.feeds} feeds x {args.entries} entries ({written} files written each run): "
          f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f})")

def atom(title, html):
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f'<id>tag:x,2024:{title}</id><updated>2024-06-19T08:30:00Z</updated><entry><title>{title}</title>'
            f'<id>tag:x,2024:{title}:1</id><updated>2024-06-19T08:30:00Z</updated>'
            f'<content type="html"><![CDATA[{html}]]></content></entry></feed>')

markup = "<b>x</b>" * 1_250_000
worst = {
    "markup-content": atom("markup-content", markup),
    "markup-summary": ('<?xml version="1.0"?><rss version="2.0"><channel><title>s</title><item><guid>m</guid>'
                       f'<title>m</title><description><![CDATA[{markup}]]></description></item></channel></rss>'),
    "deep-table": atom("deep-table", "<table><tr><td>" * 100_000 + "x" + "</td></tr></table>" * 100_000),
    "deep-div": atom("deep-div", "<div>" * 100_000 + "x" + "</div>" * 100_000),
}
for name, text in worst.items():
    with open(os.path.join(root, f"{name}.xml"), "w") as out:
        out.write(text)
    size = len(text.encode()) / (1 << 20)
    runs = []
    for run in range(args.runs):
        home = tempfile.mkdtemp()
        config = os.path.join(home, "config.toml")
        with open(config, "w") as out:
            out.write(f'folders = ["{home}/posts"]\n\n[[feeds]]\nname = "{name}"\nurl = "{url}/{name}.xml"\n')
        ms, peak, code, err = fetch(config, home)
        if code not in (0, 1):
            sys.exit(f"{name}: fetch ended with {code}: {err}")
        runs.append((ms, peak))
    print(f"worst case {name} ({size:.1f} MiB): median {statistics.median(r[0] for r in runs):.0f} ms, "
          f"peak RSS median {statistics.median(r[1] for r in runs):.0f} MiB (max {max(r[1] for r in runs):.0f})")
