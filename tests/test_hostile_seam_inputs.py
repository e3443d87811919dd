"""Odd but valid input shapes the seam features met in an adversarial review: each was a
crash ("internal error") or a wrong answer before its fix."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from hostile_helpers import invoke
from seams_helpers import links
from test_fastify_plugins import gateway_repo


def test_a_compose_service_named_by_a_number_among_named_ones(repo: RepoFactory) -> None:
    # YAML reads `5:` as an int key: sorting the services by name compared int with str
    # and every command stopped with "internal error: TypeError".
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  5:\n    build: ./worker\n"
            ),
            "api/package.json": package_json("api", dependencies={"express": "4"}),
            "api/index.js": (
                "const app = require('express')();\napp.get('/a', (q, r) => r.send(''));\n"
                "app.listen(3000);\n"
            ),
        }
    )
    run = invoke("services", str(root))
    assert run.code == 0, run.stderr
    assert "api\n" in run.stdout


def test_an_autoload_dir_joined_from_nothing(repo: RepoFactory) -> None:
    # `path.join()` unpacked its no arguments into `first, *rest`: "internal error:
    # ValueError" for the whole run. Now a dir seamcheck cannot read, so the plugins'
    # routes are unsure.
    app = """\
        const path = require('node:path')
        const AutoLoad = require('@fastify/autoload')
        module.exports = async function (fastify, opts) {
          fastify.register(AutoLoad, { dir: path.join() })
        }
        """
    root = repo(gateway_repo(app, "  await api.get('/v1/models');\n"))
    assert [line.split(" -> ")[1] for line in links(root)] == ["gateway unsure -"]
