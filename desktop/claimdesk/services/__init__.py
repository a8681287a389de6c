"""Use cases that combine the core packages (ingest + nlp + store, store + matching, ...).
Shared by the command line and the window; no Qt here."""
