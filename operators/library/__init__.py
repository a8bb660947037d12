"""The built-in operator library, one module per family."""
