"""Compose files as monorepos write them: every image built from the root with the
service's own Dockerfile (`context: .`, `dockerfile: apps/web/Dockerfile`, as Turborepo's
Docker example does), and several compose services built from one folder (a Django app and
its Celery worker). The first were tied to no service, so their `environment:` was not
read (SC107 "set nowhere in the repository" for a URL compose sets) and their ports not
seen; the second named the service after whichever compose service sorted last."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seamcheck.config import Config
from seamcheck.project import discover
from seams_helpers import links, problems


def test_a_compose_service_built_from_the_root_runs_the_service_its_dockerfile_is_in(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "package.json": package_json("acme", private=True),
            "pnpm-workspace.yaml": 'packages:\n  - "apps/*"\n',
            "docker-compose.yml": """\
                services:
                  web:
                    build:
                      context: .
                      dockerfile: apps/web/Dockerfile
                    ports: ["3000:3000"]
                    environment:
                      GATEWAY_URL: http://api-gateway:3001
                  api-gateway:
                    build:
                      context: .
                      dockerfile: ./apps/gateway/docker/Dockerfile
                    ports: ["3001:3001"]
                """,
            "apps/web/package.json": package_json("@acme/web", dependencies={"next": "14.2.4"}),
            "apps/web/app/api/items/[id]/route.ts": """\
                export async function GET(_req: Request, { params }: { params: { id: string } }) {
                  const res = await fetch(`${process.env.GATEWAY_URL}/api/v1/items/${params.id}`);
                  return Response.json(await res.json());
                }
                """,
            "apps/gateway/package.json": package_json(
                "@acme/gateway", dependencies={"fastify": "^4.28.0"}
            ),
            "apps/gateway/src/server.ts": """\
                import Fastify from "fastify";
                const app = Fastify();
                app.get("/api/v1/items/:id", async () => ({}));
                app.listen({ port: 3001 });
                """,
        }
    )
    # Before: "URL is not known before run time: environment variable GATEWAY_URL is set
    # nowhere in the repository", and the host 'api-gateway' named no service.
    assert links(root) == [
        "apps/web/app/api/items/[id]/route.ts:2 GET /api/v1/items/{id} -> api-gateway linked "
        "apps/gateway/src/server.ts:3"
    ]
    assert [(s.name, s.root) for s in discover(root, Config()).services] == [
        ("api-gateway", "apps/gateway"),
        ("web", "apps/web"),
    ]


def test_several_compose_services_built_from_one_folder_name_it_by_the_one_serving(
    repo: RepoFactory,
) -> None:
    backend = {
        "backend/requirements.txt": "django\ncelery\n",
        "backend/config/__init__.py": "",
        "backend/config/celery.py": "from celery import Celery\napp = Celery('config')\n",
        "web/requirements.txt": "flask\n",
        "web/app.py": "import flask\n",
    }
    no_ports = repo(
        {
            **backend,
            "docker-compose.yml": """\
                services:
                  backend:
                    build: ./backend
                    command: gunicorn config.wsgi -b 0.0.0.0:8000
                  celery:
                    build: ./backend
                    command: celery -A config worker
                  site:
                    build: ./web
                  site-worker:
                    build: ./web
                """,
        }
    )
    # Before: 'celery' (and 'site-worker'), the compose service whose name sorts last.
    assert [(s.name, s.root) for s in discover(no_ports, Config()).services] == [
        ("backend", "backend"),
        ("web", "web"),
    ]
    one_serving = repo(
        {
            **backend,
            "docker-compose.yml": """\
                services:
                  api:
                    build: ./backend
                    ports: ["8000:8000"]
                  worker:
                    build: ./backend
                """,
        }
    )
    assert [s.name for s in discover(one_serving, Config()).services] == ["api", "web"]


def test_a_variable_only_an_untied_compose_service_sets_is_not_said_to_be_set_nowhere(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  web:
                    build: {context: ., dockerfile: docker/web.Dockerfile}
                    environment:
                      API_URL: http://api:8000
                """,
            "web/package.json": package_json("web", dependencies={"next": "14.2.4"}),
            "web/app/api/ping/route.ts": """\
                export async function GET() {
                  return fetch(`${process.env.API_URL}/ping`);
                }
                """,
        }
    )
    # Before: "environment variable API_URL is set nowhere in the repository".
    assert problems(root) == [
        "web/app/api/ping/route.ts:2 {API_URL}/ping: URL is not known before run time: "
        "environment variable API_URL is set only by compose service 'web' "
        "(docker-compose.yml), which seamcheck ties to no service (neither its build context "
        "nor its Dockerfile's folder is a service's)"
    ]
