import re

from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import trans_real

from nominations.forms import DRAFT_FIELDS, NominationForm, StaffNominationForm
from tests.factories import criteria_2023, nomination_post_data

CRITERIA = criteria_2023()


def nomination_form(*args, **kwargs) -> NominationForm:
    """The public form with the questions of 2023."""
    return NominationForm(*args, criteria=CRITERIA, **kwargs)


def errors_for(**overrides) -> dict:
    form = nomination_form(nomination_post_data(**overrides))
    form.is_valid()
    return form.errors


def rendered(form: NominationForm) -> str:
    from crispy_forms.utils import render_crispy_form

    return render_crispy_form(form)


# Organisations: one field each


def test_nomination_form_unbound_shows_three_organisation_fields():
    form = nomination_form()
    assert form.organisation_names == ["organisation_1", "organisation_2", "organisation_3"]
    assert [str(form[name].label) for name in form.organisation_names] == [
        "Organisation 1",
        "Organisation 2",
        "Organisation 3",
    ]


def test_nomination_form_valid_with_two_organisations():
    form = nomination_form(nomination_post_data(organisations=["Polisen", "Skolan"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Polisen", "Skolan"]


def test_nomination_form_one_organisation_refused_on_the_next_empty_field():
    errors = errors_for(organisations=["Polisen"])
    assert "minst två olika organisationer" in errors["organisation_2"][0]
    assert "organisation_1" not in errors


def test_nomination_form_no_organisation_refused_on_the_first_field():
    errors = errors_for(organisations=[])
    assert "minst två olika organisationer" in errors["organisation_1"][0]


def test_nomination_form_one_organisation_valid_where_no_criterion_asks_for_collaboration():
    # A culture prize: its criteria are all answered with text.
    criteria = [c for c in CRITERIA if c.asks_for_text]
    data = nomination_post_data(organisations=["Stadsbiblioteket"])
    form = NominationForm(data, criteria=criteria)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Stadsbiblioteket"]


def test_nomination_form_duplicate_organisation_refused_on_the_later_field_ignoring_case():
    errors = errors_for(organisations=["Tensta IF", "Polisen", "  tenstaif  "])
    assert list(errors) == ["organisation_3"]
    assert errors["organisation_3"] == [
        "”tenstaif” står redan i Organisation 1. Skriv varje organisation en gång."
    ]


def test_nomination_form_empty_fields_between_organisations_ignored():
    form = nomination_form(nomination_post_data(organisations=["", "  Polisen ", "", "Skolan"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Polisen", "Skolan"]


def test_nomination_form_organisation_names_squashed():
    form = nomination_form(nomination_post_data(organisations=["Tensta   IF", "Polisen"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Tensta IF", "Polisen"]


def test_nomination_form_too_long_organisation_refused_on_its_field():
    errors = errors_for(organisations=["Polisen", "x" * 201])
    assert list(errors) == ["organisation_2"]
    assert "Högst 200 tecken" in errors["organisation_2"][0]


def test_nomination_form_shows_as_many_organisation_fields_as_were_sent():
    data = nomination_post_data(organisations=["A", "B", "C", "D", "E"])
    form = nomination_form(data)
    assert form.is_valid(), form.errors
    assert form.organisation_count == 5
    assert form.cleaned_data["organisations"] == ["A", "B", "C", "D", "E"]


def test_nomination_form_ignores_organisation_fields_beyond_eight():
    data = nomination_post_data(organisations=[f"Organisation {n}" for n in range(1, 10)])
    form = nomination_form(data)
    assert form.is_valid(), form.errors
    assert form.organisation_count == 8
    assert len(form.cleaned_data["organisations"]) == 8


def test_nomination_form_with_another_organisation_keeps_text_and_adds_an_empty_field():
    form = nomination_form(
        nomination_post_data(organisations=["Polisen"], add_organisation="1", innovation="Ny")
    )
    assert form.wants_another_organisation()
    again = form.with_another_organisation()
    assert not again.is_bound
    assert again.organisation_names[-1] == "organisation_4"
    assert again["organisation_1"].value() == "Polisen"
    assert again["organisation_4"].value() in ("", None)
    assert again["innovation"].value() == "Ny"
    assert again["nominator_email"].value() == "asa.oberg@example.se"
    assert again.fields["organisation_4"].widget.attrs["autofocus"] is True


def test_nomination_form_add_organisation_stops_at_eight():
    data = nomination_post_data(organisations=[str(n) for n in range(1, 9)], add_organisation="1")
    again = nomination_form(data).with_another_organisation()
    assert again.organisation_count == 8
    assert not again.can_add_organisation
    assert "add_organisation" not in rendered(again)


def test_nomination_form_takes_initial_organisations_as_a_list():
    # The interface the correction page uses: names as the nomination stores them.
    names = ["A", "B", "C", "D"]
    form = nomination_form(initial={"organisations": names}, open_for_submission=False)
    assert [form[name].value() for name in form.organisation_names] == names


def test_nomination_form_help_text_example_matches_one_organisation_per_field():
    html = rendered(nomination_form())
    assert "Skriv en organisation i varje fält" in html
    assert "”Polisen” i det andra" in html
    assert "en per rad" not in html


def test_staff_nomination_form_shows_all_eight_organisation_fields(db):
    form = StaffNominationForm(criteria=CRITERIA)
    assert form.organisation_count == 8
    assert not form.can_add_organisation


def test_staff_nomination_form_refuses_one_organisation_on_the_next_field(db):
    form = StaffNominationForm(nomination_post_data(organisations=["Polisen"]), criteria=CRITERIA)
    assert not form.is_valid()
    assert "minst två olika organisationer" in form.errors["organisation_2"][0]


# Text limits


def test_nomination_form_long_fields_state_minimum_and_maximum_in_help_text():
    form = nomination_form()
    assert form.fields["description"].help_text.endswith("Minst 50 och högst 5\xa0000 tecken.")
    assert form.fields["added_value"].help_text.endswith("Minst 80 och högst 5\xa0000 tecken.")
    for name in ("innovation", "inspiration", "results"):
        assert form.fields[name].help_text.endswith("Högst 5\xa0000 tecken.")


def test_nomination_form_renders_no_maxlength_that_cuts_pasted_text():
    html = rendered(nomination_form())
    assert "maxlength" not in html
    assert 'data-max-chars="5000"' in html
    assert 'data-min-chars="80"' in html


def test_nomination_form_text_over_the_limit_refused_and_kept():
    text = "å" * 5003
    form = nomination_form(nomination_post_data(results=text))
    assert not form.is_valid()
    assert form.errors["results"] == [
        "Texten har 5\xa0003 tecken, och högst 5\xa0000 får plats. Korta den med 3 tecken: "
        "det du skrev finns kvar här."
    ]
    assert form["results"].value() == text


def test_nomination_form_text_at_the_limit_accepted():
    form = nomination_form(nomination_post_data(results="a" * 5000))
    assert form.is_valid(), form.errors


def test_nomination_form_line_breaks_counted_once_as_the_counter_counts_them():
    text = "a\r\n" * 2499 + "ab"  # 5 000 characters with one-character line breaks
    form = nomination_form(nomination_post_data(results=text))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["results"] == text.replace("\r\n", "\n")


def test_nomination_form_short_added_value_refused():
    errors = errors_for(added_value="Bra.")
    assert "mervärde" in errors["added_value"][0]


def test_nomination_form_blank_added_value_refused():
    assert "added_value" in errors_for(added_value="   ")


def test_nomination_form_short_name_over_the_limit_refused_in_plain_swedish():
    errors = errors_for(effort_name="x" * 201)
    assert errors["effort_name"] == [
        "Högst 200 tecken får plats här, och du har skrivit 201. Korta texten: det du skrev "
        "finns kvar här."
    ]


# Draft


def test_nomination_form_marks_only_the_effort_fields_for_the_draft():
    form = nomination_form()
    marked = {name for name, field in form.fields.items() if "data-draft" in field.widget.attrs}
    assert marked == set(DRAFT_FIELDS) | set(form.answer_names) | set(form.organisation_names)
    for name in ("nominator_name", "nominator_email", "nominator_phone", "website"):
        assert name not in marked


def test_nomination_form_restores_draft_only_when_empty():
    assert nomination_form().restores_draft
    assert not nomination_form(nomination_post_data()).restores_draft
    again = nomination_form(nomination_post_data(add_organisation="1")).with_another_organisation()
    assert not again.restores_draft


# Language


def _swedish_only_texts() -> set[str]:
    catalog = trans_real.translation("sv")._catalog
    return {
        text
        for msgid, text in catalog.items()
        if isinstance(text, str) and isinstance(msgid, str) and text != msgid and len(text) > 12
    }


def test_nomination_form_in_english_has_no_swedish_labels_help_texts_or_errors():
    swedish = _swedish_only_texts()
    with translation.override("en"):
        form = nomination_form(
            nomination_post_data(
                organisations=["Polisen", "polisen"],
                description="Kort.",
                added_value="Kort.",
                results="x" * 5001,
                effort_name="x" * 201,
                nominator_phone="ring mig",
                district="gotham",
                nominator_email="inte en adress",
            )
        )
        form.is_valid()
        texts = [str(field.label) for field in form.fields.values()]
        texts += [str(field.help_text) for field in form.fields.values() if field.help_text]
        texts += [error for errors in form.errors.values() for error in errors]
        texts += list(form.script_texts().values())
        html = rendered(form)
    assert "At least 80 and at most 5,000 characters." in form.fields["added_value"].help_text
    assert "For example “Spånga-Tensta district administration”" in html
    leaks = [text for text in texts if any(sv in text for sv in swedish)]
    assert leaks == []
    assert not any(sv in re.sub(r"<[^>]+>", " ", html) for sv in swedish if " " in sv)


# Whole-form errors, honeypot, unreadable text


def test_nomination_form_layout_leaves_whole_form_errors_to_the_page_summary():
    form = nomination_form(nomination_post_data())
    form.is_valid()
    form.add_error(None, "Ett fel för hela formuläret")
    assert "Ett fel för hela formuläret" not in rendered(form)


def test_nomination_form_honeypot_filled_is_not_a_visible_error():
    form = nomination_form(nomination_post_data(website="http://spam.example"))
    assert form.is_valid(), form.errors
    assert form.honeypot_filled


def test_nomination_form_honeypot_empty_is_a_person():
    form = nomination_form(nomination_post_data())
    assert form.is_valid(), form.errors
    assert not form.honeypot_filled


def test_nomination_form_unreadable_characters_refused_and_rest_kept():
    data = QueryDict(mutable=True)
    data.update(nomination_post_data(effort_name="Trygga \ufffdstråk"))
    form = nomination_form(data)
    assert not form.is_valid()
    assert form.errors["effort_name"] == [
        "Några tecken i fältet gick inte att läsa, så vi har tagit bort dem. Kontrollera "
        "texten och skicka nomineringen igen."
    ]
    assert form["effort_name"].value() == "Trygga stråk"
    assert list(form.errors) == ["effort_name"]


def test_nomination_form_unreadable_characters_shown_before_adding_an_organisation():
    form = nomination_form(nomination_post_data(effort_name="\ufffd", add_organisation="1"))
    assert not form.wants_another_organisation()


# Unchanged rules


def test_nomination_form_asks_no_consent_or_confirmation():
    # The legal basis is a task in the public interest: a notice, no checkbox.
    form = nomination_form()
    assert not any(isinstance(f, forms.BooleanField) for f in form.fields.values())
    assert nomination_form(nomination_post_data()).is_valid()


def test_nomination_form_unknown_district_refused():
    assert "district" in errors_for(district="gotham")


def test_nomination_form_phone_with_letters_refused():
    assert "nominator_phone" in errors_for(nominator_phone="ring mig")


def test_nomination_form_phone_optional():
    form = nomination_form(nomination_post_data(nominator_phone=""))
    assert form.is_valid(), form.errors


# Self-nomination, where the prize does not allow it (nominations/eligibility.py)


def test_nomination_form_asks_nothing_about_self_nomination_unless_told():
    form = nomination_form(nomination_post_data(self_nominated="yes"))
    assert "self_nominated" not in form.fields
    assert form.is_valid(), form.errors
    assert "self_nominated" not in form.nomination_fields()


def test_nomination_form_asks_about_self_nomination_before_the_nominators_name():
    form = nomination_form(ask_self_nomination=True)
    names = list(form.fields)
    assert names.index("self_nominated") == names.index("nominator_name") - 1
    assert 'name="self_nominated"' in rendered(form)


def test_nomination_form_refuses_a_self_nomination_on_its_field():
    form = nomination_form(nomination_post_data(self_nominated="yes"), ask_self_nomination=True)
    assert not form.is_valid()
    assert form.errors["self_nominated"] == [
        "Du kan inte nominera en insats som du själv är med i. Be någon utanför insatsen att "
        "nominera den i stället."
    ]


def test_nomination_form_refuses_an_answer_that_is_neither_yes_nor_no():
    form = nomination_form(nomination_post_data(self_nominated="kanske"), ask_self_nomination=True)
    assert not form.is_valid()
    assert "self_nominated" in form.errors


def test_nomination_form_takes_no_as_false():
    form = nomination_form(nomination_post_data(self_nominated="no"), ask_self_nomination=True)
    assert form.is_valid(), form.errors
    assert form.nomination_fields()["self_nominated"] is False


def test_nomination_form_with_another_organisation_keeps_the_self_nomination_answer():
    data = nomination_post_data(self_nominated="no", add_organisation="1")
    form = nomination_form(data, ask_self_nomination=True).with_another_organisation()
    assert form.initial["self_nominated"] == "no"
    assert "self_nominated" in form.fields


def test_staff_nomination_form_registers_a_self_nomination_for_screening(db):
    form = StaffNominationForm(
        nomination_post_data(self_nominated="yes"), criteria=CRITERIA, ask_self_nomination=True
    )
    form.is_valid()
    assert "self_nominated" not in form.errors
    assert form.cleaned_data["self_nominated"] is True
