"""No uploaded file is stored past settings.MAX_UPLOAD_BYTES.

Django would write a large upload whole to a temporary file before any view could look at its size.
This handler, first in FILE_UPLOAD_HANDLERS, passes a file on to the storing handlers only up to the
limit; past it the bytes are read and dropped, and the view gets an `OversizedUpload` that has the
file's name and the size it reached but no content, so the view's own size check refuses it with its
usual message. A request whose whole body is already over the limit stores nothing at all.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

# Room in a request for the form's other fields beside a file of the largest size allowed.
FORM_FIELDS_ALLOWANCE = 64 * 1024


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name and size, and no content."""

    def __init__(self, name, content_type, size, charset=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.MAX_UPLOAD_BYTES
        self.whole_request_too_large = False
        self.size = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.whole_request_too_large = (content_length or 0) > self.limit + FORM_FIELDS_ALLOWANCE

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.size = 0
        if self.whole_request_too_large:
            raise StopFutureHandlers  # nothing of this file reaches a storing handler, not even an empty file

    def receive_data_chunk(self, raw_data, start):
        self.size = start + len(raw_data)
        if self.whole_request_too_large or self.size > self.limit:
            return None  # dropped here: later handlers never see it
        return raw_data

    def file_complete(self, file_size):
        if self.whole_request_too_large or self.size > self.limit:
            return OversizedUpload(self.file_name, self.content_type, self.size, self.charset)
        return None
