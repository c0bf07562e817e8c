"""How the portal is served: ntmportal/wsgi.py warms a process before gunicorn forks its workers,
and gunicorn.conf.py's hooks keep the workers' memory shared and their replacement quick."""

import runpy
import sys
from unittest import mock

from django.conf import settings
from django.urls import clear_url_caches, reverse
from django.utils import translation

from ntmportal import wsgi

CONF = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))


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


def test_the_collector_of_a_worker_leaves_what_the_master_loaded_alone():
    with mock.patch("gc.freeze") as freeze:
        CONF["pre_fork"](server=None, worker=None)
    freeze.assert_called_once_with()


def test_a_forked_worker_opens_its_own_database_connections():
    with mock.patch("django.db.connections.close_all") as close_all:
        CONF["post_fork"](server=None, worker=None)
    close_all.assert_called_once_with()


def test_a_leaving_worker_closes_its_connections_flushes_its_logs_and_exits_at_once():
    with (
        mock.patch("django.db.connections.close_all") as close_all,
        mock.patch("logging.shutdown") as shutdown,
        mock.patch("os._exit") as exit_,
    ):
        CONF["worker_exit"](server=None, worker=None)
    close_all.assert_called_once_with()
    shutdown.assert_called_once_with()
    exit_.assert_called_once_with(0)
