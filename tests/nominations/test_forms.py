from django import forms

from nominations.forms import NominationForm
from tests.factories import nomination_post_data


def errors_for(**overrides) -> dict:
    form = NominationForm(nomination_post_data(**overrides))
    form.is_valid()
    return form.errors


def test_nomination_form_valid_with_two_organisations():
    form = NominationForm(nomination_post_data(organisations="Polisen\nSkolan"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Polisen", "Skolan"]


def test_nomination_form_one_organisation_refused():
    assert (
        "minst två olika organisationer" in errors_for(organisations="Polisen")["organisations"][0]
    )


def test_nomination_form_duplicate_organisation_refused_regardless_of_case_and_spaces():
    errors = errors_for(organisations="Polisen\n  polisen  ")
    assert "”polisen” står med flera gånger" in errors["organisations"][0]


def test_nomination_form_blank_lines_between_organisations_ignored():
    form = NominationForm(nomination_post_data(organisations="\nPolisen\n\n  Skolan \n"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == ["Polisen", "Skolan"]


def test_nomination_form_short_added_value_refused():
    errors = errors_for(added_value="Bra.")
    assert "mervärde" in errors["added_value"][0]


def test_nomination_form_blank_added_value_refused():
    assert "added_value" in errors_for(added_value="   ")


def test_nomination_form_asks_no_consent_or_confirmation():
    # The legal basis is a task in the public interest: a notice, no checkbox.
    form = NominationForm()
    assert not any(isinstance(f, forms.BooleanField) for f in form.fields.values())
    assert NominationForm(nomination_post_data()).is_valid()


def test_nomination_form_unknown_district_refused():
    assert "district" in errors_for(district="gotham")


def test_nomination_form_phone_with_letters_refused():
    assert "nominator_phone" in errors_for(nominator_phone="ring mig")


def test_nomination_form_phone_optional():
    form = NominationForm(nomination_post_data(nominator_phone=""))
    assert form.is_valid(), form.errors


def test_nomination_form_honeypot_filled_refused():
    errors = errors_for(website="http://spam.example")
    assert "automatiskt program" in errors["__all__"][0]
