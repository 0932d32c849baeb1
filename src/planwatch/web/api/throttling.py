"""The API's rate limits, counted in the cache every server process shares (settings
``CACHES["shared"]``): with one count per process, each of the workers would allow the full rate."""

from django.core.cache import caches
from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = caches["shared"]


class UserRateThrottle(throttling.UserRateThrottle):
    cache = caches["shared"]
