"""The WSGI application gunicorn serves in the load and fault run."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")
application = get_wsgi_application()
