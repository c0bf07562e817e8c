"""Run every example of docs/api.md against a test server loaded with the seed data.

The shell blocks run one by one with bash (curl failing on any HTTP error), the Python blocks
together, in order, as one script. Examples name the portal's address, replaced by the test
server's; `$PASSWORD` and `$TOKEN` are those of the user `analyst`, made here. Usage:
`.venv/bin/python .ci/api_examples.py` from the project folder.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "api.md"
PORTAL = "https://ntm.example.gov.vn"
PYTHON = sys.executable
PASSWORD = "guide-examples-only"  # noqa: S105 - a throwaway test user
MAKE_ANALYST = f"""
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user = User.objects.create_superuser("analyst", "analyst@localhost", "{PASSWORD}")
print(Token.objects.create(user=user).key)
"""
# curl failing on HTTP errors, quietly, for every shell block.
CURL = 'curl() { command curl --fail-with-body --silent --show-error "$@"; }\n'


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, **kwargs
    )


def blocks(language):
    return re.findall(rf"^```{language}\n(.*?)^```", GUIDE.read_text(), re.M | re.S)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own test server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main():
    folder = Path(tempfile.mkdtemp(prefix="ntm-guide-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'guide.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "guide-examples-only"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "true",  # static files without collectstatic, for the HTML error pages
    }
    env.pop("REDIS_URL", None)  # the server's own memory cache
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed", stdout=subprocess.DEVNULL)
    token = manage(env, "shell", "-c", MAKE_ANALYST, capture_output=True).stdout.split()[-1]
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    passed, failed = 0, 0
    try:
        wait_for(f"{base}/healthz")
        examples = {**env, "PASSWORD": PASSWORD, "TOKEN": token}
        runs = [
            ("bash", ["bash", "-euo", "pipefail", "-c", CURL + block]) for block in blocks("sh")
        ]
        script = "\n\n".join(blocks("python"))
        runs.append(("python", [PYTHON, "-c", script]))
        for language, command in runs:
            command[-1] = command[-1].replace(PORTAL, base)
            run = subprocess.run(  # noqa: S603 - the guide's own examples
                command, cwd=folder, env=examples, capture_output=True, text=True, timeout=300
            )
            if run.returncode == 0:
                passed += 1
                continue
            failed += 1
            print(f"FAILED {language} example:\n{command[-1]}\n{run.stdout}\n{run.stderr}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
