"""SC107 says what part of an absolute URL's origin is not known before run time: a gateway
calling `http://model:8000${MODEL_PREFIX}/predict` knows the host and port, not where the
path starts; with `http://model:${MODEL_PORT}/...` it is the port; only when the value may
continue the host's name is it the host."""

from __future__ import annotations

from conftest import RepoFactory, run_cli
from test_policies import hybrid_repo

CLIENT = """
    import axios from 'axios';
    export async function predict(body: unknown) {
      return (await axios.post(`http://ml:8000${process.env.MODEL_PREFIX}/v1/predict`, body)).data;
    }
    export async function health() {
      return (await axios.get(`http://ml:${process.env.ML_PORT}/healthz`)).data;
    }
    export async function shadow(body: unknown) {
      return (await axios.post(`http://ml${process.env.ML_SUFFIX}:8000/v1/predict`, body)).data;
    }
"""


def test_sc107_names_the_unknown_part_of_the_origin(repo: RepoFactory) -> None:
    root = repo(hybrid_repo(**{"services/gateway/src/clients/ml.ts": CLIENT}))
    result = run_cli("check", str(root), "--select", "SC107", "--no-cache")
    lines = [line for line in result.output.splitlines() if "clients/ml.ts" in line]
    # Before: all three said "host is not known before run time".
    assert lines == [
        "services/gateway/src/clients/ml.ts:3:17: SC107 axios call POST "
        "http://ml:8000{MODEL_PREFIX}/v1/predict not linked to a service route: the start of "
        "the path after 'http://ml:8000' is not known before run time: environment variable "
        "MODEL_PREFIX is set nowhere in the repository",
        "services/gateway/src/clients/ml.ts:6:17: SC107 axios call GET "
        "http://ml:{ML_PORT}/healthz not linked to a service route: the port of 'http://ml' "
        "is not known before run time: environment variable ML_PORT is set nowhere in the "
        "repository",
        # ML_SUFFIX may continue the host's name ('ml-canary'): the host is not known.
        "services/gateway/src/clients/ml.ts:9:17: SC107 axios call POST "
        "http://ml{ML_SUFFIX}:8000/v1/predict not linked to a service route: host is not "
        "known before run time: environment variable ML_SUFFIX is set nowhere in the "
        "repository",
    ]
