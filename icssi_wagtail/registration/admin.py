"""ICSSI › Registrations in the admin: who registered which activity, for the moderators who
may see contacts (``icssi_wagtail.view_activityregistration``). Registrations are never added
or edited there; deleting one forgets its contact (``icssi_forget_registration`` does the
same from the command line)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from ..models.registration import ActivityRegistration


class ViewAndForgetPolicy(ModelPermissionPolicy):
    """Django's model permissions, less adding and changing: a registration is what the
    submitter sent."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


POLICY = ViewAndForgetPolicy(ActivityRegistration)

try:  # Wagtail 8 looks policies up in a registry; 7.4 asks the viewset.
    from wagtail.permissions import register_permission_policy
except ImportError:
    register_permission_policy = None
if register_permission_policy is not None:
    register_permission_policy(ActivityRegistration, POLICY, exact_class=True)


class ActivityRegistrationViewSet(ModelViewSet):
    model = ActivityRegistration
    icon = "form"
    menu_label = _("Registrations")
    name = "activity_registrations"
    inspect_view_enabled = True
    list_display = ["reference", "page", "decision", "language", "channel", "created_at"]
    list_filter = ["decision", "channel", "language"]
    search_fields = ["reference", "contact_email", "contact_name"]
    exclude_form_fields = []
    permission_policy = POLICY
