"""The application's settings plus one bare view, for the HTTP benchmark only."""

from trygghetspris.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
