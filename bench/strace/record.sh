#!/usr/bin/env bash
# Records the real workloads of the paper-reproduction bench with strace
# (issue 7, item 3): a CPU-bound job (gzip -9), a small C build (make -j1 with
# cc), and 50 requests to a small HTTP server on loopback. Each log is written
# gzipped to bench/strace/logs/<name>.strace.gz and read gzipped by the parser.
# Usage: bench/strace/record.sh [NAME...]   (names: gzip make http; default all)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
logs="$here/logs"
work="$(mktemp -d "${TMPDIR:-/tmp}/vmspec-strace-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$logs"

need() { command -v "$1" >/dev/null 2>&1 || { echo "record.sh: '$1' is needed (apt-get install $2)" >&2; exit 2; }; }
need strace strace
need gzip gzip

# -f follow forks, -ttt absolute µs timestamps, -T time in each syscall, -s 24 short strings (sizes are in the results).
trace() {
  local name="$1"; shift
  strace -f -ttt -T -s 24 -o "$work/$name.strace" "$@"
  gzip -9 -n -c "$work/$name.strace" >"$logs/$name.strace.gz"
  printf 'record.sh: %-5s %6d lines, %s bytes gzipped\n' "$name" "$(wc -l <"$work/$name.strace")" "$(wc -c <"$logs/$name.strace.gz")"
}

# The real interpreter binary, not a version-manager shim (which would be traced too).
python_bin() { python3 -c 'import sys; print(sys.executable)'; }

record_gzip() {
  # ~4 MB of numbers: compressible, but gzip -9 has real work to do.
  seq 1 600000 | awk '{ print $1, $1 * 7919 % 104729 }' >"$work/input.txt"
  trace gzip gzip -9 -k -f "$work/input.txt"
}

record_make() {
  need make make
  need cc gcc
  local project="$work/project"
  mkdir -p "$project"
  printf 'int square(int x);\nint cube(int x);\nint sum(const int *xs, int n);\n' >"$project/lib.h"
  printf '#include "lib.h"\nint square(int x) { return x * x; }\n' >"$project/square.c"
  printf '#include "lib.h"\nint cube(int x) { return x * square(x); }\n' >"$project/cube.c"
  printf '#include "lib.h"\nint sum(const int *xs, int n) { int s = 0; for (int i = 0; i < n; i++) s += xs[i]; return s; }\n' >"$project/sum.c"
  printf '#include <stdio.h>\n#include "lib.h"\nint main(void) { int xs[] = {1, 2, 3}; printf("%%d\\n", sum(xs, 3) + cube(2)); return 0; }\n' >"$project/main.c"
  printf 'OBJS = main.o square.o cube.o sum.o\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%%.o: %%.c lib.h\n\t$(CC) -O1 -c $<\n' >"$project/Makefile"
  trace make make -j1 -s -C "$project" CC=cc
}

record_http() {
  local py
  py="$(python_bin)"
  # A one-process HTTP server on 127.0.0.1: serves exactly $requests requests, gives up after 10 s idle.
  cat >"$work/server.py" <<'PY'
import socket, sys
requests, port_file = int(sys.argv[1]), sys.argv[2]
body = b"x" * 2048
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(8); srv.settimeout(10)
open(port_file, "w").write(str(srv.getsockname()[1]))
for _ in range(requests):
    conn, _ = srv.accept()
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(4096)
        if not chunk: break
        request += chunk
    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    conn.close()
PY
  # The client: one process, waits for the port, a new connection per request, reads each response to the end.
  cat >"$work/client.py" <<'PY'
import os, socket, sys, time
requests, port_file = int(sys.argv[1]), sys.argv[2]
for _ in range(1000):  # the server writes its port once it listens (10 s at most)
    if os.path.exists(port_file) and os.path.getsize(port_file) > 0: break
    time.sleep(0.01)
port = int(open(port_file).read())
for i in range(requests):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /%d HTTP/1.0\r\nHost: localhost\r\n\r\n" % i)
    while s.recv(65536): pass
    s.close()
PY
  cat >"$work/http.sh" <<SH
set -eu
"$py" "$work/server.py" 50 "$work/port" &
"$py" "$work/client.py" 50 "$work/port"
wait
SH
  trace http sh "$work/http.sh"
}

names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(gzip make http)
for name in "${names[@]}"; do
  case "$name" in
    gzip) record_gzip ;;
    make) record_make ;;
    http) record_http ;;
    *) echo "record.sh: unknown workload '$name' (known: gzip make http)" >&2; exit 2 ;;
  esac
done
