"""Word lists for quote attribution: speech verbs, "according to" markers, pronouns and role nouns, per language.

Data only; ``compare.quotes`` compiles them. Entries are lower-case word forms (matched case-insensitively on word
boundaries, spaces inside an entry match any run of whitespace). Verbs of *reporting by the newsroom* ("reports",
"informa") are left out on purpose: they attribute the article, not a quote, and would turn the outlet into a speaker.
"""

from __future__ import annotations


def _forms(listing: str) -> tuple[str, ...]:
    """A comma-separated listing as a tuple: keeps long word lists compact and easy to review."""
    return tuple(form.strip() for form in listing.split(",") if form.strip())


#: Verb forms (and short verb phrases) that introduce or follow reported speech. Forms that are also common nouns
#: ("states", "claims", "notes"; "cuenta", "denuncia") are left out: "the United States" is not a speech verb.
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "en": _forms(
        "recounted, complained, lamented, conceded, reiterated, repeated, responded, countered, predicted, "
        "shouted, joked, said, says, say, told, tells, stated, stressed, stresses, added, adds, warned, "
        "warns, explained, explains, noted, insisted, insists, declared, declares, announced, announces, "
        "asked, asks, replied, replies, argued, argues, claimed, recalled, recalls, wrote, writes, "
        "emphasised, emphasized, underlined, acknowledged, admitted, confirmed, denied, promised, vowed, "
        "pledged, commented, remarked, observed, continued, concluded, urged, cautioned, tweeted, made it clear, "
        "made clear, pointed out, went on"
    ),
    "es": _forms(
        "relató, relata, contó, denunció, lamentó, lamenta, se quejó, criticó, reclamó, "
        "recalcó, aseveró, narró, celebró, opinó, valoró, admitió, dijo, dice, decía, ha dicho, afirmó, afirma, "
        "ha afirmado, señaló, señala, aseguró, asegura, declaró, declara, explicó, explica, añadió, añade, "
        "agregó, agrega, advirtió, advierte, subrayó, subraya, destacó, destaca, insistió, insiste, indicó, "
        "indica, manifestó, sostuvo, sostiene, recordó, precisó, apuntó, comentó, reconoció, anunció, prometió, "
        "negó, confirmó, respondió, preguntó, enfatizó, remarcó, expresó, concluyó"
    ),
    "pt": _forms(
        "relatou, lamentou, queixou-se, denunciou, criticou, reclamou, desabafou, reagiu, considerou, defendeu, "
        "admitiu, esclareceu, disse, diz, afirmou, afirma, declarou, declara, explicou, explica, acrescentou, "
        "acrescenta, ressaltou, ressalta, salientou, sublinhou, destacou, destaca, alertou, advertiu, garantiu, "
        "assegurou, observou, comentou, lembrou, indicou, insistiu, anunciou, prometeu, negou, confirmou, "
        "respondeu, perguntou, frisou, enfatizou, reconheceu, concluiu, contou, avisou"
    ),
    "fr": _forms(
        "a raconté, raconte, a réagi, réagit, s'est félicité, s'est félicitée, s’est félicité, s’est félicitée, "
        "a dénoncé, dénonce, a regretté, regrette, a déploré, déplore, a commenté, a témoigné, témoigne, "
        "a confié, confie, a jugé, a résumé, a relevé, a fait savoir, a déclaré, a dit, a affirmé, a expliqué, "
        "a ajouté, a souligné, a averti, a indiqué, a précisé, a assuré, a estimé, a insisté, a rappelé, "
        "a annoncé, a confirmé, a nié, a reconnu, a répondu, a martelé, a prévenu, a lancé, a poursuivi, "
        "a conclu, a noté, déclare, dit, affirme, explique, ajoute, souligne, avertit, indique, précise, assure, "
        "estime, insiste, rappelle, annonce, confirme, répond, déclaré, affirmé, ajouté, souligné, expliqué, "
        "précisé, indiqué, assuré"
    ),
    "de": _forms(
        "berichtete, erzählte, erzählt, klagte, beklagte, kritisierte, schilderte, forderte, lobte, hieß es, "
        "sagte, sagt, gesagt, erklärte, erklärt, betonte, betont, fügte hinzu, fügte, warnte, warnt, sprach, "
        "meinte, meint, versicherte, unterstrich, bekräftigte, kündigte an, kündigte, bestätigte, bestätigt, "
        "räumte ein, räumte, teilte mit, teilte, stellte klar, antwortete, fragte, bestritt, verkündete, "
        "ergänzte, mahnte, hob hervor, so"
    ),
    "it": _forms(
        "ha raccontato, racconta, ha denunciato, ha commentato, ha lamentato, ha ammesso, ha riferito, "
        "riferisce, ha sostenuto, ha evidenziato, ha detto, ha dichiarato, ha affermato, ha spiegato, "
        "ha aggiunto, ha sottolineato, ha avvertito, ha assicurato, ha precisato, ha ribadito, ha annunciato, "
        "ha confermato, ha risposto, ha osservato, dice, disse, dichiara, afferma, spiega, aggiunge, sottolinea, "
        "avverte, assicura, precisa, ribadisce, detto, dichiarato, affermato"
    ),
    "nl": _forms(
        "vertelde, vertelt, klaagde, reageerde, liet weten, zei, zegt, verklaarde, verklaart, benadrukte, "
        "benadrukt, voegde toe, voegde, waarschuwde, waarschuwt, legde uit, stelde, stelt, aldus, zo zei, "
        "meldde, bevestigde, ontkende, antwoordde, vroeg, beloofde, gezegd, verklaard"
    ),
    "tr": _forms(
        "anlattı, dedi, diyor, söyledi, açıkladı, belirtti, vurguladı, ifade etti, kaydetti, ekledi, uyardı, "
        "bildirdi, dile getirdi, yanıtladı, sordu, altını çizdi"
    ),
    "az": _forms(
        "dedi, deyib, söylədi, söyləyib, bildirib, bildirdi, qeyd edib, qeyd etdi, vurğulayıb, vurğuladı, "
        "açıqlayıb, əlavə edib, xəbərdarlıq edib, bəyan edib"
    ),
    "ru": _forms(
        "рассказал, рассказала, сказал, сказала, заявил, заявила, отметил, отметила, подчеркнул, подчеркнула, "
        "добавил, добавила, пояснил, пояснила, сообщил, сообщила, предупредил, предупредила, говорит, сказали, "
        "заявили, ответил, ответила"
    ),
}

#: Verbs that attribute only when they directly follow the closing mark ('„…“, so Scholz'; Dutch "aldus"): elsewhere
#: they are ordinary words ("so" is an adverb; "dit"/"dice" collide with other languages' common words).
TAIL_ONLY_VERBS: frozenset[str] = frozenset({"so", "aldus", "zo zei"})

#: "according to X" markers: the speaker follows the marker.
ACCORDING_TO: dict[str, tuple[str, ...]] = {
    "en": ("according to",),
    "es": ("según", "de acuerdo con"),
    "pt": ("segundo", "de acordo com", "conforme"),
    "fr": ("selon", "d'après", "d’après"),
    "de": ("laut", "nach angaben von", "zufolge"),
    "it": ("secondo", "stando a"),
    "nl": ("volgens",),
    "tr": ("göre",),
    "az": ("görə",),
    "ru": ("по словам", "по данным"),
}

#: Singular third-person pronouns that can stand for a speaker ("he said", "selon lui", "ihm zufolge"). Plural "they"
#: is left out: it rarely names one person, and guessing the last person named would be wrong more often than right.
PRONOUNS: dict[str, tuple[str, ...]] = {
    "en": ("he", "she"),
    "es": ("él", "ella"),
    "pt": ("ele", "ela"),
    "fr": ("il", "elle", "lui"),
    "de": ("er", "sie", "ihm", "ihr"),
    "it": ("lui", "lei", "egli"),
    "nl": ("hij", "zij", "ze"),
    "tr": ("o",),
    "az": ("o",),
    "ru": ("он", "она"),
}

#: Role nouns grouped by role, across languages: "the spokesman" refers back to the last person introduced as
#: "spokesperson X", and "el portavoz" to the same role in Spanish.
ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "spokesperson": _forms(
        "spokesman, spokeswoman, spokesperson, press secretary, portavoz, vocero, vocera, porta-voz, "
        "porte-parole, sprecher, sprecherin, regierungssprecher, portavoce, woordvoerder, woordvoerster, sözcü, "
        "sözcüsü, sözçü, sözçüsü, mətbuat katibi, пресс-секретарь, представитель"
    ),
    "minister": _forms("minister, ministro, ministra, ministre, ministerin, bakan, bakanı, nazir, naziri, министр"),
    "president": _forms(
        "president, presidente, présidente, président, präsident, präsidentin, cumhurbaşkanı, prezident, президент"
    ),
    "prime_minister": _forms(
        "prime minister, premier, primer ministro, primeiro-ministro, premier ministre, premierminister, "
        "premierministerin, primo ministro, başbakan, baş nazir, премьер-министр"
    ),
    "chancellor": ("chancellor", "kanzler", "kanzlerin", "canciller", "chanceler", "chancelier", "cancelliere"),
    "ambassador": _forms(
        "ambassador, embajador, embajadora, embaixador, embaixadora, ambassadeur, ambassadrice, botschafter, "
        "botschafterin, ambasciatore, ambasciatrice, büyükelçi, səfir, посол"
    ),
    "mayor": _forms(
        "mayor, alcalde, alcaldesa, prefeito, prefeita, maire, bürgermeister, bürgermeisterin, sindaco, sindaca, "
        "burgemeester, belediye başkanı, мэр"
    ),
    "governor": ("governor", "gobernador", "gobernadora", "governador", "governadora", "gouverneur", "gouverneurin"),
    "secretary": ("secretary", "secretario", "secretaria", "secretário", "secretária", "secrétaire", "sekretär"),
    "director": ("director", "directora", "diretor", "diretora", "directeur", "directrice", "direktor", "direktorin"),
    "chief": ("chief", "jefe", "jefa", "chefe", "chef", "chefin", "capo"),
    "commander": ("commander", "comandante", "commandant", "kommandeur", "komutan", "komandan", "командующий"),
    "chair": _forms(
        "chairman, chairwoman, chair, vorsitzende, vorsitzender, coordinador, coordinadora, coordenador, "
        "coordenadora, coordinateur, coordinatrice, coordinatore, leader, líder, voorzitter"
    ),
    "police": ("police chief", "jefe de policía", "polizeichef", "polizeisprecher"),
    "prosecutor": (
        "prosecutor",
        "fiscal",
        "procurador",
        "procureur",
        "procureure",
        "staatsanwalt",
        "staatsanwältin",
        "procuratore",
    ),
}

#: Determiners that turn a role noun into a reference ("the spokesman", "el portavoz", "der Sprecher").
ROLE_DETERMINERS: tuple[str, ...] = _forms(
    "the, this, that, el, la, los, las, este, esta, o, a, os, as, esse, essa, le, l', l’, les, ce, cette, "
    "der, die, das, dieser, diese, il, lo, i, gli, de, het, deze, bu, həmin, этот, эта"
)

#: Nouns after which a person's name is a modifier, not the person ("the Biden administration" is not Biden speaking).
PERSON_MODIFIER_NOUNS: tuple[str, ...] = _forms(
    "administration, government, campaign, era, family, foundation, doctrine, plan, team, camp, regierung, "
    "administração, administración, gobierno, governo, gouvernement, regering, yönetimi, hökuməti, "
    "администрация"
)

#: Honorifics and descriptors that taggers sweep into a person's name ("Me Hélène Corbière", "Studentin Merve
#: Aydın"): the name proper starts after the last of them. Role nouns above count too (also as the end of a German
#: compound: "Regionalgouverneurin").
NAME_PREFIXES: tuple[str, ...] = _forms(
    "mr, mr., mrs, mrs., ms, ms., dr, dr., prof, prof., sir, dame, me, maître, m., mme, mlle, herr, frau, "
    "sr, sr., sra, sra., señor, señora, don, doña, dom, dona, sig., sig.ra, signor, signora, dhr., mevr., "
    "capt., capitán, capitão, capitaine, captain, kapitän, colonel, coronel, oberst, general, lawyer, "
    "anwalt, anwältin, abogado, abogada, advogado, advogada, avocat, avocate, avvocato, advocaat, student, "
    "studentin, estudiante, estudante, étudiant, étudiante, studente, studentessa, doctor, arzt, ärztin, "
    "médico, médica, médecin, medico, dottore"
)

#: Words between a speech verb and a name that make the name the addressee ("comentó a EFE", "told to", "sagte
#: gegenüber dem Sender"), not the speaker.
ADDRESSEE_WORDS: tuple[str, ...] = _forms(
    "to, a, al, a la, ao, à, à la, aux, gegenüber, gegenüber dem, gegenüber der, tegen, aan, alla, ai, agli, ad"
)

#: Words that open a subject noun phrase after an inverted verb ("…", comentó un trabajador): when the phrase names
#: nobody we know, the speaker stays unknown instead of falling back to the last person named.
SUBJECT_STARTERS: tuple[str, ...] = _forms(
    "a, an, one, un, una, uno, um, uma, une, ein, eine, einer, een, bir, el, la, los, las, lo, il, le, les, l', "
    "l’, der, die, das, de, het, the, o, os, as, i, gli, this, that, este, esta, ce, cette, dieser, diese, deze"
)
