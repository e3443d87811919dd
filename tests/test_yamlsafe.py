"""YAML of the analysed repository: data only, and bounded however its aliases nest."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from hostile_helpers import base_repo, run_seamcheck
from seamcheck import yamlsafe


def _laughs(levels: int) -> str:
    lines = ["kind: Deployment", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"spec: *a{levels}")
    return "\n".join(lines) + "\n"


def test_anchors_aliases_and_merge_keys_of_real_files_load() -> None:
    text = (
        "x-common: &common\n  restart: always\n  environment: &env {A: '1'}\n"
        "services:\n  api:\n    <<: *common\n    build: api\n  web:\n    <<: *common\n"
        "    environment: *env\n"
    )
    assert yamlsafe.load(text) == yaml.safe_load(text)
    assert yamlsafe.load_all("a: 1\n---\nb: [2]\n") == [{"a": 1}, {"b": [2]}]
    assert yamlsafe.load("") is None


def test_billion_laughs_is_refused_without_expanding() -> None:
    assert yamlsafe.load(_laughs(4))["spec"][0][0][0][0] == ["lol"] * 9  # 66,000 values: fine
    with pytest.raises(yamlsafe.YamlTooLarge, match="expand to more than"):
        yamlsafe.load(_laughs(12))  # 282 billion values
    with pytest.raises(yamlsafe.YamlTooLarge):
        yamlsafe.load_all("a: 1\n---\n" + _laughs(12))


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(yamlsafe.YamlTooLarge, match="contains it"):
        yamlsafe.load("a: &a [1, *a]\n")


def test_python_tags_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        yamlsafe.load("a: !!python/object/apply:os.system ['true']\n")


def test_values_yaml_cannot_build_are_noted_not_an_internal_error(tmp_path: Path) -> None:
    # PyYAML raises plain ValueErrors while building some values: they ended the run with
    # "internal error: ValueError: Exceeds the limit (4300 digits) ...".
    compose = textwrap.dedent(
        f"""\
        services:
          api:
            build: services/api
            labels:
              serial: {"9" * 5000}
          gateway:
            build: services/gateway
            ports: ["3000:3000"]
        """
    )
    root = base_repo(tmp_path, {"docker-compose.yml": compose})
    run = run_seamcheck("check", str(root))
    assert run.code == 1
    assert run.stdout.startswith("services/api/app/main.py:9:12: SC201")
    # Python's own words end the note, and differ between its versions.
    assert run.stderr.startswith(
        "seamcheck: note: docker-compose.yml: ignored: invalid YAML at line 5, column 15: "
        "cannot read this value: Exceeds the limit (4300"
    )


def test_dates_binary_and_sets_are_read_as_json_values() -> None:
    # Readers flatten documents with `json.dumps`, which refuses datetime, bytes and set.
    text = "a: 2019-02-06T12:54:14Z\nb: 2021-02-30\nc: !!binary aGk=\nd: !!set {x, y}\n"
    assert yamlsafe.load(text) == {
        "a": "2019-02-06T12:54:14Z",
        "b": "2021-02-30",  # no date, and no error: Kubernetes and compose read text
        "c": "aGk=",
        "d": {"x": None, "y": None},
    }
    assert yamlsafe.load_all("---\n2020-01-01: x\n") == [{"2020-01-01": "x"}]


def test_an_openapi_document_with_dates_does_not_stop_the_run(tmp_path: Path) -> None:
    # JupyterHub's docs/source/_static/rest-api.yml: an OpenAPI document whose examples hold
    # timestamps, and whose `namespace:` makes it read as a manifest. The run ended with
    # "internal error: TypeError: Object of type datetime is not JSON serializable".
    spec = textwrap.dedent(
        """\
        openapi: 3.1.0
        paths:
          /users:
            get:
              responses:
                "200":
                  content:
                    application/json:
                      example:
                        name: alice
                        namespace: default
                        last_activity: 2019-02-06T12:54:14Z
        """
    )
    root = base_repo(tmp_path, {"docs/_static/rest-api.yml": spec})
    run = run_seamcheck("check", str(root))
    assert (run.code, run.stderr) == (1, "")
    assert run.stdout.startswith("services/api/app/main.py:9:12: SC201")


def test_hostile_yaml_in_a_repository_does_not_stop_the_run(tmp_path: Path) -> None:
    root = base_repo(
        tmp_path,
        {
            "deploy/k8s.yaml": _laughs(12),
            "deploy/self.yaml": "kind: Service\nmetadata: &m {name: x, self: *m}\n",
            "infra/docker-compose.yml": _laughs(12).replace("kind: Deployment", "services:"),
            "pnpm-workspace.yaml": "packages: &p [*p]\n",
        },
    )
    assert_checked_with_note(
        root, "infra/docker-compose.yml: ignored: aliases expand to more than 1000000 values"
    )


def assert_checked_with_note(root: Path, note: str) -> None:
    """The run went on: the healthy repository's finding, and one note on stderr."""
    run = run_seamcheck("check", str(root))
    assert run.code == 1
    assert run.stderr == f"seamcheck: note: {note}\n"
    assert run.stdout.startswith("services/api/app/main.py:9:12: SC201")
