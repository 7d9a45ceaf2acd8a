from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_validation_errors(form, error: ValidationError):
    """Show a service's ValidationError next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def first_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


__all__ = ["NON_FIELD_ERRORS", "add_validation_errors", "first_message"]
