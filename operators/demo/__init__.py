"""The demo scene: a synthetic catalogue in Redis and the `home_feed` graph over it."""
