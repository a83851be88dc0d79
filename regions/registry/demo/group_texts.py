"""German names and short descriptions for self-help groups, by format and audience."""

from __future__ import annotations

import random

from regions.registry.demo.sizes import pick
from regions.sources.vocabulary import Audience, GroupFormat, GroupStatus

Templates = tuple[tuple[str, float], ...]
NAMES: dict[tuple[GroupFormat, bool], Templates] = {
    (GroupFormat.DIGITAL, False): (
        ("Online-Selbsthilfegruppe {topic}{where}", 30),
        ("Digitale Selbsthilfegruppe {topic}{where}", 12),
        ("Videotreff {topic}{where}", 15),
        ("Online-Gesprächskreis {topic}{where}", 15),
        ("Virtuelle Selbsthilfegruppe {topic}{where}", 8),
        ("Online-Treff {topic}{where}", 10),
        ("Digitaler Gesprächskreis {topic}{where}", 10),
    ),
    (GroupFormat.DIGITAL, True): (
        ("Digitaler Gesprächskreis für Angehörige von Menschen mit {topic}{where}", 30),
        ("Online-Angehörigengruppe {topic}{where}", 30),
        ("Videotreff für Angehörige: {topic}{where}", 20),
    ),
    (GroupFormat.HYBRID, False): (
        ("Hybrid-Gruppe {topic}{where}", 40),
        ("Selbsthilfegruppe {topic}{where} (hybrid)", 30),
        ("Gesprächskreis {topic}{where} – vor Ort und online", 20),
    ),
    (GroupFormat.HYBRID, True): (
        ("Hybrid-Gruppe für Angehörige: {topic}{where}", 50),
        ("Angehörigengruppe {topic}{where} (hybrid)", 50),
    ),
    (GroupFormat.IN_PERSON, False): (
        ("Selbsthilfegruppe {topic}{where}", 60),
        ("Gesprächskreis {topic}{where}", 25),
        ("Treffpunkt {topic}{where}", 15),
    ),
    (GroupFormat.IN_PERSON, True): (
        ("Angehörigengruppe {topic}{where}", 60),
        ("Gesprächskreis für Angehörige: {topic}{where}", 40),
    ),
}
QUALIFIERS = (
    "für junge Erwachsene",
    "für Frauen",
    "für Männer",
    "50plus",
    "am Abend",
    "für Berufstätige",
    "für Neubetroffene",
)
ROMAN = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
HOW = {
    GroupFormat.DIGITAL: ("per Videokonferenz", "online", "in einem geschützten Videoraum"),
    GroupFormat.HYBRID: ("vor Ort und per Video", "vor Ort oder per Video"),
    GroupFormat.IN_PERSON: ("persönlich", "in geschützter Runde"),
}
FIRST = {
    Audience.AFFECTED: "In unserer Gruppe zum Thema {topic} tauschen sich Betroffene {how} über "
    "ihre Erfahrungen aus.",
    Audience.RELATIVES: "In unserer Gruppe zum Thema {topic} finden Angehörige {how} Raum für "
    "Austausch und gegenseitige Unterstützung.",
    Audience.BOTH: "Betroffene und Angehörige treffen sich {how}, um Erfahrungen zum Thema "
    "{topic} zu teilen.",
}
STATUS = {
    GroupStatus.FOUNDING: "Die Gruppe gründet sich gerade; Interessierte sind herzlich willkommen.",
    GroupStatus.PAUSED: "Die Treffen pausieren derzeit.",
    GroupStatus.ENDED: "Die Gruppe hat ihre Treffen eingestellt.",
}
OPEN = (
    "Neue Mitglieder sind herzlich willkommen.",
    "Die Teilnahme ist kostenlos und vertraulich.",
    "Ein kurzes Vorgespräch vor dem ersten Treffen ist möglich.",
)
LANGUAGES = {
    "en": "Englisch",
    "tr": "Türkisch",
    "ru": "Russisch",
    "ar": "Arabisch",
    "uk": "Ukrainisch",
}


def group_name(
    rng: random.Random, form: GroupFormat, relatives: bool, topic: str, where: str, taken: set[str]
) -> str:
    """A name from the topic, the format and the place, unique among the names taken."""
    template = pick(rng, NAMES[form, relatives])
    name = template.format(topic=topic, where=where)
    if name in taken or rng.random() < 0.1:
        for qualifier in rng.sample(QUALIFIERS, len(QUALIFIERS)):
            if f"{name} – {qualifier}" not in taken:
                name = f"{name} – {qualifier}"
                break
    base = name
    for numeral in ROMAN:
        if name not in taken:
            break
        name = f"{base} {numeral}"
    counter = len(ROMAN) + 2
    while name in taken:
        name, counter = f"{base} {counter}", counter + 1
    taken.add(name)
    return name


def description(
    rng: random.Random,
    form: GroupFormat,
    audience: Audience,
    status: GroupStatus,
    open_for_new: bool,
    topic: str,
    languages: str,
) -> str:
    """One or two German sentences about who meets, how, and whether newcomers can join."""
    text = FIRST[audience].format(topic=topic, how=rng.choice(HOW[form]))
    spoken = [LANGUAGES[code] for code in languages.split() if code in LANGUAGES]
    if spoken:
        return f"{text} Wir sprechen Deutsch und {spoken[0]}."
    if status in STATUS:
        return f"{text} {STATUS[status]}"
    if open_for_new and rng.random() < 0.7:
        return f"{text} {rng.choice(OPEN)}"
    return text
