"""tsoa: `@Route('users')` controllers whose methods declare `@Get('{userId}')`, `@Post()`,
..., served by the generated `RegisterRoutes(router)` where the service mounts that router,
under the `routes.basePath` of its tsoa.json. Before, such a service declared no route
seamcheck recognised (the generated routes file is not committed): every call to it was
unsure, and a typo went unseen."""

from __future__ import annotations

import json
from collections.abc import Mapping

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

COMPOSE = """\
services:
  api:
    build: ./api
    ports: ["3000:3000"]
  web:
    build: ./web
    ports: ["8080:80"]
"""

CONTROLLER = """\
    import { Body, Controller, Get, Path, Post, Route } from 'tsoa';

    @Route('users')
    export class UsersController extends Controller {
      @Get('{userId}')
      public async getUser(@Path() userId: number) {
        return { id: userId };
      }

      @Post()
      public async createUser(@Body() body: object) {
        return body;
      }
    }
    """

APP = """\
    import express from 'express';
    import { RegisterRoutes } from '../build/routes';

    const app = express();
    const api = express.Router();
    RegisterRoutes(api);
    app.use('/api', api);
    app.listen(3000);
    """

WEB = """\
    export async function load(id: number) {
      const user = await fetch(`http://api:3000/api/v1/users/${id}`);
      await fetch('http://api:3000/api/v1/users', { method: 'POST', body: '{}' });
      await fetch('http://api:3000/api/v1/user', { method: 'POST', body: '{}' });
      await fetch(`http://api:3000/api/v1/users/${id}`, { method: 'OPTIONS' });
      return user.json();
    }
    """


def files(tsoa: Mapping[str, object] | None) -> dict[str, str]:
    found = {
        "docker-compose.yml": COMPOSE,
        "api/package.json": package_json(
            "api", dependencies={"express": "^4.19.0", "tsoa": "^6.4.0"}
        ),
        "api/src/app.ts": APP,
        "api/src/users/usersController.ts": CONTROLLER,
        "web/package.json": package_json("web", dependencies={"react": "^18.3.0"}),
        "web/src/api.ts": WEB,
    }
    if tsoa is not None:
        found["api/tsoa.json"] = json.dumps(tsoa)
    return found


def test_tsoa_controllers_are_served_under_the_mount_and_the_base_path(
    repo: RepoFactory,
) -> None:
    config = {
        "entryFile": "src/app.ts",
        "spec": {"outputDirectory": "build", "basePath": "/ignored-by-routes"},
        "routes": {"routesDir": "build", "basePath": "/v1"},
    }
    root = repo(files(config))
    assert links(root) == [
        "web/src/api.ts:2 GET /api/v1/users/{id} -> api linked api/src/users/usersController.ts:5",
        "web/src/api.ts:3 POST /api/v1/users -> api linked api/src/users/usersController.ts:10",
        "web/src/api.ts:4 POST /api/v1/user -> api broken -",
        # The generated routes are Express's: OPTIONS is answered on each.
        "web/src/api.ts:5 OPTIONS /api/v1/users/{id} -> api linked "
        "api/src/users/usersController.ts:5",
    ]


def test_without_a_tsoa_json_the_calls_ending_as_a_route_are_unsure(repo: RepoFactory) -> None:
    root = repo(files(None))
    found = findings(root)
    assert any(
        f.startswith("SC107 web/src/api.ts:2")
        and "'/users/{userId}' with no tsoa.json basePath read" in f
        for f in found
    )
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == ["web/src/api.ts:4"]


def test_a_tsoa_json_nested_too_deeply_is_not_read(repo: RepoFactory) -> None:
    """A tsoa.json nested deeper than the parser's stack is a config seamcheck cannot read,
    as a malformed one is. Before, the RecursionError ended the run with a traceback."""
    config = {**files(None), "api/tsoa.json": '{"routes": ' + "[" * 100_000 + "]" * 100_000 + "}"}
    found = findings(repo(config))
    assert any(
        f.startswith("SC107 web/src/api.ts:2")
        and "'/users/{userId}' with no tsoa.json basePath read" in f
        for f in found
    )
