"""Organisations register their own activities (docs/registration.md).

A request's path: ``ActivityRegistrationPage.serve`` (models) → ``views.serve_form`` →
``ActivityRegistrationForm`` (forms) → ``moderation.register`` (a draft activity, an
organisation awaiting review where needed, Wagtail's moderation workflow, the contact kept
apart in ``ActivityRegistration``) → ``emails``. ``api.RegistrationEndpoint`` takes the same
form as JSON. Nothing is public before a moderator publishes the activity.
"""
