"""Real-time seams: websockets and Server-Sent Events, client call -> server route, in both
languages (Socket.IO: test_seams_socketio.py)."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, route_labels

COMPOSE = """
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      ML_WS_URL: ws://ml:8000
      ML_URL: http://ml:8000
  ml:
    build: ./ml
    expose: ["8000"]
  worker:
    build: ./worker
    environment:
      GATEWAY_WS: ws://gateway:3000
  web:
    build: ./web
"""

ML = {
    "ml/requirements.txt": "fastapi\nuvicorn\n",
    "ml/app/main.py": """
        from fastapi import FastAPI

        from app.routers import stream

        app = FastAPI()
        app.include_router(stream.router, prefix="/v1")
        app.add_api_websocket_route("/raw", stream.stream)
    """,
    "ml/app/routers/stream.py": """
        from fastapi import APIRouter, WebSocket

        router = APIRouter(prefix="/ws")


        @router.websocket("/stream")
        async def stream(ws: WebSocket):
            await ws.accept()
            async for text in ws.iter_text():
                await ws.send_text(text.upper())


        @router.get("/health")
        async def health():
            return {"ok": True}
    """,
}

GATEWAY = {
    "gateway/package.json": package_json(
        "gateway",
        dependencies={
            "express": "^4",
            "express-ws": "^5",
            "ws": "^8",
            "eventsource": "^3",
            "socket.io-client": "^4",
        },
    ),
    "gateway/src/server.ts": """
        import express from 'express';
        import expressWs from 'express-ws';
        import WebSocket from 'ws';
        import { EventSource } from 'eventsource';
        import { io } from 'socket.io-client';
        import { live } from './live';

        const app = express();
        expressWs(app);
        const ML_WS_URL = process.env.ML_WS_URL;

        app.ws('/ws/relay', (client) => {
          const upstream = new WebSocket(`${ML_WS_URL}/v1/ws/stream`);
          client.on('message', (m) => upstream.send(m));
        });

        app.get('/api/events', (req, res) => {
          res.setHeader('Content-Type', 'text/event-stream');
        });
        app.use('/rt', live);

        export function misrouted() {
          return new WebSocket(`${ML_WS_URL}/ws/stream`);
        }

        export function nowhere() {
          return new WebSocket('ws://search:7700/indexes');
        }

        export function tokens() {
          return new EventSource(`${process.env.ML_URL}/v1/ws/stream`);
        }

        export function chat() {
          return io('http://ml:8000');
        }

        app.listen(3000);
    """,
    "gateway/src/live.ts": """
        import express from 'express';

        export const live = express.Router();
        live.ws('/prices', (ws) => ws.send('{}'));
    """,
}


def test_websockets_and_event_sources_across_node_and_python(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **ML,
            **GATEWAY,
            "worker/requirements.txt": "websockets\npython-socketio\n",
            "worker/worker.py": """
                import os

                import socketio
                import websockets

                GATEWAY = os.environ["GATEWAY_WS"]


                async def follow():
                    async with websockets.connect(f"{GATEWAY}/rt/prices") as ws:
                        print(await ws.recv())
                    async with websockets.connect(f"{GATEWAY}/rt/price") as ws:
                        print(await ws.recv())
                    sio = socketio.AsyncClient()
                    await sio.connect("http://gateway:3000")
            """,
            "web/package.json": package_json(
                "web", dependencies={"react": "18"}, devDependencies={"vite": "5"}
            ),
            "web/vite.config.ts": """
                import { defineConfig } from 'vite';

                export default defineConfig({
                  server: {
                    proxy: {
                      '/api': { target: 'http://gateway:3000' },
                      '/ws': { target: 'ws://gateway:3000', ws: true },
                    },
                  },
                });
            """,
            "web/src/feed.ts": """
                export function subscribe(onEvent: (e: MessageEvent) => void) {
                  const source = new EventSource('/api/events');
                  source.onmessage = onEvent;
                  return source;
                }

                export function stale() {
                  return new EventSource('/api/event-stream');
                }
            """,
            "web/src/relay.ts": """
                const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';

                export function relay() {
                  return new WebSocket(`${scheme}://${window.location.host}/ws/relay`);
                }

                export function events() {
                  return new EventSource(`${window.location.origin}/api/events`);
                }
            """,
        }
    )
    assert route_labels(root, "ml") == ["GET /v1/ws/health", "WS /raw", "WS /v1/ws/stream"]
    assert route_labels(root, "gateway") == ["GET /api/events", "WS /rt/prices", "WS /ws/relay"]
    assert links(root) == [
        "gateway/src/server.ts:13 WS /v1/ws/stream -> ml linked ml/app/routers/stream.py:6",
        "gateway/src/server.ts:23 WS /ws/stream -> ml broken -",
        "gateway/src/server.ts:31 GET /v1/ws/stream -> ml broken -",
        "gateway/src/server.ts:35 SIO /socket.io/@ -> ml unsure -",
        "web/src/feed.ts:2 GET /api/events -> gateway linked gateway/src/server.ts:17 "
        "via vite proxy /api",
        "web/src/feed.ts:8 GET /api/event-stream -> gateway broken - via vite proxy /api",
        # On the page's own origin, as a browser writes a websocket's URL: the page's proxies.
        "web/src/relay.ts:4 WS /ws/relay -> gateway linked gateway/src/server.ts:12 "
        "via vite proxy /ws",
        "web/src/relay.ts:8 GET /api/events -> gateway linked gateway/src/server.ts:17 "
        "via vite proxy /api",
        "worker/worker.py:10 WS /rt/prices -> gateway linked gateway/src/live.ts:4",
        "worker/worker.py:12 WS /rt/price -> gateway broken -",
        "worker/worker.py:15 SIO /socket.io/@ -> gateway unsure -",
    ]
    # Socket.IO (`io(url)`, python-socketio's `connect`) to services running no socket.io
    # server seamcheck reads: unsure, never broken.
    assert findings(root) == [
        "SC104 gateway/src/server.ts:23 WS /ws/stream reaches 'ml', which serves no such "
        "route; did you mean WS /v1/ws/stream (ml/app/routers/stream.py:6)?",
        "  ml/app/routers/stream.py:6 ml serves WS /v1/ws/stream",
        "SC107 gateway/src/server.ts:27 ws call WS ws://search:7700/indexes not linked to a "
        "service route: host 'search' names no service (compose service, hostname, alias, "
        "Kubernetes service, folder, or [services.NAME] hosts)",
        "SC104 gateway/src/server.ts:31 GET /v1/ws/stream reaches 'ml', which serves "
        "/v1/ws/stream to websockets only: a request that does not ask for a websocket "
        "upgrade is refused there; did you mean WS /v1/ws/stream (ml/app/routers/stream.py:6)?",
        "  ml/app/routers/stream.py:6 ml serves WS /v1/ws/stream",
        "SC107 gateway/src/server.ts:35 socket.io-client call SIO http://ml:8000/socket.io/@ not "
        "linked to a service route: 'ml' runs no socket.io server seamcheck reads; one it does "
        "not read may take the connection",
        "SC104 web/src/feed.ts:8 GET /api/event-stream reaches 'gateway' through vite proxy "
        "/api (web/vite.config.ts:6), which serves no such route",
        "  web/vite.config.ts:6 vite proxy /api forwards as /api/event-stream",
        "SC104 worker/worker.py:12 WS /rt/price reaches 'gateway', which serves no such route; "
        "did you mean WS /rt/prices (gateway/src/live.ts:4)?",
        "  gateway/src/live.ts:4 gateway serves WS /rt/prices",
        "SC107 worker/worker.py:15 python-socketio call SIO http://gateway:3000/socket.io/@ not "
        "linked to a service route: 'gateway' runs no socket.io server seamcheck reads; one it "
        "does not read may take the connection",
    ]
    seams = run_cli("seams", str(root), "--no-cache").stdout
    assert "gateway/src/server.ts:13 -> WS /v1/ws/stream -> ml ml/app/routers/stream.py:6" in seams


def test_python_websocket_servers_starlette_flask_sock_aiohttp(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  ml: {build: ./ml, expose: ["8000"]}
                  chat: {build: ./chat, expose: ["5000"]}
                  feeds: {build: ./feeds, expose: ["8080"]}
                  worker: {build: ./worker}
            """,
            "ml/requirements.txt": "starlette\nuvicorn\n",
            "ml/app.py": """
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Mount, Route, WebSocketRoute


                async def health(request):
                    return JSONResponse({"ok": True})


                async def feed(websocket):
                    await websocket.accept()


                routes = [
                    Route("/health", health),
                    Mount("/live", routes=[WebSocketRoute("/feed", feed)]),
                ]
                app = Starlette(routes=routes)
                app.add_websocket_route("/echo", feed)
            """,
            "chat/requirements.txt": "flask\nflask-sock\n",
            "chat/app.py": """
                from flask import Blueprint, Flask
                from flask_sock import Sock

                app = Flask(__name__)
                sock = Sock(app)
                rooms = Blueprint("rooms", __name__, url_prefix="/rooms")


                @sock.route("/ws")
                def talk(ws):
                    ws.send(ws.receive())


                @sock.route("/lobby", bp=rooms)
                def lobby(ws):
                    ws.send("hi")


                app.register_blueprint(rooms)
            """,
            "feeds/requirements.txt": "aiohttp\n",
            "feeds/server.py": """
                from aiohttp import web


                async def prices(request):
                    ws = web.WebSocketResponse()
                    await ws.prepare(request)
                    return ws


                app = web.Application()
                app.add_routes([web.get("/prices", prices)])
                web.run_app(app, port=8080)
            """,
            "worker/requirements.txt": "websockets\naiohttp\nhttpx\nhttpx-ws\n",
            "worker/main.py": """
                import aiohttp
                import httpx
                import websockets
                from httpx_ws import aconnect_ws


                async def run(client: httpx.AsyncClient):
                    async with websockets.connect("ws://ml:8000/live/feed") as ws:
                        await ws.recv()
                    async with websockets.connect("ws://ml:8000/echo") as ws:
                        await ws.recv()
                    async with aconnect_ws("http://chat:5000/rooms/lobby", client) as ws:
                        await ws.receive_text()
                    async with websockets.connect("ws://chat:5000/room/lobby") as ws:
                        await ws.recv()
                    async with websockets.connect("ws://chat:5000/ws") as ws:
                        await ws.recv()
                    async with aiohttp.ClientSession() as session:
                        async with session.ws_connect("http://feeds:8080/prices") as ws:
                            await ws.receive()


                def probe():
                    return httpx.get("http://ml:8000/live/feed")
            """,
        }
    )
    assert route_labels(root, "ml") == ["GET /health", "WS /echo", "WS /live/feed"]
    assert route_labels(root, "chat") == ["WS /rooms/lobby", "WS /ws"]
    assert links(root) == [
        "worker/main.py:10 WS /echo -> ml linked ml/app.py:19",
        "worker/main.py:12 WS /rooms/lobby -> chat linked chat/app.py:14",
        "worker/main.py:14 WS /room/lobby -> chat broken -",
        "worker/main.py:16 WS /ws -> chat linked chat/app.py:9",
        "worker/main.py:19 WS /prices -> feeds linked feeds/server.py:11",
        "worker/main.py:24 GET /live/feed -> ml broken -",
        "worker/main.py:8 WS /live/feed -> ml linked ml/app.py:16",
    ]
    assert findings(root) == [
        "SC104 worker/main.py:14 WS /room/lobby reaches 'chat', which serves no such route; "
        "did you mean WS /rooms/lobby (chat/app.py:14)?",
        "  chat/app.py:14 chat serves WS /rooms/lobby",
        "SC104 worker/main.py:24 GET /live/feed reaches 'ml', which serves /live/feed to "
        "websockets only: a request that does not ask for a websocket upgrade is refused "
        "there; did you mean WS /live/feed (ml/app.py:16)?",
        "  ml/app.py:16 ml serves WS /live/feed",
    ]


def test_node_websocket_servers_and_what_stays_unsure(repo: RepoFactory) -> None:
    express_ws = {"express": "^4", "ws": "^8"}
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  hub: {build: ./hub, expose: ["3000"]}
                  ticker: {build: ./ticker, expose: ["8081"]}
                  manual: {build: ./manual, expose: ["3000"]}
                  nest: {build: ./nest, expose: ["3000"]}
                  api: {build: ./api, expose: ["3000"]}
                  edge: {build: ./edge}
            """,
            "hub/package.json": package_json("hub", dependencies=express_ws),
            "hub/index.js": """
                const express = require('express');
                const { WebSocketServer } = require('ws');

                const app = express();
                app.get('/status', (req, res) => res.json({ ok: true }));
                const server = app.listen(3000);
                const wss = new WebSocketServer({ server, path: '/hub' });
                wss.on('connection', (ws) => ws.send('hello'));
            """,
            "ticker/package.json": package_json("ticker", dependencies={"ws": "^8"}),
            "ticker/index.js": """
                const WebSocket = require('ws');

                const wss = new WebSocket.Server({ port: 8081 });
                wss.on('connection', (ws, req) => ws.send(req.url));
            """,
            "manual/package.json": package_json("manual", dependencies=express_ws),
            "manual/index.js": """
                const express = require('express');
                const { WebSocketServer } = require('ws');

                const app = express();
                app.get('/status', (req, res) => res.json({ ok: true }));
                const wss = new WebSocketServer({ noServer: true });
                const server = app.listen(3000);
                server.on('upgrade', (req, socket, head) => {
                  if (req.url === '/stats') {
                    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
                  }
                });
            """,
            "nest/package.json": package_json(
                "nest",
                dependencies={
                    "@nestjs/common": "^10",
                    "@nestjs/core": "^10",
                    "@nestjs/websockets": "^10",
                    "@nestjs/platform-ws": "^10",
                },
            ),
            "nest/src/events.gateway.ts": """
                import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';

                @WebSocketGateway({ path: '/events' })
                export class EventsGateway {
                  @SubscribeMessage('ping')
                  ping() {
                    return 'pong';
                  }
                }
            """,
            "nest/src/health.controller.ts": """
                import { Controller, Get } from '@nestjs/common';

                @Controller('health')
                export class HealthController {
                  @Get()
                  check() {
                    return { ok: true };
                  }
                }
            """,
            "api/package.json": package_json("api", dependencies={"express": "^4"}),
            "api/index.js": """
                const express = require('express');

                const app = express();
                app.post('/stream', (req, res) => res.write('data: {}\\n\\n'));
                app.listen(3000);
            """,
            "edge/package.json": package_json(
                "edge", dependencies={"ws": "^8", "@microsoft/fetch-event-source": "^2"}
            ),
            "edge/src/connect.ts": """
                import WebSocket from 'ws';
                import { fetchEventSource } from '@microsoft/fetch-event-source';

                export function connectAll() {
                  new WebSocket('ws://hub:3000/hub');
                  new WebSocket('ws://hub:3000/hubs');
                  new WebSocket('ws://ticker:8081/BTC-USD');
                  new WebSocket('ws://manual:3000/stats');
                  new WebSocket('ws://nest:3000/events');
                  new WebSocket('ws://api:3000/socket');
                  fetchEventSource('http://api:3000/stream', { method: 'POST', onmessage() {} });
                }
            """,
        }
    )
    assert links(root) == [
        "edge/src/connect.ts:10 WS /socket -> api unsure -",
        "edge/src/connect.ts:11 POST /stream -> api linked api/index.js:4",
        "edge/src/connect.ts:5 WS /hub -> hub linked hub/index.js:7",
        "edge/src/connect.ts:6 WS /hubs -> hub broken -",
        "edge/src/connect.ts:7 WS /BTC-USD -> ticker linked ticker/index.js:3",
        "edge/src/connect.ts:8 WS /stats -> manual unsure -",
        "edge/src/connect.ts:9 WS /events -> nest unsure -",
    ]
    # `/stats` is a letter from `GET /status`, but the `upgrade` handler chooses: no typo.
    assert findings(root) == [
        "SC104 edge/src/connect.ts:6 WS /hubs reaches 'hub', which serves no such route; "
        "did you mean WS /hub (hub/index.js:7)?",
        "  hub/index.js:7 hub serves WS /hub",
        "SC107 edge/src/connect.ts:8 ws call WS ws://manual:3000/stats not linked to a "
        "service route: 'manual' declares 2 routes seamcheck cannot read that may serve it "
        "(the paths an 'upgrade' handler gives a ws WebSocketServer (noServer) at "
        "manual/index.js:6; the websockets an 'upgrade' listener takes at manual/index.js:8)",
        "  manual/index.js:6 manual serves WS at the paths an 'upgrade' handler gives a ws "
        "WebSocketServer (noServer), which seamcheck cannot read",
        "  manual/index.js:8 manual serves WS at the websockets an 'upgrade' listener takes, "
        "which seamcheck cannot read",
        "SC107 edge/src/connect.ts:9 ws call WS ws://nest:3000/events not linked to a service "
        "route: 'nest' declares 1 route seamcheck cannot read that may serve it (the path the "
        "adapter of a NestJS WebSocketGateway chooses at nest/src/events.gateway.ts:3)",
        "  nest/src/events.gateway.ts:3 nest serves WS at the path the adapter of a NestJS "
        "WebSocketGateway chooses, which seamcheck cannot read",
        "SC107 edge/src/connect.ts:10 ws call WS ws://api:3000/socket not linked to a service "
        "route: 'api' declares no websocket route seamcheck reads, and none of its routes "
        "takes a websocket at that path; a websocket server seamcheck does not read may serve it",
    ]


def test_an_upgrade_handler_makes_websockets_no_route_takes_unsure(repo: RepoFactory) -> None:
    """A Node server's `upgrade` listener takes the websockets it chooses (http-proxy's
    `proxy.ws`, http-proxy-middleware's `upgrade`, a `handleUpgrade`): beside an express-ws
    route, a websocket no route takes may be its. Before, such a call was SC104."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  gateway: {build: ./gateway, ports: ["3000:3000"]}
                  chat: {build: ./chat, expose: ["8000"]}
                  edge: {build: ./edge}
            """,
            "gateway/package.json": package_json(
                "gateway",
                dependencies={"express": "^4", "express-ws": "^5", "http-proxy": "^1"},
            ),
            "gateway/src/server.js": """
                const express = require('express');
                const expressWs = require('express-ws');
                const httpProxy = require('http-proxy');

                const app = express();
                const server = app.listen(3000);
                expressWs(app, server);
                const proxy = httpProxy.createProxyServer({ target: 'ws://chat:8000', ws: true });

                app.ws('/ws/local', (ws) => ws.send('hi'));
                server.on('upgrade', (req, socket, head) => {
                  if (req.url.startsWith('/ws/chat')) proxy.ws(req, socket, head);
                });
            """,
            "chat/requirements.txt": "fastapi\n",
            "chat/main.py": """
                from fastapi import FastAPI, WebSocket

                app = FastAPI()


                @app.websocket("/ws/chat/{room}")
                async def chat(ws: WebSocket, room: str):
                    await ws.accept()
            """,
            "edge/package.json": package_json("edge", dependencies={"ws": "^8"}),
            "edge/index.js": """
                const WebSocket = require('ws');

                new WebSocket('ws://gateway:3000/ws/local');
                new WebSocket('ws://gateway:3000/ws/chat/lobby');
            """,
        }
    )
    assert links(root) == [
        "edge/index.js:3 WS /ws/local -> gateway linked gateway/src/server.js:10",
        "edge/index.js:4 WS /ws/chat/lobby -> gateway unsure -",
    ]
    assert [f for f in findings(root) if f.startswith("SC10")] == [
        "SC107 edge/index.js:4 ws call WS ws://gateway:3000/ws/chat/lobby not linked to a "
        "service route: 'gateway' declares 1 route seamcheck cannot read that may serve it "
        "(the websockets an 'upgrade' listener takes at gateway/src/server.js:11)",
    ]


def test_a_request_no_route_takes_beside_a_ws_server_on_any_path(repo: RepoFactory) -> None:
    """A `ws` server with no `path` takes websockets on any path (`WS /{*}`): a plain
    request that no HTTP route takes is broken, but it is no near miss of that server's
    route. Before, SC104 said the service 'serves /{*} to websockets only' and suggested
    `WS /{*}`, also for a typo of a GET route."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  hub: {build: ./hub, expose: ["3000"]}
                  edge: {build: ./edge}
            """,
            "hub/package.json": package_json("hub", dependencies={"express": "^4", "ws": "^8"}),
            "hub/index.js": """
                const express = require('express');
                const http = require('http');
                const { WebSocketServer } = require('ws');

                const app = express();
                app.get('/status', (req, res) => res.json({ ok: true }));
                const server = http.createServer(app);
                const wss = new WebSocketServer({ server });
                server.listen(3000);
            """,
            "edge/package.json": package_json("edge", dependencies={"ws": "^8"}),
            "edge/index.js": """
                const WebSocket = require('ws');

                new WebSocket('ws://hub:3000/anything');
                fetch('http://hub:3000/missing');
                fetch('http://hub:3000/statuz');
            """,
        }
    )
    assert [f for f in findings(root) if f.startswith("SC10")] == [
        "SC104 edge/index.js:4 GET /missing reaches 'hub', which serves no such route",
        "SC104 edge/index.js:5 GET /statuz reaches 'hub', which serves no such route; did you "
        "mean GET /status (hub/index.js:6)?",
    ]


def test_a_websocket_to_a_fastapi_get_route_is_broken(repo: RepoFactory) -> None:
    # FastAPI answers a websocket handshake only on its websocket routes (403 elsewhere):
    # before, the call below linked to GET /v1/ws/health. An aiohttp GET handler may upgrade
    # (`WebSocketResponse`), so there the same call still links.
    gateway = {
        "gateway/package.json": package_json("gateway", dependencies={"ws": "^8"}),
        "gateway/src/live.ts": """
            import WebSocket from 'ws';

            export const health = () => new WebSocket(`${process.env.ML_WS_URL}/v1/ws/health`);
            export const feed = () => new WebSocket('ws://feed:8080/feed');
        """,
    }
    feed = {
        "feed/requirements.txt": "aiohttp\n",
        "feed/server.py": """
            from aiohttp import web


            async def feed(request):
                ws = web.WebSocketResponse()
                await ws.prepare(request)
                return ws


            app = web.Application()
            app.router.add_get("/feed", feed)
            web.run_app(app, port=8080)
        """,
    }
    compose = COMPOSE + '  feed:\n    build: ./feed\n    expose: ["8080"]\n'
    root = repo({"docker-compose.yml": compose, **ML, **gateway, **feed})
    assert links(root) == [
        "gateway/src/live.ts:3 WS /v1/ws/health -> ml broken -",
        "gateway/src/live.ts:4 WS /feed -> feed linked feed/server.py:11",
    ]
    assert findings(root)[0] == (
        "SC104 gateway/src/live.ts:3 WS /v1/ws/health reaches 'ml', which serves "
        "/v1/ws/health for GET only: its framework takes a websocket handshake on its "
        "websocket routes only"
    )


def test_a_websocket_to_a_get_route_of_a_service_with_no_websocket_route_says_why(
    repo: RepoFactory,
) -> None:
    """A FastAPI service declaring no websocket route seamcheck reads (its socket may be
    served by an ASGI app it does not read): the websocket to its GET route is unsure. The
    reason said before, 'none of its GET routes takes the path', was untrue: GET /ws/status
    takes it, and refuses the handshake."""
    root = repo(
        {
            "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  ml:\n    build: ./ml\n",
            "gw/package.json": package_json("gw", dependencies={"ws": "^8"}),
            "gw/src/live.ts": (
                "import WebSocket from 'ws';\n"
                "export const status = () => new WebSocket('ws://ml:8000/ws/status');\n"
            ),
            "ml/requirements.txt": "fastapi\n",
            "ml/main.py": """
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/ws/status")
                def status():
                    return {}
            """,
        }
    )
    assert findings(root) == [
        "SC107 gw/src/live.ts:2 ws call WS ws://ml:8000/ws/status not linked to a service "
        "route: 'ml' declares no websocket route seamcheck reads, and none of its routes "
        "takes a websocket at that path; a websocket server seamcheck does not read may serve it"
    ]


def test_a_stub_websocket_server_in_a_test_serves_only_the_tests(repo: RepoFactory) -> None:
    """The live service serves its websockets with uWebSockets.js (not read); its test starts
    a `ws` stub on another path. Before, the stub made the service read as one whose
    websocket routes are known, and the front end's `WS /live` as broken (SC104); now it is
    unsure, as before the test was written."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  live:
                    build: ./live
                  web:
                    build: ./web
            """,
            "live/package.json": package_json(
                "live", dependencies={"uWebSockets.js": "*"}, devDependencies={"ws": "^8"}
            ),
            "live/src/server.js": """
                const uWS = require('uWebSockets.js');

                uWS.App().ws('/live', { message: (ws, m) => ws.send(m) }).listen(3000, () => {});
            """,
            "live/test/server.test.js": """
                const { WebSocketServer } = require('ws');

                it('echoes', () => {
                  const stub = new WebSocketServer({ port: 3001, path: '/stub' });
                  stub.close();
                });
            """,
            "web/package.json": package_json("web"),
            "web/src/live.ts": "export const live = new WebSocket('ws://live:3000/live');\n",
        }
    )
    assert route_labels(root, "live") == []
    assert [f for f in findings(root) if "web/src" in f] == [
        "SC107 web/src/live.ts:1 websocket call WS ws://live:3000/live not linked to a "
        "service route: 'live' declares no route seamcheck recognises"
    ]
