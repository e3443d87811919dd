"""Socket.IO seams: a client connection (`io(url, { path })`, python-socketio's `connect`) linked
to the socket.io server of the service it reaches, by engine path and namespace; broken only
where that service's socket.io servers are all read, else unsure."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, route_labels

COMPOSE = """
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      MODEL_URL: http://model:8000
  model:
    build: ./model
    expose: ["8000"]
  worker:
    build: ./worker
  web:
    build: ./web
"""

GATEWAY = {
    "gateway/package.json": package_json(
        "gateway",
        dependencies={"express": "^4", "socket.io": "^4", "socket.io-client": "^4"},
    ),
    "gateway/src/server.ts": """
        import express from 'express';
        import { createServer } from 'http';
        import { Server } from 'socket.io';
        import { predictions } from './model';

        const app = express();
        const httpServer = createServer(app);
        const io = new Server(httpServer, { cors: { origin: '*' } });
        const chat = io.of('/chat');
        chat.on('connection', (socket) => {
          socket.on('message', (m) => chat.emit('message', m));
        });
        io.on('connection', (socket) => predictions(socket));
        app.get('/health', (req, res) => res.send('ok'));
        httpServer.listen(3000);
    """,
    "gateway/src/model.ts": """
        import { io } from 'socket.io-client';

        const MODEL_URL = process.env.MODEL_URL;
        export const model = io(MODEL_URL, { path: '/ws/socket.io' });
        export const scores = io(`${MODEL_URL}/scores`, { path: '/ws/socket.io' });
        export const typo = io(`${MODEL_URL}/score`, { path: '/ws/socket.io' });
        export const unmounted = io(MODEL_URL);

        export function predictions(socket: unknown) {
          return socket;
        }
    """,
}

MODEL = {
    "model/requirements.txt": "fastapi\npython-socketio\nuvicorn\n",
    "model/app/main.py": """
        from fastapi import FastAPI

        from app.sockets import socket_app

        app = FastAPI()
        app.mount("/ws", socket_app)


        @app.get("/health")
        def health():
            return {"ok": True}
    """,
    "model/app/sockets.py": """
        import socketio

        sio = socketio.AsyncServer(async_mode="asgi")
        socket_app = socketio.ASGIApp(sio)


        @sio.on("score", namespace="/scores")
        async def score(sid, data):
            return {"score": 1}


        @sio.event
        async def connect(sid, environ):
            pass
    """,
}

WEB = {
    "web/package.json": package_json(
        "web", dependencies={"react": "18", "socket.io-client": "^4"}, devDependencies={"vite": "5"}
    ),
    "web/vite.config.ts": """
        import { defineConfig } from 'vite';

        export default defineConfig({
          server: {
            proxy: {
              '/api': { target: 'http://gateway:3000' },
              '/socket.io': { target: 'ws://gateway:3000', ws: true },
            },
          },
        });
    """,
    "web/src/chat.ts": """
        import { io } from 'socket.io-client';

        export const chat = io('/chat');
        export const root = io();
        export const wrong = io('/chats');
        export const origin = io(window.location.origin, { path: '/socket.io' });
    """,
}


def test_front_end_through_vite_proxy_and_gateway_to_python_socketio(repo: RepoFactory) -> None:
    root = repo({"docker-compose.yml": COMPOSE, **GATEWAY, **MODEL, **WEB})
    # Its connections, and the events its handlers take (`socket.on('message')`).
    assert route_labels(root, "gateway") == [
        "GET /health",
        "SIO /socket.io/!message/@/chat",
        "SIO /socket.io/@",
        "SIO /socket.io/@/chat",
    ]
    # Mounted under /ws: at /ws/socket.io (Starlette before 0.33 hands the mounted app the
    # rest of the path); a path under the mount's prefix would be served as it is too.
    assert route_labels(root, "model") == [
        "GET /health",
        "SIO /ws/socket.io/@",
        "SIO /ws/socket.io/@/scores",
    ]
    assert links(root) == [
        "gateway/src/model.ts:4 SIO /ws/socket.io/@ -> model linked model/app/sockets.py:4",
        "gateway/src/model.ts:5 SIO /ws/socket.io/@/scores -> model linked model/app/sockets.py:7",
        "gateway/src/model.ts:6 SIO /ws/socket.io/@/score -> model broken -",
        "gateway/src/model.ts:7 SIO /socket.io/@ -> model broken -",
        "web/src/chat.ts:3 SIO /socket.io/@/chat -> gateway linked gateway/src/server.ts:9 "
        "via vite proxy /socket.io",
        "web/src/chat.ts:4 SIO /socket.io/@ -> gateway linked gateway/src/server.ts:8 "
        "via vite proxy /socket.io",
        "web/src/chat.ts:5 SIO /socket.io/@/chats -> gateway broken - via vite proxy /socket.io",
        "web/src/chat.ts:6 SIO /socket.io/@ -> gateway linked gateway/src/server.ts:8 "
        "via vite proxy /socket.io",
    ]
    assert findings(root) == [
        "SC104 gateway/src/model.ts:6 Socket.IO connection to namespace '/score' at "
        "'/ws/socket.io' reaches 'model', whose socket.io server at '/ws/socket.io' takes no "
        "namespace '/score'; did you mean namespace '/scores' at '/ws/socket.io' "
        "(model/app/sockets.py:7)?",
        "  model/app/sockets.py:7 model takes Socket.IO namespace '/scores' at '/ws/socket.io'",
        "  model/app/sockets.py:4 model takes Socket.IO namespace '/' at '/ws/socket.io'",
        "SC104 gateway/src/model.ts:7 Socket.IO connection to namespace '/' at '/socket.io' "
        "reaches 'model', which runs no socket.io server at '/socket.io'; did you mean "
        "namespace '/' at '/ws/socket.io' (model/app/sockets.py:4)?",
        "  model/app/sockets.py:4 model takes Socket.IO namespace '/' at '/ws/socket.io'",
        "  model/app/sockets.py:7 model takes Socket.IO namespace '/scores' at '/ws/socket.io'",
        "SC104 web/src/chat.ts:5 Socket.IO connection to namespace '/chats' at '/socket.io' "
        "reaches 'gateway' through vite proxy /socket.io (web/vite.config.ts:7), whose "
        "socket.io server at '/socket.io' takes no namespace '/chats'; did you mean namespace "
        "'/chat' at '/socket.io' (gateway/src/server.ts:9)?",
        "  web/vite.config.ts:7 vite proxy /socket.io forwards as /socket.io/@/chats",
        "  gateway/src/server.ts:9 gateway takes Socket.IO namespace '/chat' at '/socket.io'",
        "  gateway/src/server.ts:8 gateway takes Socket.IO namespace '/' at '/socket.io'",
    ]
    seams = run_cli("seams", str(root), "--no-cache").stdout
    assert "gateway/src/model.ts:5 -> SIO /ws/socket.io/@/scores -> model" in seams


def test_python_clients_namespaces_and_registered_namespace(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **GATEWAY,
            **MODEL,
            "model/app/admin.py": """
                import socketio

                from app.sockets import sio


                class Admin(socketio.AsyncNamespace):
                    async def on_connect(self, sid, environ):
                        pass


                sio.register_namespace(Admin("/admin"))
                # The Admin UI's own namespace, /admin by default.
                sio.instrument(auth=False, namespace="/monitor")
            """,
            "worker/requirements.txt": "python-socketio[asyncio_client]\n",
            "worker/run.py": """
                import socketio


                async def main():
                    sio = socketio.AsyncClient()
                    await sio.connect(
                        "http://model:8000/ignored",
                        socketio_path="/ws/socket.io",
                        namespaces=["/scores", "/admin", "/admn", "/monitor"],
                    )
                    chat = socketio.AsyncClient()
                    await chat.connect("http://gateway:3000", namespaces="/chat")
            """,
        }
    )
    assert [line for line in links(root) if line.startswith("worker/")] == [
        "worker/run.py:12 SIO /socket.io/@/chat -> gateway linked gateway/src/server.ts:9",
        "worker/run.py:6 SIO /ws/socket.io/@/admin -> model linked model/app/admin.py:11",
        "worker/run.py:6 SIO /ws/socket.io/@/admn -> model broken -",
        "worker/run.py:6 SIO /ws/socket.io/@/monitor -> model linked model/app/admin.py:13",
        "worker/run.py:6 SIO /ws/socket.io/@/scores -> model linked model/app/sockets.py:7",
    ]
    broken = [f for f in findings(root) if f.startswith("SC104 worker/")]
    assert broken == [
        "SC104 worker/run.py:6 Socket.IO connection to namespace '/admn' at '/ws/socket.io' "
        "reaches 'model', whose socket.io server at '/ws/socket.io' takes no namespace "
        "'/admn'; did you mean namespace '/admin' at '/ws/socket.io' (model/app/admin.py:11)?"
    ]


def test_what_is_known_only_at_run_time_is_unsure(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json(
                "gateway", dependencies={"socket.io": "^4", "socket.io-client": "^4"}
            ),
            # The engine path from the environment, a namespace made by a regular expression.
            "gateway/src/server.ts": """
                import { Server } from 'socket.io';

                const io = new Server(3000, { path: process.env.SOCKET_PATH });
                io.of(/^\\/room-\\d+$/).on('connection', () => {});
            """,
            "model/requirements.txt": "fastapi\npython-socketio\n",
            # A handler added to a server held by an attribute: its namespace is still read.
            # The app's path is under its mount's prefix: served there as it is (Starlette
            # 0.33 on) or under the prefix (before).
            "model/app/main.py": """
                import socketio
                from fastapi import FastAPI


                class Sockets:
                    def __init__(self):
                        self.sio = socketio.AsyncServer(async_mode="asgi")
                        self.sio.on("score", self.score, namespace="/scores")

                    async def score(self, sid, data):
                        return data


                sockets = Sockets()
                app = FastAPI()
                app.mount("/ws", socketio.ASGIApp(sockets.sio, socketio_path="/ws/socket.io"))
            """,
            "worker/requirements.txt": "python-socketio\n",
            "worker/run.py": """
                import os

                import socketio

                sio = socketio.Client()
                sio.connect("http://gateway:3000", socketio_path="/realtime")
                sio.connect("http://gateway:3000", namespaces=[os.environ["ROOM"]])
                sio.connect("http://model:8000", socketio_path="/ws/socket.io", namespaces="/scores")
                sio.connect("http://model:8000", socketio_path="/ws/socket.io", namespaces="/score")
            """,
        }
    )
    assert route_labels(root, "model") == [
        "SIO /ws/socket.io/@",
        "SIO /ws/socket.io/@/scores",
        "SIO /ws/ws/socket.io/@",
        "SIO /ws/ws/socket.io/@/scores",
    ]
    assert links(root) == [
        "worker/run.py:6 SIO /realtime/@ -> gateway unsure -",
        "worker/run.py:7 SIO /socket.io/@/{ROOM} -> gateway unsure -",
        "worker/run.py:8 SIO /ws/socket.io/@/scores -> model linked model/app/main.py:8",
        "worker/run.py:9 SIO /ws/socket.io/@/score -> model broken -",
    ]
    unsure = [f for f in findings(root) if f.startswith("SC107 worker/run.py:6")]
    assert unsure == [
        "SC107 worker/run.py:6 python-socketio call SIO http://gateway:3000/realtime/@ not "
        "linked to a service route: 'gateway' declares 2 routes seamcheck cannot read that may "
        "serve it (the path of a socket.io server, known only at run time at "
        "gateway/src/server.ts:3; a namespace io.of() makes at run time at "
        "gateway/src/server.ts:4)",
    ]


def test_emitted_events_checked_against_node_handlers_all_read(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            **MODEL,
            "gateway/package.json": package_json(
                "gateway", dependencies={"socket.io": "^4", "socket.io-client": "^4"}
            ),
            "gateway/src/server.ts": """
                import { createServer } from 'http';
                import { Server } from 'socket.io';
                import { io as connect } from 'socket.io-client';
                import { join } from './rooms';

                const httpServer = createServer();
                const io = new Server(httpServer);
                io.on('connection', (socket) => {
                  socket.on('hello', () => socket.emit('world'));
                  socket.on('message', (m) => io.emit('message', m));
                });
                io.of('/chat').on('connection', (socket) => {
                  socket.on('message', (m) => socket.broadcast.emit('message', m));
                });
                // Middleware is given each socket too.
                io.of('/chat').use((socket, next) => {
                  socket.on('typing', () => next());
                });
                const relay = io.of('/relay');
                relay.on('connection', (socket) => {
                  socket.onAny((event, ...args) => relay.emit(event, ...args));
                });
                io.of('/rooms').on('connection', (socket) => join(socket));
                httpServer.listen(3000);

                // Python handlers are not read: an emit there is not checked.
                const model = connect(process.env.MODEL_URL, { path: '/ws/socket.io' });
                model.emit('predict', {});
            """,
            "gateway/src/rooms.ts": """
                export function join(socket: any) {
                  socket.on('join', (room: string) => socket.join(room));
                }
            """,
            **WEB,
            "web/src/chat.ts": """
                import { io } from 'socket.io-client';

                export const root = io();
                export const chat = io('/chat');
                const relay = io('/relay');
                const rooms = io('/rooms');
                const wrong = io('/chats');

                export function send(text: string) {
                  root.emit('hello');
                  root.emit('helo');
                  root.timeout(5000).emit('message', text);
                  chat.emit('message', text);
                  chat.emit('mesage', text);
                  chat.emit('typing');
                  relay.emit('anything', text);
                  rooms.emit('join', 'a');
                  wrong.emit('message', text);
                }
            """,
            "web/src/other.ts": """
                import { chat } from './chat';

                export const again = () => chat.emit('mesage', 1);
            """,
        }
    )
    events = [line for line in links(root) if "/!" in line]
    assert events == [
        "web/src/chat.ts:10 SIO /socket.io/!hello/@ -> gateway linked gateway/src/server.ts:9 "
        "via vite proxy /socket.io",
        "web/src/chat.ts:11 SIO /socket.io/!helo/@ -> gateway broken - via vite proxy /socket.io",
        "web/src/chat.ts:12 SIO /socket.io/!message/@ -> gateway linked "
        "gateway/src/server.ts:10 via vite proxy /socket.io",
        "web/src/chat.ts:13 SIO /socket.io/!message/@/chat -> gateway linked "
        "gateway/src/server.ts:13 via vite proxy /socket.io",
        "web/src/chat.ts:14 SIO /socket.io/!mesage/@/chat -> gateway broken - "
        "via vite proxy /socket.io",
        "web/src/chat.ts:15 SIO /socket.io/!typing/@/chat -> gateway linked "
        "gateway/src/server.ts:17 via vite proxy /socket.io",
        "web/src/other.ts:3 SIO /socket.io/!mesage/@/chat -> gateway broken - "
        "via vite proxy /socket.io",
    ]
    broken = [f for f in findings(root) if f.startswith("SC104")]
    assert broken == [
        "SC104 web/src/chat.ts:7 Socket.IO connection to namespace '/chats' at '/socket.io' "
        "reaches 'gateway' through vite proxy /socket.io (web/vite.config.ts:7), whose "
        "socket.io server at '/socket.io' takes no namespace '/chats'; did you mean namespace "
        "'/chat' at '/socket.io' (gateway/src/server.ts:12)?",
        "SC104 web/src/chat.ts:11 Socket.IO emit of event 'helo' of namespace '/' at "
        "'/socket.io' reaches 'gateway' through vite proxy /socket.io (web/vite.config.ts:7), "
        "whose handlers there take no such event; did you mean 'hello' "
        "(gateway/src/server.ts:9)?",
        "SC104 web/src/chat.ts:14 Socket.IO emit of event 'mesage' of namespace '/chat' at "
        "'/socket.io' reaches 'gateway' through vite proxy /socket.io (web/vite.config.ts:7), "
        "whose handlers there take no such event; did you mean 'message' "
        "(gateway/src/server.ts:13)?",
        "SC104 web/src/other.ts:3 Socket.IO emit of event 'mesage' of namespace '/chat' at "
        "'/socket.io' reaches 'gateway' through vite proxy /socket.io (web/vite.config.ts:7), "
        "whose handlers there take no such event; did you mean 'message' "
        "(gateway/src/server.ts:13)?",
    ]
    # Not checked, so not shown: an emit to a catch-all, to a socket handed to other code,
    # on a connection that is broken, to a python-socketio server.
    assert not [f for f in findings(root) if "anything" in f or "'join'" in f or "predict" in f]


def test_malformed_socketio_calls_read_without_error(repo: RepoFactory) -> None:
    root = repo(
        {
            "gw/package.json": package_json(
                "gw",
                dependencies={
                    "socket.io": "^4",
                    "socket.io-client": "^4",
                    "@socket.io/admin-ui": "^0",
                },
            ),
            "gw/src/a.js": """
                const { Server } = require('socket.io');
                const { io } = require('socket.io-client');
                const { instrument } = require('@socket.io/admin-ui');
                const srv = new Server(null);
                srv.of();
                srv.of('');
                srv.on('connection');
                srv.on('connection', 5);
                srv.on('connection', function () { arguments[0].on('x'); });
                srv.on('connection', (...all) => {});
                srv.path();
                srv.attach();
                instrument(srv);
                const c = io();
                c.emit();
                c.emit(5);
                c.emit('connect');
                c.emit('a/b');
                io('').emit('x');
            """,
            "py/requirements.txt": "python-socketio\n",
            "py/app.py": """
                import socketio

                sio = socketio.Server(namespaces=None)
                app = socketio.WSGIApp()
                sio.register_namespace()
                sio.register_namespace(make())
                sio.on("x", namespace=None)
                cl = socketio.Client()
                cl.connect()
                cl.connect(url=None, namespaces=[])
                cl.connect("http://localhost:5000", **kw)
            """,
        }
    )
    # The root namespace once (`of('')` is it), the Admin UI's `/admin`.
    assert route_labels(root, "gw") == ["SIO /socket.io/@", "SIO /socket.io/@/admin"]
    assert route_labels(root, "py") == ["SIO /socket.io/@"]
    result = run_cli("check", str(root), "--no-cache")
    assert result.exit_code == 0
    assert "SC104" not in result.stdout


def test_a_server_required_in_place_leaves_connections_unsure(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json(
                "gateway", dependencies={"socket.io": "^4", "socket.io-client": "^4"}
            ),
            # Two servers: one read, one made by `require('socket.io')(...)` in place, whose
            # path seamcheck does not see.
            "gateway/src/server.js": """
                const http = require('http');
                const { Server } = require('socket.io');

                const server = http.createServer();
                const io = new Server(server);
                const admin = require('socket.io')(http.createServer(), { path: '/ops' });
                server.listen(3000);
            """,
            "worker/requirements.txt": "python-socketio\n",
            "worker/run.py": """
                import socketio

                sio = socketio.Client()
                sio.connect("http://gateway:3000")
                sio.connect("http://gateway:3000", socketio_path="/ops")
            """,
        }
    )
    assert links(root) == [
        "worker/run.py:4 SIO /socket.io/@ -> gateway linked gateway/src/server.js:5",
        "worker/run.py:5 SIO /ops/@ -> gateway unsure -",
    ]
    assert not [f for f in findings(root) if f.startswith("SC104")]


CHAT_COMPOSE = """
services:
  chat:
    build: ./chat
    ports: ["3000:3000"]
  web:
    build: ./web
"""
CHAT_CLIENT = {
    "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
    "web/src/room.ts": """
        import { io } from 'socket.io-client';

        const socket = io('http://chat:3000');

        export function enter(room: string) {
          socket.emit('join', room);
          socket.emit('leave', room);
          socket.emit('typing', room);
          socket.emit('leav', room);
        }
    """,
}


def test_handlers_on_a_chained_copied_or_stored_socket_are_read(repo: RepoFactory) -> None:
    """`socket.on('a', f).on('b', g)` registers both on the socket, as does a handler on a
    local copy of it (`const client = socket`); a socket stored on `this` may be given
    handlers by other methods. Before, each left an event the server takes read as broken."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            **CHAT_CLIENT,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(3000);
                io.on('connection', (socket) => {
                  const client = socket;
                  const seen = { id: socket.id, ip: socket.handshake.address };
                  socket
                    .on('join', (room) => socket.join(room))
                    .on('leave', (room) => socket.leave(room));
                  client.on('typing', (room) => client.to(room).emit('typing'));
                });
            """,
        }
    )
    assert [line for line in links(root) if "!" in line] == [
        "web/src/room.ts:6 SIO /socket.io/!join/@ -> chat linked chat/src/server.js:7",
        "web/src/room.ts:7 SIO /socket.io/!leave/@ -> chat linked chat/src/server.js:7",
        "web/src/room.ts:8 SIO /socket.io/!typing/@ -> chat linked chat/src/server.js:10",
        "web/src/room.ts:9 SIO /socket.io/!leav/@ -> chat broken -",
    ]


def test_a_socket_stored_on_this_leaves_its_events_unsure(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            **CHAT_CLIENT,
            "web/src/lobby.ts": """
                import { io } from 'socket.io-client';

                export const lobby = io('http://chat:3000/lobby');
                lobby.emit('ready');
            """,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(3000);

                const sessions = [];

                class Room {
                  start() {
                    io.on('connection', (socket) => {
                      this.socket = socket;
                      this.listen();
                    });
                    io.of('/lobby').on('connection', (socket) => {
                      const session = { socket, at: Date.now() };
                      sessions.push(session.at);
                    });
                  }

                  listen() {
                    this.socket.on('join', () => {});
                  }
                }

                new Room().start();
            """,
        }
    )
    assert [f for f in findings(root) if f.startswith("SC104")] == []
    assert [line for line in links(root) if "!" in line] == []


def test_app_mounted_at_its_own_engine_path_serves_it(repo: RepoFactory) -> None:
    """`app.mount('/socket.io', socketio.ASGIApp(sio))`, a common FastAPI recipe: Starlette
    0.33 on hands the mounted app the whole path, `/socket.io/...`, which is the engine path
    python-engineio takes. Before, a client at the default path read as broken (SC104, 'did
    you mean /socket.io/socket.io')."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  api:
                    build: ./api
                    ports: ["8000:8000"]
                  web:
                    build: ./web
            """,
            "api/requirements.txt": "fastapi\npython-socketio\nuvicorn\n",
            "api/app/main.py": """
                import socketio
                from fastapi import FastAPI

                sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")
                sio_app = socketio.ASGIApp(sio)

                app = FastAPI()
                app.mount("/socket.io", sio_app)


                @sio.on("join", namespace="/chat")
                async def join(sid, data):
                    return data
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                export const chat = io('http://api:8000/chat', { transports: ['websocket'] });
                export const typo = io('http://api:8000/chta');
            """,
        }
    )
    assert route_labels(root, "api") == [
        "SIO /socket.io/@",
        "SIO /socket.io/@/chat",
        "SIO /socket.io/socket.io/@",
        "SIO /socket.io/socket.io/@/chat",
    ]
    assert links(root) == [
        "web/src/socket.ts:3 SIO /socket.io/@/chat -> api linked api/app/main.py:11",
        "web/src/socket.ts:4 SIO /socket.io/@/chta -> api broken -",
    ]


def test_python_server_emitting_to_a_namespace_does_not_serve_it(repo: RepoFactory) -> None:
    """python-socketio refuses a connection to a namespace no handler takes: its `emit(...,
    namespace='/alerts')` or `enter_room(..., namespace=)` adds none. Before, either made the
    namespace read as served, so a client connecting to it linked."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  api:
                    build: ./api
                    ports: ["8000:8000"]
                  web:
                    build: ./web
            """,
            "api/requirements.txt": "fastapi\npython-socketio\nuvicorn\n",
            "api/app/main.py": """
                import socketio
                from fastapi import FastAPI

                sio = socketio.AsyncServer(async_mode="asgi")
                app = FastAPI()
                app.mount("/ws", socketio.ASGIApp(sio, socketio_path="/ws/socket.io"))


                @sio.on("subscribe", namespace="/chat")
                async def subscribe(sid, room):
                    await sio.enter_room(sid, room, namespace="/rooms")
                    await sio.emit("subscribed", room, namespace="/alerts")
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                export const chat = io('http://api:8000/chat', { path: '/ws/socket.io' });
                export const alerts = io('http://api:8000/alerts', { path: '/ws/socket.io' });
            """,
        }
    )
    assert route_labels(root, "api") == [
        "SIO /ws/socket.io/@",
        "SIO /ws/socket.io/@/chat",
        "SIO /ws/ws/socket.io/@",
        "SIO /ws/ws/socket.io/@/chat",
    ]
    assert links(root) == [
        "web/src/socket.ts:3 SIO /ws/socket.io/@/chat -> api linked api/app/main.py:9",
        "web/src/socket.ts:4 SIO /ws/socket.io/@/alerts -> api broken -",
    ]


def test_emits_on_two_connections_made_on_one_line(repo: RepoFactory) -> None:
    """`const chat = io('/chat'), news = io('/news')`: a name's binding says only its line,
    so an emit on either is not tied to one of them. Before, both names read as the last
    connection of the line, and `chat.emit('message')` as broken on '/news' (SC104)."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(3000);
                io.of('/chat').on('connection', (socket) => {
                  socket.on('message', (m) => socket.broadcast.emit('message', m));
                });
                io.of('/news').on('connection', (socket) => {
                  socket.on('subscribe', (topic) => socket.join(topic));
                });
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/feeds.ts": """
                import { io } from 'socket.io-client';

                const chat = io('http://chat:3000/chat'), news = io('http://chat:3000/news');

                export function start() {
                  chat.emit('message', 'hello');
                  news.emit('subscribe', 'sports');
                }
            """,
        }
    )
    assert [f for f in findings(root) if f.startswith("SC104")] == []
    assert links(root) == [
        "web/src/feeds.ts:3 SIO /socket.io/@/chat -> chat linked chat/src/server.js:4",
        "web/src/feeds.ts:3 SIO /socket.io/@/news -> chat linked chat/src/server.js:7",
    ]


def test_connection_handlers_of_two_namespaces_made_on_one_line(repo: RepoFactory) -> None:
    """`const chat = io.of('/chat'), news = io.of('/news')`: which namespace `news` holds is
    not known from its line, so its handlers' events are unsure. Before, `news` read as
    '/chat', and an emit of 'subscribe' on '/news' as broken (SC104)."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(3000);
                const chat = io.of('/chat'), news = io.of('/news');
                chat.on('connection', (socket) => {
                  socket.on('message', (m) => chat.emit('message', m));
                });
                news.on('connection', (socket) => {
                  socket.on('subscribe', (topic) => socket.join(topic));
                });
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/feeds.ts": """
                import { io } from 'socket.io-client';

                const news = io('http://chat:3000/news');

                export function follow(topic: string) {
                  news.emit('subscribe', topic);
                }
            """,
        }
    )
    assert [f for f in findings(root) if f.startswith("SC104")] == []
    assert links(root) == [
        "web/src/feeds.ts:3 SIO /socket.io/@/news -> chat linked chat/src/server.js:4",
    ]


def test_a_stub_server_in_a_test_is_none_of_the_services_servers(repo: RepoFactory) -> None:
    """A NestJS gateway (not read) serves '/chat'; the e2e test starts a stub socket.io
    server of its own. Before, the stub made the service's socket.io servers read as all
    read, so the front end's connection to '/chat' read as broken (SC104, did you mean the
    test's '/'); now it is unsure, as the gateway is not read."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json(
                "chat",
                dependencies={
                    "@nestjs/core": "^10",
                    "@nestjs/websockets": "^10",
                    "@nestjs/platform-socket.io": "^10",
                    "socket.io": "^4",
                },
                devDependencies={"socket.io-client": "^4"},
            ),
            "chat/src/chat.gateway.ts": """
                import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';

                @WebSocketGateway({ namespace: 'chat' })
                export class ChatGateway {
                  @SubscribeMessage('message')
                  handle(client: unknown, text: string) {
                    return text;
                  }
                }
            """,
            "chat/test/chat.e2e-spec.ts": """
                import { Server } from 'socket.io';
                import { io } from 'socket.io-client';

                it('relays', () => {
                  const stub = new Server(4001);
                  stub.on('connection', (socket) => socket.on('ping', () => {}));
                  io('http://localhost:4001').emit('ping');
                });
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/chat.ts": """
                import { io } from 'socket.io-client';

                export const chat = io('http://chat:3000/chat');
            """,
        }
    )
    assert route_labels(root, "chat") == []
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert [f for f in findings(root) if "web/src/chat.ts" in f] == [
        "SC107 web/src/chat.ts:3 socket.io-client call SIO http://chat:3000/socket.io/@/chat "
        "not linked to a service route: 'chat' declares 1 route seamcheck cannot read that may "
        "serve it (the connections a NestJS gateway takes at chat/src/chat.gateway.ts:3)"
    ]


def test_node_server_options_given_by_name(repo: RepoFactory) -> None:
    """`new Server(httpServer, socketOptions)` with `const socketOptions = { path: '/realtime'
    }`: its engine path is read through the name; options not read (`config.socket`) leave
    the path unsure. Before, both read as the default '/socket.io', so a client at
    '/realtime' read as broken (SC104)."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/config.js": "module.exports = { socket: { path: process.env.SOCKET_PATH } };\n",
            "chat/src/server.js": """
                const http = require('http');
                const { Server } = require('socket.io');
                const config = require('./config');

                const httpServer = http.createServer();
                const socketOptions = { path: '/realtime', cors: { origin: '*' } };
                const io = new Server(httpServer, socketOptions);
                const admin = new Server(4000, config.socket);
                io.on('connection', (socket) => socket.on('join', (room) => socket.join(room)));
                httpServer.listen(3000);
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                export const live = io('http://chat:3000', { path: '/realtime' });
                export const admin = io('http://chat:4000', { path: '/admin-io' });
            """,
        }
    )
    assert [r for r in route_labels(root, "chat") if r.startswith("SIO")] == [
        "SIO /realtime/!join/@",
        "SIO /realtime/@",
    ]
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert links(root) == [
        "web/src/socket.ts:3 SIO /realtime/@ -> chat linked chat/src/server.js:7",
        "web/src/socket.ts:4 SIO /admin-io/@ -> chat unsure -",
    ]


def test_nestjs_gateway_beside_its_adapters_server_stays_unsure(repo: RepoFactory) -> None:
    """A custom NestJS IoAdapter makes the server (`new Server(port, { ...options, path })`,
    read), while `@WebSocketGateway({ namespace: 'chat' })` and `@SubscribeMessage` say what
    it takes (not read). Before, the connection to '/chat' and the root namespace's emits
    read as broken (SC104); now the connection is unsure and the emits unchecked."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json(
                "chat",
                dependencies={
                    "@nestjs/core": "^10",
                    "@nestjs/websockets": "^10",
                    "@nestjs/platform-socket.io": "^10",
                    "socket.io": "^4",
                },
            ),
            "chat/src/path-io.adapter.ts": """
                import { IoAdapter } from '@nestjs/platform-socket.io';
                import { Server, ServerOptions } from 'socket.io';

                export class PathIoAdapter extends IoAdapter {
                  createIOServer(port: number, options?: ServerOptions): Server {
                    return new Server(port, { ...options, path: '/ws' });
                  }
                }
            """,
            "chat/src/chat.gateway.ts": """
                import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';

                @WebSocketGateway({ namespace: 'chat' })
                export class ChatGateway {
                  @SubscribeMessage('message')
                  handle(client: unknown, text: string) {
                    return text;
                  }
                }

                @WebSocketGateway()
                export class PresenceGateway {
                  @SubscribeMessage('here')
                  here(client: unknown) {
                    return true;
                  }
                }
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/chat.ts": """
                import { io } from 'socket.io-client';

                const chat = io('http://chat:3000/chat', { path: '/ws' });
                const presence = io('http://chat:3000', { path: '/ws' });

                export function hello() {
                  chat.emit('message', 'hi');
                  presence.emit('here');
                }
            """,
        }
    )
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert links(root) == [
        "web/src/chat.ts:3 SIO /ws/@/chat -> chat unsure -",
        "web/src/chat.ts:4 SIO /ws/@ -> chat linked chat/src/path-io.adapter.ts:6",
    ]


def test_connection_through_an_express_proxy_middleware_is_unsure(repo: RepoFactory) -> None:
    """The gateway forwards `/socket.io` to the chat service with http-proxy-middleware (`ws:
    true`) and runs an admin socket.io server of its own at '/admin-io'. Before, the front
    end's connection to the gateway's '/socket.io' read as broken (SC104: the proxy, an
    unread route for any HTTP method, was not one for Socket.IO); now it is unsure."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  gateway:
                    build: ./gateway
                    ports: ["3000:3000"]
                  chat:
                    build: ./chat
                  web:
                    build: ./web
            """,
            "gateway/package.json": package_json(
                "gateway",
                dependencies={"express": "^4", "http-proxy-middleware": "^2", "socket.io": "^4"},
            ),
            "gateway/src/server.js": """
                const express = require('express');
                const http = require('http');
                const { createProxyMiddleware } = require('http-proxy-middleware');
                const { Server } = require('socket.io');

                const app = express();
                const server = http.createServer(app);
                const chat = createProxyMiddleware({ target: 'http://chat:4000', ws: true });
                app.use('/socket.io', chat);
                server.on('upgrade', chat.upgrade);
                const admin = new Server(server, { path: '/admin-io' });
                admin.on('connection', (socket) => socket.on('kick', (id) => socket.emit(id)));
                server.listen(3000);
            """,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(4000);
                io.on('connection', (socket) => socket.on('join', (room) => socket.join(room)));
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                export const socket = io('http://gateway:3000');
                export const admin = io('http://gateway:3000', { path: '/admin-i' });
            """,
        }
    )
    assert links(root) == [
        "web/src/socket.ts:3 SIO /socket.io/@ -> gateway unsure -",
        "web/src/socket.ts:4 SIO /admin-i/@ -> gateway broken -",
    ]


def test_app_mounted_on_a_sub_application_is_unsure(repo: RepoFactory) -> None:
    """`api.mount('/ws', socketio.ASGIApp(sio))` on a FastAPI sub-application that is itself
    mounted (`app.mount('/api', api)`) serves '/api/ws/socket.io'. Before, it read as
    served at '/ws/socket.io' only, and a client at '/api/ws/socket.io' as broken (SC104);
    now the prefix not composed leaves it unsure."""
    root = repo(
        {
            "docker-compose.yml": """
                services:
                  api:
                    build: ./api
                    ports: ["8000:8000"]
                  web:
                    build: ./web
            """,
            "api/requirements.txt": "fastapi\npython-socketio\nuvicorn\n",
            "api/app/main.py": """
                import socketio
                from fastapi import FastAPI

                sio = socketio.AsyncServer(async_mode="asgi")
                api = FastAPI()
                api.mount("/ws", socketio.ASGIApp(sio))

                app = FastAPI()
                app.mount("/api", api)


                @api.get("/health")
                def health():
                    return {"ok": True}
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                export const socket = io('http://api:8000', { path: '/api/ws/socket.io' });
                export const health = () => fetch('http://api:8000/api/health');
            """,
        }
    )
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert links(root) == [
        "web/src/socket.ts:3 SIO /api/ws/socket.io/@ -> api unsure -",
        "web/src/socket.ts:4 GET /api/health -> api linked api/app/main.py:12",
    ]


def test_emit_on_a_name_assigned_another_connection_later(repo: RepoFactory) -> None:
    """`let socket = io(URL)`, then `socket = io(`${URL}/chat`)` in a function: which
    connection an emit on `socket` goes over is known only at run time. Before, the emit read
    as made on the first ('/'), and an event only '/chat' takes as broken (SC104)."""
    root = repo(
        {
            "docker-compose.yml": CHAT_COMPOSE,
            "chat/package.json": package_json("chat", dependencies={"socket.io": "^4"}),
            "chat/src/server.js": """
                const { Server } = require('socket.io');

                const io = new Server(3000);
                io.on('connection', (socket) => socket.on('hello', () => socket.emit('hi')));
                io.of('/chat').on('connection', (socket) => {
                  socket.on('message', (m) => socket.broadcast.emit('message', m));
                });
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/socket.ts": """
                import { io } from 'socket.io-client';

                const URL = 'http://chat:3000';
                let socket = io(URL);

                export function enterChat() {
                  socket.disconnect();
                  socket = io(`${URL}/chat`);
                }

                export function send(text: string) {
                  socket.emit('message', text);
                }
            """,
        }
    )
    assert not [f for f in findings(root) if f.startswith("SC104")]
    assert links(root) == [
        "web/src/socket.ts:4 SIO /socket.io/@ -> chat linked chat/src/server.js:3",
        "web/src/socket.ts:8 SIO /socket.io/@/chat -> chat linked chat/src/server.js:5",
    ]


WORKSPACE = {
    "package.json": '{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}',
    "docker-compose.yml": """
        services:
          api:
            build: {context: ., dockerfile: apps/api/Dockerfile}
            ports: ["4000:4000"]
          admin:
            build: {context: ., dockerfile: apps/admin/Dockerfile}
            ports: ["4100:4100"]
          web:
            build: ./apps/web
    """,
    "packages/realtime/package.json": package_json(
        "@acme/realtime", main="src/index.js", dependencies={"socket.io": "^4"}
    ),
    "packages/realtime/src/index.js": """
        import { Server } from 'socket.io';

        export function attachRealtime(httpServer) {
          const io = new Server(httpServer, { path: '/rt' });
          io.of('/chat').on('connection', (socket) => {
            socket.on('say', (m) => socket.broadcast.emit('said', m));
          });
          return io;
        }

        // Called by no service: its server stays the package's.
        export function standalone() {
          return new Server(5000, { path: '/alone' });
        }
    """,
    "apps/api/package.json": package_json(
        "@acme/api", dependencies={"express": "^4", "@acme/realtime": "*"}
    ),
    "apps/api/Dockerfile": "FROM node:20\nCOPY . .\nCMD node apps/api/src/server.js\n",
    "apps/api/src/server.js": """
        import http from 'http';
        import express from 'express';
        import { attachRealtime } from '@acme/realtime';

        const app = express();
        app.get('/health', (req, res) => res.send('ok'));

        function start() {
          const server = http.createServer(app);
          attachRealtime(server);
          server.listen(4000);
        }

        start();
    """,
    "apps/admin/package.json": package_json(
        "@acme/admin", dependencies={"socket.io": "^4", "@acme/realtime": "*"}
    ),
    "apps/admin/Dockerfile": "FROM node:20\nCOPY . .\nCMD node apps/admin/src/main.js\n",
    # A server of its own beside the package's, at the default path.
    "apps/admin/src/main.js": """
        import http from 'http';
        import { Server } from 'socket.io';
        import { attachRealtime } from '@acme/realtime';

        const server = http.createServer();
        const ops = new Server(server);
        ops.of('/ops').on('connection', () => {});
        attachRealtime(server);
        server.listen(4100);
    """,
    "apps/web/package.json": package_json(
        "@acme/web", dependencies={"react": "18", "socket.io-client": "^4"}
    ),
    "apps/web/src/chat.js": """
        import { io } from 'socket.io-client';

        export const chat = io('http://api:4000/chat', { path: '/rt' });
        export const typo = io('http://api:4000/chats', { path: '/rt' });
        export const admin = io('http://admin:4100/chat', { path: '/rt' });
        export const ops = io('http://admin:4100/ops');

        export function send(text) {
          chat.emit('say', text);
          chat.emit('sya', text);
        }
    """,
}


def test_a_server_a_workspace_package_makes_is_served_by_each_service_calling_it(
    repo: RepoFactory,
) -> None:
    """`packages/realtime`'s `attachRealtime(httpServer)` makes a socket.io server; `apps/api`
    (through a function of its own) and `apps/admin` call it. Before, the server was the
    package's: the web app's right connection to the api was unsure ('api runs no socket.io
    server seamcheck reads'), and the one to admin, which runs a server of its own, a false
    SC104 ('reaches admin, which runs no socket.io server at /rt')."""
    root = repo(WORKSPACE)
    assert route_labels(root, "api") == [
        "GET /health",
        "SIO /rt/!say/@/chat",
        "SIO /rt/@",
        "SIO /rt/@/chat",
    ]
    assert route_labels(root, "realtime") == ["SIO /alone/@"]
    assert links(root) == [
        "apps/web/src/chat.js:10 SIO /rt/!sya/@/chat -> api broken -",
        "apps/web/src/chat.js:3 SIO /rt/@/chat -> api linked packages/realtime/src/index.js:5",
        "apps/web/src/chat.js:4 SIO /rt/@/chats -> api broken -",
        "apps/web/src/chat.js:5 SIO /rt/@/chat -> admin linked packages/realtime/src/index.js:5",
        "apps/web/src/chat.js:6 SIO /socket.io/@/ops -> admin linked apps/admin/src/main.js:7",
        "apps/web/src/chat.js:9 SIO /rt/!say/@/chat -> api linked packages/realtime/src/index.js:6",
    ]
    assert findings(root) == [
        "SC104 apps/web/src/chat.js:4 Socket.IO connection to namespace '/chats' at '/rt' "
        "reaches 'api', whose socket.io server at '/rt' takes no namespace '/chats'; did you "
        "mean namespace '/chat' at '/rt' (packages/realtime/src/index.js:5)?",
        "  packages/realtime/src/index.js:5 api takes Socket.IO namespace '/chat' at '/rt'",
        "SC104 apps/web/src/chat.js:10 Socket.IO emit of event 'sya' of namespace '/chat' at "
        "'/rt' reaches 'api', whose handlers there take no such event; did you mean 'say' "
        "(packages/realtime/src/index.js:6)?",
        "  packages/realtime/src/index.js:6 api takes Socket.IO event 'say' of namespace "
        "'/chat' at '/rt'",
    ]


def test_python_socketio_server_of_a_shared_package_is_served_by_the_service_mounting_it(
    repo: RepoFactory,
) -> None:
    """`libs/realtime` makes a python-socketio app at module level and another in a function;
    `services/api` mounts both (`app.mount('/ws', sio_app)`, `app.mount('/live',
    create_socket_app())`). Before, neither was read as served: the package's servers were
    'served where seamcheck does not read', and the web app's connections to the api
    unsure."""
    root = repo(
        {
            "pyproject.toml": """
                [project]
                name = "acme"
                version = "0"

                [tool.uv.workspace]
                members = ["libs/*", "services/*"]
            """,
            "libs/realtime/pyproject.toml": """
                [project]
                name = "realtime"
                version = "0"
                dependencies = ["python-socketio"]
            """,
            "libs/realtime/src/realtime/__init__.py": "",
            "libs/realtime/src/realtime/server.py": """
                import socketio

                sio = socketio.AsyncServer(async_mode="asgi")
                sio_app = socketio.ASGIApp(sio)


                @sio.on("score", namespace="/scores")
                async def score(sid, data):
                    return data


                def create_socket_app():
                    chat = socketio.AsyncServer(async_mode="asgi")
                    chat.on("say", lambda sid, data: None, namespace="/chat")
                    return socketio.ASGIApp(chat, socketio_path="/rt")
            """,
            "services/api/pyproject.toml": """
                [project]
                name = "api"
                version = "0"
                dependencies = ["fastapi", "realtime"]

                [tool.uv.sources]
                realtime = { workspace = true }
            """,
            "services/api/app/main.py": """
                from fastapi import FastAPI
                from realtime.server import create_socket_app, sio_app

                app = FastAPI()
                app.mount("/ws", sio_app)
                app.mount("/live", create_socket_app())
            """,
            "docker-compose.yml": """
                services:
                  api:
                    build: ./services/api
                    ports: ["8000:8000"]
                  web:
                    build: ./web
            """,
            "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
            "web/src/chat.js": """
                import { io } from 'socket.io-client';

                export const scores = io('http://api:8000/scores', { path: '/ws/socket.io' });
                export const chat = io('http://api:8000/chat', { path: '/live/rt' });
                export const typo = io('http://api:8000/chat', { path: '/live/rtt' });
            """,
        }
    )
    assert route_labels(root, "realtime") == []
    assert links(root) == [
        "web/src/chat.js:3 SIO /ws/socket.io/@/scores -> api linked "
        "libs/realtime/src/realtime/server.py:7",
        "web/src/chat.js:4 SIO /live/rt/@/chat -> api linked libs/realtime/src/realtime/server.py:14",
        "web/src/chat.js:5 SIO /live/rtt/@/chat -> api broken -",
    ]


PY_WORKSPACE = {
    "pyproject.toml": """
        [project]
        name = "acme"
        version = "0"

        [tool.uv.workspace]
        members = ["libs/*", "services/*"]
    """,
    "libs/realtime/pyproject.toml": """
        [project]
        name = "realtime"
        version = "0"
        dependencies = ["python-socketio"]
    """,
    "libs/realtime/src/realtime/__init__.py": "",
    "services/api/pyproject.toml": """
        [project]
        name = "api"
        version = "0"
        dependencies = ["fastapi", "realtime"]

        [tool.uv.sources]
        realtime = { workspace = true }
    """,
    "services/board/pyproject.toml": """
        [project]
        name = "board"
        version = "0"
        dependencies = ["fastapi", "python-socketio", "realtime"]

        [tool.uv.sources]
        realtime = { workspace = true }
    """,
    "docker-compose.yml": """
        services:
          api:
            build: ./services/api
            ports: ["8000:8000"]
          board:
            build: ./services/board
            ports: ["8100:8100"]
          web:
            build: ./web
    """,
    "web/package.json": package_json("web", dependencies={"socket.io-client": "^4"}),
}


def test_apps_of_a_shared_package_mounted_by_different_services_are_not_mixed(
    repo: RepoFactory,
) -> None:
    """`libs/realtime` makes two python-socketio apps at module level, each with its own
    namespace and engine path; `services/api` mounts one, `services/board` the other. Which
    of the package's handlers each service's server takes is not read, so neither service is
    given the package's: its connections stay unsure. Before, both services took both
    servers' namespaces: the connection to the api's `/scores` and to board's `/chat`, each
    of the other app, linked."""
    root = repo(
        {
            **PY_WORKSPACE,
            "libs/realtime/src/realtime/chat.py": """
                import socketio

                chat_sio = socketio.AsyncServer(async_mode="asgi")
                chat_app = socketio.ASGIApp(chat_sio, socketio_path="chat-io")


                @chat_sio.on("say", namespace="/chat")
                async def say(sid, data):
                    return data
            """,
            "libs/realtime/src/realtime/scores.py": """
                import socketio

                scores_sio = socketio.AsyncServer(async_mode="asgi")
                scores_app = socketio.ASGIApp(scores_sio, socketio_path="scores-io")


                @scores_sio.on("score", namespace="/scores")
                async def score(sid, data):
                    return data
            """,
            "services/api/app/main.py": """
                from fastapi import FastAPI
                from realtime.chat import chat_app

                app = FastAPI()
                app.mount("/ws", chat_app)
            """,
            "services/board/app/main.py": """
                from fastapi import FastAPI
                from realtime.scores import scores_app

                app = FastAPI()
                app.mount("/ws", scores_app)
            """,
            "web/src/chat.js": """
                import { io } from 'socket.io-client';

                export const chat = io('http://api:8000/chat', { path: '/ws/chat-io' });
                export const scores = io('http://api:8000/scores', { path: '/ws/chat-io' });
                export const board = io('http://board:8100/chat', { path: '/ws/scores-io' });
            """,
        }
    )
    assert links(root) == [
        "web/src/chat.js:3 SIO /ws/chat-io/@/chat -> api unsure -",
        "web/src/chat.js:4 SIO /ws/chat-io/@/scores -> api unsure -",
        "web/src/chat.js:5 SIO /ws/scores-io/@/chat -> board unsure -",
    ]


def test_a_service_serving_its_own_python_socketio_app_keeps_it(repo: RepoFactory) -> None:
    """`services/board` mounts the python-socketio app it makes; `services/api` imports a
    second app of board's and mounts it (an SC101). Board's server stays board's. Before, all
    of board's servers went to the api: board's right connection was unsure ('board runs no
    socket.io server seamcheck reads') and the api's to board's namespace at board's path
    linked."""
    root = repo(
        {
            **PY_WORKSPACE,
            "services/board/boardsvc/sockets.py": """
                import socketio

                sio = socketio.AsyncServer(async_mode="asgi")
                socket_app = socketio.ASGIApp(sio)
                ops = socketio.AsyncServer(async_mode="asgi")
                ops_app = socketio.ASGIApp(ops, socketio_path="ops-io")


                @sio.on("move", namespace="/board")
                async def move(sid, data):
                    return data
            """,
            "services/board/boardsvc/main.py": """
                from fastapi import FastAPI
                from boardsvc.sockets import socket_app

                app = FastAPI()
                app.mount("/ws", socket_app)
            """,
            "services/api/app/main.py": """
                from fastapi import FastAPI
                from boardsvc.sockets import ops_app

                app = FastAPI()
                app.mount("/ops", ops_app)
            """,
            "web/src/chat.js": """
                import { io } from 'socket.io-client';

                export const board = io('http://board:8100/board', { path: '/ws/socket.io' });
                export const api = io('http://api:8000/board', { path: '/ws/socket.io' });
            """,
        }
    )
    assert links(root) == [
        "web/src/chat.js:3 SIO /ws/socket.io/@/board -> board linked "
        "services/board/boardsvc/sockets.py:9",
        "web/src/chat.js:4 SIO /ws/socket.io/@/board -> api unsure -",
    ]


def test_a_server_made_under_a_recursive_function_nothing_else_calls_is_its_service(
    repo: RepoFactory,
) -> None:
    """`apps/admin` calls the package's `attachRealtime(server)` only in `attach(retries)`,
    which calls itself to retry and is called by nothing seamcheck reads (a start script):
    code run only by itself runs in its own service, as code nothing calls does.
    Before, the cycle led nowhere and admin was no runner of the server: the web app's right
    connection to admin was a false SC104 ('reaches admin, which runs no socket.io server at
    /rt')."""
    root = repo(
        {
            **WORKSPACE,
            "apps/admin/src/main.js": """
                import http from 'http';
                import { Server } from 'socket.io';
                import { attachRealtime } from '@acme/realtime';

                const server = http.createServer();
                const ops = new Server(server);
                ops.of('/ops').on('connection', () => {});
                server.listen(4100);

                export function attach(retries) {
                  try {
                    attachRealtime(server);
                  } catch (error) {
                    if (retries > 0) attach(retries - 1);
                  }
                }
            """,
        }
    )
    assert [line for line in links(root) if "-> admin" in line] == [
        "apps/web/src/chat.js:5 SIO /rt/@/chat -> admin linked packages/realtime/src/index.js:5",
        "apps/web/src/chat.js:6 SIO /socket.io/@/ops -> admin linked apps/admin/src/main.js:7",
    ]


def test_a_server_a_package_function_makes_in_place_is_each_calling_services(
    repo: RepoFactory,
) -> None:
    """`require('socket.io')(httpServer, opts)` written in place in the package's
    `attachRealtime`, called by `apps/api`, which runs a server of its own at the default
    path: the in-place server, not read, is the api's, so a connection to the api at `/rt`
    is unsure. Before, it was the package's: a false SC104 ('reaches api, which runs no
    socket.io server at /rt')."""
    root = repo(
        {
            **WORKSPACE,
            "packages/realtime/src/index.js": """
                export function attachRealtime(httpServer) {
                  const io = require('socket.io')(httpServer, { path: '/rt' });
                  io.on('connection', () => {});
                  return io;
                }
            """,
            "apps/api/src/server.js": """
                import http from 'http';
                import { Server } from 'socket.io';
                import { attachRealtime } from '@acme/realtime';

                const server = http.createServer();
                const ops = new Server(server);
                attachRealtime(server);
                server.listen(4000);
            """,
        }
    )
    assert [line for line in links(root) if "-> api" in line] == [
        "apps/web/src/chat.js:3 SIO /rt/@/chat -> api unsure -",
        "apps/web/src/chat.js:4 SIO /rt/@/chats -> api unsure -",
    ]
