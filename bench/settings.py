"""The production settings, with the benchmark's two reference views added (bench/urls.py) and the
`bench` app, whose `generate_volume` command invents the national volume: the product never
installs it, so `make run` and `seed` cannot load invented data."""

from ntmportal.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
