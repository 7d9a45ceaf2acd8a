"""The steps every page that writes shares: call the service with the form's data, show its refusal."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from front.forms.errors import add_validation_errors, first_message


def form_saved(request, form, save, message=None):
    """Bind → service → errors. On a POST whose form is valid, call `save(data)` with a copy of the cleaned
    data, or `save(data, version)` when the form carries the record's version. A ValidationError from the
    service is shown beside the fields it names and None returned; otherwise `message` is flashed and the
    service's result returned (True when it gives none)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    arguments = (data, data.pop("version")) if "version" in data else (data,)
    try:
        result = save(*arguments)
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    if message:
        messages.success(request, message)
    return True if result is None else result


def action_done(request, action, message=None, refused=None):
    """A button that only acts (delete, retry, reopen, submit): call `action()`. A ValidationError becomes an
    error message (`refused` with %(error)s, or the error itself) and None is returned; otherwise `message`
    is flashed and the action's result returned (True when it gives none)."""
    try:
        result = action()
    except ValidationError as error:
        text = first_message(error)
        messages.error(request, refused % {"error": text} if refused else text)
        return None
    if message:
        messages.success(request, message)
    return True if result is None else result
