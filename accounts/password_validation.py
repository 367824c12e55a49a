"""Password rules with their messages in Norwegian.

Django 5.2 changed the wording of the minimum-length error, and its Norwegian catalogue has not
caught up, so staff would see that one message in English.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return (
            ngettext(
                "Passordet er for kort. Det må ha minst %d tegn.",
                "Passordet er for kort. Det må ha minst %d tegn.",
                self.min_length,
            )
            % self.min_length
        )
