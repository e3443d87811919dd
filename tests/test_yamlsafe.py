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
    # "internal error: ValueError: day is out of range for month".
    compose = textwrap.dedent(
        """\
        services:
          api:
            build: services/api
            labels:
              created: 2021-02-30
          gateway:
            build: services/gateway
            ports: ["3000:3000"]
        """
    )
    root = base_repo(tmp_path, {"docker-compose.yml": compose})
    assert_checked_with_note(
        root,
        "docker-compose.yml: ignored: invalid YAML at line 5, column 16: "
        "cannot read this value: day is out of range for month",
    )
    with pytest.raises(yaml.YAMLError, match="Exceeds the limit"):
        yamlsafe.load(f"build: {'9' * 5000}\n")


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
