"""JupyterHub for a course: the guide for every user, and one class poll for all of them.

Every user gets their own copy of the notebooks, the participants' app as their landing
page, and one class poll shared by everyone (README, "A class of 30 to 300").

Use it as the hub's configuration (``jupyterhub -f deploy/jupyterhub_config.py``), or drop
it into The Littlest JupyterHub's ``/opt/tljh/config/jupyterhub_config.d/``. It sets what
the guide needs and leaves the login and the spawner to the site, except in the test
(``GUIDE_HUB_TEST=1``: anyone may log in with the password in ``GUIDE_HUB_PASSWORD``, and
every user's server runs as this account under ``GUIDE_HUB_HOMES``).

Settings (environment variables, all optional):

- ``GUIDE_CHECKOUT``: the guide's folder whose ``notebooks/`` and ``data/`` each user
  gets a copy of (default: the folder above this file).
- ``GUIDE_PYTHON``: the Python with the guide installed (default: the hub's own).
- ``GUIDE_HUB_URL``: where the hub listens (default ``http://127.0.0.1:8000``; behind
  a TLS proxy on a real server, as your hub's documentation describes).
- ``GUIDE_POLL_PORT``: the class poll service's port on this machine (10101).
- ``GUIDE_HUB_POLL_DIR``: where the class poll keeps its answers.
- ``GUIDE_FACILITATORS``: user names (comma-separated) put in the ``facilitators``
  group at start; they can start poll sessions, reveal the model and export answers.
- ``GUIDE_MEM_LIMIT`` / ``GUIDE_CPU_LIMIT``: per-user limits, enforced by spawners that
  support them (systemd in The Littlest JupyterHub, Kubernetes); README gives the
  measured figures they come from.
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

CHECKOUT = Path(os.environ.get("GUIDE_CHECKOUT") or Path(__file__).resolve().parent.parent)
PYTHON = os.environ.get("GUIDE_PYTHON") or sys.executable
POLL_PORT = int(os.environ.get("GUIDE_POLL_PORT") or 10101)
POLL = "guide-poll"
FOLDER = "attend-or-cancel"  # in each user's home: their own copy of the guide
TEMPLATES = CHECKOUT / "guide" / "workshop" / "jupyter"  # the app's page (no outside links)

c.JupyterHub.bind_url = os.environ.get("GUIDE_HUB_URL") or "http://127.0.0.1:8000"
c.JupyterHub.hub_ip = "127.0.0.1"

# --- the class poll and the idle culler, run and authenticated by the hub -----------------
c.JupyterHub.services = [
    {"name": POLL, "url": f"http://127.0.0.1:{POLL_PORT}",
     "command": [PYTHON, "-m", "guide.workshop.hub_service"],
     "environment": {k: os.environ[k] for k in ("GUIDE_HUB_POLL_DIR", "HOME")
                     if os.environ.get(k)} | {"GUIDE_FACILITATOR_GROUP": "facilitators"},
     "display": False},
    {"name": "idle-culler",
     "command": [PYTHON, "-m", "jupyterhub_idle_culler", "--timeout=3600"]},
]
c.JupyterHub.load_roles = [
    # every user may reach the poll (the service itself says who may do what)
    {"name": "user", "scopes": ["self", f"access:services!service={POLL}"]},
    {"name": POLL, "services": [POLL], "scopes": ["read:groups!group=facilitators"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
c.JupyterHub.load_groups = {"facilitators": {"users": [
    n.strip() for n in os.environ.get("GUIDE_FACILITATORS", "").split(",") if n.strip()]}}

# --- each user's server: the app first, the notebooks in JupyterLab, no news pop-ups -----
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", f"access:services!service={POLL}"]
c.Spawner.environment = {
    "GUIDE_HUB_POLL_URL": f"http://127.0.0.1:{POLL_PORT}/services/{POLL}",
    "JUPYTER_PATH": str(TEMPLATES),
}
c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = f"/voila/render/{FOLDER}/notebooks/app.ipynb"
c.Spawner.args = [
    "--VoilaConfiguration.template=guide-app", "--VoilaConfiguration.strip_sources=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
if os.environ.get("GUIDE_MEM_LIMIT"):
    c.Spawner.mem_limit = os.environ["GUIDE_MEM_LIMIT"]
if os.environ.get("GUIDE_CPU_LIMIT"):
    c.Spawner.cpu_limit = float(os.environ["GUIDE_CPU_LIMIT"])


def give_the_guide(spawner) -> None:
    """Copy the guide's notebooks and data into the user's home, once.

    A user's copy is theirs: it is never overwritten, so nothing they saved is lost when
    their server restarts; delete the folder to get a fresh copy.
    """
    home = Path(getattr(spawner, "home_dir", "") or Path("~" + spawner.user.name).expanduser())
    target = home / FOLDER
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for part in ("notebooks", "data"):
        if not (target / part).exists():
            shutil.copytree(CHECKOUT / part, target / part, ignore=skip)
    try:
        account = pwd.getpwnam(spawner.user.name)
    except KeyError:
        return  # no such account: every server runs as the hub's own (as in the test)
    if os.geteuid() == 0:  # a hub run as root gives the copy to its user
        for path in (target, *target.rglob("*")):
            os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = give_the_guide

# --- only for the guide's own tests: anyone logs in with one password, as this account ----
if os.environ.get("GUIDE_HUB_TEST"):
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["GUIDE_HUB_PASSWORD"]
    c.Authenticator.allow_all = True
    if os.geteuid() == 0:  # a container or CI machine runs everything as root
        c.Spawner.args.append("--allow-root")
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.environ["GUIDE_HUB_HOMES"] + "/{username}"
    c.Spawner.start_timeout = 120
    c.JupyterHub.db_url = "sqlite:///" + os.environ["GUIDE_HUB_HOMES"] + "/jupyterhub.sqlite"
    c.JupyterHub.cookie_secret_file = os.environ["GUIDE_HUB_HOMES"] + "/cookie_secret"
    c.ConfigurableHTTPProxy.command = [os.environ.get("GUIDE_CHP", "configurable-http-proxy")]
    c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:" + os.environ.get("GUIDE_CHP_PORT", "8001")
    c.JupyterHub.hub_port = int(os.environ.get("GUIDE_HUB_PORT", "8081"))
    if os.environ.get("GUIDE_HUB_TEST_TOKEN"):  # the test's own hand on the hub
        c.JupyterHub.services.append({"name": "guide-test",
                                      "api_token": os.environ["GUIDE_HUB_TEST_TOKEN"]})
        c.JupyterHub.load_roles.append({
            "name": "guide-test", "services": ["guide-test"],
            "scopes": ["admin:users", "admin:servers", "tokens", "read:groups"]})
