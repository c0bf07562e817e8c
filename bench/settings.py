"""The production settings, with the benchmark's two reference views added (bench/urls.py)."""

from ntmportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
