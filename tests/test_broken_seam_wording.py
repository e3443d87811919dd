"""SC104's wording when the path is served under other methods only: it names the route path
that would take the call (as linking picks one), not the first route whose path matches."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings


def test_a_method_refused_names_the_path_that_takes_the_call(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  gateway:
                    build: ./gateway
                    ports: ["3000:3000"]
                  jobs:
                    build: ./jobs
                """,
            "jobs/requirements.txt": "fastapi\nuvicorn\n",
            "jobs/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/jobs/count")
                async def count() -> int:
                    return 0


                @app.get("/jobs/{job_id}")
                async def get_job(job_id: str) -> dict:
                    return {}


                @app.patch("/jobs/{job_id}")
                async def update_job(job_id: str) -> dict:
                    return {}
                """,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
            "gateway/server.js": """\
                const express = require("express");
                const app = express();
                app.delete("/api/jobs/:id", async (req, res) => {
                  await fetch(`http://jobs:8000/jobs/${req.params.id}`, { method: "DELETE" });
                  await fetch("http://jobs:8000/jobs/count", { method: "DELETE" });
                  res.sendStatus(204);
                });
                app.listen(3000);
                """,
        }
    )
    # Before: "which serves /jobs/count for GET, PATCH only; did you mean GET /jobs/count",
    # a path that takes no PATCH and is not the resource the call names.
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 gateway/server.js:4 DELETE /jobs/{id} reaches 'jobs', which serves "
        "/jobs/{job_id} for GET, PATCH only; did you mean GET /jobs/{job_id} (jobs/main.py:11)?",
        "SC104 gateway/server.js:5 DELETE /jobs/count reaches 'jobs', which serves "
        "/jobs/count for GET only; did you mean GET /jobs/count (jobs/main.py:6)?",
    ]
