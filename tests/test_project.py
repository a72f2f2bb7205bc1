"""The project's promises: layers, packaging files in step, README example true."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import guide

ROOT = Path(__file__).resolve().parents[1]


def requirement_names(reqs):
    return {re.split(r"[<>=!~ \[]", r, maxsplit=1)[0].strip().lower() for r in reqs}


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_side = {r.replace(" ", "") for r in
                project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_side = {d.replace(" ", "") for d in env["dependencies"]
                  if isinstance(d, str) and not d.startswith(("python=", "pip"))}
    assert conda_side == pip_side
    assert "pip" in env["dependencies"]


def test_postbuild_installs_the_package_in_a_fresh_virtual_environment(tmp_path):
    """repo2docker runs postBuild after environment.yml; it must install the package."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
           "VIRTUAL_ENV": str(venv), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", str(ROOT / "postBuild")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib.util, pathlib; s = importlib.util.find_spec('guide'); "
         "print(pathlib.Path(s.origin).parent)"], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == str(ROOT / "guide")


def test_every_public_name_imports():
    for name in guide.__all__:
        assert getattr(guide, name) is not None, name


def test_model_layer_imports_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, guide; guide.simulate(guide.Params(), runs=5, weeks=2); "
            "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(bad); sys.exit(bool(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def readme_example():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example -->\s*```python\n(.*?)```\s*```text\n(.*?)```", text,
                      re.S)
    assert block, "README.md has lost its marked example"
    return block.group(1), block.group(2)


def test_readme_example_prints_what_readme_shows():
    code, shown = readme_example()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == shown.strip()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make test" in ci
