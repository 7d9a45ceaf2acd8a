from core.numbering import is_activity_number, is_printed_number, parent_number, sort_key

__all__ = ["is_activity_number", "is_printed_number", "parent_number", "sort_key"]
