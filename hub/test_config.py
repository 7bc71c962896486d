# The hub the tests start (hub/hubtest.py): the course's configuration, on loopback, with its
# state in a temporary folder, JupyterHub's DummyAuthenticator (tests create students through the
# REST API), and a service token for the tests that may create and delete users, start and stop their
# servers, and make tokens for them.
import os
from pathlib import Path

load_subconfig(str(Path(__file__).resolve().parent / "jupyterhub_config.py"))  # noqa: F821

state = Path(os.environ["FOUNDATIONS_HUB_TEST_STATE"])
port = int(os.environ["FOUNDATIONS_HUB_PORT"])
c.JupyterHub.authenticator_class = "dummy"  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"  # noqa: F821
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 1}"  # noqa: F821
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"  # noqa: F821
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"  # noqa: F821
c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")  # noqa: F821
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")  # noqa: F821
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")  # noqa: F821
c.JupyterHub.services.append({"name": "tests", "api_token": os.environ["FOUNDATIONS_HUB_TEST_TOKEN"]})  # noqa: F821
c.JupyterHub.load_roles.append(  # noqa: F821
    {"name": "tests", "scopes": ["admin:users", "admin:servers", "tokens"], "services": ["tests"]}
)
