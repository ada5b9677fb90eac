"""The version of referat (one place; the package and the corpus store read it)."""

__version__ = "0.1.0"
