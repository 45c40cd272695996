"""Security tests (issue #16): roles from verified claims, upload guards, injection; no AppTest here."""
