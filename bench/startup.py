#!/usr/bin/env python3
"""Time from process start to the first answered request (issue #8), median of N runs.

  python3 bench/startup.py [runs]     # default 5; needs target/release/{portal,submit}

- `portal serve`: builds the site (with its search index), opens the embedded store,
  then listens; the time to the first `GET /api/health` answer, and to the first page.
- `submit` (an HTTP Lambda binary run outside Lambda, on PORT): loads the content, sets
  up the renderer and the AWS clients (no request is made to AWS: the health route does
  not touch the store), then listens. Lambda's own init phase is not included.

Polls every millisecond with a raw TCP request; a benchmark, not a test.
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def answered(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            return s.recv(16).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def time_to_answer(cmd, env, port, path, limit=60.0):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < limit:
            if answered(port, path):
                return (time.perf_counter() - start) * 1000
            if proc.poll() is not None:
                raise SystemExit(f"{cmd[0]} exited with {proc.returncode}")
            time.sleep(0.001)
        raise SystemExit(f"{cmd[0]}: no answer within {limit} s")
    finally:
        proc.terminate()
        proc.wait()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    release = os.path.join(ROOT, "target", "release")
    results = {}
    for path in ["/api/health", "/ru/"]:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                port = free_port()
                cmd = [os.path.join(release, "portal"), "serve", "--port", str(port),
                       "--data", os.path.join(tmp, "data"), "--out", os.path.join(tmp, "public")]
                times.append(time_to_answer(cmd, dict(os.environ), port, path))
        results[f"portal serve, first {path}"] = times
    times = []
    for _ in range(runs):
        port = free_port()
        env = dict(os.environ, PORT=str(port), PORTAL_SECRET="bench", PORTAL_TABLE="bench",
                   PORTAL_UPLOADS_BUCKET="bench", PORTAL_BASE_URL="http://127.0.0.1",
                   PORTAL_CONTENT_DIR=os.path.join(ROOT, "content"), AWS_REGION="eu-central-1",
                   AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                   AWS_ENDPOINT_URL="http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED="true")
        times.append(time_to_answer([os.path.join(release, "submit")], env, port, "/api/health"))
    results["submit (HTTP Lambda binary, outside Lambda), first /api/health"] = times
    for name, t in results.items():
        print(f"{name}: median {statistics.median(t):.0f} ms (min {min(t):.0f}, max {max(t):.0f}, {runs} runs)")


if __name__ == "__main__":
    main()
