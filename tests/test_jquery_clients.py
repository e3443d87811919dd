"""jQuery's requests are client calls (`seams/clients.py`, `seams/pagescripts.py`): `$.ajax`,
`$.get`, `$.post`, `$.getJSON`, `jQuery.ajax`, `$(el).load`, where `$` is jQuery. Before, none
was read: a typo'd URL in a Flask app's `static/js` was never reported, a correct one never
linked; and a relative URL of any client in such a script had "no base URL" (SC107)."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

FLASK_APP = """\
    from flask import Flask, jsonify, render_template

    app = Flask(__name__)


    @app.route("/")
    def index():
        return render_template("index.html")


    @app.route("/api/predict", methods=["POST"])
    def predict():
        return jsonify({"label": "cat"})


    @app.get("/api/stats")
    def stats():
        return jsonify({})


    @app.route("/fragments/news")
    def news():
        return "<div id='latest'></div>"


    @app.route("/api/feedback", methods=["POST"])
    def feedback():
        return jsonify({})
    """

PAGE_SCRIPT = """\
    $(function () {
      $('#go').click(function () {
        $.ajax({
          url: '/api/predcit',
          type: 'POST',
          data: JSON.stringify({ text: $('#text').val() }),
          contentType: 'application/json',
        });
        $.ajax('/api/predict', { method: 'POST', data: {} });
        $.post('/api/predict', { text: 'x' });
        $.getJSON('/api/stats', function (data) { console.log(data); });
        jQuery.get('/api/stat');
        $('#news').load('/fragments/news #latest');
        $('#thanks').load('/api/feedback', { score: 5 });
        fetch('/api/stats');
      });
      $(window).load(function () { console.log('ready'); });
    });
    """


def flask_site(script: str = PAGE_SCRIPT) -> dict[str, str]:
    """A Flask app whose page (a template loading jQuery from a CDN) runs `static/js/app.js`."""
    return {
        "shop/requirements.txt": "flask==3.0.0\n",
        "shop/app.py": FLASK_APP,
        "shop/templates/index.html": """\
            <script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
            <script src="{{ url_for('static', filename='js/app.js') }}"></script>
            """,
        "shop/static/js/app.js": script,
    }


def test_a_flask_pages_jquery_calls_link_to_the_app(repo: RepoFactory) -> None:
    root = repo(flask_site())
    assert links(root) == [
        "shop/static/js/app.js:10 POST /api/predict -> shop linked shop/app.py:11",
        "shop/static/js/app.js:11 GET /api/stats -> shop linked shop/app.py:16",
        "shop/static/js/app.js:12 GET /api/stat -> shop broken -",
        "shop/static/js/app.js:13 GET /fragments/news -> shop linked shop/app.py:21",
        "shop/static/js/app.js:14 POST /api/feedback -> shop linked shop/app.py:26",
        "shop/static/js/app.js:15 GET /api/stats -> shop linked shop/app.py:16",
        "shop/static/js/app.js:3 POST /api/predcit -> shop broken -",
        "shop/static/js/app.js:9 POST /api/predict -> shop linked shop/app.py:11",
    ]
    # `$(window).load(handler)`, jQuery's event shortcut before 3.0, is no request.
    assert problems(root) == []
    assert findings(root) == [
        "SC104 shop/static/js/app.js:3 POST /api/predcit reaches 'shop', which serves no such "
        "route; did you mean POST /api/predict (shop/app.py:11)?",
        "  shop/app.py:11 shop serves POST /api/predict",
        "SC104 shop/static/js/app.js:12 GET /api/stat reaches 'shop', which serves no such "
        "route; did you mean GET /api/stats (shop/app.py:16)?",
        "  shop/app.py:16 shop serves GET /api/stats",
    ]


def test_a_relative_url_of_a_fronted_flask_page_is_not_taken_for_the_apps(
    repo: RepoFactory,
) -> None:
    """nginx sends `/ml/` to another service: a relative URL of the Flask app's page may not
    reach the app, so one it does not serve is unsure (SC107), not a broken seam."""
    files = flask_site(
        """\
        $.post('/ml/predict', { text: 'x' });
        """
    )
    files["docker-compose.yml"] = """\
        services:
          edge:
            image: nginx:1.27
            ports: ["80:80"]
            volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf"]
          shop:
            build: ./shop
          ml:
            build: ./ml
        """
    files["nginx.conf"] = """\
        server {
            listen 80;
            location / { proxy_pass http://shop:5000; }
            location /ml/ { proxy_pass http://ml:8000/; }
        }
        """
    files["ml/requirements.txt"] = "fastapi\n"
    files["ml/main.py"] = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/predict")
        def predict() -> dict:
            return {}
        """
    root = repo(files)
    assert problems(root) == [
        "shop/static/js/app.js:1 /ml/predict: relative URL '/ml/predict' with no base URL"
    ]


def test_dollar_is_jquery_only_where_the_page_has_jquery(repo: RepoFactory) -> None:
    """An unbound `$` in a module script (it imports) of the Flask app's static folder, or
    in a Vue front end not depending on jquery, is not taken for jQuery: it may be another
    library's global, or one a bundler provides. The plain script beside it is read."""
    files = flask_site("$.get('/api/stats');\n")
    files["shop/static/js/editor.js"] = """\
        import { show } from './ui.js';
        $.post('/api/predcit', {}).then(show);
        """
    files["shop/static/js/ui.js"] = "export function show() {}\n"
    files["web/package.json"] = package_json("web", dependencies={"vue": "3"})
    files["web/src/main.js"] = "$.get('/api/stat');\n"
    root = repo(files)
    assert links(root) == ["shop/static/js/app.js:1 GET /api/stats -> shop linked shop/app.py:16"]
    assert problems(root) == []


def test_jquery_imported_by_a_bundled_front_end(repo: RepoFactory) -> None:
    """A React front end importing jquery, its calls proxied to the API by package.json's
    `proxy`: a call whose settings say the method, and a typo'd URL."""
    files = flask_site("")
    files["docker-compose.yml"] = """\
        services:
          shop:
            build: ./shop
            ports: ["5000:5000"]
        """
    files["web/package.json"] = package_json(
        "web", dependencies={"react": "18", "jquery": "3"}, proxy="http://localhost:5000"
    )
    files["web/src/api.js"] = """\
        import $ from 'jquery';

        export const predict = (text) =>
          $.ajax({ url: '/api/predict', method: 'POST', data: { text } });
        export const stats = () => $.getJSON('/api/statz');
        """
    root = repo(files)
    assert links(root) == [
        "web/src/api.js:4 POST /api/predict -> shop linked shop/app.py:11 via package.json proxy",
        "web/src/api.js:5 GET /api/statz -> shop broken - via package.json proxy",
    ]


def test_jquery_shipped_by_a_static_site(repo: RepoFactory) -> None:
    """A static site served by nginx ships its own copy of jQuery: its plain scripts' `$` is
    jQuery (jQuery's own file is not read as client code)."""
    files = flask_site("")
    files["docker-compose.yml"] = """\
        services:
          shop:
            build: ./shop
          site:
            build: ./site
            ports: ["80:80"]
        """
    files["site/Dockerfile"] = "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n"
    files["site/nginx.conf"] = """\
        server {
            listen 80;
            location / { root /usr/share/nginx/html; }
            location /api/ { proxy_pass http://shop:5000; }
        }
        """
    files["site/js/jquery-3.7.1.js"] = """\
        (function (global) {
          var jQuery = { get: function (url) { return jQuery.ajax({ url: url }); } };
          global.jQuery = global.$ = jQuery;
        })(this);
        """
    files["site/js/app.js"] = "$.getJSON('/api/stats', function (s) { console.log(s); });\n"
    root = repo(files)
    assert links(root) == [
        "site/js/app.js:1 GET /api/stats -> shop linked shop/app.py:16 via nginx location /api/"
    ]
    assert problems(root) == []


def test_load_of_a_handler_is_no_request(repo: RepoFactory) -> None:
    """`.load(handler)` (the event shortcut before jQuery 3.0) given by name is no request; a
    name holding a URL, or a function's parameter its callers give one, is."""
    root = repo(
        flask_site(
            """\
            function onReady() { console.log('ready'); }
            var onLoad = function () {};
            $(window).load(onReady);
            $(window).load(onLoad);
            var NEWS = '/fragments/news';
            $('#news').load(NEWS);
            function into(el, url) { $(el).load(url); }
            into('#more', '/fragments/newz');
            """
        )
    )
    assert links(root) == [
        "shop/static/js/app.js:6 GET /fragments/news -> shop linked shop/app.py:21",
        "shop/static/js/app.js:8 GET /fragments/newz -> shop broken -",
    ]
    assert problems(root) == []


def test_a_dollar_the_script_defines_itself_is_not_jquery(repo: RepoFactory) -> None:
    """A plain script of the Flask app's static folder defining its own `$` (a helper
    object, a function) calls that, not jQuery: before, its `$.get('/lookup')` was a false
    SC104 against the Flask app. A `$` given as a parameter (`(function ($) {...})(jQuery)`,
    `jQuery(function ($) {...})`) or bound to jQuery (`jQuery.noConflict()`) is jQuery."""
    files = flask_site(
        """\
        var $ = { get: function (key) { return localStorage.getItem(key); } };
        $.get('/lookup');
        """
    )
    files["shop/static/js/dom.js"] = """\
        function $(id) { return document.getElementById(id); }
        $.post = function (what) { return what; };
        $.post('/submit');
        """
    files["shop/static/js/pages.js"] = """\
        var $ = jQuery.noConflict();
        $.getJSON('/api/statz');
        (function ($) { $.get('/api/stats'); })(jQuery);
        jQuery(function ($) { $('#news').load('/fragments/news'); });
        """
    root = repo(files)
    assert links(root) == [
        "shop/static/js/pages.js:2 GET /api/statz -> shop broken -",
        "shop/static/js/pages.js:3 GET /api/stats -> shop linked shop/app.py:16",
        "shop/static/js/pages.js:4 GET /fragments/news -> shop linked shop/app.py:21",
    ]
    assert problems(root) == []


def test_a_static_folder_beside_no_python_code_is_not_the_apps(repo: RepoFactory) -> None:
    """A package whose FastAPI app declares routes, with a docs site's `docs/static/` in the
    same service: the app does not serve those scripts, so their relative URLs were false
    SC104s against it. Only a `static/` folder beside the app's Python code (`kit/static/`
    beside `kit/app.py`, a Django app's beside its `views.py`) is the app's."""
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "kit"\ndependencies = ["fastapi"]\n',
            "kit/app.py": """\
                from fastapi import FastAPI
                from fastapi.staticfiles import StaticFiles

                app = FastAPI()
                app.mount("/static", StaticFiles(directory="static"), name="static")


                @app.get("/api/items")
                def items():
                    return []
                """,
            "kit/static/app.js": "fetch('/api/itemz');\n",
            "docs/static/js/versions.js": "fetch('/versions.json');\n",
        }
    )
    assert links(root) == ["kit/static/app.js:1 GET /api/itemz -> kit broken -"]
    assert problems(root) == [
        "docs/static/js/versions.js:1 /versions.json: relative URL '/versions.json' with no base URL"
    ]


def test_a_page_url_after_the_apps_prefix_links_to_the_route_after_it(
    repo: RepoFactory,
) -> None:
    """A Tornado dashboard's script asks `url_prefix() + '/api/workers'`: the prefix the app
    is served under, known only at run time (flower's idiom). The path after it is the app's
    route: linked. One no route takes stays unsure (SC107): with the prefix unknown, the path
    may not be what the app receives. Before, all three were SC107."""
    root = repo(
        {
            "tasks/requirements.txt": "tornado==6.4\n",
            "tasks/app.py": """\
                import os

                import tornado.web


                class WorkersHandler(tornado.web.RequestHandler):
                    async def get(self):
                        self.write({"workers": []})


                class ShutdownHandler(tornado.web.RequestHandler):
                    async def post(self, name):
                        self.write({"ok": name})


                def make_app():
                    return tornado.web.Application(
                        [
                            (r"/api/workers", WorkersHandler),
                            (r"/api/worker/shutdown/(.+)", ShutdownHandler),
                        ],
                        static_path=os.path.join(os.path.dirname(__file__), "static"),
                    )
                """,
            "tasks/static/js/dashboard.js": """\
                function url_prefix() {
                  var prefix = $('#url_prefix').val();
                  return prefix ? '/' + prefix.replace(/^\\/+/, '') : '';
                }

                $('#refresh').click(function () {
                  var name = $('#workername').text();
                  $.ajax({ type: 'GET', url: url_prefix() + '/api/workers' });
                  $.post(url_prefix() + '/api/worker/shutdown/' + name);
                  $.post(url_prefix() + '/api/worker/restart/' + name);
                });
                """,
        }
    )
    assert links(root) == [
        "tasks/static/js/dashboard.js:8 GET /api/workers -> tasks linked tasks/app.py:17",
        "tasks/static/js/dashboard.js:9 POST /api/worker/shutdown/{name} -> tasks linked "
        "tasks/app.py:17",
    ]
    assert problems(root) == [
        "tasks/static/js/dashboard.js:10 {value}/api/worker/restart/{name}: URL is not known "
        "before run time: computed: url_prefix()"
    ]
