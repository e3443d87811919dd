"""NestJS paths beyond `@Controller` + `@Get`: the module paths `RouterModule.register` gives
controllers, and the routes `setGlobalPrefix(prefix, { exclude })` leaves unprefixed. A
gateway calls a NestJS service, both named in docker-compose.yml."""

from __future__ import annotations

from collections.abc import Mapping

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, route_labels, seam_map

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""

MODULES = {
    "api/src/admin/admin.module.ts": """\
        import { Module } from '@nestjs/common';
        import { StatsController } from './stats.controller';

        @Module({ controllers: [StatsController] })
        export class AdminModule {}
        """,
    "api/src/admin/stats.controller.ts": """\
        import { Controller, Get, Post, Version } from '@nestjs/common';

        @Controller('stats')
        export class StatsController {
          @Get()
          list() {
            return [];
          }

          @Version('1')
          @Post('reset')
          reset() {
            return {};
          }
        }
        """,
    "api/src/users/users.module.ts": """\
        import { Module } from '@nestjs/common';
        import { UsersController } from './users.controller';

        @Module({ controllers: [UsersController] })
        export class UsersModule {}
        """,
    "api/src/users/users.controller.ts": """\
        import { Controller, Get, Param } from '@nestjs/common';

        @Controller('users')
        export class UsersController {
          @Get(':id')
          one(@Param('id') id: string) {
            return { id };
          }
        }
        """,
    "api/src/health.controller.ts": """\
        import { Controller, Get } from '@nestjs/common';

        @Controller()
        export class HealthController {
          @Get('health')
          health() {
            return { ok: true };
          }

          @Get('status')
          status() {
            return { ok: true };
          }

          @Get('ready')
          ready() {
            return { ok: true };
          }
        }
        """,
}


def nest_repo(main: str, app_module: str, gateway: str, **files: str) -> Mapping[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/package.json": package_json(
            "api", dependencies={"@nestjs/common": "^10.3.0", "@nestjs/core": "^10.3.0"}
        ),
        "api/src/main.ts": main,
        "api/src/app.module.ts": app_module,
        **MODULES,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": gateway,
        **files,
    }


def test_router_module_paths_and_global_prefix_exclusions(repo: RepoFactory) -> None:
    root = repo(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { RequestMethod, VersioningType } from '@nestjs/common';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api', {
                exclude: ['health', { path: 'status', method: RequestMethod.GET }],
              });
              app.enableVersioning({ type: VersioningType.URI });
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { RouterModule } from '@nestjs/core';
            import { AdminModule } from './admin/admin.module';
            import { UsersModule } from './users/users.module';
            import { HealthController } from './health.controller';

            @Module({
              imports: [
                AdminModule,
                UsersModule,
                RouterModule.register([
                  {
                    path: 'admin',
                    module: AdminModule,
                    children: [{ path: 'people', module: UsersModule }],
                  },
                ]),
              ],
              controllers: [HealthController],
            })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000' });

            async function main() {
              await api.get('/health');
              await api.get('/status');
              await api.get('/api/ready');
              await api.get('/api/admin/stats');
              await api.post('/api/v1/admin/stats/reset');
              await api.get('/api/admin/people/users/4');
              await api.get('/api/health');
              await api.get('/api/stats');
            }
            main();
            """,
        )
    )
    # Before: the module paths and the exclusions were not read (/api/health, /api/stats,
    # /api/v1/stats/reset, /api/users/{id}): the first six calls but the third were SC104
    # errors, and the last two linked.
    assert route_labels(root, "api") == [
        "GET /api/admin/people/users/{id}",
        "GET /api/admin/stats",
        "GET /api/ready",
        "GET /health",
        "GET /status",
        "POST /api/v1/admin/stats/reset",
    ]
    assert links(root) == [
        "gateway/index.js:10 GET /api/admin/people/users/4 -> api linked "
        "api/src/users/users.controller.ts:5",
        "gateway/index.js:11 GET /api/health -> api broken -",
        "gateway/index.js:12 GET /api/stats -> api broken -",
        "gateway/index.js:5 GET /health -> api linked api/src/health.controller.ts:5",
        "gateway/index.js:6 GET /status -> api linked api/src/health.controller.ts:10",
        "gateway/index.js:7 GET /api/ready -> api linked api/src/health.controller.ts:15",
        "gateway/index.js:8 GET /api/admin/stats -> api linked api/src/admin/stats.controller.ts:5",
        "gateway/index.js:9 POST /api/v1/admin/stats/reset -> api linked "
        "api/src/admin/stats.controller.ts:11",
    ]


def test_router_modules_and_exclusions_seamcheck_cannot_read_leave_calls_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            import { PROBES } from './probes';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api', { exclude: [...PROBES, 'health/(.*)'] });
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { RouterModule } from '@nestjs/core';
            import { AdminModule } from './admin/admin.module';
            import { HealthController } from './health.controller';
            import { routes } from './routes';

            @Module({
              imports: [AdminModule, RouterModule.register(routes)],
              controllers: [HealthController],
            })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000' });

            async function main() {
              await api.get('/health');
              await api.get('/api/admin/stats');
              await api.get('/api/stats');
              await api.get('/api/admin/statz');
            }
            main();
            """,
            **{
                "api/src/probes.ts": "export const PROBES = ['health', 'ready'];\n",
                "api/src/routes.ts": """\
                    import { Routes } from '@nestjs/core';
                    import { AdminModule } from './admin/admin.module';

                    function mountedAt(path: string, module: unknown): Routes {
                      return [{ path, module }];
                    }

                    export const routes: Routes = mountedAt(process.env.ADMIN_PATH, AdminModule);
                    """,
            },
        )
    )
    # Before: /health and /api/admin/stats were SC104 errors. Neither the routes given to
    # RouterModule nor the exclude list is read here: each route is still served where it
    # would be without them, and a call ending with its path is unsure.
    assert links(root) == [
        "gateway/index.js:5 GET /health -> api unsure -",
        "gateway/index.js:6 GET /api/admin/stats -> api unsure -",
        "gateway/index.js:7 GET /api/stats -> api linked api/src/admin/stats.controller.ts:5",
        "gateway/index.js:8 GET /api/admin/statz -> api broken -",
    ]
    assert [line for line in findings(root) if "/api/admin/stats " in line] == [
        "SC107 gateway/index.js:6 axios call GET http://api:3000/api/admin/stats not linked to "
        "a service route: 'api' declares 1 route seamcheck cannot read that may serve it "
        "(2 readings: '/stats' under a module path (not read: the routes given to RouterModule.register) "
        "at api/src/admin/stats.controller.ts:5; '/stats' with or without the global prefix "
        "(not read: the exclude list of setGlobalPrefix) at api/src/admin/stats.controller.ts:5)",
    ]


def test_router_module_routes_held_by_named_arrays_are_read_as_written_in_place(
    repo: RepoFactory,
) -> None:
    root = repo(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { RouterModule, Routes } from '@nestjs/core';
            import { AdminModule } from './admin/admin.module';
            import { UsersModule } from './users/users.module';
            import { HealthController } from './health.controller';
            import { peopleRoutes } from './people.routes';

            const routes: Routes = [
              { path: 'admin', module: AdminModule, children: peopleRoutes },
            ];

            @Module({
              imports: [AdminModule, UsersModule, RouterModule.register(routes)],
              controllers: [HealthController],
            })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000' });

            async function main() {
              await api.get('/api/admin/stats');
              await api.get('/api/admin/people/users/4');
              await api.get('/api/admin/staff/users/4');
              await api.get('/api/stats');
              await api.get('/api/users/4');
            }
            main();
            """,
            **{
                "api/src/people.routes.ts": """\
                    import { Routes } from '@nestjs/core';
                    import { UsersModule } from './users/users.module';

                    const people: Routes = [{ path: 'people', module: UsersModule }];
                    const staff: Routes = [{ path: 'staff', module: UsersModule }];

                    export const peopleRoutes: Routes = [...people, ...staff];
                    """,
            },
        )
    )
    # Before: a named array given to RouterModule.register was not read, so each route was
    # also served where no module path puts it and every call under a module path was
    # unsure (SC107): /api/stats and /api/users/4 were linked, which Nest does not serve.
    assert route_labels(root, "api") == [
        "GET /api/admin/people/users/{id}",
        "GET /api/admin/staff/users/{id}",
        "GET /api/admin/stats",
        "GET /api/health",
        "GET /api/ready",
        "GET /api/status",
        "POST /api/admin/stats/reset",
    ]
    assert links(root) == [
        "gateway/index.js:5 GET /api/admin/stats -> api linked api/src/admin/stats.controller.ts:5",
        "gateway/index.js:6 GET /api/admin/people/users/4 -> api linked "
        "api/src/users/users.controller.ts:5",
        "gateway/index.js:7 GET /api/admin/staff/users/4 -> api linked "
        "api/src/users/users.controller.ts:5",
        "gateway/index.js:8 GET /api/stats -> api broken -",
        "gateway/index.js:9 GET /api/users/4 -> api broken -",
    ]


def test_controllers_and_routes_with_several_paths_serve_each(repo: RepoFactory) -> None:
    root = repo(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { UsersModule } from './users/users.module';

            @Module({ imports: [UsersModule] })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000/api' });

            async function main(id) {
              await api.get(`/users/${id}`);
              await api.get(`/people/${id}/profile`);
              await api.get(`/members/${id}`);
              await api.get(`/members/${id}/avatar`);
            }
            main(7);
            """,
            **{
                "api/src/users/users.controller.ts": """\
                    import { Controller, Get, Param } from '@nestjs/common';
                    import { avatarPath } from './paths';

                    @Controller(['users', 'people'])
                    export class UsersController {
                      @Get([':id', ':id/profile'])
                      one(@Param('id') id: string) {
                        return { id };
                      }
                    }

                    @Controller({ path: ['members'] })
                    export class MembersController {
                      @Get(':id')
                      one(@Param('id') id: string) {
                        return { id };
                      }

                      @Get(avatarPath())
                      avatar() {
                        return {};
                      }
                    }
                    """,
            },
        )
    )
    # Before: a list of paths was read as no path, and avatarPath() as the one segment
    # /{value}: the routes were /api/{id} and /api/{value}, and all four calls SC104 errors.
    # A path seamcheck cannot read makes the calls it may serve unsure.
    assert route_labels(root, "api") == [
        "GET /api/health",
        "GET /api/members/{id}",
        "GET /api/people/{id}",
        "GET /api/people/{id}/profile",
        "GET /api/ready",
        "GET /api/stats",
        "GET /api/status",
        "GET /api/users/{id}",
        "GET /api/users/{id}/profile",
        "POST /api/stats/reset",
    ]
    assert links(root) == [
        "gateway/index.js:5 GET /api/users/{id} -> api linked api/src/users/users.controller.ts:6",
        "gateway/index.js:6 GET /api/people/{id}/profile -> api linked "
        "api/src/users/users.controller.ts:6",
        "gateway/index.js:7 GET /api/members/{id} -> api linked "
        "api/src/users/users.controller.ts:14",
        "gateway/index.js:8 GET /api/members/{id}/avatar -> api unsure -",
    ]
    unread = [(r.head, r.label) for r in seam_map(root).unread if "users" in r.where.path]
    assert unread == [
        ("/api/members", "a path seamcheck cannot read at api/src/users/users.controller.ts:19")
    ]


def test_nest_router_for_routes_gives_module_paths_as_router_module_register_does(
    repo: RepoFactory,
) -> None:
    files = dict(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { RouterModule, Routes } from 'nest-router';
            import { AdminModule } from './admin/admin.module';
            import { UsersModule } from './users/users.module';

            const routes: Routes = [
              { path: '/admin', module: AdminModule, children: [{ path: '/people', module: UsersModule }] },
            ];

            @Module({ imports: [RouterModule.forRoutes(routes), AdminModule, UsersModule] })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000' });

            async function main() {
              await api.get('/api/admin/stats');
              await api.get('/api/admin/people/users/4');
              await api.get('/api/stats');
              await api.get('/api/admin/statz');
            }
            main();
            """,
        )
    )
    # Nest 7 and before: the `nest-router` package's RouterModule.forRoutes.
    files["api/package.json"] = package_json(
        "api",
        dependencies={
            "@nestjs/common": "^7.6.0",
            "@nestjs/core": "^7.6.0",
            "nest-router": "^1.0.9",
        },
    )
    root = repo(files)
    # Before: the module paths were not read: the first two calls were SC104 errors and
    # GET /api/stats linked to the controller's route served without its module's path.
    assert route_labels(root, "api") == [
        "GET /api/admin/people/users/{id}",
        "GET /api/admin/stats",
        "GET /api/health",
        "GET /api/ready",
        "GET /api/status",
        "POST /api/admin/stats/reset",
    ]
    assert links(root) == [
        "gateway/index.js:5 GET /api/admin/stats -> api linked api/src/admin/stats.controller.ts:5",
        "gateway/index.js:6 GET /api/admin/people/users/4 -> api linked "
        "api/src/users/users.controller.ts:5",
        "gateway/index.js:7 GET /api/stats -> api broken -",
        "gateway/index.js:8 GET /api/admin/statz -> api broken -",
    ]


def test_a_server_sent_events_route_is_a_get_route(repo: RepoFactory) -> None:
    root = repo(
        nest_repo(
            """\
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              await app.listen(3000);
            }
            bootstrap();
            """,
            """\
            import { Module } from '@nestjs/common';
            import { EventsController } from './events.controller';

            @Module({ controllers: [EventsController] })
            export class AppModule {}
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:3000' });
            api.get('/events/tokens', { responseType: 'stream' });
            """,
            **{
                "api/src/events.controller.ts": """\
                    import { Controller, MessageEvent, Sse } from '@nestjs/common';
                    import { Observable, interval, map } from 'rxjs';

                    @Controller('events')
                    export class EventsController {
                      @Sse('tokens')
                      tokens(): Observable<MessageEvent> {
                        return interval(1000).pipe(map(() => ({ data: {} })));
                      }
                    }
                    """
            },
        )
    )
    # Before: not a route, and the streaming call an LLM gateway makes was an SC104 error.
    assert "GET /events/tokens" in route_labels(root, "api")
    assert links(root) == [
        "gateway/index.js:3 GET /events/tokens -> api linked api/src/events.controller.ts:6"
    ]
