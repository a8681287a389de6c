"""Claimdesk: label checkable claims across news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimdesk")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0.0.0+local"
