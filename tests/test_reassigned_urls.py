"""URLs held by a name its function (or module) assigns more than once. seamcheck does not
follow which assignment ran last, so such a name is read only where every assignment gives
the same string, or where the later ones only append a query string or fragment (the path
stays). Anything else makes the call unsure (SC107), never a broken seam (SC104). Each test
is a Node gateway or a Python service calling a FastAPI model service that serves
POST /v2/predict and GET /search."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from facts_helpers import facts_of
from seamcheck.facts import FileFacts
from seams_helpers import findings, links, problems, seam_map

MODEL = {
    "model/requirements.txt": "fastapi\nuvicorn\n",
    "model/app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v2/predict")
        async def predict(body: dict) -> dict:
            return {}


        @app.get("/search")
        async def search(q: str) -> dict:
            return {}
    """,
}

COMPOSE = """
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      ML_URL: http://model:8000
  orders:
    build: ./orders
    environment:
      ML_URL: http://model:8000
  model:
    build: ./model
    expose: ["8000"]
"""


def _gateway(repo: RepoFactory, client: str) -> Path:
    return repo(
        {
            "docker-compose.yml": COMPOSE,
            **MODEL,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/ml.js": client,
        }
    )


def _orders(repo: RepoFactory, client: str) -> Path:
    return repo(
        {
            "docker-compose.yml": COMPOSE,
            **MODEL,
            "orders/requirements.txt": "httpx\n",
            "orders/orders/__init__.py": "",
            "orders/orders/client.py": client,
        }
    )


def test_a_url_the_gateway_changes_after_setting_it_is_unsure_not_broken(
    repo: RepoFactory,
) -> None:
    root = _gateway(
        repo,
        """
        async function callModel(path) {
          let url = path;
          url = '/v2' + url;
          return fetch('http://model:8000' + url, { method: 'POST' });
        }

        async function callModel2(path) {
          let url = process.env.ML_URL || 'http://model:8000';
          url += path;
          return fetch(url, { method: 'POST' });
        }

        async function main() {
          await callModel('/predict');
          await callModel2('/v2/predict');
        }
        module.exports = { main };
        """,
    )

    # Before: SC104 "POST /predict" (the first value of `url`, the caller's '/predict') and
    # SC104 "POST /" (`url += path` was not seen: `url` was the bare ML_URL).
    assert links(root) == []
    assert problems(root) == [
        "gateway/src/ml.js:10 {url}: URL is not known before run time: 'url' is assigned more"
        " than once (gateway/src/ml.js:8, 9)",
        "gateway/src/ml.js:4 http://model:8000{url}: the path after 'http://model:8000' is not"
        " known before run time: 'url' is assigned more than once (gateway/src/ml.js:2, 3)",
    ]
    assert [f.split(" ", 2)[0] for f in findings(root)] == ["SC107", "SC107"]


def test_a_query_string_appended_to_the_gateways_url_keeps_the_link(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        """
        const BASE = process.env.ML_URL || 'http://model:8000';

        async function search(q, page) {
          let url = `${BASE}/search`;
          url += '?q=' + encodeURIComponent(q);
          if (page) url += `&page=${page}`;
          return fetch(url);
        }

        async function searchAll(q) {
          let url = `${BASE}/search?q=${q}`;
          url = url + '&all=1';
          url += '#top';
          return fetch(url);
        }

        async function searchLater(q) {
          let url;
          url = `${BASE}/search`;
          return fetch(url);
        }
        module.exports = { search, searchAll, searchLater };
        """,
    )

    assert links(root) == [
        "gateway/src/ml.js:14 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:20 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:7 GET /search -> model linked model/app/main.py:11",
    ]
    assert findings(root) == []


def test_a_url_given_back_by_a_url_object_made_of_it_keeps_its_path(repo: RepoFactory) -> None:
    # jupyter-archive 3.5.1 (session 29, helper 127) adds its token so: the URL object's
    # query changes, its path does not, unless the code sets its pathname or href.
    root = _gateway(
        repo,
        """
        const BASE = process.env.ML_URL || 'http://model:8000';

        async function search(q, token) {
          let url = `${BASE}/search`;
          const full = new URL(url);
          full.searchParams.append('q', q);
          full.search += `&_xsrf=${token}`;
          url = full.toString();
          return fetch(url);
        }

        async function searchHref(q) {
          let url = `${BASE}/search`;
          const full = new URL(url);
          full.searchParams.set('q', q);
          url = full.href;
          return fetch(url);
        }

        async function moved(q) {
          let url = `${BASE}/search`;
          const full = new URL(url);
          full.pathname = '/v2/search';
          url = full.toString();
          return fetch(url);
        }
        module.exports = { search, searchHref, moved };
        """,
    )
    # Before: 'url' was assigned more than once, each call unsure (SC107). Now the first
    # two keep their path; the third, whose path is set, stays unsure.
    assert links(root) == [
        "gateway/src/ml.js:17 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:9 GET /search -> model linked model/app/main.py:11",
    ]
    assert [f.split(" not linked")[0] for f in findings(root)] == [
        "SC107 gateway/src/ml.js:25 fetch call GET {url}",
    ]


def test_a_url_the_python_service_changes_after_setting_it_is_unsure_not_broken(
    repo: RepoFactory,
) -> None:
    root = _orders(
        repo,
        """
        import os

        import httpx

        BASE = os.environ.get("ML_URL", "http://model:8000")


        def call_model(path: str) -> dict:
            url = BASE
            url = url + "/v2" + path
            return httpx.post(url).json()


        def call_model2(path: str) -> dict:
            url = BASE
            url += path
            return httpx.post(url).json()


        def call_model3(path: str) -> dict:
            url = f"{BASE}{path}"
            url = f"{BASE}/v2{path}"
            return httpx.post(url).json()


        def search(q: str) -> dict:
            url = f"{BASE}/search"
            url += f"?q={q}"
            return httpx.get(url).json()


        def search_all(q: str) -> dict:
            url = BASE + "/search"
            url = url + "?q=" + q
            return httpx.get(url).json()


        def main() -> None:
            call_model("/predict")
            call_model2("/v2/predict")
            call_model3("/predict")
        """,
    )

    # Before: three SC104s, "POST /" twice and "POST /predict".
    assert links(root) == [
        "orders/orders/client.py:29 GET /search -> model linked model/app/main.py:11",
        "orders/orders/client.py:35 GET /search -> model linked model/app/main.py:11",
    ]
    assert problems(root) == [
        f"orders/orders/client.py:{line} {{url}}: URL is not known before run time: 'url' is"
        f" assigned more than once (orders/orders/client.py:{line - 2}, {line - 1})"
        for line in (11, 17, 23)
    ]
    assert [f.split(" ", 1)[0] for f in findings(root)] == ["SC107"] * 3


def test_a_name_whose_assignments_agree_is_read_and_one_whose_do_not_is_unsure(
    repo: RepoFactory,
) -> None:
    root = _orders(
        repo,
        """
        import os

        import httpx

        ML_URL = os.getenv("ML_URL")
        if not ML_URL:
            ML_URL = "http://model:8000"

        if os.getenv("FAST"):
            PREDICT = "/v2/predict"
        else:
            PREDICT = "/predict"


        def predict() -> dict:
            return httpx.post(f"{ML_URL}/v2/predict").json()


        def predict_either() -> dict:
            return httpx.post(f"{ML_URL}{PREDICT}").json()
        """,
    )

    # The compose file sets ML_URL to the default: both assignments give http://model:8000.
    # Before, PREDICT was read as its first value only: the call linked, and with the
    # branches the other way round it was an SC104.
    assert links(root) == [
        "orders/orders/client.py:16 POST /v2/predict -> model linked model/app/main.py:6"
    ]
    assert problems(root) == [
        "orders/orders/client.py:20 http://model:8000{PREDICT}: the path after"
        " 'http://model:8000' is not known before run time: 'PREDICT' is assigned more than"
        " once (orders/orders/client.py:10, 12)"
    ]


def test_a_url_also_set_by_a_loop_a_destructuring_or_a_default_is_unsure(
    repo: RepoFactory,
) -> None:
    root = _gateway(
        repo,
        """
        const BASE = process.env.ML_URL;

        async function first(paths) {
          let path = '/predict';
          for (path of paths) break;
          return fetch(`${BASE}${path}`, { method: 'POST' });
        }

        async function picked(options) {
          let path = '/predict';
          ({ path } = options);
          return fetch(`${BASE}${path}`, { method: 'POST' });
        }

        async function defaulted(path) {
          let url = `${BASE}/predict`;
          url ??= path;
          return fetch(url, { method: 'POST' });
        }
        module.exports = { first, picked, defaulted };
        """,
    )

    # Before: three SC104s for POST /predict.
    assert links(root) == []
    assert [p.split(": ")[-1] for p in problems(root)] == [
        "'path' is assigned more than once (gateway/src/ml.js:10, 11)",
        "'url' is assigned more than once (gateway/src/ml.js:16, 17)",
        "'path' is assigned more than once (gateway/src/ml.js:4, 5)",
    ]


def test_python_loop_targets_and_walrus_count_as_assignments(repo: RepoFactory) -> None:
    root = _orders(
        repo,
        """
        import httpx

        BASE = "http://model:8000"


        def first(paths: list[str]) -> None:
            path = "/predict"
            for path in paths:
                break
            httpx.post(BASE + path)


        def chosen(choose) -> None:
            path = "/predict"
            if (path := choose()) is None:
                return
            httpx.post(BASE + path)
        """,
    )

    assert links(root) == []
    assert [p.split(": ")[-1] for p in problems(root)] == [
        "'path' is assigned more than once (orders/orders/client.py:7, 8)",
        "'path' is assigned more than once (orders/orders/client.py:14, 15)",
    ]


def test_each_assignment_of_a_name_is_a_binding_of_it() -> None:
    """Facts: an augmented `+=` is the name plus what it appends; another rebinding of a
    name the scope binds is a `local`. A declaration without a value binds nothing."""
    js = facts_of(
        "gateway/src/ml.js",
        """
        function f(q, items) {
          let url;
          url = '/search';
          url += '?q=' + q;
          url ??= '/';
          for (url of items) {}
        }
        """,
    )
    python = facts_of(
        "orders/client.py",
        """
        def f(q, items):
            url: str
            url = "/search"
            url += f"?q={q}"
            url -= 1
            for url in items:
                pass
        """,
    )

    def described(facts: FileFacts) -> list[str]:
        return [
            f"{b.line} {b.kind} " + " ".join(f"{p.kind}:{p.value}" for p in b.pieces)
            for b in facts.bindings
            if b.target == "url"
        ]

    assert described(js) == [
        "4 str ",
        "5 expr name:url lit:?q= name:q",
        "6 local ",
        "7 local ",
    ]
    assert described(python) == [
        "4 str ",
        "5 expr name:url lit:?q= name:q",
        "6 local ",
        "7 local ",
    ]


def test_a_base_url_reassigned_without_its_trailing_slash_keeps_its_value(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            # The deployment gives the model's URL with a trailing slash.
            "docker-compose.yml": COMPOSE.replace("http://model:8000", "http://model:8000/"),
            **MODEL,
            "gateway/package.json": package_json("gateway", dependencies={"express": "^4"}),
            "gateway/src/ml.js": """
                let base = process.env.ML_URL || 'http://model:8000';
                base = base.replace(/\\/+$/, '');

                async function predict(body) {
                  let url = process.env.ML_URL;
                  url = url.replace(/\\/$/, '');
                  return fetch(`${url}/v2/predict`, { method: 'POST', body });
                }

                async function search(q) {
                  return fetch(`${base}/search?q=${q}`);
                }

                async function collapsed(q) {
                  let url = process.env.ML_URL;
                  url = url.replace(/\\/+/g, '/');
                  return fetch(`${url}/search`);
                }
                module.exports = { predict, search, collapsed };
            """,
            "orders/requirements.txt": "httpx\n",
            "orders/orders/__init__.py": "",
            "orders/orders/client.py": """
                import os

                import httpx

                ML_URL = os.environ["ML_URL"]
                ML_URL = ML_URL.rstrip("/")


                def predict() -> dict:
                    return httpx.post(f"{ML_URL}/v2/predict").json()


                def search(q: str) -> dict:
                    base = os.getenv("ML_URL", "http://model:8000")
                    base = base.removesuffix("/")
                    return httpx.get(f"{base}/search", params={"q": q}).json()


                def search_trimmed(q: str) -> dict:
                    base = os.getenv("ML_URL", "http://model:8000")
                    base = base.rstrip("/ ")
                    return httpx.get(f"{base}/search", params={"q": q}).json()
            """,
        }
    )

    # Before: all four linked calls were SC107, "'base' is assigned more than once".
    assert links(root) == [
        "gateway/src/ml.js:11 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:7 POST /v2/predict -> model linked model/app/main.py:6",
        "orders/orders/client.py:10 POST /v2/predict -> model linked model/app/main.py:6",
        "orders/orders/client.py:16 GET /search -> model linked model/app/main.py:11",
    ]
    urls = sorted(c.url for c in seam_map(root).calls if c.links)
    assert urls == ["http://model:8000/search"] * 2 + ["http://model:8000/v2/predict"] * 2
    # Replacing every run of slashes, or stripping spaces too, changes more than the end.
    assert [p.split(": ")[-1] for p in problems(root)] == [
        "'url' is assigned more than once (gateway/src/ml.js:15, 16)",
        "'base' is assigned more than once (orders/orders/client.py:20, 21)",
    ]


def test_a_const_declared_in_each_branch_of_the_gateways_function_is_read_per_branch(
    repo: RepoFactory,
) -> None:
    root = _gateway(
        repo,
        """
        const ML = process.env.ML_URL;

        async function call(kind, q) {
          if (kind === 'predict') {
            const url = `${ML}/v2/predict`;
            return fetch(url, { method: 'POST' });
          } else {
            const url = `${ML}/search?q=${q}`;
            return fetch(url);
          }
        }

        async function route(kind) {
          switch (kind) {
            case 'predict': {
              const url = `${ML}/v2/predict`;
              const options = { method: 'POST' };
              return fetch(url, options);
            }
            case 'search': {
              const url = `${ML}/search`;
              const method = 'GET';
              return fetch(url, { method });
            }
          }
        }

        async function unsure(kind, path) {
          if (kind === 'v2') {
            let url = `${ML}/v2/predict`;
            if (path) url = `${ML}${path}`;
            return fetch(url, { method: 'POST' });
          } else {
            let url = `${ML}/search`;
            return fetch(url);
          }
        }
        module.exports = { call, route, unsure };
        """,
    )

    # Before: the four calls of `call` and `route` were SC107 ('url' is assigned more than
    # once), and the GET of `route` took its method from the other branch's `options`.
    assert links(root) == [
        "gateway/src/ml.js:18 POST /v2/predict -> model linked model/app/main.py:6",
        "gateway/src/ml.js:23 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:35 GET /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:6 POST /v2/predict -> model linked model/app/main.py:6",
        "gateway/src/ml.js:9 GET /search -> model linked model/app/main.py:11",
    ]
    # A `let` its block assigns again is not read.
    assert problems(root) == [
        "gateway/src/ml.js:32 {url}: URL is not known before run time: 'url' is assigned"
        " more than once (gateway/src/ml.js:30, 31, 34)"
    ]
    assert [f.split(" ", 1)[0] for f in findings(root)] == ["SC107"]


def test_a_module_base_url_another_function_changes_is_unsure_not_broken(
    repo: RepoFactory,
) -> None:
    root = _gateway(
        repo,
        """
        let base = 'http://model:8000/v1';
        let prefixed = 'http://model:8000';
        let fallback = 'http://model:8000/v1';
        let picked = 'http://model:8000/v1';
        let same = 'http://model:8000';

        function setBase(url) { base = url; }
        function addPrefix(prefix) { prefixed += prefix; }
        function setFallback(url) { fallback ??= url; fallback ||= url; }
        function configure(options) { ({ picked } = options); }
        function reset() { same = 'http://model:8000'; }
        function localOnly(url) { let base = url; return base; }

        async function predict() {
          await fetch(`${base}/predict`, { method: 'POST' });
          await fetch(`${prefixed}/predict`, { method: 'POST' });
          await fetch(`${fallback}/predict`, { method: 'POST' });
          await fetch(`${picked}/predict`, { method: 'POST' });
          return fetch(`${same}/v2/predict`, { method: 'POST' });
        }
        module.exports = { setBase, addPrefix, setFallback, configure, reset, localOnly, predict };
        """,
    )

    # Before: four SC104s, POST /v1/predict or /predict ("did you mean POST /v2/predict").
    assert links(root) == [
        "gateway/src/ml.js:19 POST /v2/predict -> model linked model/app/main.py:6"
    ]
    assert [p.split(": ", 1)[0] + ": " + p.split(": ")[-1] for p in problems(root)] == [
        "gateway/src/ml.js:15 {base}/predict: 'base' is assigned more than once"
        " (gateway/src/ml.js:1, 7)",
        "gateway/src/ml.js:16 {prefixed}/predict: 'prefixed' is assigned more than once"
        " (gateway/src/ml.js:2, 8)",
        "gateway/src/ml.js:17 {fallback}/predict: 'fallback' is assigned more than once"
        " (gateway/src/ml.js:3, 9)",
        "gateway/src/ml.js:18 {picked}/predict: 'picked' is assigned more than once"
        " (gateway/src/ml.js:4, 10)",
    ]
    assert [f.split(" ", 1)[0] for f in findings(root)] == ["SC107"] * 4


def test_a_module_base_url_a_python_function_changes_through_global_is_unsure(
    repo: RepoFactory,
) -> None:
    root = _orders(
        repo,
        """
        import httpx

        BASE = "http://model:8000/v1"
        PREFIXED = "http://model:8000"
        UNPACKED = "http://model:8000/v1"
        LOOPED = "http://model:8000/v1"
        SAME = "http://model:8000"


        def configure(url: str) -> None:
            global BASE
            BASE = url


        def add_prefix(prefix: str) -> None:
            global PREFIXED
            PREFIXED += prefix


        def unpack(pair) -> None:
            global UNPACKED
            UNPACKED, _ = pair


        def first(urls) -> None:
            global LOOPED
            for LOOPED in urls:
                break


        def reset() -> None:
            global SAME
            SAME = "http://model:8000"


        def local_only(url: str) -> str:
            BASE = url
            return BASE


        def predict() -> None:
            httpx.post(f"{BASE}/predict")
            httpx.post(f"{PREFIXED}/predict")
            httpx.post(f"{UNPACKED}/predict")
            httpx.post(f"{LOOPED}/predict")
            httpx.post(f"{SAME}/v2/predict")


        def nested() -> None:
            base = "http://model:8000/v1"

            def switch(url: str) -> None:
                nonlocal base
                base = url

            switch("http://model:8000/v2")
            httpx.post(f"{base}/predict")
        """,
    )

    # Before: five SC104s (POST /v1/predict, POST /predict).
    assert links(root) == [
        "orders/orders/client.py:46 POST /v2/predict -> model linked model/app/main.py:6"
    ]
    assert [p.split(": ")[-1] for p in problems(root)] == [
        "'BASE' is assigned more than once (orders/orders/client.py:3, 12)",
        "'PREFIXED' is assigned more than once (orders/orders/client.py:4, 17)",
        "'UNPACKED' is assigned more than once (orders/orders/client.py:5, 22)",
        "'LOOPED' is assigned more than once (orders/orders/client.py:6, 27)",
        "'base' is assigned more than once (orders/orders/client.py:50, 54)",
    ]
    assert [f.split(" ", 1)[0] for f in findings(root)] == ["SC107"] * 5


def test_options_assigned_more_than_once_say_no_method(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        """
        const ML = process.env.ML_URL;

        async function search(q, post) {
          let options = { method: 'POST' };
          if (!post) options = { method: 'GET' };
          return fetch(`${ML}/search?q=${q}`, options);
        }
        module.exports = { search };
        """,
    )
    # Before: read as the first object's POST, a false SC104 ("serves /search for GET only").
    assert links(root) == ["gateway/src/ml.js:6 * /search -> model linked model/app/main.py:11"]


def test_options_whose_method_is_assigned_after_say_no_method(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        """
        const ML = process.env.ML_URL;

        async function search(q, post) {
          const options = { method: 'POST' };
          if (!post) options.method = 'GET';
          return fetch(`${ML}/search?q=${q}`, options);
        }
        module.exports = { search };
        """,
    )
    # Before: read as the object's POST, a false SC104 ("serves /search for GET only").
    assert links(root) == ["gateway/src/ml.js:6 * /search -> model linked model/app/main.py:11"]


def test_options_that_object_assign_changes_say_no_method(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        """
        const ML = process.env.ML_URL;

        async function search(q, post) {
          const options = { method: 'POST' };
          if (!post) Object.assign(options, { method: 'GET' });
          return fetch(`${ML}/search?q=${q}`, options);
        }

        async function searchAll(q, post) {
          let options = { method: 'POST' };
          if (!post) options = { ...options, method: 'GET' };
          return fetch(`${ML}/search?q=${q}&all=1`, options);
        }
        module.exports = { search, searchAll };
        """,
    )
    # Before: the first was read as the object's POST, a false SC104 ("serves /search for GET
    # only"); the second, assigned again from a spread of itself, already said no method.
    assert links(root) == [
        "gateway/src/ml.js:12 * /search -> model linked model/app/main.py:11",
        "gateway/src/ml.js:6 * /search -> model linked model/app/main.py:11",
    ]


def test_a_config_entry_that_object_assign_may_change_is_unsure(repo: RepoFactory) -> None:
    root = _gateway(
        repo,
        """
        const config = { ml: 'http://model:8000/v1' };
        if (process.env.ML_V2) Object.assign(config, { ml: 'http://model:8000/v2' });

        async function predict(body) {
          return fetch(`${config.ml}/predict`, { method: 'POST', body });
        }
        module.exports = { predict };
        """,
    )
    # Before: read as the first value, /v1/predict, a false SC104 where the model serves
    # /v2/predict once ML_V2 is set.
    assert links(root) == []
    assert problems(root) == [
        "gateway/src/ml.js:5 {ml}/predict: URL is not known before run time: Object.assign "
        "changes 'config' (gateway/src/ml.js:2)"
    ]
