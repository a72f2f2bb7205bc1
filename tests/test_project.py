"""The project's promises: layers, packaging files in step, README example true."""

import json
import os
import re
import shutil
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


WHEEL_CHECK = """
import pathlib, sys
import guide
from guide import panels
from guide._presets import data_file
assert "site-packages" in guide.__file__, guide.__file__
presets = guide.load_presets()
assert presets["offer_in_hand"].start.offers == ((5, 2),), presets
assert len(guide.simulate(guide.Params(), runs=20, weeks=3)) == 80
pipe = guide.load_pipeline(data_file("my_pipeline_template.csv"))
built = [cls() for cls in panels.PANELS.values()]
from guide.workshop.roomfile import TEMPLATE, template_root
page = template_root() / "voila" / "templates" / TEMPLATE
assert (page / "conf.json").is_file() and (page / "index.html.j2").is_file(), page
print(len(presets), len(pipe.frame), len(built))
"""


def test_the_package_works_from_a_wheel_outside_the_checkout(tmp_path):
    """pip install . (not editable) must carry the data: presets, parameters, template."""
    source = tmp_path / "source"  # a clean copy: no stale build/ folder can leak in
    for part in ("guide", "data"):
        shutil.copytree(ROOT / part, source / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    wheels = tmp_path / "wheels"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(wheels), str(source)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True).stdout.strip()
    here = next(p for p in sys.path if p.endswith("site-packages"))
    (Path(site) / "deps.pth").write_text(here + "\n")  # numpy and friends, not the checkout
    done = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "-q",
                           *map(str, wheels.glob("*.whl"))], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([str(py), "-c", WHEEL_CHECK], cwd=tmp_path, capture_output=True,
                         text=True, env={**env, "MPLBACKEND": "Agg"}, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert run.stdout.split()[:2] == ["5", "8"]


READER_FORBIDDEN = {
    "a developer's unit or method": r"sd of fit|probit|Shapley",
    "the seed": r"\bSeed\b|\bseed\b",
    "a timing": r"\b\d+(\.\d+)? ?ms\b",
    "a raw Python value": r"\bTrue\b|\bFalse\b|\bNone\b|\bNaN\b",
    # (a pipeline file's column names are what a reader types, so they may be shown)
    "a code name": r"\b(in_process|hands_on|too_close|net_value|p_job|low_value|choice_high|"
                   r"final_round|day_or_more|no_show|not_a_fit)\b",
    "a traceback": r"Traceback|\bdtype\b",
}


def reader_texts(nb: dict):
    """What a reader of a saved notebook sees: outputs, and the text widgets' values."""
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if "text" in out:
                yield f"cell {i}", "".join(out["text"])
            for mime, value in out.get("data", {}).items():
                if mime in ("text/plain", "text/html", "text/markdown"):
                    text = "".join(value) if isinstance(value, list) else value
                    text = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", text, flags=re.S)
                    yield f"cell {i}", re.sub(r"<[^>]+>", " ", text)
    widgets = nb.get("metadata", {}).get("widgets", {})
    state = widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        if model.get("model_name") in ("HTMLModel", "LabelModel"):
            yield "a saved widget", re.sub(r"<[^>]+>", " ", str(model["state"].get("value", "")))


def test_saved_notebooks_speak_a_readers_words():
    """No developer's units, seeds, timings, raw values or code names in what a reader sees."""
    found = []
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        for where, text in reader_texts(nb):
            for what, pattern in READER_FORBIDDEN.items():
                for m in re.finditer(pattern, text):
                    found.append(f"{path.name}, {where}: {what}: "
                                 f"...{text[max(0, m.start() - 40):m.end() + 20]!r}")
    assert not found, "\n".join(found[:20])


def test_every_saved_chart_has_words_a_screen_reader_can_read():
    """Every chart image in a saved notebook carries a text alternative in numbers."""
    import html

    missing, charts_seen = [], 0
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" in data and "text/html" not in data:
                    missing.append(f"{path.name}, cell {i}: a picture with no words")
                page = "".join(data.get("text/html", ""))
                for tag in re.findall(r"<img\b[^>]*>", page):
                    charts_seen += 1
                    alt = re.search(r'\balt="([^"]*)"', tag)
                    words = html.unescape(alt.group(1)) if alt else ""
                    if not words.startswith("Chart") or not re.search(r"\d", words):
                        missing.append(f"{path.name}, cell {i}: alt={words[:60]!r}")
    assert charts_seen >= 10
    assert not missing, "\n".join(missing)


def guide_imports() -> dict[str, set[str]]:
    """For every module of the package, the package's modules it imports (anywhere in it)."""
    import ast

    root = ROOT / "guide"
    names = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        tree = ast.parse(path.read_text())
        for block in ast.walk(tree):  # imports for type checkers only are not run
            if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING":
                block.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([base] if base else [])])
                for alias in node.names:  # ``from . import x`` may name a module
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in names else base)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in names and m != name}
    return graph


def test_the_package_has_no_import_cycle_and_no_long_module():
    graph = guide_imports()
    assert "guide.workshop.roomfile" in graph["guide.workshop.room_server"]  # the walk works
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            cycle = " -> ".join((*path[path.index(name):], name))
            raise AssertionError(f"import cycle: {cycle}")
        if name in done:
            return
        for other in sorted(graph[name]):
            if not other.startswith(name + "."):  # a package's __init__ re-exports its own
                visit(other, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(packages["packages"])
    unlisted = {name for name, deps in graph.items() if (ROOT / name.replace(".", "/")).is_dir()
                and name not in listed}
    assert not unlisted, f"subpackages the wheel would leave out: {unlisted}"
    long = {p.name: n for p in (ROOT / "guide").rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 480}
    assert not long, f"modules over about 400 lines: {long}"


def test_the_kubernetes_example_says_what_the_tested_hub_config_says(monkeypatch):
    """deploy/z2jh/ is not run here (no Kubernetes): it must match the tested config."""
    from traitlets.config import Config

    from guide import _hub

    config, path = Config(), ROOT / "deploy" / "jupyterhub_config.py"
    monkeypatch.delenv("GUIDE_HUB_TRYOUT", raising=False)
    exec(compile(path.read_text(), str(path), "exec"),
         {"get_config": lambda: config, "__file__": str(path)})
    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
    user = values["singleuser"]
    assert user["args"] == config.Spawner.args.get_value([])
    assert set(user["extraEnv"]) == set(config.Spawner.environment.get_value({})) == {
        _hub.URL_VAR, "JUPYTER_PATH", "GUIDE_CHECKOUT"}
    assert user["extraEnv"]["JUPYTER_PATH"] == \
        user["extraEnv"]["GUIDE_CHECKOUT"] + "/guide/workshop/jupyter"
    assert user["defaultUrl"] == config.Spawner.default_url
    assert user["cmd"][-2:] == list(config.Spawner.cmd)[-2:] == ["-m", "guide.workshop.hub_user"]
    assert user["memory"] == {"guarantee": config.Spawner.mem_guarantee,
                              "limit": config.Spawner.mem_limit}
    assert user["cpu"] == {"guarantee": config.Spawner.cpu_guarantee,
                           "limit": config.Spawner.cpu_limit}
    assert values["hub"]["config"]["Spawner"]["server_token_scopes"] == \
        list(config.Spawner.server_token_scopes)
    lists = {k: getattr(config.JupyterHub, k).get_value([]) for k in ("services",
                                                                      "load_roles")}
    roles = {r["name"]: r for r in lists["load_roles"]}
    for name, role in values["hub"]["loadRoles"].items():
        assert role["scopes"] == roles[name]["scopes"]
    assert set(values["hub"]["config"]["JupyterHub"]["extra_user_scopes"]) == \
        config.JupyterHub.extra_user_scopes.get_value(set())
    assert set(values["hub"]["services"]) == {s["name"] for s in lists["services"]
                                              if s["name"] != "idle-culler"}
    pod = list(yaml.safe_load_all((ROOT / "deploy" / "z2jh" / "poll-service.yaml")
                                  .read_text()))[2]["spec"]["template"]["spec"]
    assert pod["containers"][0]["command"][-1] == "guide.workshop.hub_service"
