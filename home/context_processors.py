"""Template context every intranet page needs."""

from .emergency import EMERGENCY_NUMBERS


def intranet(request):
    return {"emergency_numbers": EMERGENCY_NUMBERS}
