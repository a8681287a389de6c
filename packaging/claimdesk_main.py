"""The bundle's entry point: the same `claimdesk` command the wheel installs."""

from claimdesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
