"""What editors see in Wagtail's admin beyond the panels: admin forms and widgets, the
activity listing with its filters, and the dashboard panel.

Not Django's admin: nothing here registers with ``django.contrib.admin``.
"""
