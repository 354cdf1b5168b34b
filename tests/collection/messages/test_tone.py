"""The tone check by families of phrases (CDC arts. 42 and 71): what must warn, what must not."""

from __future__ import annotations

import pytest

from app.services.collection.cadence import DEFAULT_STAGES, stage_warnings
from app.services.collection.tone import tone_warnings
from app.services.configuration.settings import Settings

# exposure to third parties or places (art. 71), in phrasings of every shape
EXPOSURE = [
    "Vou ligar no seu trabalho.", "Vou falar com o seu marido.", "Vou contar pra sua mãe.",
    "Se não pagar, vou postar no status.", "Vou publicar no Instagram.",
    "Vou te cobrar na frente dos vizinhos.", "Vou mandar os prints pro grupo.",
    "Liguei pro seu chefe hoje.", "Aviso a sua patroa amanhã.", "Já contei pra sua sogra",
    "Vou mandar mensagem pra sua filha.", "Mandarei áudio pro seu irmão.",
    "Vou mostrar a conversa pras suas amigas.", "Vou compartilhar no grupo da igreja.",
    "Vou marcar você no post do Instagram.", "Vou telefonar para o seu RH.",
    "Vou chamar sua mãe pra conversar sobre a dívida.", "Estou postando nos stories.",
    "Vou até o seu trabalho.", "Vou no seu emprego cobrar.", "Vou passar no seu serviço.",
    "Seu marido vai ficar sabendo.", "Todo mundo vai saber que você deve.",
    "Vou divulgar seu nome.", "Vou espalhar pra todo mundo.", "Te cobro em público.",
    "Vou falar com os seus colegas de serviço.", "VOU CONTAR PRO SEU NAMORADO",
    "Vou procurar sua família.", "Vou expor você no Facebook.",
]
# threats of credit bureaus, courts and police (art. 42), in any spelling
THREATS = [
    "Vou te colocar no S.P.C.", "Seu nome vai pro S P C.", "Vai pro s.e.r.a.s.a.",
    "Vou te negativar.", "Vou sujar seu nome.", "Vai entrar na lista negra.",
    "Vou te processar.", "Vou entrar com um processo contra você.", "Vou fazer um B.O.",
    "Vou levar no cartório.", "Vou procurar um advogado.", "É sua última chance.",
    "Vou tomar as medidas legais.", "Vou chamar a polícia.", "Isso vai parar na justiça.",
]
INSULTS = [
    "Você é uma mau pagadora.", "Sua caloteira.", "Não vendo para caloteiro.",
    "Má pagadora não compra mais.", "Golpista!", "Que pilantragem.", "Sua sem-vergonha.",
    "Você é uma mentirosa.", "Que cara de pau.", "Devedora.", "Você está inadimplente.",
]
# ordinary messages a reseller writes, which must read clean
FRIENDLY = [
    "Podemos combinar um processo de pagamento em partes, o que acha?",
    "Oi, {nome}! Aqui é da BELLA MODAS, tudo bem? Pode pagar por Pix ou dinheiro.",
    "Oi, {nome}! Tudo certo?\nObrigada! BELLA MODAS", "Beijos, LOJA DA ANA",
    "Me conta como está sua mãe!", "Manda um beijo pra sua mãe!",
    "Mando um abraço pra sua família.", "Vou postar as novidades no Instagram, fica de olho!",
    "Posso passar no seu trabalho para entregar a sacola?", "Seu pedido chegou!",
    "Conto com você, combinado?", "Passando para lembrar: a parcela vence amanhã.",
    "Qualquer dificuldade, me chame.", "Não tenha vergonha de me chamar.",
    "Me manda o print do comprovante, por favor.", "Posso te ligar mais tarde?",
    "Se ajudar, dá para pagar uma parte agora e o resto depois.", "Me avise quando puder.",
    "Vou fazer um desconto especial para você e sua família.", "O saldo ficou negativo.",
    "Enviei o comprovante pro seu e-mail.", "Pague pelo PIX, OK? O CNPJ está no recibo.",
]


@pytest.mark.parametrize("text", EXPOSURE)
def test_exposure_to_third_parties_and_places_warns_citing_art_71(text):
    warnings = tone_warnings(text)
    assert any("expõe a cliente" in w and "CDC art. 71" in w for w in warnings), warnings


@pytest.mark.parametrize("text", THREATS)
def test_threats_warn(text):
    warnings = tone_warnings(text)
    assert any("soa como ameaça" in w and "CDC art. 42" in w for w in warnings), warnings


@pytest.mark.parametrize("text", INSULTS)
def test_insulting_labels_warn(text):
    assert any("rótulo que humilha" in w for w in tone_warnings(text)), text


@pytest.mark.parametrize("text", FRIENDLY)
def test_friendly_messages_do_not_warn(text):
    assert tone_warnings(text, "Bella Modas") == []


def test_the_warning_quotes_her_own_words():
    (warning,) = tone_warnings("Oi, {nome}. Vou ligar no seu trabalho amanhã.")
    assert warning.startswith("Evite “ligar no seu trabalho”: expõe a cliente")
    (warning,) = tone_warnings("Você é uma má pagadora.")
    assert warning.startswith("Evite “má pagadora”")


def test_a_store_name_in_capitals_is_not_shouting_but_a_shout_still_is():
    assert tone_warnings("Oi, {nome}! Um abraço da equipe MODAS ROSÂNGELA", "") == []
    assert tone_warnings("Oi, {nome}! NATÁLIA MODAS agradece.", "Natália Modas") == []
    (warning,) = tone_warnings("Oi, {nome}! NATÁLIA MODAS agradece.")
    assert "MAIÚSCULAS (“NATÁLIA”)" in warning  # without knowing the name it may be a shout
    (warning,) = tone_warnings("Oi {nome},\nPAGUE HOJE", "Natália Modas")
    assert "MAIÚSCULAS (“PAGUE”)" in warning


def test_every_default_message_reads_clean_with_a_store_in_capitals():
    settings = Settings()
    templates = [t for s in DEFAULT_STAGES for t in (s.gentle, s.firm)]
    templates += [settings.birthday_template, settings.agreement_broken_template,
                  settings.loyalty_thanks_template]
    for template in templates:
        assert tone_warnings(template, "BELLA MODAS") == [], template
    assert stage_warnings(DEFAULT_STAGES, "BELLA MODAS") == []
