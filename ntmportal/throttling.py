"""The API's limit for anonymous clients (API_ANON_RATE), named in settings.REST_FRAMEWORK."""

from rest_framework import throttling

from .security import client_ip


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's limit, counted in fixed windows with one cache increment a request. DRF's own keeps
    each client's list of request times (up to 2,000 at 2000/hour), read and written whole on
    every request. A client may make up to twice the rate around the end of a window."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return self.count(f"{key}:{window}") <= self.num_requests

    def count(self, key):
        """This request's number in its window."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request, or the cache is down
            if self.cache.add(key, 1, self.duration):
                return 1
            try:
                return self.cache.incr(key)  # another worker started the window meanwhile
            except ValueError:
                return 1  # without a cache, nobody is throttled

    def get_ident(self, request):
        # DRF's NUM_PROXIES reads the header the same way, but the rule has one home.
        return client_ip(request)

    def wait(self):
        return self.window_end - self.now
