"""routing-controllers: `@JsonController('/users')` classes whose methods declare `@Get`,
`@Post`, ..., `@Method(verb, path)`, served on the app `useExpressServer(app, { routePrefix,
controllers })` (or `createExpressServer`, `useKoaServer`) sets up. Before, such a service
declared no route seamcheck recognised: every call to it was unsure, and a typo went unseen."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

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

USERS = """\
    import { Body, Delete, Get, JsonController, Method, Param, Post } from 'routing-controllers';

    @JsonController('/users')
    export class UserController {
      @Get('/:id')
      getOne(@Param('id') id: number) {
        return { id };
      }

      @Post()
      create(@Body() user: object) {
        return user;
      }

      @Delete('/:id')
      remove(@Param('id') id: number) {
        return {};
      }

      @Method('move', '/:id/move')
      move() {
        return {};
      }
    }
    """

ORDERS = """\
    import { Controller, Get } from 'routing-controllers';

    @Controller('/orders')
    export class OrderController {
      @Get('/')
      list() {
        return [];
      }
    }
    """

WORKER = """\
    import os

    import httpx

    API = os.environ["API_URL"]


    def run() -> None:
        httpx.get(f"{API}/api/users/7")
        httpx.post(f"{API}/api/users")
        httpx.post(f"{API}/api/usres")
        httpx.head(f"{API}/api/users/7")
        httpx.options(f"{API}/api/users/7")
        httpx.request("MOVE", f"{API}/api/users/7/move")
        httpx.get(f"{API}/api/orders")
        httpx.get(f"{API}/health")
    """


def service(app: str, dependencies: Mapping[str, str] | None = None) -> dict[str, str]:
    deps = dependencies or {"express": "^4.19.0"}
    return {
        "docker-compose.yml": COMPOSE,
        "api/package.json": package_json(
            "api", dependencies={**deps, "routing-controllers": "^0.10.4"}
        ),
        "api/src/app.ts": app,
        "api/src/controllers/UserController.ts": USERS,
        "api/src/controllers/OrderController.ts": ORDERS,
        "worker/requirements.txt": "httpx\n",
        "worker/main.py": WORKER,
    }


def statuses(root: Path) -> dict[int, str]:
    """The worker's calls by line: `METHOD /path -> service status route`."""
    found = {}
    for line in links(root):
        where, _, rest = line.partition(" ")
        found[int(where.rpartition(":")[2])] = rest
    return found


def errors(found: list[str]) -> list[str]:
    return [f.split(" ", 2)[1] for f in found if f.startswith("SC104")]


def test_controllers_listed_by_class_are_served_under_the_route_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        service(
            """\
            import 'reflect-metadata';
            import express from 'express';
            import { useExpressServer } from 'routing-controllers';
            import { UserController } from './controllers/UserController';

            const app = express();
            app.get('/health', (req, res) => res.send('ok'));
            useExpressServer(app, {
              routePrefix: '/api',
              controllers: [UserController],
            });
            app.listen(3000);
            """
        )
    )
    assert [r for r in routes(root) if "controllers" in r] == [
        "api DELETE /api/users/{id} api/src/controllers/UserController.ts:15",
        "api GET /api/users/{id} api/src/controllers/UserController.ts:5",
        "api MOVE /api/users/{id}/move api/src/controllers/UserController.ts:20",
        "api POST /api/users api/src/controllers/UserController.ts:10",
    ]
    assert statuses(root) == {
        9: "GET /api/users/7 -> api linked api/src/controllers/UserController.ts:5",
        10: "POST /api/users -> api linked api/src/controllers/UserController.ts:10",
        11: "POST /api/usres -> api broken -",
        # Express answers HEAD on a GET route, and OPTIONS on any.
        12: "HEAD /api/users/7 -> api linked api/src/controllers/UserController.ts:5",
        13: "OPTIONS /api/users/7 -> api linked api/src/controllers/UserController.ts:15",
        14: "MOVE /api/users/7/move -> api linked api/src/controllers/UserController.ts:20",
        # OrderController is listed by no setup: not served.
        15: "GET /api/orders -> api broken -",
        16: "GET /health -> api linked api/src/app.ts:7",
    }


def test_controllers_given_by_glob_on_an_app_create_express_server_makes(
    repo: RepoFactory,
) -> None:
    root = repo(
        service(
            """\
            import 'reflect-metadata';
            import { createExpressServer } from 'routing-controllers';

            const app = createExpressServer({
              routePrefix: 'api',
              controllers: [__dirname + '/controllers/*.js'],
            });
            app.get('/health', (req, res) => res.send('ok'));
            app.listen(3000);
            """
        )
    )
    assert errors(findings(root)) == ["worker/main.py:11"]
    assert statuses(root)[15].startswith("GET /api/orders -> api linked")


def test_a_route_prefix_seamcheck_cannot_read_makes_the_calls_it_may_serve_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        service(
            """\
            import { createExpressServer } from 'routing-controllers';
            import { OrderController } from './controllers/OrderController';
            import { UserController } from './controllers/UserController';

            createExpressServer({
              routePrefix: process.env.API_PREFIX,
              controllers: [UserController, OrderController],
            }).listen(3000);
            """
        )
    )
    found = findings(root)
    assert any(
        f.startswith("SC107 worker/main.py:9")
        and "'/users/:id' under a routePrefix known only at run time" in f
        for f in found
    )
    # Whatever the prefix, no route ends so: still a typo.
    assert errors(found) == ["worker/main.py:11", "worker/main.py:16"]


def test_koa_servers_answer_options_through_allowed_methods(repo: RepoFactory) -> None:
    root = repo(
        service(
            """\
            import Koa from 'koa';
            import { useKoaServer } from 'routing-controllers';
            import { UserController } from './controllers/UserController';
            import { OrderController } from './controllers/OrderController';

            const options = { routePrefix: '/api', controllers: [UserController, OrderController] };
            const app = new Koa();
            useKoaServer(app, options);
            app.listen(3000);
            """,
            {"koa": "^2.15.0"},
        )
    )
    # @koa/router answers HEAD on a GET route, and OPTIONS through `allowedMethods()`,
    # which routing-controllers uses.
    found = {line: status.split(" ")[4] for line, status in statuses(root).items()}
    assert found == {
        9: "linked", 10: "linked", 11: "broken", 12: "linked", 13: "linked", 14: "linked",
        15: "linked", 16: "broken",
    }  # fmt: skip


CRUD = """\
    import { Delete, Get, Param } from 'routing-controllers';

    export abstract class CrudController {
      @Get('/')
      list() {
        return [];
      }

      @Get('/:id')
      getOne(@Param('id') id: string) {
        return { id };
      }

      @Delete('/:id')
      remove(@Param('id') id: string) {
        return {};
      }
    }
    """


def test_a_controller_serves_the_actions_it_inherits(repo: RepoFactory) -> None:
    """routing-controllers walks a controller's prototype chain: the actions of the classes
    it derives from are served under its own path (an action it overrides, once). Before,
    they were no route: a call to one was SC104."""
    files = service(
        """\
        import { createExpressServer } from 'routing-controllers';
        import { InvoiceController, OrderController } from './controllers/OrderController';
        import { UserController } from './controllers/UserController';

        createExpressServer({
          routePrefix: '/api',
          controllers: [UserController, OrderController, InvoiceController],
        }).listen(3000);
        """
    )
    files["api/src/controllers/CrudController.ts"] = CRUD
    files["api/src/controllers/OrderController.ts"] = """\
        import { Controller, Get } from 'routing-controllers';
        import { BaseController } from '@acme/http-kit';
        import { CrudController } from './CrudController';

        @Controller('/orders')
        export class OrderController extends CrudController {
          @Get('/')
          list() {
            return ['mine'];
          }
        }

        @Controller('/invoices')
        export class InvoiceController extends BaseController {}
        """
    files["worker/main.py"] = """\
        import httpx

        API = "http://api:3000"


        def run() -> None:
            httpx.get(f"{API}/api/orders")
            httpx.get(f"{API}/api/orders/7")
            httpx.delete(f"{API}/api/orders/7")
            httpx.get(f"{API}/api/ordrs/7")
            httpx.get(f"{API}/api/invoices/3")
        """
    root = repo(files)
    assert [r for r in routes(root) if "/orders" in r] == [
        "api DELETE /api/orders/{id} api/src/controllers/CrudController.ts:14",
        "api GET /api/orders api/src/controllers/OrderController.ts:7",
        "api GET /api/orders/{id} api/src/controllers/CrudController.ts:9",
    ]
    found = findings(root)
    assert errors(found) == ["worker/main.py:10"]
    # A base class from a package: the actions it gives are not known, the call unsure.
    assert any(f.startswith("SC107 worker/main.py:11") and "BaseController" in f for f in found)
