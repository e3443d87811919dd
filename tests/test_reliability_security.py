"""Security guarantees (issue #9): seamcheck never imports or executes analysed code, never
evaluates configuration as code, never follows a symlink out of the root, writes only to its
cache and the outputs asked for, reports repo-relative paths and nothing of its environment.

Each test runs the installed `seamcheck` console script in a fresh process, with the analysed
repository as the working directory: the way a developer or a CI job runs it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import write_repo
from hostile_helpers import BASE_FILES, Run, base_repo, run_seamcheck

SCRIPT = shutil.which("seamcheck", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(SCRIPT is None, reason="the seamcheck console script is needed")

# Every command that reads a repository, with the files each may write (besides the cache).
COMMANDS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("check", "."), ()),
    (("check", ".", "--format", "json"), ()),
    (("check", ".", "--format", "sarif:report.sarif", "--format", "text"), ("report.sarif",)),
    (("services", ".", "--format", "json"), ()),
    (("graph", ".", "--format", "dot"), ()),
    (("graph", ".", "--output", "graph.json"), ("graph.json",)),
    (("seams", ".", "--format", "json"), ()),
    (("fix", ".", "--diff"), ()),
    (("baseline", "."), (".seamcheck-baseline.json",)),
    (("init", ".", "--force"), ("seamcheck.toml",)),
]
CACHE = ".seamcheck_cache/"


def _run(root: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    assert SCRIPT is not None
    return run_seamcheck(*args, cwd=root, env=env, program=(SCRIPT,))


def _snapshot(top: Path) -> dict[str, str]:
    """Every path under `top` with a digest of what it is (content, link target, mode)."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(top).as_posix()
            info = path.lstat()
            if path.is_symlink():
                found[rel] = f"link:{os.readlink(path)}"
            elif path.is_dir():
                found[rel] = f"dir:{info.st_mode:o}"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[rel] = f"file:{info.st_mode:o}:{digest}:{info.st_mtime_ns}"
    return found


def _marker_code(marker: Path, what: str) -> str:
    return f"open({str(marker)!r}, 'a').write({what!r} + '\\n')\n"


def _booby_trapped_repo(root: Path, marker: Path) -> Path:
    """A repository whose every conventional entry point writes `marker` when executed."""
    py = _marker_code(marker, "python")
    files = {
        "services/api/setup.py": py,
        "services/api/conftest.py": py,
        "services/api/app/__init__.py": py,
        "services/api/app/__main__.py": py,
        "services/api/sitecustomize.py": py,
        "services/api/usercustomize.py": py,
        # Names of modules seamcheck itself imports: shadowing them must not work.
        "json.py": py,
        "yaml.py": py,
        "click.py": py,
        "pathspec.py": py,
        "networkx.py": py,
        "tree_sitter.py": py,
        "seamcheck.py": py,
        "services/api/app/evil.pth": f"import os; {py}",
        "services/gateway/src/postinstall.js": (
            f"require('fs').appendFileSync({str(marker)!r}, 'node\\n');\n"
        ),
        "services/gateway/package.json": (
            '{"name": "gateway", "dependencies": {"express": "^4"}, "scripts": {'
            f'"preinstall": "touch {marker}", "postinstall": "node src/postinstall.js", '
            f'"prepare": "touch {marker}"}}}}'
        ),
        # YAML tags that construct Python objects, and TOML that looks like code.
        "docker-compose.yml": (
            "services:\n  api:\n    build: services/api\n"
            f"  evil: !!python/object/apply:os.system ['touch {marker}']\n"
        ),
        "deploy/k8s.yaml": (
            f"kind: Service\nmetadata: !!python/object/apply:os.system ['touch {marker}']\n"
        ),
        "pnpm-workspace.yaml": f"packages: !!python/object/apply:os.system ['touch {marker}']\n",
        "seamcheck.toml": (
            f'exclude = ["$(touch {marker})", "`touch {marker}`"]\n'
            "[blocking]\n"
            f"sinks = [\"__import__('os').system('touch {marker}')\"]\n"
        ),
    }
    write_repo(root, {k: v for k, v in BASE_FILES.items() if k not in files})
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


@pytest.mark.parametrize(("args", "writes"), COMMANDS, ids=lambda v: " ".join(v))
def test_analysed_code_and_config_are_never_executed(
    tmp_path: Path, args: tuple[str, ...], writes: tuple[str, ...]
) -> None:
    marker = tmp_path / "EXECUTED"
    root = _booby_trapped_repo(tmp_path / "repo", marker)
    done = _run(root, *args, env={"PYTHONPATH": "", "PYTHONSTARTUP": ""})
    assert "Traceback" not in done.stderr, done.stderr
    assert done.code in (0, 1), (done.code, done.stdout, done.stderr)
    assert not marker.exists(), marker.read_text()


@pytest.mark.parametrize(("args", "writes"), COMMANDS, ids=lambda v: " ".join(v))
def test_writes_only_the_requested_outputs(
    tmp_path: Path, args: tuple[str, ...], writes: tuple[str, ...]
) -> None:
    root = base_repo(tmp_path / "repo")
    (tmp_path / "neighbour.txt").write_text("untouched\n")
    before = _snapshot(tmp_path)
    done = _run(root, *args)
    assert done.code in (0, 1), done.stderr
    after = _snapshot(tmp_path)
    written = {"repo/" + w for w in writes}
    changed = {
        path
        for path in set(before) | set(after)
        if before.get(path) != after.get(path)
        and not path.startswith("repo/" + CACHE)
        and path != "repo/" + CACHE.rstrip("/")
    }
    assert all(any(c == w.rstrip("/") or c.startswith(w) for w in written) for c in changed), (
        changed
    )
    for w in writes:
        assert (root / w).exists()


def test_fix_writes_only_the_files_it_rewrites(tmp_path: Path) -> None:
    root = base_repo(
        tmp_path,
        {"services/api/app/slow.py": "import time\n\nasync def f():\n    time.sleep(1)\n"},
    )
    before = _snapshot(root)
    done = _run(root, "fix", ".")
    assert done.code == 0, done.stderr
    after = _snapshot(root)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed == {"services/api/app/slow.py", "services/api/app/main.py"}
    assert done.stdout == "rewrote 2 blocking calls in 2 files.\n"
    assert "await asyncio.sleep(1)" in (root / "services/api/app/slow.py").read_text()


def test_symlinked_env_and_config_files_out_of_the_root_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ".env").write_text("API_URL=http://secret-host.internal:9999\n")
    (outside / "proxy.conf").write_text("location /x/ { proxy_pass http://secret-upstream; }\n")
    root = base_repo(
        tmp_path / "repo",
        {
            "services/gateway/src/env.js": (
                "module.exports = () => fetch(`${process.env.API_URL || 'http://api:8000'}/items`);\n"
            )
        },
    )
    (root / "services/gateway/.env").symlink_to(outside / ".env")
    (root / "deploy.conf").symlink_to(outside / "proxy.conf")
    done = _run(root, "seams", ".", "--format", "json")
    assert done.code == 0
    assert "secret" not in done.stdout
    assert '"GET /items"' in done.stdout or "/items" in done.stdout


def test_reports_hold_repo_relative_paths_and_nothing_from_the_environment(
    tmp_path: Path,
) -> None:
    root = base_repo(
        tmp_path / "deep" / "checkout-7f3a9",
        {
            "services/api/app/client.py": (
                "import os\nimport requests\n\n"
                "def call():\n"
                "    return requests.get(f\"http://{os.getenv('API_HOST', 'api')}:8000/items\")\n"
            )
        },
    )
    canaries = {
        "API_HOST": "leaked-host.example",
        "API_URL": "http://leaked-url.example",
        "HOME": str(tmp_path / "home-canary"),
        "USER": "user-canary",
        "SEAMCHECK_CANARY": "canary-value",
        "GITHUB_WORKSPACE": str(tmp_path / "workspace-canary"),
    }
    outputs = []
    for args in (
        ("check", ".", "--format", "json", "--exit-zero"),
        ("check", ".", "--format", "sarif", "--exit-zero"),
        ("check", ".", "--format", "gitlab", "--exit-zero"),
        ("check", ".", "--format", "github", "--exit-zero"),
        ("check", ".", "--format", "markdown", "--exit-zero"),
        ("check", ".", "--exit-zero"),
        ("graph", "."),
        ("graph", ".", "--format", "dot"),
        ("seams", ".", "--format", "json"),
        ("services", ".", "--format", "json"),
    ):
        done = _run(root, *args, env=canaries)
        assert done.code == 0, (args, done.stderr)
        outputs.append(done.stdout)
        # The same run from elsewhere, naming the root by its absolute path: same bytes.
        elsewhere = _run(tmp_path, *[str(root) if a == "." else a for a in args], env=canaries)
        assert elsewhere.stdout == done.stdout, args
    text = "\n".join(outputs)
    assert str(tmp_path) not in text
    assert "checkout-7f3a9" not in text
    for value in canaries.values():
        assert value not in text
    assert "services/api/app/client.py" in text


def test_the_traps_are_armed(tmp_path: Path) -> None:
    """The booby traps above do write the marker when run, so their silence means something."""
    marker = tmp_path / "EXECUTED"
    root = _booby_trapped_repo(tmp_path / "repo", marker)
    for trap in ("services/api/setup.py", "services/api/conftest.py", "yaml.py"):
        subprocess.run([sys.executable, str(root / trap)], check=True)
    subprocess.run([sys.executable, "-c", "import yaml"], cwd=root, check=True)
    assert marker.read_text().splitlines() == ["python"] * 4
