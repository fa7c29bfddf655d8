"""Code the tests and the benchmarks share: catalogue builders, the e2e catalogue's service ids,
a real Sanic server for a channel's blueprint. No tests here."""
