"""Everything Qt. Nothing outside this package imports PySide6 (import-linter checks it)."""
