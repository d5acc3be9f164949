from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "icssi_testapp"
    default_auto_field = "django.db.models.AutoField"
