"""The WSGI application gunicorn serves in the load run (``python -m benchmarks.load``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")
application = get_wsgi_application()
