"""Reading the bytes of a plan file into YAML data, safely: size, encoding and nesting are checked
before the YAML parser builds anything, and every refusal says where and what to do.

libyaml builds nested collections recursively in C: a file of 50 000 nested `[` would overflow the
stack and kill the process. The event stream is flat, so the nesting depth is measured on it
first, and the file is refused before any object is built. The same pass refuses aliases (`*name`:
a plan file never needs them, and they multiply a small file into a huge plan) and counts the
records, so that checking a file stays quick.
"""

import yaml
from django.utils.translation import gettext as _


class PlanFileError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 20  # a plan file needs 6 levels (activities → activity → budget_lines → line)
MAX_RECORDS = 20_000  # the Kaunas plan has about 2 600
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there: ten times faster
OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
LITHUANIAN_1257 = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ"


class _PlanLoader(SAFE_LOADER):
    """The safe loader, except that a date the calendar does not have ("2025-02-30") stays text, for the
    plan's checks to name with its place, instead of failing the whole read."""


def _date_or_text(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_PlanLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def load_yaml(content):
    """bytes or text -> the file's top-level mapping, or PlanFileError with one clear problem."""
    text = _decode(content)
    try:
        _check_shape(text)
        data = yaml.load(text, Loader=_PlanLoader)
    except yaml.YAMLError as error:
        raise PlanFileError([_yaml_problem(text, error)]) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            [_("Failas nėra plano aprašas (tikėtasi YAML laukų rinkinio, pvz., „format: tum-plan/1“).")]
        )
    return data


def _decode(content):
    if isinstance(content, str):
        return content
    if len(content) > MAX_FILE_BYTES:
        raise PlanFileError([_("Failas per didelis (daugiausia 10 MB).")])
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanFileError(
            [_("Failas išsaugotas UTF-16 koduote. Išsaugokite jį UTF-8 koduote ir įkelkite dar kartą.")]
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError([_encoding_problem(content, error.start)]) from None


def _encoding_problem(content, position):
    line_start = content.rfind(b"\n", 0, position) + 1
    line_end = content.find(b"\n", position)
    line = content[line_start : line_end if line_end >= 0 else len(content)]
    where = _("eilutė %(line)s") % {"line": content.count(b"\n", 0, position) + 1}
    guessed = line.decode("cp1257", errors="replace")
    offset = position - line_start  # one byte is one character in Windows-1257
    if guessed[offset] in LITHUANIAN_1257:
        start = max(guessed.rfind(" ", 0, offset), guessed.rfind("\t", 0, offset)) + 1
        end = min((i for i in (guessed.find(" ", offset), guessed.find("\t", offset)) if i >= 0), default=len(guessed))
        word = guessed[start:end].strip("\r\"'")
        return _(
            "%(where)s: failas nėra UTF-8 tekstas. Panašu, kad jis išsaugotas Windows-1257 koduote (taip saugo "
            "lietuviškos Excel ir Word): šioje vietoje būtų „%(word)s“. Išsaugokite failą UTF-8 koduote ir įkelkite "
            "dar kartą."
        ) % {"where": where, "word": word}
    return _(
        "%(where)s: failas nėra UTF-8 tekstas (rastas baitas, kurio UTF-8 tekste nebūna). Išsaugokite failą UTF-8 "
        "koduote ir įkelkite dar kartą."
    ) % {"where": where}


def _check_shape(text):
    depth = records = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise PlanFileError(
                [
                    _(
                        "eilutė %(line)s: plano faile nuorodos į kitą vietą („*%(name)s“) nenaudojamos. Įrašykite "
                        "reikšmę toje vietoje."
                    )
                    % {"line": event.start_mark.line + 1, "name": event.anchor}
                ]
            )
        if isinstance(event, yaml.MappingStartEvent):
            records += 1
            if records > MAX_RECORDS:
                raise PlanFileError(
                    [
                        _(
                            "eilutė %(line)s: faile per daug įrašų (daugiau nei %(max)s). Padalykite planą arba "
                            "patikrinkite, ar failas neperrašytas kelis kartus."
                        )
                        % {"line": event.start_mark.line + 1, "max": f"{MAX_RECORDS:,}".replace(",", " ")}
                    ]
                )
        if isinstance(event, OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise PlanFileError(
                    [
                        _(
                            "eilutė %(line)s: per daug vienas į kitą įdėtų sąrašų ar laukų rinkinių (daugiau nei "
                            "%(max)s lygių; plano faile jų būna iki 6). Patikrinkite skliaustus „[“ ir „{“ ir "
                            "įtraukas šioje vietoje."
                        )
                        % {"line": event.start_mark.line + 1, "max": MAX_DEPTH}
                    ]
                )
        elif isinstance(event, CLOSING):
            depth -= 1


def _yaml_problem(text, error):
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return _("Netinkamas YAML formatas.")
    lines = text.split("\n")
    last_line = len(lines) - 1 if text.endswith("\n") else len(lines)  # libyaml may point past the end
    where = _("eilutė %(line)s") % {"line": min(mark.line + 1, max(last_line, 1))}
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent or line[mark.column : mark.column + 1] == "\t":
        return _(
            "%(where)s: įtraukoje yra tabuliacijos ženklas. YAML faile įtraukoms naudojami tik tarpai – pakeiskite "
            "tabuliaciją tarpais."
        ) % {"where": where}
    if mark.index >= len(text.rstrip()):
        return _(
            "%(where)s: failas, atrodo, nutrūkęs – jis baigiasi nebaigtu įrašu. Įkelkite visą failą (pvz., "
            "atsisiųskite ar nukopijuokite jį iš naujo)."
        ) % {"where": where}
    return _(
        "%(where)s, %(column)s stulpelis: netinkamas YAML formatas. Patikrinkite įtraukas, dvitaškius ir kabutes "
        "šioje ir ankstesnėje eilutėje."
    ) % {"where": where, "column": mark.column + 1}
