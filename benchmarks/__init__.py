"""The benchmark of icssi_wagtail (``make bench``; see docs/performance.md).

Not part of the package: it seeds a bench database, requests the app's pages and endpoints
in-process with Django's test client, and the stock-Wagtail ways of doing the same, beside them.
"""
