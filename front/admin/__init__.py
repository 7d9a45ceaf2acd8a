"""The operators' admin: every model's registration, loaded when Django discovers `front.admin`."""

from front.admin import (  # noqa: F401
    accounts,
    activities,
    budget,
    indicators,
    networking,
    opendata,
    plans,
    reporting,
    schools,
)
