"""Régua de cobrança: default stages and texts, load/save/reset as JSON, validation, lookup."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.models.configuration import Setting
from app.services.collection.cadence import (
    DEFAULT_STAGES,
    DEFAULT_SUBJECT,
    GENERIC_SMS,
    SETTING_KEY,
    CadenceStage,
    lead_days,
    load_stages,
    reset_stages,
    save_stages,
    stage_for,
    stage_warnings,
    validate_stages,
)
from app.services.collection.messages import template_fields, tone_warnings
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError


def test_default_regua_follows_the_design():
    assert [(s.offset, s.name, s.code) for s in DEFAULT_STAGES] == [
        (-5, "Lembrete", "D−5"),
        (0, "Vence hoje", "D0"),
        (1, "Esqueceu?", "D+1"),
        (7, "Segundo aviso", "D+7"),
        (15, "Proposta de acordo", "D+15"),
        (30, "Atraso grave", "D+30"),
    ]
    assert DEFAULT_STAGES[0].label == "Lembrete (D−5)"
    assert lead_days(DEFAULT_STAGES) == 5


@pytest.mark.parametrize("stage", DEFAULT_STAGES, ids=lambda s: s.code)
def test_default_texts_are_warm_short_and_say_how_to_pay(stage):
    validate_stages([stage])
    for text in (stage.gentle, stage.firm):
        assert tone_warnings(text) == []
        assert "{nome}" in text and "{pix_copia_e_cola}" in text and "{loja}" in text
        assert "Pix" in text and "dinheiro" in text
        assert len(text) < 400
        assert set(template_fields(text)) & {"total", "valor", "parcelas"}
    assert stage.gentle != stage.firm
    assert stage.template_for(firm=False) == stage.gentle
    assert stage.template_for(firm=True) == stage.firm


def test_nothing_stored_means_the_default(db):
    assert load_stages() == DEFAULT_STAGES


def test_save_and_load_round_trip_sorted_by_offset(db):
    mine = [
        CadenceStage(10, "  Dez dias ", "Oi, {nome}! {total} em aberto. Pix ou dinheiro.",
                     "Oi, {nome}. {total} em aberto há {dias_atraso}."),
        CadenceStage(-3, "Antes", "Oi, {nome}! Vence {vencimento}: {valor}.",
                     "{nome}, vence {vencimento}."),
    ]
    saved = save_stages(mine)
    assert [(s.offset, s.name) for s in saved] == [(-3, "Antes"), (10, "Dez dias")]
    assert load_stages() == saved
    stored = json.loads(Setting.get_by_id(SETTING_KEY).value)
    assert stored[0] == {"offset": -3, "name": "Antes", "gentle": mine[1].gentle,
                         "firm": mine[1].firm, "subject": DEFAULT_SUBJECT, "sms": GENERIC_SMS}


def test_reset_goes_back_to_the_default(db):
    save_stages(DEFAULT_STAGES[:2])
    assert len(load_stages()) == 2
    assert reset_stages() == DEFAULT_STAGES
    assert load_stages() == DEFAULT_STAGES
    assert Setting.get_or_none(Setting.key == SETTING_KEY) is None


def test_a_damaged_setting_falls_back_to_the_default(db):
    Setting.replace(key=SETTING_KEY, value="{not json").execute()
    assert load_stages() == DEFAULT_STAGES
    Setting.replace(key=SETTING_KEY, value='[{"offset": 1}]').execute()
    assert load_stages() == DEFAULT_STAGES


def test_settings_and_regua_live_side_by_side(db):
    save_stages(DEFAULT_STAGES[:3])
    settings = save_settings(load_settings(), store_name="Modas da Ana")
    assert load_settings().store_name == "Modas da Ana" == settings.store_name
    assert len(load_stages()) == 3


def errors_of(stages) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        save_stages(stages)
    return err.value.errors


def test_offsets_must_be_unique(db):
    twin = replace(DEFAULT_STAGES[3], name="Outro")
    errors = errors_of([*DEFAULT_STAGES, twin])
    assert errors == {
        "stage7_offset": "Etapa 7: já existe a etapa “Segundo aviso” nesse mesmo dia."}


def test_names_must_not_be_empty(db):
    errors = errors_of([replace(DEFAULT_STAGES[0], name="  ")])
    assert errors["stage1_name"] == "Etapa 1: dê um nome à etapa."


def test_unknown_placeholder_is_refused_naming_it(db):
    errors = errors_of([replace(DEFAULT_STAGES[2], firm="Oi {nome}, pague {saldo_devedor}.")])
    assert list(errors) == ["stage1_firm"]
    assert "{saldo_devedor}" in errors["stage1_firm"]
    assert errors["stage1_firm"].startswith("A mensagem firme de “Esqueceu?” usa o campo")
    assert load_stages() == DEFAULT_STAGES  # nothing was saved


def test_broken_braces_and_empty_texts_are_refused(db):
    errors = errors_of([replace(DEFAULT_STAGES[0], gentle="Oi {nome", firm="")])
    assert "chave" in errors["stage1_gentle"]
    assert "vazia" in errors["stage1_firm"]


@pytest.mark.parametrize("offset", [-31, 366, 1.5, "7", True])
def test_offsets_are_whole_days_in_range(db, offset):
    errors = errors_of([replace(DEFAULT_STAGES[0], offset=offset)])
    assert "stage1_offset" in errors


def test_at_least_one_stage(db):
    assert errors_of([]) == {"stages": "A régua precisa de pelo menos uma etapa."}


def test_tone_warnings_per_stage_do_not_block_saving(db):
    harsh = replace(DEFAULT_STAGES[5], firm="{nome}, última chance antes do SPC. {total}")
    saved = save_stages([harsh])
    assert saved[0].firm == harsh.firm
    warnings = stage_warnings(saved)
    assert len(warnings) == 2
    assert all(w.startswith("Atraso grave (firme): Evite") for w in warnings)
    assert stage_warnings(DEFAULT_STAGES) == []


@pytest.mark.parametrize("days, code", [
    (-30, None), (-6, None), (-5, "D−5"), (-1, "D−5"), (0, "D0"), (1, "D+1"), (6, "D+1"),
    (7, "D+7"), (14, "D+7"), (15, "D+15"), (29, "D+15"), (30, "D+30"), (400, "D+30"),
])
def test_stage_reached_on_a_day(days, code):
    stage = stage_for(DEFAULT_STAGES, days)
    assert (stage.code if stage else None) == code
