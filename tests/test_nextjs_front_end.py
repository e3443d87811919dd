"""A Next.js app's relative URLs: its pages fetch them from the origin that served them, so
they land on the app's own API routes, on what an nginx in front sends elsewhere, or where
the app's `next.config.js` rewrites forward them. Each test is a Next.js front end, a NestJS
gateway and the way such projects deploy them, and the exact links or reasons."""

from __future__ import annotations

from collections.abc import Mapping

from conftest import RepoFactory, package_json
from seams_helpers import links, problems

GATEWAY = {
    "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
    "gateway/src/main.js": """\
        const app = require('express')();
        app.get('/api/search', (req, res) => res.json([]));
        app.post('/api/search/rerank', (req, res) => res.json([]));
        app.get('/v1/items/:id', (req, res) => res.json({}));
        app.listen(4000);
        """,
}

API = """\
export const search = () => fetch('/api/search');
export const rerank = () => fetch('/api/search/rerank', { method: 'POST' });
export const documents = (id: string) => fetch(`/api/documents/${id}`);
export const session = () => fetch('/api/auth/session');
"""


def web(files: Mapping[str, str]) -> dict[str, str]:
    return {
        "web/package.json": package_json("web", dependencies={"next": "14", "react": "18"}),
        "web/app/api/auth/session/route.ts": """\
            export async function GET() { return Response.json({}); }
            """,
        "web/lib/api.ts": API,
        **GATEWAY,
        **files,
    }


NGINX = """\
http {
  server {
    listen 80;
    location /api/ { proxy_pass http://gateway:4000; }
    location /api/auth/ { proxy_pass http://web:3000; }
    location / { proxy_pass http://web:3000; }
  }
}
"""

COMPOSE = """\
services:
  proxy:
    image: nginx:1.27
    ports: ["8080:80"]
    volumes: ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]
  gateway:
    build: ./gateway
  web:
    build: ./web
"""


def test_a_nextjs_app_behind_nginx(repo: RepoFactory) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": COMPOSE,
                "deploy/nginx.conf": NGINX,
                # Local development without nginx: `next dev` forwards to the gateway.
                "web/next.config.js": """\
                    module.exports = {
                      async rewrites() {
                        return [{ source: '/api/:path*', destination: 'http://localhost:4000/api/:path*' }];
                      },
                    };
                    """,
            }
        )
    )
    # Before: "'web' declares no route" or a broken seam to the app itself for every call
    # its nginx sends to the gateway. The dev server's rewrite is a second deployment path.
    assert links(root) == [
        "web/lib/api.ts:1 GET /api/search -> gateway linked gateway/src/main.js:2 "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:1 GET /api/search -> gateway linked gateway/src/main.js:2 "
        "via nginx location /api/",
        "web/lib/api.ts:2 POST /api/search/rerank -> gateway linked gateway/src/main.js:3 "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:2 POST /api/search/rerank -> gateway linked gateway/src/main.js:3 "
        "via nginx location /api/",
        "web/lib/api.ts:3 GET /api/documents/{id} -> gateway broken - "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:3 GET /api/documents/{id} -> gateway broken - via nginx location /api/",
        "web/lib/api.ts:4 GET /api/auth/session -> web linked web/app/api/auth/session/route.ts:1",
    ]


def test_an_nginx_that_fronts_another_app_is_not_this_apps(repo: RepoFactory) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": COMPOSE,
                "deploy/nginx.conf": NGINX.replace("web:3000", "admin:3000"),
            }
        )
    )
    # The app's own server is the only way: its own route links; the rest it does not serve.
    assert links(root) == [
        "web/lib/api.ts:1 GET /api/search -> web broken -",
        "web/lib/api.ts:2 POST /api/search/rerank -> web broken -",
        "web/lib/api.ts:3 GET /api/documents/{id} -> web broken -",
        "web/lib/api.ts:4 GET /api/auth/session -> web linked web/app/api/auth/session/route.ts:1",
    ]


def test_next_config_rewrites_forward_what_the_app_does_not_serve(repo: RepoFactory) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": COMPOSE.split("  proxy:")[0] + COMPOSE.split('ro"]\n')[1],
                "web/next.config.mjs": """\
                    const gateway = process.env.GATEWAY_URL ?? 'http://gateway:4000';

                    /** @type {import('next').NextConfig} */
                    const nextConfig = {
                      output: 'standalone',
                      rewrites: async () => ({
                        beforeFiles: [{ source: '/api/auth/:rest*', destination: '/api/login/:rest*' }],
                        afterFiles: [
                          { source: '/api/:path*', destination: 'http://gateway:4000/api/:path*' },
                          { source: '/items/:id+', destination: 'http://gateway:4000/v1/items/:id+' },
                        ],
                        fallback: [
                          { source: '/docs/:path*', has: [{ type: 'cookie', key: 'beta' }], destination: `${gateway}/docs/:path*` },
                        ],
                      }),
                    };

                    export default withBundleAnalyzer(nextConfig);
                    """,
                "web/lib/more.ts": """\
                    export const item = (id: string) => fetch(`/items/${id}`);
                    export const docs = () => fetch('/docs/intro');
                    """,
            }
        )
    )
    # Before: every call went to the app's own routes ("broken"). A rule seamcheck does not
    # read (a `has` condition) leaves what it may take unresolved, never broken.
    assert links(root) == [
        "web/lib/api.ts:1 GET /api/search -> gateway linked gateway/src/main.js:2 "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:2 POST /api/search/rerank -> gateway linked gateway/src/main.js:3 "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:3 GET /api/documents/{id} -> gateway broken - "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:4 GET /api/login/session -> web broken - "
        "via next.config rewrite /api/auth/:rest*",
        "web/lib/more.ts:1 GET /v1/items/{id} -> gateway linked gateway/src/main.js:4 "
        "via next.config rewrite /items/:id+",
    ]
    assert problems(root) == [
        "web/lib/more.ts:2 /docs/intro: relative URL '/docs/intro': web/next.config.mjs:6: a "
        "rewrite rule seamcheck does not read may forward it"
    ]


def test_a_nextjs_app_with_a_base_path_serves_its_routes_and_rewrites_under_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n"
                "  web:\n    build: ./web\n    ports: ['3000:3000']\n",
                "web/next.config.js": """\
                    const BASE = '/studio';
                    module.exports = {
                      basePath: BASE,
                      async rewrites() {
                        return [{ source: '/api/:path*', destination: 'http://gateway:4000/api/:path*' }];
                      },
                    };
                    """,
                "web/lib/api.ts": """\
                    export const session = () => fetch('/studio/api/auth/session');
                    export const search = () => fetch('/studio/api/search');
                    export const bare = () => fetch('/api/auth/session');
                    """,
            }
        )
    )
    # Before: the first two were SC104 errors ("did you mean GET /api/auth/session"), and
    # the one without the basePath, which Next.js does not serve, was linked.
    assert links(root) == [
        "web/lib/api.ts:1 GET /studio/api/auth/session -> web linked "
        "web/app/api/auth/session/route.ts:1",
        "web/lib/api.ts:2 GET /api/search -> gateway linked gateway/src/main.js:2 "
        "via next.config rewrite /api/:path*",
        "web/lib/api.ts:3 GET /api/auth/session -> web broken -",
    ]


def test_a_base_path_not_known_before_run_time_makes_the_apps_routes_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": "services:\n  web:\n    build: ./web\n",
                "web/next.config.js": """\
                    module.exports = { basePath: process.env.BASE_PATH };
                    """,
                "web/lib/api.ts": "export const s = () => fetch('/studio/api/auth/session');\n",
            }
        )
    )
    assert [line.rsplit(" ", 2)[-2] for line in links(root)] == ["unsure"]


def test_rewrites_whose_destination_an_environment_variable_gives_are_followed(
    repo: RepoFactory,
) -> None:
    root = repo(
        web(
            {
                "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n"
                "  web:\n    build: ./web\n    environment:\n"
                "      GATEWAY_URL: http://gateway:4000\n",
                "web/next.config.mjs": """\
                    export default {
                      async rewrites() {
                        return [
                          { source: '/gw/:path*', destination: `${process.env.GATEWAY_URL}/v1/:path*` },
                          { source: '/x/:path*', destination: `${process.env.NOWHERE}/:path*` },
                        ];
                      },
                    };
                    """,
                "web/lib/api.ts": """\
                    export const item = (id: string) => fetch(`/gw/items/${id}`);
                    export const other = () => fetch('/x/y');
                    """,
            }
        )
    )
    # Before: both SC107, "a rewrite rule seamcheck does not read may forward it".
    assert links(root) == [
        "web/lib/api.ts:1 GET /v1/items/{id} -> gateway linked gateway/src/main.js:4 "
        "via next.config rewrite /gw/:path*"
    ]
    assert problems(root) == [
        "web/lib/api.ts:2 /x/y: relative URL '/x/y': web/next.config.mjs:3: a rewrite rule "
        "seamcheck does not read may forward it"
    ]


def test_the_files_of_its_public_folder_are_served_under_its_base_path(
    repo: RepoFactory,
) -> None:
    files = {
        "web/next.config.js": "module.exports = { basePath: '/studio' };\n",
        "web/public/locales/en.json": '{"hello": "Hello"}\n',
        "web/public/robots.txt": "User-agent: *\n",
        "web/lib/api.ts": """\
            export const strings = () => fetch('/studio/locales/en.json');
            export const robots = () => fetch('/studio/robots.txt');
            export const bare = () => fetch('/locales/en.json');
            """,
    }
    # Before: the first two were SC104 "GET /studio/locales/en.json reaches 'web', which
    # serves no such route"; without the basePath, Next.js serves no file.
    assert [line.split(" -> ")[1] for line in links(repo(web(files)))] == [
        "web linked web/public/locales/en.json:1",
        "web linked web/public/robots.txt:1",
        "web broken -",
    ]
