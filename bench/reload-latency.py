#!/usr/bin/env python3
"""Time from saving a file to the reloaded page in `portal serve` (issue #8).

Starts `portal serve` on a free 127.0.0.1 port over a temporary copy of content/,
listens to its live-reload stream (/__livereload, server-sent events) as the browser
does, then R times: changes a sentence of a guide, and measures
  - save → `reload` event (what the open page waits for), and
  - save → the changed page fetched (the reload itself).
Prints the medians. A benchmark, not a test: nothing here asserts a time.

    python3 bench/reload-latency.py --portal target/release/portal --runs 10
"""

import argparse
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port, deadline):
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/ru/")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("portal serve did not answer in time")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portal", default=str(ROOT / "target/release/portal"))
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="portal-reload-"))
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    guide = content / "guides/dormitory-settlement/ru.md"
    original = guide.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [args.portal, "--content", str(content), "serve", "--port", str(port),
         "--out", str(tmp / "public"), "--data", str(tmp / "data"),
         "--templates", str(ROOT / "views/templates")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(port, time.monotonic() + 60)
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        events.request("GET", "/__livereload")
        stream = events.getresponse()
        to_reload, to_page = [], []
        for i in range(args.runs):
            time.sleep(0.3)  # let the watcher settle between saves
            marker = f"Замер {i} {time.time_ns()}"
            t0 = time.monotonic()
            guide.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            deadline = t0 + 10
            while True:
                # The next `reload` event; a save can raise two file events (truncate,
                # write), so a rebuild may have read the file before the change: then
                # wait for the next one.
                while True:
                    line = stream.fp.readline().decode()
                    if not line:
                        sys.exit("the live-reload stream closed")
                    if line.strip() == "event: reload":
                        break
                t1 = time.monotonic()
                page = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                page.request("GET", "/ru/guides/dormitory-settlement/")
                body = page.getresponse().read().decode()
                t2 = time.monotonic()
                if marker in body:
                    break
                if time.monotonic() > deadline:
                    sys.exit(f"run {i}: no reloaded page with the change within 10 s")
            to_reload.append((t1 - t0) * 1000)
            to_page.append((t2 - t0) * 1000)
        print(f"{args.runs} saves of content/guides/dormitory-settlement/ru.md, portal: {args.portal}")
        print(f"save → reload event: median {statistics.median(to_reload):.0f} ms "
              f"(min {min(to_reload):.0f}, max {max(to_reload):.0f})")
        print(f"save → changed page fetched: median {statistics.median(to_page):.0f} ms "
              f"(min {min(to_page):.0f}, max {max(to_page):.0f})")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
