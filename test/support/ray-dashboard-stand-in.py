"""The Ray dashboard and Serve proxy stand-in for the real KubeRay operator (test/support/kuberay-operator.ts).

KubeRay v1.5.0 talks to each Ray head over plain HTTP with Go's default transport, which honours
HTTP_PROXY (ray-project/kuberay@v1.5.0 ray-operator/controllers/ray/utils/util.go
GetRayDashboardClientFunc, GetRayHttpProxyClientFunc: `&http.Client{Timeout: 2 * time.Second}`).
The operator runs with HTTP_PROXY pointing here, so every request it makes to a head arrives on this
one loopback port as an absolute URL, whatever address it names: nothing else is ever connected to.

What it answers (the calls of ray-operator/controllers/ray/utils/dashboardclient/dashboard_httpclient.go):
- PUT  http://<head-svc>.<ns>.svc.cluster.local:8265/api/serve/applications/  (the serveConfigV2 as JSON):
  judged by Ray's own schema classes (scripts/real/serve_check.py `check`, imported once in the venv
  of each pinned Ray version; the RayCluster's rayVersion picks the venv). As Ray's dashboard does:
  a config ServeDeploySchema refuses gets 400 with Ray's message; an application whose Serve LLM
  args Ray refuses becomes DEPLOY_FAILED with Ray's message; otherwise the applications are RUNNING.
- GET  .../api/serve/applications/?api_type=declarative: the applications and their status.
- GET  http://<pod-ip>:8000/-/healthz (the Serve proxy health check): 200 once that head's
  applications are RUNNING, 503 before.

The test's kubelet stand-in writes `heads.json` beside this file's state: for every head pod, its
address, its head Service host and its Ray version. `validators.json` (written by
test/support/kuberay-operator.ts) maps each pinned Ray version to its venv's Python and serve_check.py.

Usage: python3 ray-dashboard-stand-in.py <state-dir> <port-file>
"""
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


def read_json(name):
    try:
        with open(os.path.join(STATE_DIR, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def log(line):
    with open(os.path.join(STATE_DIR, "dashboard-requests.log"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


# One warm judge per Ray version: the venv's Python with serve_check imported once (importing Ray
# takes seconds; KubeRay's client waits 2 s). Protocol: a JSON config per line in, Ray's messages out.
JUDGE_LOOP = """
import json, sys
sys.path.insert(0, sys.argv[1])
from serve_check import check
check({"applications": []})
print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    print(json.dumps(check(json.loads(line))), flush=True)
"""
JUDGES = {}


def start_judges():
    for version, judge in read_json("validators.json").items():
        process = subprocess.Popen([judge["python"], "-B", "-c", JUDGE_LOOP, os.path.dirname(judge["serveCheck"])],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if json.loads(process.stdout.readline()) != "ready":
            raise SystemExit(f"the Ray {version} judge did not start")
        JUDGES[version] = (process, threading.Lock())


def judge(ray_version, config):
    """Ray's messages for the config ([] = accepted), each prefixed by where it applies (serve_check.check)."""
    if ray_version not in JUDGES:
        return [f"ServeDeploySchema: Ray {ray_version} is not among the pinned RAY_VERSIONS of scripts/real/versions.env: no Ray schema to judge this config with"]
    process, lock = JUDGES[ray_version]
    with lock:
        process.stdin.write(json.dumps(config) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())


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
                apps = APPLICATIONS.get(head["host"], {}) if head else {}
            running = bool(apps) and all(a["status"] == "RUNNING" for a in apps.values())
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
        config = json.loads(body)
        messages = judge(head["rayVersion"], config)
        # As Ray's dashboard: the whole config is parsed with ServeDeploySchema on PUT (400 with the
        # message); an application's builder args are judged when Serve builds it (the application
        # becomes DEPLOY_FAILED with the message, which KubeRay copies into the RayService status).
        refused = [m for m in messages if m.startswith("ServeDeploySchema: ")]
        log(f"PUT {host}:{port}{path} rayVersion={head['rayVersion']} -> {'400' if refused else 200} {messages}")
        if refused:
            return self.answer(400, "\n".join(refused).encode())
        apps = {}
        for index, app in enumerate(config.get("applications", [])):
            name = app.get("name", "default")
            failed = [m for m in messages if m.startswith(f"applications[{index}] ")]
            apps[name] = {
                "name": name, "status": "DEPLOY_FAILED" if failed else "RUNNING", "message": "\n".join(failed),
                "route_prefix": app.get("route_prefix", "/"),
                "deployments": {} if failed else {"LLMServer": {"name": "LLMServer", "status": "HEALTHY", "message": ""}},
            }
        with LOCK:
            APPLICATIONS[host] = apps
        return self.answer(200, b"")


def main():
    start_judges()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(PORT_FILE + ".partial", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(PORT_FILE + ".partial", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
