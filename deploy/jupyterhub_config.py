"""JupyterHub for a course: the guide for every user, and one class poll for all of them.

Every user gets their own copy of the notebooks, the participants' app as their landing
page, and one class poll shared by everyone (README, "A class of 30 to 300").

Use it as the hub's configuration (``jupyterhub -f deploy/jupyterhub_config.py``), or drop
it into The Littlest JupyterHub's ``/opt/tljh/config/jupyterhub_config.d/``. It sets what
the guide needs and leaves the login and the spawner to the site, except in a try-out on
one machine (``make hub``) and the guide's tests (``GUIDE_HUB_TRYOUT=1``: any user name
logs in with the password in ``GUIDE_HUB_PASSWORD``, and every user's server runs as this
account, with its home under ``GUIDE_HUB_HOMES``).

Settings (environment variables, all optional):

- ``GUIDE_CHECKOUT``: the guide's folder whose ``notebooks/`` and ``data/`` each user
  gets a copy of (default: the folder above this file).
- ``GUIDE_PYTHON``: the Python with the guide installed (default: the hub's own).
- ``GUIDE_HUB_URL``: where the hub listens (``http://127.0.0.1:8000`` in a try-out;
  unset, the site's own setting stays, e.g. TLJH's proxy with TLS in front).
- ``GUIDE_POLL_PORT``: the class poll service's port on this machine (10101).
- ``GUIDE_HUB_POLL_DIR``: where the class poll keeps its answers.
- ``GUIDE_FACILITATORS``: user names (comma-separated) put in the ``facilitators``
  group at start; they can start poll sessions, reveal the model and export answers.
- ``GUIDE_MEM_LIMIT`` / ``GUIDE_CPU_LIMIT``: per-user limits (600M and 1 core by
  default, from the figures README gives), enforced by spawners that support them
  (systemd in The Littlest JupyterHub, Kubernetes).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

CHECKOUT = Path(os.environ.get("GUIDE_CHECKOUT") or Path(__file__).resolve().parent.parent)
PYTHON = os.environ.get("GUIDE_PYTHON") or sys.executable
POLL_PORT = int(os.environ.get("GUIDE_POLL_PORT") or 10101)
POLL = "guide-poll"
TEMPLATES = CHECKOUT / "guide" / "workshop" / "jupyter"  # the app's page (no outside links)

TRYOUT = bool(os.environ.get("GUIDE_HUB_TRYOUT"))
if os.environ.get("GUIDE_HUB_URL") or TRYOUT:  # otherwise the site's (TLJH's proxy) stays
    c.JupyterHub.bind_url = os.environ.get("GUIDE_HUB_URL") or "http://127.0.0.1:8000"
    c.JupyterHub.hub_ip = "127.0.0.1"

# --- the class poll and the idle culler, run and authenticated by the hub -----------------
# added to what the site already has (TLJH's own services, roles and groups stay)
c.JupyterHub.services.append(
    {"name": POLL, "url": f"http://127.0.0.1:{POLL_PORT}",
     "command": [PYTHON, "-m", "guide.workshop.hub_service"],
     "environment": {k: os.environ[k] for k in ("GUIDE_HUB_POLL_DIR", "HOME")
                     if os.environ.get(k)} | {"GUIDE_FACILITATOR_GROUP": "facilitators"},
     "display": False})
c.JupyterHub.extra_user_scopes.update([f"access:services!service={POLL}"])  # every user
c.JupyterHub.load_roles.append(
    {"name": POLL, "services": [POLL], "scopes": ["read:groups!group=facilitators"]})
c.JupyterHub.load_groups.update({"facilitators": {"users": [
    n.strip() for n in os.environ.get("GUIDE_FACILITATORS", "").split(",") if n.strip()]}})
if os.environ.get("GUIDE_HUB_CULLER", "1") != "0":  # TLJH culls already: set it to 0 there
    c.JupyterHub.services.append(
        {"name": "idle-culler",
         "command": [PYTHON, "-m", "jupyterhub_idle_culler", "--timeout=3600"]})
    c.JupyterHub.load_roles.append(
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})

# --- each user's server: the app first, the notebooks in JupyterLab, no news pop-ups -----
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", f"access:services!service={POLL}"]
c.Spawner.environment.update({
    "GUIDE_HUB_POLL_URL": f"http://127.0.0.1:{POLL_PORT}/services/{POLL}",
    "JUPYTER_PATH": str(TEMPLATES),
    "GUIDE_CHECKOUT": str(CHECKOUT),
})
# the user's own copy of the guide (made once, in their home, as them), then the server
c.Spawner.cmd = [PYTHON, "-m", "guide.workshop.hub_user"]
c.Spawner.default_url = "/voila/render/attend-or-cancel/notebooks/app.ipynb"
c.Spawner.args.extend([
    "--VoilaConfiguration.template=guide-app", "--VoilaConfiguration.strip_sources=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
])
# from `make hub-load` (README): a user's server and app kernel about 260 MB, 400 MB with
# notebook 2 running too (panels keep up to 45 MB of settings on top); 0.05 of a core
# while they move a slider every 3 s. A site's own limits (TLJH's limits.memory) stay.
LIMITS = {"mem_guarantee": "300M", "mem_limit": os.environ.get("GUIDE_MEM_LIMIT") or "600M",
          "cpu_guarantee": 0.05, "cpu_limit": float(os.environ.get("GUIDE_CPU_LIMIT") or 1)}
for name, value in LIMITS.items():
    if name not in c.Spawner:
        setattr(c.Spawner, name, value)



# --- a try-out on one machine, and the guide's tests: one password, as this account -------
if TRYOUT:
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
    c.ConfigurableHTTPProxy.pid_file = os.environ["GUIDE_HUB_HOMES"] + "/proxy.pid"
    c.ConfigurableHTTPProxy.command = [os.environ.get("GUIDE_CHP", "configurable-http-proxy")]
    c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:" + os.environ.get("GUIDE_CHP_PORT", "8001")
    c.JupyterHub.hub_port = int(os.environ.get("GUIDE_HUB_PORT", "8081"))
    if os.environ.get("GUIDE_HUB_TEST_TOKEN"):  # the test's own hand on the hub
        c.JupyterHub.services.append({"name": "guide-test",
                                      "api_token": os.environ["GUIDE_HUB_TEST_TOKEN"]})
        c.JupyterHub.load_roles.append({
            "name": "guide-test", "services": ["guide-test"],
            "scopes": ["admin:users", "admin:servers", "tokens", "read:groups"]})
