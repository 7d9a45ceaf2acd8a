"""The operators' admin: every model's registration, loaded when Django discovers `front.admin`."""

from front.admin import accounts, activities, budget, indicators, networking, plans, reporting, schools  # noqa: F401
