from django.dispatch import Signal

# Sent (after commit) when an import changed a plan.
plan_changed = Signal()
