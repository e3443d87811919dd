"""Which calls say a port a service listens on (`seams/listening.code_servers`, read by both
the `localhost:PORT` table and the wrong-port check): a server's `listen(port)`, a socket's
`bind((host, port))`, `app.run(port=)`, ... Not a socket's `listen(5)`, whose argument is its
backlog, nor a logger's `bind(worker=42)` (structlog, loguru), which binds a name to a value.
Before, both were ports: `http://localhost:5/...` and `http://localhost:42/...` linked to the
service, and a call on port 42 was taken for one the service listens on."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

_GATEWAY = """\
    const express = require("express");
    const net = require("net");
    const app = express();
    net.createServer((socket) => socket.end("ok")).listen(9300);
    app.post("/api/score", async (req, res) => {
      await fetch("http://localhost:5/predict", { method: "POST" });
      await fetch("http://localhost:42/predict", { method: "POST" });
      await fetch("http://localhost:9100/predict", { method: "POST" });
      await fetch("http://localhost:9200/metrics");
      await fetch("http://localhost:9300/status");
      await fetch("http://localhost:8888/status");
      await fetch("http://ml:42/predict", { method: "POST" });
      res.json({});
    });
    app.listen(3000);
    """

_MODEL = """\
    import socket

    import structlog
    from fastapi import FastAPI
    from prometheus_client import start_http_server

    app = FastAPI()
    log = structlog.get_logger().bind(worker=42)
    start_http_server(9200)


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        return {"label": "dog"}


    def health_socket() -> None:
        sock = socket.socket()
        sock.bind(("0.0.0.0", 9100))
        sock.listen(5)
    """

_STATUS = """\
    import tornado.ioloop
    import tornado.web


    class Status(tornado.web.RequestHandler):
        def get(self) -> None:
            self.write("ok")


    app = tornado.web.Application([(r"/status", Status)])
    app.listen(8888)
    tornado.ioloop.IOLoop.current().start()
    """


def _files() -> dict[str, str]:
    return {
        "docker-compose.yml": (
            "services:\n  gateway:\n    build: ./gateway\n  ml:\n    build: ./ml\n"
            "  status:\n    build: ./status\n"
        ),
        "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
        "gateway/src/server.js": _GATEWAY,
        "gateway/Dockerfile": 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n',
        "ml/requirements.txt": "fastapi\nprometheus_client\nstructlog\nuvicorn\n",
        "ml/app/__init__.py": "",
        "ml/app/main.py": _MODEL,
        "ml/Dockerfile": (
            'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "app.main:app", '
            '"--host", "0.0.0.0", "--port", "8000"]\n'
        ),
        "status/requirements.txt": "tornado\n",
        "status/app.py": _STATUS,
    }


def test_a_backlog_and_a_logger_binding_are_no_ports(repo: RepoFactory) -> None:
    root = repo(_files())
    # A socket bound to (host, port), a metrics server and Node's raw `net` server listen
    # there, but not with the service's routes: a URL on their port reaches none of them.
    # Before, `localhost:9200/metrics` and `localhost:9300/status` were false SC104s
    # "reaches ..., which serves no such route", and `localhost:9100/predict` was linked to
    # the FastAPI app's route.
    assert [p.split(" ", 1)[1] for p in problems(root)] == [
        "http://localhost:9300/status: no service is known to listen on port 9300",
        "http://localhost:5/predict: no service is known to listen on port 5",
        "http://localhost:42/predict: no service is known to listen on port 42",
        "http://localhost:9100/predict: no service is known to listen on port 9100",
        "http://localhost:9200/metrics: no service is known to listen on port 9200",
    ]
    # Tornado's `app.listen(8888)` serves the app's routes.
    assert links(root) == [
        "gateway/src/server.js:11 GET /status -> status linked status/app.py:10",
        "gateway/src/server.js:12 POST /predict -> ml broken -",
    ]
    # Whatever they answer, they listen: a call on port 42 is on none of them.
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 gateway/src/server.js:12 POST /predict reaches 'ml' on port 42, where it does not "
        "listen: compose service 'ml' listens on 8000 (uvicorn in ml/Dockerfile:4), 9100 "
        "(sock.bind in ml/app/main.py:19), 9200 (start_http_server in ml/app/main.py:9)"
    ]
