from core.numbering import is_activity_number, is_printed_number, parent_number, sort_key, top_number

__all__ = ["is_activity_number", "is_printed_number", "parent_number", "sort_key", "top_number"]
