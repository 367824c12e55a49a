from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "onboarding"
    verbose_name = "Opplæring av nyansatte"

    def ready(self):
        from accounts.users import register_user_form_mixin

        from .forms import OnboardingPeriodFormMixin

        register_user_form_mixin(OnboardingPeriodFormMixin)
