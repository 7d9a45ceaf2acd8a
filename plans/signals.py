from django.dispatch import Signal

# Sent when an import changed a plan (argument `plan`), after the import's own transaction block. A caller
# may still hold an outer transaction, so a receiver that starts background work defers it with
# `transaction.on_commit`.
plan_changed = Signal()
