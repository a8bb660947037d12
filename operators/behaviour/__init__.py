"""Behaviour: user events, the base features computed from them, read by `features.*`."""
