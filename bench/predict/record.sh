#!/usr/bin/env bash
# Records the three programs `vmspec predict` is shown on (issue 14) on this machine, with
# `strace -f -tt -T` (the common way to record), into OUT (default .vmspec/recorded; nothing is
# committed: the logs are megabytes). Each program is a re-runnable script NAME.sh beside its log
# NAME.strace, so `vmspec predict OUT/NAME.strace --run "bash OUT/NAME.sh"` can rerun it natively.
#   make: a 7-file C project built with make -j1 and cc (cleaned first)
#   gzip: gzip -k of ~20 MB of generated text
#   http: 50 curl requests to a local `python3 -m http.server` (a thread per request)
# Usage: bench/predict/record.sh [--out DIR] [NAME...]   (names: make gzip http; default all)
set -euo pipefail
out=.vmspec/recorded
if [ "${1:-}" = "--out" ]; then out="$2"; shift 2; fi
mkdir -p "$out"; out="$(cd "$out" && pwd)"
need() { command -v "$1" >/dev/null 2>&1 || { echo "record.sh: '$1' is needed (apt-get install $2)" >&2; exit 2; }; }
need strace strace

write_make() {
  need make make; need cc gcc
  local p="$out/make-project"; mkdir -p "$p"
  printf 'int f1(int);\nint f2(int);\nint f3(int);\nint f4(int);\nint f5(int);\nint f6(int);\n' >"$p/lib.h"
  for i in 1 2 3 4 5 6; do
    printf '#include <string.h>\n#include "lib.h"\nstatic char buf[256];\nint f%d(int x) { memset(buf, x, sizeof buf); int s = 0; for (int i = 0; i < 256; i++) s += buf[i] * %d; return s; }\n' "$i" "$i" >"$p/f$i.c"
  done
  printf '#include <stdio.h>\n#include "lib.h"\nint main(void) { printf("%%d\\n", f1(1) + f2(2) + f3(3) + f4(4) + f5(5) + f6(6)); return 0; }\n' >"$p/main.c"
  printf 'OBJS = main.o f1.o f2.o f3.o f4.o f5.o f6.o\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%%.o: %%.c lib.h\n\t$(CC) -O1 -c $<\nclean:\n\trm -f prog $(OBJS)\n' >"$p/Makefile"
  printf 'make -s -C "%s" clean >/dev/null\nexec make -j1 -s -C "%s" CC=cc\n' "$p" "$p" >"$out/make.sh"
}

write_gzip() {
  need gzip gzip
  # seq stops on SIGPIPE once head has 20 MB: not a failure
  [ -f "$out/gzip-input.txt" ] || { seq 1 2000000 | awk '{ print $1, $1 * 7919 % 104729, "some text to compress" }' | head -c 20000000 >"$out/gzip-input.txt" || [ -s "$out/gzip-input.txt" ]; }
  printf 'exec gzip -k -f "%s"\n' "$out/gzip-input.txt" >"$out/gzip.sh"
}

write_http() {
  need curl curl
  local py; py="$(command -v /usr/bin/python3 || command -v python3)"
  mkdir -p "$out/www"; head -c 4096 /dev/zero | tr '\0' x >"$out/www/index.html"
  cat >"$out/http.sh" <<SH
port=\$(( 20000 + \$\$ % 20000 ))
"$py" -m http.server --bind 127.0.0.1 --directory "$out/www" "\$port" >/dev/null 2>&1 &
server=\$!
until (exec 3<>/dev/tcp/127.0.0.1/\$port) 2>/dev/null; do sleep 0.05; done
i=0
while [ \$i -lt 50 ]; do curl -s -o /dev/null "http://127.0.0.1:\$port/index.html"; i=\$((i + 1)); done
kill \$server; wait \$server 2>/dev/null
exit 0
SH
}

names=("$@"); [ ${#names[@]} -gt 0 ] || names=(make gzip http)
for name in "${names[@]}"; do
  case "$name" in make) write_make ;; gzip) write_gzip ;; http) write_http ;; *) echo "record.sh: unknown program '$name' (make gzip http)" >&2; exit 2 ;; esac
  [ "$name" != make ] || sh "$out/make.sh" >/dev/null # warm the page cache and the compiler
  strace -f -tt -T -o "$out/$name.strace" bash "$out/$name.sh" >/dev/null
  printf 'record.sh: %-4s %7d lines, %9d bytes: %s (rerun: bash %s)\n' "$name" "$(wc -l <"$out/$name.strace")" "$(wc -c <"$out/$name.strace")" "$out/$name.strace" "$out/$name.sh"
done
