"""The version of ocopkit, in a module of its own so that every component can read it."""

__version__ = "0.1.0.dev0"
