"""The API's error answers: JSON with a code and the message in Lithuanian and in English."""

from django.http import JsonResponse

MESSAGES = {
    "unauthorized": (
        "Trūksta galiojančio API rakto (Authorization: Bearer …), arba jis atšauktas ar nebegalioja.",
        "A valid API key is missing (Authorization: Bearer …), or it was revoked or has expired.",
    ),
    "not_found": ("Tokio įrašo nėra.", "No such record."),
    "bad_request": ("Netinkami užklausos parametrai.", "The request's parameters are not valid."),
    "bad_cursor": ("Netinkamas puslapio žymeklis (cursor).", "The page cursor is not valid."),
    "bad_period": (
        "Laikotarpis turi būti, pvz., 2025-Q4, 2025-H2, 2025 arba all.",
        "The period must be like 2025-Q4, 2025-H2, 2025 or all.",
    ),
    "rate_limited": (
        "Per daug užklausų per minutę; pabandykite po minutės.",
        "Too many requests in a minute; try again in a minute.",
    ),
    "method_not_allowed": ("API skirtas tik skaityti.", "The API is read-only."),
}
STATUS = {
    "unauthorized": 401,
    "not_found": 404,
    "bad_request": 422,
    "bad_cursor": 400,
    "bad_period": 400,
    "rate_limited": 429,
    "method_not_allowed": 405,
}


class ApiError(Exception):
    def __init__(self, code, detail=None):
        super().__init__(code)
        self.code = code
        self.detail = detail


def error_body(code, detail=None):
    lt, en = MESSAGES[code]
    body = {"error": {"code": code, "message": {"lt": lt, "en": en}}}
    if detail is not None:
        body["error"]["detail"] = detail
    return body


def error_response(code, detail=None):
    response = JsonResponse(error_body(code, detail), status=STATUS[code])
    if code == "unauthorized":
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    if code == "rate_limited":
        response["Retry-After"] = "60"
    return response
