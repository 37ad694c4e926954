#!/usr/bin/env bash
# benches/e2e.sh: the whole-app figures of issue 22's table, each beside its reference, measured
# in one sitting (the machines are shared and noisy: compare ratios, not absolute times).
#
#   bash benches/e2e.sh [ROWS...]     ROWS: post g folder10k folder1k save show rss100k first100k
#                                     again100k pictures (all by default; pictures is issue 25's
#                                     budget, first100k and again100k issue 40's)
#   BIN=/path/to/tidings bash benches/e2e.sh ...   measures another build (a before/after)
#
# Needs: a release build (`cargo build --release`), python3 with `pyte` and `psutil`
# (`pip install pyte psutil`), `less`, and ../shared/tools. The generated folders are made by
# `cargo bench` into target/bench-corpora (or here, with gen_corpus.py, when missing). Every run
# gets a throwaway home, so no read state, cache or config of yours is read or written.
# Medians of RUNS runs (default 11) after one warm-up; set RUNS=... to change.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
TOOLS="$ROOT/../shared/tools"
BIN="${BIN:-$ROOT/target/release/tidings}"
CORPORA="$ROOT/target/bench-corpora"
RUNS="${RUNS:-11}"
HOME_DIR="$(mktemp -d)"
trap 'rm -rf "$HOME_DIR"' EXIT
export HOME="$HOME_DIR" XDG_CONFIG_HOME="$HOME_DIR/.config" XDG_DATA_HOME="$HOME_DIR/.local/share" \
  XDG_CACHE_HOME="$HOME_DIR/.cache" LESSHISTFILE=-

first_heading() { # POST: the text of its first `## ` heading (gen_corpus.py's words change)
  grep -m1 '^## ' "$1" | sed 's/^## //'
}

corpus() { # NAME ARGS...: target/bench-corpora/NAME, generated if missing
  local name="$1"; shift
  if [ ! -e "$CORPORA/$name/.complete" ]; then
    rm -rf "${CORPORA:?}/$name"
    python3 "$TOOLS/gen_corpus.py" "$CORPORA/$name" "$@" >/dev/null
    touch "$CORPORA/$name/.complete"
  fi
  echo "$CORPORA/$name"
}

ttfp() { python3 "$TOOLS/ttfp.py" --runs "$RUNS" --warmup 1 "$@" 2>&1 | grep -E '^  (until|keys|peak RSS|HWM)' ; }

median_ms() { # CMD...: median wall time of RUNS runs, in ms
  python3 - "$RUNS" "$@" <<'EOF'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL)
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
print(f"  median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})")
EOF
}

ratio() { # OURS THEIRS REFERENCE [GOAL]: the ratio of two outputs' medians, against the goal
  python3 - "$@" <<'EOF'
import re, sys
median = lambda out: float(re.search(r"median ([0-9.]+) ms", out).group(1))
ours, theirs, reference = median(sys.argv[1]), median(sys.argv[2]), sys.argv[3]
goal = f" (goal <= {sys.argv[4]}x)" if len(sys.argv) > 4 else ""
print(f"  ratio: {ours / theirs:.2f}x {reference}{goal}")
EOF
}

row_post() {
  local post ours theirs; post="$(ls "$(corpus long200k --posts 1 --body-kb 200)"/*/*/*.md)"
  echo "== 200 KB post, first heading on screen (then G: see row g)"
  local heading; heading="$(first_heading "$post")"
  ours="$(ttfp --until "$heading" -- "$BIN" "$post")"
  echo "tidings:"; echo "$ours"
  theirs="$(ttfp --until "$heading" -- less "$post")"
  echo "less:"; echo "$theirs"
  ratio "$ours" "$theirs" less 1.5
}

row_g() {
  local post; post="$(ls "$(corpus long200k --posts 1 --body-kb 200)"/*/*/*.md)"
  # tidings lists the post's links after its last line; less ends on the last line.
  echo "== 200 KB post, G to its end (phase 2 is from the key)"
  local heading; heading="$(first_heading "$post")"
  # The link list's entries (`[N] https…`) come after the post's last line.
  echo "tidings:"; ttfp --until "$heading" --keys G --then '\[[0-9]+\] https' -- "$BIN" "$post"
  echo "less:";    ttfp --until "$heading" --keys G --then 'End of post 00001' -- less "$post"
}

row_folder() { # NAME POSTS [GOAL]
  local dir ours theirs; dir="$(corpus "$1" --posts "$2" --seed 0)"
  echo "== $2-post folder: every post listed"
  ours="$(ttfp --until "$2 of $2 posts" -- "$BIN" "$dir")"
  echo "tidings:"; echo "$ours"
  theirs="$(median_ms "find '$dir' -type f -print0 | xargs -0 cat > /dev/null")"
  echo "find | xargs cat:"; echo "$theirs"
  ratio "$ours" "$theirs" cat ${3:+"$3"}
}

row_save() {
  local dir; dir="$(mktemp -d)"
  cp -r "$ROOT/../shared/seeds/." "$dir/"
  local post; post="$(ls "$dir"/*.txt | head -1)"
  echo "== save -> screen (in place and temp+rename), 30 saves each"
  python3 "$TOOLS/reload_latency.py" --post "$post" --saves 30 --until 'Surpasses' --keys '\r' \
    -- "$BIN" "$dir" 2>&1 | grep -E 'save->screen'
  rm -rf "$dir"
}

row_show() {
  local post; post="$(ls "$(corpus long200k --posts 1 --body-kb 200)"/*/*/*.md)"
  echo "== tidings show of the 200 KB post, styled on a terminal"
  echo "paged (the default on a terminal), until its first heading:"
  ttfp --until "$(first_heading "$post")" -- "$BIN" show "$post"
  echo "not paged, until its last line:"
  ttfp --until 'End of post 00001' --quit '' -- "$BIN" show --paging never "$post"
  # The emulator's bound: the same styled bytes from cat (script(1) gives show a terminal).
  local styled; styled="$(mktemp)"
  script -qc "'$BIN' show --paging never '$post'" /dev/null > "$styled"
  echo "cat of the same styled bytes ($(wc -c < "$styled") bytes), until its last line:"
  ttfp --until 'End of post 00001' --quit '' -- cat "$styled"
  rm -f "$styled"
  echo "in a pipe:"; median_ms "'$BIN' show '$post' | cat"
}

row_rss100k() {
  local dir; dir="$(corpus c100000 --posts 100000 --seed 0)"
  echo "== 100k-post folder: peak RSS until listed and indexed for search (bytes on disk beside it)"
  du -sb "$dir" | awk '{printf "  bytes on disk: %.0f MiB\n", $1/1048576}'
  # The status line says "indexing for search" until the index is built.
  python3 "$TOOLS/ttfp.py" --runs 1 --until '100000 of 100000 posts  +\? help' -- "$BIN" "$dir" 2>&1 | grep -E '^  (until|peak RSS|HWM)'
}

row_first100k() { # issue 40: a first start (no metadata cache) is no slower than before
  local dir ours theirs; dir="$(corpus c100000 --posts 100000 --seed 0)"
  echo "== 100k-post folder, first start (no metadata cache): every post listed"
  ours="$(ttfp --until '100000 of 100000 posts' -- sh -c \
    "rm -rf '$XDG_CACHE_HOME/tidings/meta'; exec '$BIN' '$dir'")"
  echo "tidings:"; echo "$ours"
  theirs="$(median_ms "find '$dir' -type f -print0 | xargs -0 cat > /dev/null")"
  echo "find | xargs cat:"; echo "$theirs"
  ratio "$ours" "$theirs" cat 1.0
}

row_again100k() { # issue 40: a second start takes unchanged posts from the metadata cache
  local dir ours theirs; dir="$(corpus c100000 --posts 100000 --seed 0)"
  echo "== 100k-post folder, second start (metadata cache warm): every post listed"
  "$BIN" list "$dir" > /dev/null # writes the cache, as a reader's first start would
  ours="$(ttfp --until '100000 of 100000 posts' -- "$BIN" "$dir")"
  echo "tidings:"; echo "$ours"
  theirs="$(median_ms "find '$dir' -printf '%T@ %s\n' > /dev/null")"
  echo "stat walk (find -printf '%T@ %s'):"; echo "$theirs"
  ratio "$ours" "$theirs" "the stat walk" 1.5
  echo "tidings list, second run (peak RSS):"
  /usr/bin/time -f '  %e s, peak RSS %M KiB' "$BIN" list "$dir" 2>&1 >/dev/null | tail -1
}

row_pictures() { # issue 25's budget: the folder is made by `cargo bench --bench pictures`
  local dir="$ROOT/target/bench-corpora/pictures50"
  if [ ! -e "$dir/.complete" ]; then
    (cd "$ROOT" && cargo bench --bench pictures >/dev/null 2>&1)
  fi
  echo "== a post naming 50 JPEGs of ~1.7 MB, beside the same post without them (half-blocks)"
  echo "without the images, until its first paragraph:"
  ttfp --until 'Frame 0 was taken' -- "$BIN" "$dir/text.md"
  echo "with them, until its first paragraph:"
  ttfp --until 'Frame 0 was taken' -- "$BIN" "$dir/photos.md"
  echo "with them, until the first picture's half-blocks:"
  ttfp --until '[▀▄]' -- "$BIN" "$dir/photos.md"
}

rows=("$@")
[ ${#rows[@]} -eq 0 ] && rows=(post g folder10k folder1k save show rss100k first100k again100k pictures)
for row in "${rows[@]}"; do
  case "$row" in
    post) row_post ;;
    g) row_g ;;
    folder10k) row_folder c10000 10000 1.0 ;;
    folder1k) row_folder c1000 1000 ;;
    save) row_save ;;
    show) row_show ;;
    rss100k) row_rss100k ;;
    first100k) row_first100k ;;
    again100k) row_again100k ;;
    pictures) row_pictures ;;
    *) echo "unknown row: $row" >&2; exit 2 ;;
  esac
done
