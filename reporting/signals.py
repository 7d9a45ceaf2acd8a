from django.dispatch import Signal

# Sent (after commit) when approved data changes: items approved, or an approved item reopened.
published_data_changed = Signal()
