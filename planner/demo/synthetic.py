"""What the generated municipalities are made of: their plan, and the words the generator draws.

Every generated municipality has the same plan (the goals, channels and projects below, and the
shared bokmål audiences of the demo); its people, titles, summaries and story texts are drawn
from the names and sentences here, with fill-ins like {unit} or {name} (see
`planner.demo.generate`). Texts are bokmål.
"""

from __future__ import annotations

from typing import NamedTuple

from planner.demo.content import DemoChannel
from planner.municipalities.roles import Role
from planner.strategy.models import Reach, Theme

#: (e-mail prefix, role), as in the demo.
MEMBER_ROLES = (
    ("admin", Role.ADMIN.value),
    ("redaktor", Role.EDITOR.value),
    ("leder", Role.REVIEWER.value),
    ("leser", Role.VIEWER.value),
)

PROGRAMME_THEMES = (
    Theme.REPUTATION.value,
    Theme.FULL_TIME.value,
    Theme.ATTENDANCE.value,
    Theme.COMPETENCE.value,
    Theme.RECRUITMENT.value,
)

#: theme: (title, description, priority, key messages as (text, audience name or None))
GOALS = {
    Theme.REPUTATION.value: (
        "Et godt omdømme som arbeidsgiver og tjenesteyter",
        "Innbyggere, folkevalgte og jobbsøkere skal kjenne til det vi får til.",
        2,
        (
            ("Vi gjør det vi sier.", None),
            ("Tjenestene blir bedre år for år, og du kan se det.", "Innbyggere"),
        ),
    ),
    Theme.FULL_TIME.value: (
        "Heltid som hovedregel",
        "Flere ansatte i hele, faste stillinger, og færre i ufrivillig deltid.",
        1,
        (
            ("Hos oss kan du få en hel stilling.", "Jobbsøkere"),
            ("Ny turnus lages sammen med dere.", "Ansatte"),
        ),
    ),
    Theme.ATTENDANCE.value: (
        "Høyere nærvær",
        "Lavere sykefravær gjennom godt arbeidsmiljø og tett oppfølging.",
        1,
        (
            ("Nærvær bygges i hverdagen, sammen med tillitsvalgte og verneombud.", None),
            ("Den som er syk, blir fulgt opp tidlig og tett.", "Ledere"),
        ),
    ),
    Theme.COMPETENCE.value: (
        "Riktig kompetanse i alle tjenester",
        "Flere fagarbeidere, flere med fagbrev og flere med videreutdanning.",
        2,
        (("Vi betaler utdanningen, du tar fagbrevet.", "Ansatte"),),
    ),
    Theme.RECRUITMENT.value: (
        "Rekruttere og beholde fagfolk",
        "Et førstevalg for sykepleiere, lærere og fagarbeidere.",
        2,
        (
            ("Her får du bruke hele faget ditt.", "Jobbsøkere"),
            ("Det er godt å bo her, og det er jobb til deg.", "Potensielle tilflyttere"),
        ),
    ),
}

#: The channels of every generated municipality.
CHANNELS = (
    DemoChannel("Intranett", "intranet", "internal", 3, "week", "#0062ba"),
    DemoChannel("Facebook", "facebook", "external", 4, "week", "#1b5e9e", 500),
    DemoChannel("Nettsiden", "web", "both", 2, "week", "#2a6b37"),
    DemoChannel("Nyhetsbrev", "newsletter", "internal", 2, "month", "#6b3fa0"),
    DemoChannel("Lokalavisa", "press", "external", 2, "month", "#8a4b00"),
)

#: Which channels a post goes out on, by who it is for: channel name → weight.
CHANNEL_WEIGHTS = {
    Reach.INTERNAL.value: {"Intranett": 6, "Nyhetsbrev": 3, "Nettsiden": 1},
    Reach.EXTERNAL.value: {"Facebook": 6, "Nettsiden": 4, "Lokalavisa": 2},
    Reach.BOTH.value: {
        "Intranett": 4,
        "Facebook": 4,
        "Nettsiden": 3,
        "Nyhetsbrev": 1,
        "Lokalavisa": 1,
    },
}

#: Audiences a story of each theme is usually for, most likely first.
THEME_AUDIENCES = {
    Theme.REPUTATION.value: ("Innbyggere", "Folkevalgte", "Potensielle tilflyttere", "Ansatte"),
    Theme.FULL_TIME.value: ("Ansatte", "Tillitsvalgte og verneombud", "Jobbsøkere", "Ledere"),
    Theme.ATTENDANCE.value: ("Ansatte", "Ledere", "Tillitsvalgte og verneombud", "Folkevalgte"),
    Theme.COMPETENCE.value: ("Ansatte", "Ledere", "Jobbsøkere", "Nabokommuner"),
    Theme.RECRUITMENT.value: ("Jobbsøkere", "Potensielle tilflyttere", "Ansatte", "Innbyggere"),
}


class IndicatorPlan(NamedTuple):
    name: str
    unit: str
    #: lower | higher
    direction: str
    #: The baseline is drawn between these; the series moves part of the way to the target.
    baseline: tuple[float, float]
    target: float
    decimals: int
    source: str


#: (project name, description, theme, indicators); the project None holds indicators followed
#: outside any project. Indicators measure the goal of the project's theme.
PROJECTS = (
    (
        "Heltidsprosjektet",
        "Ny turnus med lengre vakter i helgene, og faste stillinger i stedet for vikariater.",
        Theme.FULL_TIME.value,
        (
            IndicatorPlan("Ufrivillig deltid", "ansatte", "lower", (35, 60), 12, 0, "HR-system"),
            IndicatorPlan("Andel heltid", "%", "higher", (38, 52), 70, 1, "HR-system"),
        ),
    ),
    (
        "Nærværsprosjektet",
        "Tett oppfølging av sykmeldte, tilrettelegging og et bedre arbeidsmiljø i alle enheter.",
        Theme.ATTENDANCE.value,
        (IndicatorPlan("Sykefravær", "%", "lower", (8.5, 11.5), 6.5, 1, "HR-system (fravær)"),),
    ),
    (
        "Kompetanseløftet",
        "Fagbrev på jobb for assistenter og videreutdanning for sykepleiere og lærere.",
        Theme.COMPETENCE.value,
        (IndicatorPlan("Ansatte med fagbrev", "%", "higher", (55, 68), 85, 1, "HR-system"),),
    ),
    (
        "Rekruttering av fagfolk",
        "Bedre stillingsannonser, sommerjobb for studenter og fadder for alle nyansatte.",
        Theme.RECRUITMENT.value,
        (IndicatorPlan("Søkere per stilling", "søkere", "higher", (1.4, 2.6), 5, 1, "Webcruiter"),),
    ),
    (
        None,
        "",
        Theme.REPUTATION.value,
        (
            IndicatorPlan(
                "Innbyggertilfredshet", "poeng", "higher", (58, 68), 75, 0, "Undersøkelse"
            ),
        ),
    ),
)

VISIONS = (
    "Sammen skaper vi framtida.",
    "Godt å bo, godt å jobbe.",
    "Nær folk – hver dag.",
    "Raus, modig og framtidsrettet.",
)
CORE_STORIES = (
    "Vi har gått fra vikar til fast: flere har hele stillinger, fraværet går ned, og vi løser "
    "utfordringene sammen med tillitsvalgte og verneombud. Det er historien vi forteller.",
    "Vi er en kommune som gjør det den sier. Trepartssamarbeidet har gitt oss bedre turnuser, "
    "lavere sykefravær og flere fagarbeidere, og nå forteller vi det videre.",
)

FIRST_NAMES = (
    "Kari", "Ola", "Ingrid", "Lars", "Marte", "Jon", "Sigrid", "Per", "Hanne", "Anders",
    "Solveig", "Eirik", "Nina", "Geir", "Hilde", "Tor", "Åse", "Øystein", "Liv", "Bjørn",
    "Maja", "Jonas", "Emma", "Sofie", "Ahmed", "Fatima", "Tomasz", "Aisha", "Mikkel", "Ragnhild",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Berg", "Haugen", "Hagen", "Bakken", "Solberg", "Strand", "Lie", "Dahl", "Lunde", "Moen",
    "Sæther", "Aas", "Holm", "Ødegård", "Fjeld", "Vik", "Brekke",
)  # fmt: skip
UNITS = (
    "hjemmetjenesten", "sykehjemmet", "Helsehuset", "barnehagene", "skolene", "legevakta",
    "teknisk drift", "renholdet", "bo- og avlastningstjenesten", "psykisk helse og rus",
    "kjøkkenet", "servicetorget", "kulturskolen", "helsestasjonen",
)  # fmt: skip
PLACES = (
    "Sentrum", "Nordbygda", "Sørvika", "Åsen", "Fjellstad", "Strand", "Vollan", "Brekka",
    "Husby", "Elvetun",
)  # fmt: skip
PROFESSIONS = (
    "sykepleier", "helsefagarbeider", "vernepleier", "lærer", "barnehagelærer", "ergoterapeut",
    "fysioterapeut", "miljøterapeut", "renholder", "kokk",
)  # fmt: skip
LOCATIONS = (
    "Kulturhuset", "Rådhuset, kommunestyresalen", "Helsehuset, kantina", "Biblioteket",
    "Ungdomsskolen, aulaen", "Samfunnshuset på {place}",
)  # fmt: skip

TITLES = {
    Theme.FULL_TIME.value: (
        "Fra vikar til fast: {name} fikk hel stilling i {unit}",
        "Heltid som hovedregel i {unit}",
        "Færre ufrivillige deltidsstillinger i {unit}",
        "Ny turnus gir flere hele stillinger på {place}",
        "Slik fikk {unit} {n} flere heltidsansatte",
    ),
    Theme.ATTENDANCE.value: (
        "Sykefraværet i {unit} er nede i {pct} prosent",
        "Nærværsarbeid som virker i {unit}",
        "Tett oppfølging ga lavere fravær på {place}",
        "Tilrettelegging holdt {name} i jobb",
        "Trepartssamarbeid om nærvær i {unit}",
    ),
    Theme.COMPETENCE.value: (
        "{n} nye fagbrev i {unit}",
        "Fra assistent til {profession}: {name} tok fagbrev",
        "Kompetanseløft for ansatte i {unit}",
        "Lærlingene i {unit} forteller",
        "Desentralisert utdanning gir nye fagfolk på {place}",
    ),
    Theme.RECRUITMENT.value: (
        "Vi søker {profession} til {unit}",
        "Møt {name}, ny {profession} i {unit}",
        "Sommerjobb i {unit}: søk nå",
        "Slik er det å jobbe i {unit}",
        "Rekordmange søkere til {unit}",
    ),
    Theme.REPUTATION.value: (
        "Innbyggerundersøkelsen: {share} av 10 er fornøyde med {unit}",
        "Pris til {unit} på {place}",
        "Ny møteplass åpnet på {place}",
        "Dette har vi fått til i {unit}",
        "Åpen dag i {unit}",
    ),
}
EVENT_TITLES = (
    "Temakveld om heltidskultur på {place}",
    "Åpent møte: {unit} i framtiden",
    "Nettverkssamling for tillitsvalgte og verneombud",
    "Jobbmesse i kulturhuset",
    "Informasjonsmøte om {unit} på {place}",
    "Folkemøte om nærvær og arbeidsmiljø",
)
SUMMARIES = (
    "{Unit} har fått til noe mange har prøvd lenge: {result}",
    "Historien om hvordan {unit} på {place} løste det sammen med de ansatte.",
    "{name}, {profession}, forteller hva som er annerledes nå.",
    "Resultatene etter to år: {result}",
    "Slik jobber vi for at flere skal ville jobbe i {unit}.",
)
RESULTS = (
    "ufrivillig deltid er mer enn halvert.",
    "sykefraværet har gått ned fra {high} til {low} prosent.",
    "{n} nye fagarbeidere er på plass.",
    "{share} av 10 innbyggere er fornøyde med tjenesten.",
    "alle nyansatte har fått en fast fadder.",
)
#: Sentences for the parts of a story, by the part they tell.
BEFORE = (
    "For to år siden hadde {unit} {n} ansatte i små deltidsstillinger.",
    "Mange i {unit} jobbet hver tredje helg og fikk likevel ikke hel stilling.",
    "Sykefraværet var høyt, og vikarbruken kostet mye.",
    "Det var vanskelig å få fagfolk til å søke seg til {place}.",
    "Innbyggerne visste lite om hva {unit} faktisk gjør.",
)
ACTION = (
    "Ledere, tillitsvalgte og verneombud satte seg sammen og laget en ny turnus.",
    "{Unit} innførte lengre vakter i helgene etter ønske fra de ansatte.",
    "Alle nyansatte fikk en fast fadder det første halvåret.",
    "Kommunen betalte utdanningen, og de ansatte tok fagbrev ved siden av jobben.",
    "Vi begynte å følge opp alle sykmeldte i løpet av den første uka.",
)
RESULT = (
    "Nå har {pct} prosent av de ansatte hel stilling.",
    "Fraværet gikk ned fra {high} til {low} prosent på ett år.",
    "– Arbeidsdagen er blitt mer forutsigbar, sier {name}, {profession} i {unit}.",
    "{n} nye fagarbeidere er på plass, og flere er i gang.",
    "Stillingsannonsene får nå dobbelt så mange søkere som før.",
)
TEMPLATE_PARTS = {
    "car": (("car_challenge", BEFORE), ("car_action", ACTION), ("car_result", RESULT)),
    "star": (
        ("star_situation", BEFORE),
        ("star_task", ACTION),
        ("star_action", ACTION),
        ("star_result", RESULT),
    ),
    "before_after": (("bab_before", BEFORE), ("bab_after", RESULT), ("bab_bridge", ACTION)),
    "spine": (
        ("spine_once", BEFORE),
        ("spine_every_day", BEFORE),
        ("spine_one_day", ACTION),
        ("spine_because", ACTION),
        ("spine_finally", RESULT),
        ("spine_ever_since", RESULT),
    ),
}
REJECTIONS = (
    "Kan du få med tallene fra siste måling?",
    "Teksten er for lang for Facebook; kort ned til det viktigste.",
    "Husk å spørre {name} om det er greit å bli sitert.",
)
COMMENTS = (
    "Fint! Jeg har bilder fra {place} vi kan bruke.",
    "Skal vi vente til etter kommunestyremøtet?",
    "Tillitsvalgte har lest og er positive.",
)
