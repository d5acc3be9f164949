"""A site's own app for the test suite: subclasses of the app's page types, as a host writes
them to add fields of its own (tests/test_subclasses.py)."""
