"""hapi: `server.route({ method, path, handler })` and arrays of route objects, on the
server `Hapi.server()` makes or in a plugin's `register(server)`, registered with
`server.register({ plugin, routes: { prefix } })`; `{id}`, `{id?}` and `{path*}`
parameters. Before, such a service declared no route seamcheck recognised: every call to it
was unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

COMPOSE = """\
services:
  api:
    build: ./api
    ports: ["3000:3000"]
  worker:
    build: ./worker
    environment:
      API_URL: http://api:3000
"""

SERVER = """\
    'use strict';

    const Hapi = require('@hapi/hapi');
    const Inert = require('@hapi/inert');
    const users = require('./plugins/users');

    const init = async () => {
      const server = Hapi.server({ port: 3000, host: '0.0.0.0' });
      await server.register(Inert);
      await server.register({ plugin: users, routes: { prefix: '/v1' } });
      server.route([
        { method: 'GET', path: '/health', handler: () => 'ok' },
        { method: ['PUT', 'PATCH'], path: '/settings/{key}', handler: () => ({}) },
        { method: 'GET', path: '/files/{path*}', handler: { directory: { path: 'public' } } },
      ]);
      await server.start();
    };

    init();
    """

USERS = """\
    const routes = require('./userRoutes');

    exports.plugin = {
      name: 'users',
      register: async (server, options) => {
        server.route(routes);
        server.route({ method: '*', path: '/echo', options: { handler: (request) => request.method } });
      },
    };
    """

USER_ROUTES = """\
    module.exports = [
      { method: 'GET', path: '/users/{id?}', handler: (request) => request.params.id },
      { method: 'POST', path: '/users', handler: (request) => request.payload },
    ];
    """

WORKER = """\
    import os

    import httpx

    API = os.environ["API_URL"]


    def run() -> None:
        httpx.get(f"{API}/v1/users/7")
        httpx.get(f"{API}/v1/users")
        httpx.post(f"{API}/v1/users")
        httpx.post(f"{API}/v1/usres")
        httpx.delete(f"{API}/v1/echo")
        httpx.head(f"{API}/health")
        httpx.patch(f"{API}/settings/theme")
        httpx.get(f"{API}/files/css/site.css")
        httpx.get(f"{API}/users/7")
    """


def files(server: str = SERVER) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/package.json": package_json(
            "api", dependencies={"@hapi/hapi": "^21.3.0", "@hapi/inert": "^7.1.0"}
        ),
        "api/src/server.js": server,
        "api/src/plugins/users.js": USERS,
        "api/src/plugins/userRoutes.js": USER_ROUTES,
        "worker/requirements.txt": "httpx\n",
        "worker/main.py": WORKER,
    }


def statuses(found: list[str]) -> dict[int, str]:
    return {
        int(line.partition(" ")[0].rpartition(":")[2]): line.split(" -> ")[1].split(" ")[1]
        for line in found
    }


def test_hapi_routes_and_plugins_registered_under_a_prefix(repo: RepoFactory) -> None:
    root = repo(files())
    assert statuses(links(root)) == {
        9: "linked",  # GET /v1/users/{id?}
        10: "linked",  # ... its optional parameter left out
        11: "linked",
        12: "broken",  # a typo
        13: "linked",  # method '*'
        14: "linked",  # hapi answers HEAD on a GET route
        15: "linked",
        16: "linked",  # `{path*}`: any segments
        17: "broken",  # the plugin's routes are under /v1 only
    }


def test_a_plugin_exported_as_an_es_module_default_object(repo: RepoFactory) -> None:
    files_ = files(
        SERVER.replace("const users = require('./plugins/users');", "")
        .replace("'use strict';", "import users from './plugins/users.js';")
        .replace("const Hapi = require('@hapi/hapi');", "import Hapi from '@hapi/hapi';")
        .replace("const Inert = require('@hapi/inert');", "import Inert from '@hapi/inert';")
    )
    files_["api/src/plugins/users.js"] = """\
        import routes from './userRoutes.js';

        export default {
          name: 'users',
          register: async (server) => {
            server.route(routes);
          },
        };
        """
    files_["api/src/plugins/userRoutes.js"] = USER_ROUTES.replace(
        "module.exports =", "export default"
    )
    # Before: the plugin object was no binding, so its routes were unread and every call to
    # them was SC107 (the ones under /v1 included).
    found = statuses(links(repo(files_)))
    assert (found[9], found[11], found[12], found[17]) == ("linked", "linked", "broken", "broken")


def test_a_prefix_seamcheck_cannot_read_makes_the_plugin_routes_calls_unsure(
    repo: RepoFactory,
) -> None:
    server = SERVER.replace("routes: { prefix: '/v1' }", "routes: { prefix: process.env.PREFIX }")
    found = findings(repo(files(server)))
    assert any(f.startswith("SC107 worker/main.py:9") for f in found)
    errors = [f.split(" ", 2)[1] for f in found if f.startswith("SC104")]
    assert errors == ["worker/main.py:12"]


def test_a_segment_count_too_large_to_spell_out_is_read_as_any(repo: RepoFactory) -> None:
    """`{name*N}` takes N segments; a huge N (a typo, a generated file) is read as any number
    of segments rather than spelled out. Before, `{tile*99999999}` built a path of that many
    segments: the run used gigabytes and did not end."""
    server = SERVER.replace(
        "{ method: 'GET', path: '/health', handler: () => 'ok' },",
        "{ method: 'GET', path: '/health', handler: () => 'ok' },\n"
        "        { method: 'GET', path: '/tiles/{xyz*99999999}', handler: () => 'ok' },",
    )
    worker = WORKER.replace('httpx.get(f"{API}/users/7")', 'httpx.get(f"{API}/tiles/1/2/3")')
    files_ = {**files(server), "worker/main.py": worker}
    assert statuses(links(repo(files_)))[17] == "linked"


def test_hapi_swagger_serves_its_documentation_and_json(repo: RepoFactory) -> None:
    """hapi-swagger, a package's plugin, declares `GET /documentation` and
    `GET /swagger.json` (or the paths its options give) under the prefix it is registered
    at; options seamcheck cannot read make calls ending as those paths unsure. Before, a
    package's plugin served nothing: `GET /swagger.json` was SC104."""
    server = SERVER.replace(
        "await server.register(Inert);",
        "await server.register([\n"
        "        Inert,\n"
        "        Vision,\n"
        "        { plugin: HapiSwagger, options: { info: { title: 'API' } } },\n"
        "        { plugin: HapiSwagger, options: { jsonPath: '/v2/spec.json' },"
        " routes: { prefix: '/admin' } },\n"
        "        { plugin: HapiSwagger, options: settings.swagger, routes: { prefix: '/int' } },\n"
        "      ]);",
    ).replace(
        "const Inert = require('@hapi/inert');",
        "const Inert = require('@hapi/inert');\n"
        "    const Vision = require('@hapi/vision');\n"
        "    const HapiSwagger = require('hapi-swagger');\n"
        "    const settings = require('./settings');",
    )
    worker = """\
        import httpx

        API = "http://api:3000"


        def run() -> None:
            httpx.get(f"{API}/swagger.json")
            httpx.get(f"{API}/documentation")
            httpx.get(f"{API}/admin/v2/spec.json")
            httpx.get(f"{API}/int/swagger.json")
            httpx.get(f"{API}/swagger.jsn")
        """
    files_ = files(server)
    files_["api/package.json"] = package_json(
        "api",
        dependencies={
            "@hapi/hapi": "^21.3.0", "@hapi/inert": "^7.1.0", "@hapi/vision": "^7.0.3",
            "hapi-swagger": "^17.3.0",
        },
    )  # fmt: skip
    files_["api/src/settings.js"] = "module.exports = { swagger: JSON.parse(process.env.SW) };\n"
    files_["worker/main.py"] = worker
    root = repo(files_)
    assert statuses(links(root)) == {
        7: "linked",
        8: "linked",
        9: "linked",
        10: "unsure",  # its options are not read: its JSON may be elsewhere
        11: "broken",
    }
