"""How the portal is served: ntmportal/wsgi.py warms a process before gunicorn forks its workers,
and gunicorn.conf.py's hooks keep the workers' memory shared and their replacement quick."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from unittest import mock

from django.conf import settings
from django.urls import clear_url_caches, reverse
from django.utils import translation

from ntmportal import wsgi


def site_templates():
    folder = settings.TEMPLATES[0]["DIRS"][0]
    return {str(path.relative_to(folder)) for path in folder.glob("**/*.html")}


def test_warm_up_compiles_every_template_of_the_site():
    with mock.patch("django.template.loader.get_template") as get_template:
        wsgi.warm_up()
    assert {call.args[0] for call in get_template.call_args_list} == site_templates()


def python_calls(function):
    """How many Python functions `function()` calls, however deep: what it costs, as a count."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event == "call"

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


def test_after_warm_up_the_first_address_of_each_language_costs_what_a_later_one_does():
    clear_url_caches()  # as a new process starts
    wsgi.warm_up()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in ("admin:index", "programs:home", "news:article_list", "search"):
                # Filling a resolver's tables takes some 30,000 calls; a reverse() about 50.
                assert python_calls(lambda name=name: reverse(name)) < 1000, (code, name)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_from_replaced_workers_and_stops_cleanly(tmp_path):
    """gunicorn.conf.py as production runs it: the preloaded master forks workers that answer
    from the database, a worker that has served its requests is replaced by one that serves in
    turn (the hooks run on each fork and exit), and the master stops cleanly. What the hooks
    save (shared memory, a quick replacement) is measured by `make bench`, not here."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ntmportal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "serving-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_MAX_REQUESTS": "3",
        "GUNICORN_ACCESS_LOG": "",
    }
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "ntmportal.wsgi"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            for _attempt in range(600):  # until it listens; a failsafe, not a measure
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
            statuses = [
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").status  # noqa: S310
                for _request in range(12)
            ]
        finally:
            server.send_signal(signal.SIGTERM)
            returncode = server.wait(timeout=60)
    assert statuses == [200] * 12
    assert returncode == 0, log.read_text()
    # Two workers at the start, and more that replaced those that had served three requests.
    assert log.read_text().count("Booting worker") > 2
