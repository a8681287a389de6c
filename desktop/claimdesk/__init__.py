"""Claimdesk: label checkable claims across news articles."""


def __getattr__(name: str):
    # `__version__` is looked up on first use: reading the installed metadata costs a
    # command-line call tens of milliseconds, and most calls never print the version
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("claimdesk")
        except PackageNotFoundError:  # running from a checkout without installation
            value = "0.0.0+local"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'claimdesk' has no attribute {name!r}")
