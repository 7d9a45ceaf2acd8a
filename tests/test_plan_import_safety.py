"""A plan import never loses or invents data: cut files, removals, swapped or missing VAT, hostile input.

Every refusal is checked word for word, in Lithuanian, and against a fingerprint of every table.
"""

import io
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from budget.models import BudgetLine
from budget.selectors import plan_planned_total
from planfile.exporter import plan_as_yaml
from planfile.importer import RemovalsNotAllowed, plan_import
from planfile.schema import PlanFileError
from plans.models import DataNote, PlanUpload, Risk
from reporting.models import ReportingPeriod
from reports.content import build_content
from reports.render_pdf import render_pdf
from reports.render_xlsx import render_xlsx

from .conftest import ROOT
from .fingerprint import changed_tables, database_fingerprint
from .plans import small_plan_data, small_plan_yaml, to_yaml
from .spreadsheets import recalculated
from .test_reports import lt_money as euros
from .test_reports import pdf_text

D = Decimal
NESTED = b"format: tum-plan/1\nx: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
NESTED_MESSAGE = (
    "eilutė 2: per daug vienas į kitą įdėtų sąrašų ar laukų rinkinių (daugiau nei 20 lygių; plano faile jų būna "
    "iki 6). Patikrinkite skliaustus „[“ ir „{“ ir įtraukas šioje vietoje."
)
CUT_SHORT = (
    "eilutė {line}: failas, atrodo, nutrūkęs – jis baigiasi nebaigtu įrašu. Įkelkite visą failą (pvz., "
    "atsisiųskite ar nukopijuokite jį iš naujo)."
)
NO_VAT_HINT = "1 eilutė be PVM sumos neįskaičiuota"


def refused(content, **kwargs):
    """The problems a refused import reports, after checking that no table changed."""
    before = database_fingerprint()
    with pytest.raises(PlanFileError) as error:
        plan_import(content=content, **kwargs)
    assert changed_tables(before, database_fingerprint()) == []
    return error.value.problems


# --- a file cut short -------------------------------------------------------------------------------------------


def test_a_file_cut_just_before_a_section_is_refused_and_nothing_is_removed(other_plan):
    text = small_plan_yaml().decode("utf-8")
    cut = text[: text.index("\npartners:\n") + 1]
    assert refused(cut.encode("utf-8")) == [
        "Failas, atrodo, nutrūkęs: jis baigiasi skyriumi „activities“, o tolesnių skyrių („partners“, „risks“, "
        "„data_notes“) nėra. Įkelkite visą failą."
    ]


def test_a_file_cut_inside_an_entry_says_it_seems_cut_short(other_plan):
    data = small_plan_data()
    data["data_notes"][0]["text_lt"] = "Pastaba: 10 eilutės suma nesutampa su 6 skyriumi"  # written in quotes
    text = to_yaml(data).decode("utf-8")
    start = text.index("text_lt: '", text.index("\ndata_notes:\n"))
    cut = text[: start + 20]
    assert refused(cut.encode("utf-8")) == [CUT_SHORT.format(line=cut.count("\n") + 1)]


def test_the_command_refuses_a_cut_file_and_changes_nothing(other_plan, tmp_path):
    text = small_plan_yaml().decode("utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text[: text.index("\nrisks:\n") + 1], encoding="utf-8")
    before = database_fingerprint()
    with pytest.raises(CommandError, match="Failas, atrodo, nutrūkęs: jis baigiasi skyriumi „partners“"):
        call_command("import_plan", str(path), stdout=io.StringIO())
    assert changed_tables(before, database_fingerprint()) == []


def test_a_missing_section_is_the_one_problem_reported(other_plan):
    data = small_plan_data()
    del data["goals"]  # the activities' objectives now point nowhere: that follows, and is not reported
    assert refused(to_yaml(data)) == ["trūksta skyriaus „goals“ – jei jame nieko nėra, rašykite „goals: []“"]


def test_an_empty_section_written_out_is_not_missing(other_plan):
    data = small_plan_data()
    data["risks"] = []
    result = plan_import(content=to_yaml(data), allow_removals=True)
    assert result.applied and result.tables["plans.risk"].removed == 1
    assert not Risk.objects.filter(plan=other_plan).exists()


# --- removals are shown first and need a yes ---------------------------------------------------------------------


def without_the_risk():
    data = small_plan_data()
    data["risks"] = []
    return to_yaml(data)


def test_a_dry_run_changes_nothing_and_lists_what_it_would_remove(other_plan):
    data = small_plan_data()
    data["risks"] = []
    data["activities"][0]["title"] = "Laboratorijos įrengimas ir įranga"
    data["partners"].append({"name": "Muziejus", "areas": ["culture"]})
    before = database_fingerprint()
    result = plan_import(content=to_yaml(data), dry_run=True)
    assert changed_tables(before, database_fingerprint()) == []
    assert not result.applied
    assert [(t.model, t.created, t.updated, t.removed, t.removed_names) for t in result.changed_tables] == [
        ("activities.activity", 0, 1, 0, []),
        ("plans.partner", 1, 0, 0, []),
        ("plans.risk", 0, 0, 1, ["Infliacija"]),
    ]


def test_an_import_that_would_remove_keeps_nothing_without_the_yes(other_plan):
    before = database_fingerprint()
    with pytest.raises(RemovalsNotAllowed) as error:
        plan_import(content=without_the_risk())
    assert changed_tables(before, database_fingerprint()) == []
    assert error.value.problems == [
        "Šis failas pašalintų portale esančius įrašus, kurių faile nebėra (1). Niekas nepakeista: peržiūrėkite, "
        "kas būtų pašalinta, ir aiškiai patvirtinkite pašalinimą."
    ]
    assert error.value.result.tables["plans.risk"].removed_names == ["Infliacija"]


def test_the_command_removes_only_with_allow_removals(other_plan, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(without_the_risk())
    before = database_fingerprint()
    out = io.StringIO()
    with pytest.raises(CommandError, match="run again with --allow-removals"):
        call_command("import_plan", str(path), stdout=out)
    assert "  - Infliacija" in out.getvalue()
    out = io.StringIO()
    call_command("import_plan", str(path), "--dry-run", stdout=out)
    assert "Would remove from" in out.getvalue() and "  - Infliacija" in out.getvalue()
    assert "Dry run: nothing was changed." in out.getvalue()
    assert changed_tables(before, database_fingerprint()) == []
    call_command("import_plan", str(path), "--allow-removals", stdout=io.StringIO())
    assert not Risk.objects.filter(plan=other_plan).exists()


def upload(client, municipality, content, name="plan.yaml"):
    url = reverse("plans:import", args=[municipality.code])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def confirm(client, municipality, preview, **extra):
    url = reverse("plans:import", args=[municipality.code])
    data = {"upload": preview.context["upload"].pk, "sha256": preview.context["upload"].sha256, **extra}
    return client.post(url, data)


def test_the_page_previews_the_removal_and_removes_only_after_the_yes(client_for, foreign_staff, other_plan):
    client = client_for(foreign_staff)
    municipality = other_plan.municipality
    before = database_fingerprint()
    preview = upload(client, municipality, without_the_risk())
    page = preview.content.decode()
    assert "Bus pašalinta iš portalo" in page and "<li>Infliacija</li>" in page
    assert "Taip, pašalinti šiuos įrašus iš portalo" in page
    assert changed_tables(before, database_fingerprint()) == ["plans_planupload"]

    refused_page = confirm(client, municipality, preview)
    assert "Šis failas pašalintų portale esančius įrašus, kurių faile nebėra (1)." in refused_page.content.decode()
    assert changed_tables(before, database_fingerprint()) == ["plans_planupload"]

    done = confirm(client, municipality, preview, allow_removals="on")
    assert done.status_code == 302
    assert not Risk.objects.filter(plan=other_plan).exists()
    assert not PlanUpload.objects.exists()


def test_the_page_applies_only_the_previewed_file_of_that_person(client_for, foreign_staff, other_plan, kaunas, staff):
    municipality = other_plan.municipality
    owner = client_for(foreign_staff)
    preview = upload(owner, municipality, without_the_risk())
    upload_id, sha256 = preview.context["upload"].pk, preview.context["upload"].sha256
    stranger = Client()
    stranger.force_login(staff)  # Kaunas staff
    before = database_fingerprint()
    url = reverse("plans:import", args=[municipality.code])
    tampered = owner.post(url, {"upload": upload_id, "sha256": "0" * 64, "allow_removals": "on"})
    assert "Peržiūrėto failo nebėra arba jis kitas. Įkelkite failą dar kartą." in tampered.content.decode()
    other_url = reverse("plans:import", args=[kaunas.municipality.code])
    elsewhere = stranger.post(other_url, {"upload": upload_id, "sha256": sha256, "allow_removals": "on"})
    assert "Peržiūrėto failo nebėra arba jis kitas. Įkelkite failą dar kartą." in elsewhere.content.decode()
    assert changed_tables(before, database_fingerprint()) == []


def test_a_preview_that_no_longer_holds_is_shown_again(client_for, foreign_staff, other_plan):
    client = client_for(foreign_staff)
    municipality = other_plan.municipality
    preview = upload(client, municipality, without_the_risk())
    meanwhile = small_plan_data()
    meanwhile["partners"][0]["name"] = "Technologijos universitetas"
    plan_import(content=to_yaml(meanwhile))
    before = database_fingerprint()
    again = confirm(client, municipality, preview, allow_removals="on")
    assert "Nuo peržiūros plane kažkas pasikeitė, todėl niekas nepakeista. Peržiūrėkite pakeitimus iš naujo." in (
        again.content.decode()
    )
    assert changed_tables(before, database_fingerprint()) == ["plans_planupload"]  # the new preview is kept
    assert [t.model for t in again.context["result"].changed_tables] == ["plans.partner", "plans.risk"]
    assert confirm(client, municipality, preview, allow_removals="on").status_code == 302
    assert other_plan.partners.get().name == "Universitetas"


def test_the_page_and_the_command_create_the_periods_of_an_extended_plan(
    client_for, foreign_staff, other_plan, tmp_path
):
    data = small_plan_data()
    data["plan"]["ends_on"] = "2026-09-30"
    client = client_for(foreign_staff)
    preview = upload(client, other_plan.municipality, to_yaml(data))
    assert confirm(client, other_plan.municipality, preview).status_code == 302
    codes = set(ReportingPeriod.objects.filter(plan=other_plan).values_list("code", flat=True))
    assert {"2026-Q2", "2026-Q3"} <= codes and "2026-Q4" not in codes
    data["plan"]["ends_on"] = "2026-12-31"
    path = tmp_path / "plan.yaml"
    path.write_bytes(to_yaml(data))
    call_command("import_plan", str(path), stdout=io.StringIO())
    assert ReportingPeriod.objects.filter(plan=other_plan, code="2026-Q4").exists()


# --- money ------------------------------------------------------------------------------------------------------


def test_vat_above_the_amount_is_refused(other_plan):
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount="210.00", vat="1000.00")  # the two figures swapped
    assert refused(to_yaml(data)) == [
        "activities, įrašas 1 (1), biudžeto eilutė 1: vat: PVM 1\u00a0000,00\u00a0€ didesnis už sumą be PVM "
        "210,00\u00a0€ – ar nesukeisti laukai „amount“ ir „vat“? Įrašykite sumą be PVM į „amount“, o PVM – į „vat“."
    ]


def test_an_unusual_vat_rate_is_imported_as_written_with_a_data_note(other_plan):
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount="1000.00", vat="100.00", source_line=42)
    plan_import(content=to_yaml(data))
    line = BudgetLine.objects.get(activity__plan=other_plan, activity__number="1")
    assert (line.amount, line.vat) == (D("1000.00"), D("100.00"))
    note = DataNote.objects.get(plan=other_plan, automatic=True)
    assert note.source_line == 42
    assert note.text_lt == (
        "Veikla 1, biudžeto eilutė 1 (G1): PVM 100,00\u00a0€ yra 10,00 % sumos be PVM 1\u00a0000,00\u00a0€ – tai ne "
        "Lietuvos PVM tarifas (21, 9, 5, 0 %). Įkelta taip, kaip parašyta plane; patikrinkite originale."
    )
    assert not plan_import(content=to_yaml(data)).changed  # the check's note is made again, not added again
    assert "10,00 %" not in plan_as_yaml(other_plan)  # it is the portal's finding, not part of the file


@pytest.mark.kaunas_data
def test_the_kaunas_lines_at_unusual_rates_are_kept_as_printed_with_notes(kaunas):
    line = BudgetLine.objects.get(activity__plan=kaunas, activity__number="55.1")
    assert (line.amount, line.vat) == (D("179488.30"), D("162864.00"))  # 91 %, as the plan prints it
    line = BudgetLine.objects.get(activity__plan=kaunas, activity__number="29.5")
    assert (line.amount, line.vat) == (D("77099.19"), D("7709.94"))  # 10 %
    notes = DataNote.objects.filter(plan=kaunas, automatic=True)
    assert sorted(n.text_lt.split(":")[0] for n in notes) == [
        "Veikla 23.1, biudžeto eilutė 1",
        "Veikla 23.3.1, biudžeto eilutė 1",
        "Veikla 29.5, biudžeto eilutė 1 (G4)",
        "Veikla 39.3, biudžeto eilutė 1",
        "Veikla 55.1, biudžeto eilutė 1 (G9)",
    ]
    assert notes.get(source_line=12528).text_lt.startswith(
        "Veikla 55.1, biudžeto eilutė 1 (G9): PVM 162\u00a0864,00\u00a0€ yra 90,74 % sumos be PVM"
    )


def test_a_budget_line_must_say_its_vat_even_when_the_plan_prints_none(other_plan):
    data = small_plan_data()
    del data["activities"][0]["budget_lines"][0]["vat"]
    assert refused(to_yaml(data)) == [
        "activities, įrašas 1 (1), biudžeto eilutė 1: trūksta sumos „vat“ – jei plane PVM suma neišspausdinta, "
        "rašykite „vat: null“"
    ]


@pytest.fixture
def no_vat(other_plan):
    """The small plan with sub-activity 2.1's VAT not printed."""
    data = small_plan_data()
    data["activities"][2]["budget_lines"][0]["vat"] = None
    plan_import(content=to_yaml(data))
    return other_plan


def test_a_vat_the_plan_does_not_print_stays_empty_and_totals_say_so(no_vat, client_for, foreign_staff):
    assert BudgetLine.objects.get(activity__plan=no_vat, activity__number="2.1").vat is None
    total = plan_planned_total(no_vat)
    assert (total.amount, total.vat, total.vat_missing) == (D("1500.00"), D("210.00"), 1)
    assert "vat: null" in plan_as_yaml(no_vat)
    client = client_for(foreign_staff)
    for name in ("budget:overview", "plans:overview"):
        page = client.get(reverse(name, args=[no_vat.municipality.code])).content.decode()
        assert NO_VAT_HINT in page, name
    activity = Activity.objects.get(plan=no_vat, number="2.1")
    page = client.get(reverse("activities:detail", args=[no_vat.municipality.code, "2.1"])).content.decode()
    assert NO_VAT_HINT in page and activity.title in page


def test_the_budget_report_leaves_the_unknown_vat_empty_and_counts_it(no_vat):
    content = build_content(no_vat, "budget", "all")
    pdf = io.BytesIO()
    render_pdf(content, pdf)
    text = pdf_text(pdf.getvalue())
    assert f"2.1 · G2 Vadovų mokymai {euros(D('500'))} – " in text
    assert f"{euros(D('210'))} {NO_VAT_HINT}" in text
    workbook = io.BytesIO()
    render_xlsx(content, workbook)
    rows = list(recalculated(workbook.getvalue())[0]["Biudžeto eilutės"].iter_rows(values_only=True))
    line = next(r for r in rows if r[0] == "2.1 · G2")
    assert line[3:5] == (500, None)
    assert rows[-1][:5] == ("Iš viso", f"Planuotas PVM: {NO_VAT_HINT}", None, 1500, 210)


# --- hostile and broken files: a message, never a crash -----------------------------------------------------------


def test_the_deeply_nested_file_is_refused_with_a_message(kaunas, client_for, staff):
    assert refused(NESTED) == [NESTED_MESSAGE]
    page = upload(client_for(staff), kaunas.municipality, NESTED)
    assert page.status_code == 200 and NESTED_MESSAGE in page.content.decode()


def test_aliases_are_refused_before_they_multiply_a_small_file(db):
    content = (
        b"format: tum-plan/1\nnote: &n {line: 1, text_lt: a, text_en: a}\ndata_notes: [" + b"*n, " * 20000 + b"*n]\n"
    )
    assert refused(content) == [
        "eilutė 3: plano faile nuorodos į kitą vietą („*n“) nenaudojamos. Įrašykite reikšmę toje vietoje."
    ]


def test_a_file_with_far_more_records_than_a_plan_is_refused(db):
    content = b"format: tum-plan/1\ndata_notes:\n" + b"- {line: 1}\n" * 20001
    assert refused(content) == [
        "eilutė 20002: faile per daug įrašų (daugiau nei 20 000). Padalykite planą arba patikrinkite, ar failas "
        "neperrašytas kelis kartus."
    ]


def test_the_deeply_nested_file_leaves_the_command_alive(kaunas, tmp_path):
    """Run where a crash would show: libyaml overflowed its C stack on this file and killed the process."""
    path = tmp_path / "nested.yaml"
    path.write_bytes(NESTED)
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tum_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # refused; a SIGSEGV would be -11
    assert NESTED_MESSAGE in done.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"format: tum-plan/1\nmunicipality:\n\tcode: kaunas\n",
            "eilutė 3: įtraukoje yra tabuliacijos ženklas. YAML faile įtraukoms naudojami tik tarpai – pakeiskite "
            "tabuliaciją tarpais.",
        ),
        (
            "format: tum-plan/1\nmunicipality:\n  code: kaunas\n  name: Kauno miesto savivaldybė\n".encode("cp1257"),
            "eilutė 4: failas nėra UTF-8 tekstas. Panašu, kad jis išsaugotas Windows-1257 koduote (taip saugo "
            "lietuviškos Excel ir Word): šioje vietoje būtų „savivaldybė“. Išsaugokite failą UTF-8 koduote ir įkelkite "
            "dar kartą.",
        ),
        (
            b"format: tum-plan/1\nx: \x81\x81\n",
            "eilutė 2: failas nėra UTF-8 tekstas (rastas baitas, kurio UTF-8 tekste nebūna). Išsaugokite failą UTF-8 "
            "koduote ir įkelkite dar kartą.",
        ),
        (
            "format: tum-plan/1\n".encode("utf-16"),
            "Failas išsaugotas UTF-16 koduote. Išsaugokite jį UTF-8 koduote ir įkelkite dar kartą.",
        ),
        (b"format: tum-plan/1\nmunicipality:\n  code: 'kaun", CUT_SHORT.format(line=3)),
        (b"format: tum-plan/1\ngoals: [1, 2", CUT_SHORT.format(line=2)),
        (b"format: tum-plan/3\n", "format: tikėtasi „tum-plan/2“, faile – „tum-plan/3“. Ar tai plano failas?"),
        (
            b"- a list\n",
            "Failas nėra plano aprašas (tikėtasi YAML laukų rinkinio, pvz., „format: tum-plan/1“).",
        ),
    ],
    ids=["tab", "windows-1257", "not-utf8", "utf16", "cut-in-quotes", "cut-in-list", "format", "not-a-mapping"],
)
def test_a_file_that_cannot_be_read_is_refused_with_one_clear_message(db, content, message):
    assert refused(content) == [message]


@pytest.mark.parametrize("written", ["2025-02-30", "2025-13-01", "2025-01-01 25:00:00"])
def test_a_date_the_calendar_does_not_have_is_named_not_a_crash(other_plan, written):
    text = small_plan_yaml().decode("utf-8")
    assert text.count("starts_on: '2025-01-01'") == 1  # activity 1's start, the one date written so
    content = text.replace("starts_on: '2025-01-01'", f"starts_on: {written}").encode("utf-8")  # unquoted
    assert refused(content) == [f"activities, įrašas 1 (1): period.starts_on: „{written}“ nėra data (MMMM-MM-DD)"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["activities"][0].update(objectives=["9.9"]),
            "activities, įrašas 1 (1): objectives: nežinomas uždavinys „9.9“ – jo nėra skyriuje „goals“ (rašomas "
            "visas numeris, pvz., 1.2 ar I.1)",
        ),
        (
            lambda d: d["activities"][0].update(schools=[{"code": "G9", "year": 1}]),
            "activities, įrašas 1 (1): schools: nežinoma mokykla „G9“ – jos nėra skyriuje „schools“",
        ),
        (
            lambda d: d["activities"][0].update(schools=["G1"]),
            "activities, įrašas 1 (1), schools, įrašas 1: reikia mokyklos kodo ir metų, pvz., „- code: G1“ ir "
            "„year: 1“",
        ),
        (
            lambda d: d["activities"][0].update(networking_schools=[{"code": "T1"}]),
            "activities, įrašas 1 (1): „networking_schools“ turi būti kodų sąrašas, pvz., [G1, T2]",
        ),
        (
            lambda d: d["activities"][1].update(related=["99"]),
            "activities, įrašas 2 (2): related: nežinoma veikla „99“ – jos nėra skyriuje „activities“",
        ),
        (
            lambda d: d["activities"][0].update(indicators=[7]),
            "activities, įrašas 1 (1): indicators: nežinomas rodiklis „7“ – jo nėra skyriuje „indicators“",
        ),
        (
            lambda d: d["activities"][0]["budget_lines"][0].update(school={"code": "G1"}),
            "activities, įrašas 1 (1), biudžeto eilutė 1: laukas „school“ turi būti tekstas",
        ),
    ],
    ids=["objective", "school", "school-entry", "networking-entry", "related", "indicator", "line-school"],
)
def test_each_problem_says_where_and_what_to_do_in_lithuanian(other_plan, change, message):
    data = small_plan_data()
    change(data)
    assert refused(to_yaml(data)) == [message]


# --- Kaunas -----------------------------------------------------------------------------------------------------


@pytest.mark.kaunas_data
def test_activity_2_has_its_whole_title(kaunas):
    assert Activity.objects.get(plan=kaunas, number="2").title == (
        "Mokyklų erdvių, skirtų mokytojų darbo sąlygoms gerinti įrengimas (susitikimų, diskusijų, pasiruošimo "
        "pamokoms erdvės)"
    )


@pytest.mark.kaunas_data
def test_activity_49_has_no_vat_as_the_plan_prints_none(kaunas):
    line = BudgetLine.objects.get(activity__plan=kaunas, activity__number="49")
    assert (line.amount, line.vat) == (D("1061000.70"), None)
    assert Activity.objects.get(plan=kaunas, number="49").printed_vat is None


@pytest.mark.kaunas_data
def test_the_kaunas_notes_say_what_the_portal_keeps(kaunas):
    notes = {n.source_line: n.text_lt for n in DataNote.objects.filter(plan=kaunas, automatic=False)}
    assert Activity.objects.filter(plan=kaunas, number="14.2").count() == 1
    assert "Portale laikomas vienas įrašas 14.2" in notes[2511]
    assert set(Activity.objects.get(plan=kaunas, number="65").areas.values_list("code", flat=True)) == {
        "culture",
        "steam",
    }
    assert "Portale laikomas vienas 65 veiklos įrašas, priskirtas abiem sritims" in notes[3587]
    assert Activity.objects.get(plan=kaunas, number="55.2.1").title.startswith("1 metų anglų kalbos")
    assert "antroji – kaip 55.2.1" in notes[3921]
    assert "PVM portale paliktas tuščias (nežinomas)" in notes[7794]
    assert not [line for line, text in notes.items() if "abu" in text.lower() and "palikt" in text.lower()]
