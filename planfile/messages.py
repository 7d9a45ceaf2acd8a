"""pydantic's errors as the plan file's messages: in Lithuanian, naming section, entry and field.

"activities, įrašas 14 (8.1), biudžeto eilutė 1: amount: „12 0139,15“ nėra suma eurais"
"""

from django.utils.translation import gettext as _

# What an entry of a nested list is called in a message.
NESTED_ENTRY = {
    "objectives": "uždavinys",
    "budget_lines": "biudžeto eilutė",
    "baselines": "pradinė reikšmė",
}
MONEY_FIELDS = {"amount", "vat"}


def shown(value):
    """A value as a person wrote it, for a message (never a Python dict or list)."""
    if isinstance(value, dict):
        return _("laukų rinkinys")
    if isinstance(value, list):
        return _("sąrašas")
    return "" if value is None else str(value)


def where(section, index, name=None):
    label = _("%(section)s, įrašas %(index)s") % {"section": section, "index": index}
    return f"{label} ({name})" if name else label


def _entry_name(entry):
    if isinstance(entry, dict):
        for key in ("number", "code", "name"):
            value = entry.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()[:40]
    return None


def _nested_label(key, index):
    if key in NESTED_ENTRY:
        return _("%(entry)s %(index)s") % {"entry": _(NESTED_ENTRY[key]), "index": index}
    return _("%(key)s, įrašas %(index)s") % {"key": key, "index": index}


def locate(data, loc):
    """(where, field) for an error's location in the file's data: ("activities, įrašas 3 (2.1)", "amount")."""
    labels, fields = [], []
    node = data
    for position, step in enumerate(loc):
        node = node[step] if _has(node, step) else None
        if isinstance(step, int):
            key = fields[-1] if fields else ""
            if position == 1:
                labels = [where(key, step + 1, _entry_name(node))]
            else:
                labels.append(_nested_label(key, step + 1))
            fields = []
        else:
            fields.append(str(step))
    if not fields:
        return ", ".join(labels), ""
    if not labels:
        return ".".join(fields[:-1]), fields[-1]
    return ", ".join(labels), ".".join(fields)


def _has(node, step):
    if isinstance(node, dict):
        return step in node
    if isinstance(node, list):
        return isinstance(step, int) and 0 <= step < len(node)
    return False


def describe(error, data):
    """One Lithuanian sentence for one pydantic error."""
    place, field = locate(data, error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = shown(ctx.get("value", error.get("input")))
    values = {"field": field, "value": value, **{k: v for k, v in ctx.items() if k != "value"}}
    message = _message(kind, values, error)
    return f"{place}: {message}" if place else message


def _message(kind, values, error):
    field = values["field"]
    if kind in ("missing", "required"):
        if field in MONEY_FIELDS:
            return _("trūksta sumos „%(field)s“") % values
        return _("trūksta lauko „%(field)s“") % values
    messages = {
        "text": _("laukas „%(field)s“ turi būti tekstas"),
        "too_long": _("laukas „%(field)s“ ilgesnis nei %(max)s simbolių"),
        "printed_number": _(
            "%(field)s: „%(value)s“ nėra numeris, kaip jį rašo planas (pvz., 8, 8.1, I, I.1.1, a; iki 20 simbolių)"
        ),
        "money": _("%(field)s: „%(value)s“ nėra suma eurais"),
        "money_negative": _("%(field)s: suma negali būti neigiama"),
        "money_too_big": _("%(field)s: suma per didelė"),
        "number": _("%(field)s: „%(value)s“ nėra skaičius"),
        "number_too_big": _("%(field)s: skaičius per didelis"),
        "date": _("%(field)s: „%(value)s“ nėra data (MMMM-MM-DD)"),
        "positive_integer": _("%(field)s: „%(value)s“ nėra teigiamas sveikasis skaičius"),
        "year": _("%(field)s: „%(value)s“ nėra metai (pvz., 2025)"),
        "boolean": _("%(field)s: turi būti true arba false"),
        "choice": _("%(field)s: „%(value)s“ – galimos reikšmės: %(choices)s"),
        "codes": _("„%(field)s“ turi būti kodų sąrašas, pvz., [G1, T2]"),
        "list_type": _("„%(field)s“ turi būti sąrašas"),
    }
    if kind in messages:
        return messages[kind] % values
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not field:
            return _("įrašas turi būti laukų rinkinys")
        return _("„%(field)s“ turi būti laukų rinkinys") % values
    if kind == "plan_rule":  # a rule of one entry, with its own sentence (see schema.rule)
        return f"{field}: {values['message']}" if field else values["message"]
    return _("%(field)s: netinkama reikšmė „%(value)s“") % values
