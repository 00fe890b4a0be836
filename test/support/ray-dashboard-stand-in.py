"""The Ray dashboard and Serve proxy stand-in for the real KubeRay operator (test/support/kuberay-operator.ts).

KubeRay v1.5.0 talks to each Ray head over plain HTTP with Go's default transport, which honours
HTTP_PROXY (ray-project/kuberay@v1.5.0 ray-operator/controllers/ray/utils/util.go
GetRayDashboardClientFunc, GetRayHttpProxyClientFunc: `&http.Client{Timeout: 2 * time.Second}`).
The operator runs with HTTP_PROXY pointing here, so every request it makes to a head arrives on this
one loopback port as an absolute URL, whatever address it names: nothing else is ever connected to.

What it answers (the calls of ray-operator/controllers/ray/utils/dashboardclient/dashboard_httpclient.go):
- PUT  http://<head-svc>.<ns>.svc.cluster.local:8265/api/serve/applications/  (the serveConfigV2 as JSON):
  judged by Ray's own schema classes (scripts/real/serve_check.py of the w29ray helper, run with the
  Python of the RayCluster's rayVersion). Passes: 200, the applications become RUNNING. Fails: 400
  with Ray's own message, as the real dashboard does; the applications stay absent.
- GET  .../api/serve/applications/?api_type=declarative: the applications and their status.
- GET  http://<pod-ip>:8000/-/healthz (the Serve proxy health check): 200 once that head's
  applications are RUNNING, 503 before.

The test's kubelet stand-in writes `heads.json` beside this file's state: for every head pod, its
address, its head Service host and its Ray version. Validators: `validators.json` maps a Ray version
to the command that judges a config (JSON on stdin; exit 0 = valid, else the message on stdout/stderr).

Usage: python3 ray-dashboard-stand-in.py <state-dir> <port-file>
"""
import hashlib
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

STATE_DIR = sys.argv[1]
PORT_FILE = sys.argv[2]
LOCK = threading.Lock()
APPLICATIONS = {}  # head host -> {app name: details}
VERDICTS = {}  # (ray version, sha256 of config) -> error message or ''


def read_json(name):
    try:
        with open(os.path.join(STATE_DIR, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def log(line):
    with open(os.path.join(STATE_DIR, "dashboard-requests.log"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


def judge(ray_version, body):
    """'' when Ray's schema accepts the config, else Ray's message."""
    key = (ray_version, hashlib.sha256(body).hexdigest())
    if key in VERDICTS:
        return VERDICTS[key]
    command = read_json("validators.json").get(ray_version)
    if not command:
        verdict = f"Ray {ray_version} is not among the pinned RAY_VERSIONS of scripts/real/versions.env: no Ray schema to judge this config with"
    else:
        done = subprocess.run(command, input=body, capture_output=True, timeout=600)
        verdict = "" if done.returncode == 0 else (done.stdout + done.stderr).decode("utf-8", "replace").strip()
    VERDICTS[key] = verdict
    return verdict


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, payload):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(payload, bytes) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def target(self):
        url = urlsplit(self.path)
        host = url.hostname or (self.headers.get("Host") or "").split(":")[0]
        return host, url.port, url.path

    def do_GET(self):
        host, port, path = self.target()
        log(f"GET {host}:{port}{path}")
        if path == "/api/serve/applications/":
            with LOCK:
                apps = dict(APPLICATIONS.get(host, {}))
            return self.answer(200, {"applications": apps, "deploy_mode": "MULTI_APP"})
        if path == "/-/healthz":
            head = read_json("heads.json").get("byAddress", {}).get(host)
            with LOCK:
                running = head is not None and bool(APPLICATIONS.get(head["host"]))
            return self.answer(200, b"success") if running else self.answer(503, b"no Serve applications running")
        if path == "/api/version":
            return self.answer(200, {"version": "4", "ray_version": "", "ray_commit": ""})
        return self.answer(404, b"not served by the stand-in")

    def do_PUT(self):
        host, port, path = self.target()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path != "/api/serve/applications/":
            return self.answer(404, b"not served by the stand-in")
        head = read_json("heads.json").get("byHost", {}).get(host)
        if head is None:
            log(f"PUT {host}:{port}{path} -> 503 unknown head")
            return self.answer(503, b"unknown head (not in heads.json yet)")
        verdict = judge(head["rayVersion"], body)
        log(f"PUT {host}:{port}{path} rayVersion={head['rayVersion']} -> {'400 ' + verdict[:200] if verdict else 200}")
        if verdict:
            return self.answer(400, verdict.encode())
        config = json.loads(body)
        apps = {}
        for app in config.get("applications", []):
            name = app.get("name", "default")
            apps[name] = {
                "name": name, "status": "RUNNING", "message": "", "route_prefix": app.get("route_prefix", "/"),
                "deployments": {"LLMServer": {"name": "LLMServer", "status": "HEALTHY", "message": ""}},
            }
        with LOCK:
            APPLICATIONS[host] = apps
        return self.answer(200, b"")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(PORT_FILE + ".partial", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(PORT_FILE + ".partial", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
