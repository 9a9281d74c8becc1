"""Demo stories and their publications, from the facts in shared/DEMO-DATA.md.

Every story is made the way members make them: created, planned on channels, commented, submitted,
approved or sent back, published and archived through the services, so the audit log, revisions and
"my tasks" look like real use. Dates are relative to the day the demo is loaded (in the
municipality's zone), so the calendar always has a few past and coming weeks; a few stories are
anchored in the summer or the winter instead. Texts are bokmål, and nynorsk for Austrheim and Vågå.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import local_today, zone_of
from planner.municipalities.models import Membership, Municipality
from planner.posts.models import Post, Publication
from planner.posts.services import (
    add_comment,
    add_publication,
    cancel_publication,
    create_post,
    mark_published,
    update_post,
)
from planner.posts.workflow import apply_transition
from planner.results.models import Indicator
from planner.results.services import add_measurement
from planner.strategy.models import Audience, Channel, Goal


class Season(NamedTuple):
    """A day of the year: the next one to come (direction 1) or the last one gone (-1)."""

    month: int
    day: int
    direction: int


@dataclass(frozen=True)
class DemoPublication:
    channel: str
    #: Days from the story's anchor day, or a day in a season of its own.
    day: int | Season
    #: Local time of day; None for all day.
    at: time | None
    text: str = ""
    #: planned | published | cancelled (published needs the post approved).
    outcome: str = "planned"


@dataclass(frozen=True)
class Say:
    """A comment by the municipality's editor, reviewer or admin."""

    who: str
    text: str


@dataclass(frozen=True)
class Reject:
    """The reviewer sends the post back to draft with this reason."""

    reason: str


#: A step that saves the story's final text over its first draft (a revision with a diff).
EDIT = "edit"
#: Transitions taken by the reviewer; the others are taken by the editor.
REVIEWER_TRANSITIONS = frozenset({"approve", "reject"})


@dataclass(frozen=True)
class DemoStory:
    slug: str
    title: str
    summary: str
    template: str
    sections: dict[str, str]
    kind: str = "story"
    goals: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    #: editor | reviewer | admin, or None for nobody yet.
    owner: str | None = "editor"
    #: idea | draft: how the story is created.
    start: str = "draft"
    #: In order: transition names, Say, Reject, EDIT. Publications are settled (published or
    #: cancelled as their outcome says) before "archive", or else after the last step.
    steps: tuple = ()
    publications: tuple[DemoPublication, ...] = ()
    #: The day offsets count from; None for the day the demo is loaded.
    anchor: Season | None = None
    location: str = ""
    #: Events: (start offset, start time, end offset, end time), from the anchor.
    event: tuple[int, time, int, time] | None = None
    #: Fields as first written, before the EDIT step saved the final text.
    first_draft: dict[str, str] = field(default_factory=dict)
    #: (indicator, date, value, note): a measurement that arrives after the story was approved.
    newer_result: tuple[str, date, str, str] | None = None


def _pub(channel, day, at=None, text="", outcome="planned") -> DemoPublication:
    return DemoPublication(channel, day, at, text, outcome)


PUBLISHED = "published"
CANCELLED = "cancelled"

STORIES: tuple[DemoStory, ...] = (
    # --- Innherred samkommune ------------------------------------------------------------------
    DemoStory(
        slug="innherred",
        title="Fra vikar til fast: 36 færre i ufrivillig deltid",
        summary=(
            "Siden 2012 har ufrivillig deltid i Levanger og Verdal gått ned fra 50 til 14 ansatte. "
            "Vikarpoolen og større stillinger gjorde forskjellen."
        ),
        template="car",
        sections={
            "car_challenge": (
                "I 2012 gikk 50 av de ansatte i helse og omsorg i deltid de ikke hadde valgt selv. "
                "Mange hadde flere små vikariater på ulike steder og visste ikke hva neste måned "
                "ville gi. For dem betydde det usikker lønn og lite fritid å planlegge. For "
                "brukerne betydde det mange nye fjes."
            ),
            "car_action": (
                "Levanger og Verdal startet prosjektet «Fra vikar til fast» sammen med "
                "tillitsvalgte og verneombud. Vikarer som ønsket mer arbeid, fikk tilbud om fast "
                "stilling i en vikarpool. Ledige timer ble samlet til større stillinger i stedet "
                "for å lyses ut som små vikariater, og turnusen ble lagt for hele året."
            ),
            "car_result": (
                "Ved utgangen av 2014 var tallet nede i 14. Det er 36 færre enn da vi startet, en "
                "nedgang på 72 prosent.\n\n"
                "«Jeg vet nå hvor jeg skal jobbe neste måned, og jeg har en lønn å planlegge "
                "etter», sier en helsefagarbeider i vikarpoolen. Hovedtillitsvalgt sier det slik: "
                "«Dette fikk vi til fordi vi satt ved samme bord fra første dag.»"
            ),
        },
        first_draft={
            "car_result": (
                "Ved utgangen av 2014 var tallet nede i 14. Det er 36 færre enn da vi startet."
            ),
        },
        goals=("heltid", "rekruttering"),
        audiences=("Ansatte", "Jobbsøkere", "Folkevalgte"),
        indicators=("Ufrivillig deltid",),
        steps=(
            "submit",
            Say(
                "reviewer",
                "Sterk historie, og tallene stemmer med HR. Kan vi få med hva endringen betyr for "
                "dem det gjelder – gjerne et sitat?",
            ),
            EDIT,
            Say(
                "editor",
                "Lagt inn sitat fra en helsefagarbeider i vikarpoolen og fra hovedtillitsvalgt. "
                "Begge har godkjent sitatene.",
            ),
            "approve",
            Say("reviewer", "Godkjent. Denne kan vi bruke i stillingsannonsene også."),
        ),
        publications=(
            _pub("Intranett", -9, time(8, 0), outcome=PUBLISHED),
            _pub(
                "Facebook",
                -8,
                time(19, 0),
                "I 2012 gikk 50 av våre ansatte i ufrivillig deltid. Nå er de 14. Vikarer som "
                "ville jobbe mer, fikk fast stilling i en vikarpool, og ledige timer ble samlet "
                "til større stillinger. «Jeg vet nå hvor jeg skal jobbe neste måned», sier en "
                "helsefagarbeider. Les hele historien på nettsiden vår.",
                PUBLISHED,
            ),
            _pub("Nettsiden", -8, None, outcome=PUBLISHED),
            _pub("Lokalavisa", 4, None),
        ),
    ),
    DemoStory(
        slug="innherred",
        title="Nærværet løftet seg: sykefraværet ned fra 11 til 7 prosent",
        summary=(
            "På to og et halvt år gikk sykefraværet ned fra 11 til 7 prosent i både Levanger og "
            "Verdal. Det fikk ledere, tillitsvalgte og verneombud til sammen."
        ),
        template="star",
        sections={
            "star_situation": (
                "I 2012 lå sykefraværet i både Levanger og Verdal på 11 prosent. På enkelte "
                "avdelinger måtte noen ringe inn vikar nesten hver dag, og de som var på jobb, "
                "fikk dekke opp."
            ),
            "star_task": (
                "Målet var et høyere nærvær i begge kommunene. Ledere, tillitsvalgte og "
                "verneombud fikk oppdraget sammen: finne ut hva som holdt folk borte, og hva som "
                "fikk dem til å komme tilbake."
            ),
            "star_action": (
                "Alle enheter satte nærvær på sakslista hvert halvår. Lederne fulgte opp "
                "langtidsfravær tidlig, i samarbeid med NAV. Avdelingene laget egne tiltak – fra "
                "tilrettelagte vakter til faste møtepunkter der ansatte kunne si ifra før noe ble "
                "sykefravær."
            ),
            "star_result": (
                "Sommeren 2014 var sykefraværet nede i 7 prosent i begge kommunene. Det betyr "
                "mange flere på jobb hver dag, og flere kjente fjes for brukerne. Nå er jobben å "
                "holde det der."
            ),
        },
        goals=("narvaer",),
        audiences=("Ansatte", "Ledere", "Tillitsvalgte og verneombud"),
        indicators=("Sykefravær i Levanger", "Sykefravær i Verdal"),
        steps=(
            "submit",
            Say(
                "reviewer",
                "Jeg leser den i morgen. Sjekk at 7 prosent gjelder begge kommunene, ikke bare "
                "Verdal.",
            ),
            Say("editor", "Sjekket med HR: 7 prosent i begge, per 30. juni 2014."),
        ),
        publications=(
            _pub("Intranett", 2, time(8, 30)),
            _pub(
                "Facebook",
                4,
                time(12, 0),
                "Sykefraværet i Levanger og Verdal er ned fra 11 til 7 prosent på to og et halvt "
                "år. Det betyr flere kjente fjes for brukerne og færre vakter som må dekkes i "
                "siste liten. Takk til alle ledere, tillitsvalgte, verneombud og ansatte som har "
                "fått det til sammen!",
            ),
            _pub("Lokalavisa", 10, None),
        ),
    ),
    DemoStory(
        slug="innherred",
        title="Stillingsannonser som forteller hva vi tilbyr",
        summary=(
            "De nye stillingsannonsene skal vise fram større stillinger, årsturnus og fagmiljøet "
            "– og gi flere kvalifiserte søkere."
        ),
        template="before_after",
        sections={
            "bab_before": (
                "Før var stillingsannonsene våre like alle andres: «Vi søker sykepleier i 50 "
                "prosent vikariat», fulgt av en lang liste med krav. Mange hoppet over dem, og i "
                "snitt fikk vi 3,2 kvalifiserte søkere per stilling."
            ),
            "bab_after": (
                "Nå skal annonsene fortelle hvorfor det er godt å jobbe hos oss: hele stillinger "
                "til alle, årsturnus og et fagmiljø som tar imot deg."
            ),
            "bab_bridge": (
                "Ledere, HR og tillitsvalgte har skrevet om malen for stillingsannonser sammen, "
                "og vi har prøvd den ut på ti stillinger i høst."
            ),
        },
        goals=("rekruttering", "heltid"),
        audiences=("Jobbsøkere", "Ledere"),
        indicators=("Kvalifiserte søkere per stilling",),
        steps=(
            "submit",
            Reject(
                "«Hele stillinger til alle» kan vi ikke love ennå – vi har fortsatt 14 i "
                "ufrivillig deltid. Skriv hva vi faktisk tilbyr, og ta med ett eksempel på en "
                "annonse før og etter. Nettsidesaken må vente til dette er rettet."
            ),
            Say("editor", "Enig. Jeg skriver om «etter»-delen og legger inn et eksempel."),
        ),
        publications=(
            # Planned two days ago, never approved: overdue on the editor's tasks.
            _pub("Nettsiden", -2, time(9, 0)),
            _pub(
                "Facebook",
                5,
                time(11, 0),
                "Vi har skrevet om stillingsannonsene våre. Nå får du vite hva vi tilbyr, ikke "
                "bare hva vi krever: større stillinger, årsturnus og kolleger som tar imot deg. "
                "Se ledige stillinger i Levanger og Verdal på nettsiden.",
            ),
        ),
    ),
    DemoStory(
        slug="innherred",
        title="Årsturnus: fritiden er planlagt et helt år fram",
        summary=(
            "Sju enheter har gått over til årsturnus. Det gir større stillinger, færre vaktbytter "
            "og en ferie som er klar i januar."
        ),
        template="spine",
        sections={
            "spine_once": (
                "På et sykehjem i Verdal jobbet en gruppe helsefagarbeidere i små stillinger, med "
                "en turnus som ble lagt seks uker om gangen."
            ),
            "spine_every_day": (
                "Hver dag gikk det tid til å bytte vakter, ringe inn vikarer og lete etter noen "
                "som kunne ta en helg. Ferien ble ikke klar før sent på våren."
            ),
            "spine_one_day": (
                "Så bestemte avdelingen seg, sammen med de tillitsvalgte, for å prøve årsturnus: "
                "én turnus for hele året, med ferie og høytider lagt inn fra start."
            ),
            "spine_because": (
                "Fordi hele året ble planlagt under ett, ble det plass til større stillinger. "
                "Fordi ferien lå inne fra januar, kunne folk bestille reiser og planlegge "
                "barnehagefri."
            ),
            "spine_finally": (
                "Sommeren 2014 hadde sju enheter gått over til årsturnus, og flere sto i kø."
            ),
            "spine_ever_since": (
                "Siden den gang er årsturnus blitt måten vi tenker turnus på i Innherred. «Jeg "
                "vet hvilke helger jeg jobber til jul, allerede i januar», sier en av "
                "helsefagarbeiderne."
            ),
        },
        goals=("heltid", "rekruttering"),
        audiences=("Ansatte", "Jobbsøkere", "Tillitsvalgte og verneombud"),
        indicators=("Enheter med årsturnus",),
        steps=("submit", "approve"),
        publications=(
            _pub("Nettsiden", Season(6, 12, -1), time(10, 0), outcome=PUBLISHED),
            _pub("Intranett", -14, time(8, 0), outcome=PUBLISHED),
            _pub(
                "Facebook",
                -13,
                time(20, 0),
                "«Jeg vet hvilke helger jeg jobber til jul, allerede i januar.» Sju enheter i "
                "Levanger og Verdal har gått over til årsturnus: én turnus for hele året, med "
                "ferien lagt inn fra start. Det gir større stillinger og fritid du kan planlegge.",
                PUBLISHED,
            ),
        ),
        # The story says seven; two more units came after it was approved.
        newer_result=(
            "Enheter med årsturnus",
            date(2014, 12, 31),
            "9",
            "To nye enheter i Levanger fra nyttår.",
        ),
    ),
    DemoStory(
        slug="innherred",
        title="Dele «Fast – men vikar» med nabokommunene",
        summary="Andre kommuner spør hvordan vi fikk ned ufrivillig deltid.",
        template="free",
        sections={
            "body": (
                "Idé: en kort sak og et innlegg på neste nettverkssamling om prosjektet «Fast – "
                "men vikar» og årsturnus. Ta med det som ikke virket første gang, ikke bare det "
                "som gikk bra."
            ),
        },
        goals=("omdomme", "heltid"),
        audiences=("Nabokommuner",),
        owner=None,
        start="idea",
    ),
    DemoStory(
        slug="innherred",
        title="Hvilke kanaler når hvem?",
        summary="Hvordan vi velger kanaler systematisk, som del av én overordnet strategi.",
        template="free",
        sections={
            "body": (
                "Idé: en sak til lederne om hvordan vi velger kanal for hver sak – intranettet for "
                "ansatte, Facebook og nettsiden for innbyggere og jobbsøkere, lokalavisa for de "
                "lengre historiene. Bør bli en del av den overordnede kommunikasjonsstrategien."
            ),
        },
        goals=("omdomme",),
        audiences=("Ledere", "Folkevalgte"),
        start="idea",
    ),
    DemoStory(
        slug="innherred",
        title="Vikarpoolen er i gang",
        kind="announcement",
        summary="Vikarer i pleie og omsorg som ønsker mer arbeid, kan nå søke fast stilling.",
        template="free",
        sections={
            "body": (
                "Fra 1. februar kan vikarer i pleie og omsorg som ønsker mer arbeid, søke fast "
                "stilling i vikarpoolen. Du får fast lønn, faste kolleger og vakter på avdelinger "
                "i nærheten av hverandre.\n\n"
                "Snakk med lederen din eller en tillitsvalgt hvis du vil vite mer."
            ),
        },
        goals=("heltid",),
        audiences=("Ansatte",),
        anchor=Season(1, 20, -1),
        steps=(
            "submit",
            "approve",
            Say(
                "editor",
                "Arkiverer: vikarpoolen er etablert, og historien «Fra vikar til fast» tar over.",
            ),
            "archive",
        ),
        publications=(
            _pub("Intranett", 0, time(8, 0), outcome=PUBLISHED),
            _pub("Nettsiden", 0, None, outcome=PUBLISHED),
            _pub(
                "Facebook",
                1,
                time(12, 0),
                "Vil du jobbe mer? Vikarer i pleie og omsorg kan nå søke fast stilling i "
                "vikarpoolen vår.",
                CANCELLED,
            ),
        ),
    ),
    # --- Åfjord -------------------------------------------------------------------------------
    DemoStory(
        slug="afjord",
        title="Et sentrum folk vil være i",
        summary=(
            "Nytt torg og ny belysning har gjort sentrum til et møtested. Andelen fornøyde "
            "innbyggere har gått fra 48 til 61 prosent."
        ),
        template="before_after",
        sections={
            "bab_before": (
                "For noen år siden var sentrum i Åfjord et sted du kjørte gjennom. Torget var en "
                "parkeringsplass, belysningen var dårlig, og bare 48 prosent av innbyggerne var "
                "fornøyde med sentrum."
            ),
            "bab_after": (
                "I dag er torget et møtested med benker, ny belysning og plass til marked. I "
                "innbyggerundersøkelsen sier 61 prosent at de er fornøyde med sentrum – og det "
                "merkes en fredag ettermiddag."
            ),
            "bab_bridge": (
                "Forskjellen kom fordi kommunen, næringslivet og innbyggerne planla sammen. "
                "Ungdomsrådet valgte benkene, og driftsavdelingen holdt tidsplanen."
            ),
        },
        first_draft={
            "bab_bridge": (
                "Forskjellen kom fordi kommunen, næringslivet og innbyggerne planla sammen."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere", "Potensielle tilflyttere", "Folkevalgte"),
        indicators=("Innbyggere som er fornøyde med sentrum (innbyggerundersøkelse)",),
        steps=(
            "submit",
            Say("reviewer", "Fin! Husk å nevne ungdomsrådet – det var de som valgte benkene."),
            EDIT,
            Say("editor", "Står i «bro»-delen nå."),
            "approve",
        ),
        publications=(
            _pub(
                "Facebook",
                -6,
                time(18, 0),
                "Husker du torget som parkeringsplass? Nå er det benker, ny belysning og plass "
                "til marked der. 61 prosent av dere sier i innbyggerundersøkelsen at dere er "
                "fornøyde med sentrum – opp fra 48 prosent. Takk til alle som var med og planla!",
                PUBLISHED,
            ),
            _pub("Nettsiden", -6, None, outcome=PUBLISHED),
            _pub("Lokalavisa", 2, None),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Filmen som fikk oss til å se Åfjord på nytt",
        summary=(
            "En kort film og en annonsekampanje viste fram Åfjord. Filmen er sett nesten 10 000 "
            "ganger, og flere innbyggere er stolte av kommunen."
        ),
        template="car",
        sections={
            "car_challenge": (
                "Åfjord hadde mye å være stolt av, men vi fortalte det sjelden. Mange utenfor "
                "kommunen visste lite om oss, og bare 62 prosent av innbyggerne sa at de var "
                "stolte av kommunen."
            ),
            "car_action": (
                "Vi laget en kort film om folk som bor og jobber her, og en annonsekampanje som "
                "fulgte den opp på Facebook, på nettsiden og i lokalavisa. Ansatte, lag og "
                "foreninger stilte opp foran kameraet."
            ),
            "car_result": (
                "Filmen er sett nesten 10 000 ganger, og andelen innbyggere som er stolte av "
                "kommunen, steg til 68 prosent. Nå bruker vi filmen når vi rekrutterer, og når vi "
                "ønsker nye innbyggere velkommen."
            ),
        },
        goals=("omdomme", "rekruttering"),
        audiences=("Innbyggere", "Jobbsøkere", "Potensielle tilflyttere"),
        indicators=(
            "Innbyggere som er stolte av kommunen (innbyggerundersøkelse)",
            "Visninger av Åfjord-filmen",
        ),
        steps=(
            "submit",
            Say(
                "editor",
                "Lokalavisa hadde ikke plass denne uka, så annonsen der er avlyst. Vi satser på "
                "Facebook og nettsiden.",
            ),
            Say("reviewer", "Greit. Jeg ser på teksten før helga."),
        ),
        publications=(
            _pub("Film", 7, None),
            _pub(
                "Facebook",
                7,
                time(19, 30),
                "Har du sett filmen om Åfjord? Nesten 10 000 har gjort det. Den handler om folk "
                "som bor og jobber her – kanskje kjenner du noen av dem. Se den igjen, og del den "
                "med noen som burde flytte hjem!",
            ),
            _pub("Nettsiden", 8, time(9, 0)),
            _pub("Lokalavisa", 6, None, outcome=CANCELLED),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Vi løser det sammen: verneombudene ved bordet fra dag én",
        summary=(
            "Trepartssamarbeidet i Åfjord har fått verneombudene tidlig inn i sakene. Det gjør "
            "endringene raskere og bedre."
        ),
        template="star",
        sections={
            "star_situation": (
                "Da kommunen skulle rydde i eget hus, var det lett å tenke at ledelsen kunne "
                "ordne det selv. Tidligere kom tillitsvalgte og verneombud ofte inn i sakene når "
                "beslutningene alt var tatt."
            ),
            "star_task": (
                "Denne gangen skulle trepartssamarbeidet være på plass fra start: ledelsen, "
                "tillitsvalgte og verneombud skulle eie arbeidet sammen, og politikerne skulle "
                "holdes orientert underveis."
            ),
            "star_action": (
                "Vi satte opp faste møter hver måned, der verneombudene har egne punkter på "
                "sakslista. Alle endringer i turnus og arbeidsmiljø drøftes der før de besluttes."
            ),
            "star_result": (
                "Saker som før tok måneder, løses nå på noen uker, og verneombudene sier at de "
                "blir hørt. Det gjør det lettere å ta fatt på neste store oppgave: heltid og "
                "turnus."
            ),
        },
        goals=("narvaer", "heltid"),
        audiences=("Ansatte", "Tillitsvalgte og verneombud", "Ledere"),
        steps=(
            "submit",
            Reject(
                "Verneombudene må få lese saken før den går ut – det er jo det den handler om. "
                "Send den til dem, og legg inn et sitat fra hovedverneombudet."
            ),
        ),
        publications=(
            _pub("Intranett", 9, time(8, 0)),
            _pub(
                "Facebook",
                10,
                time(15, 0),
                "I Åfjord sitter verneombudene ved bordet fra dag én. Hver måned møtes ledelsen, "
                "tillitsvalgte og verneombud for å løse utfordringene sammen – før beslutningene "
                "tas. Det har gjort oss både raskere og bedre.",
            ),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Den felles historien om Åfjord",
        summary=(
            "Idé: finne og skrive den felles historien om Åfjord sammen med ansatte og innbyggere."
        ),
        template="spine",
        sections={
            "spine_once": (
                "Åfjord er en kommune ved fjorden og havet, med folk som er vant til å løse ting "
                "selv."
            ),
            "spine_every_day": (
                "Hver dag gjør ansatte, lag og foreninger mye godt som få hører om."
            ),
            "spine_one_day": (
                "(Hva var vendepunktet? Filmen? Torget? Spør de ansatte på neste personalmøte.)"
            ),
        },
        goals=("omdomme",),
        audiences=("Ansatte", "Innbyggere", "Ledere"),
        start="idea",
    ),
    DemoStory(
        slug="afjord",
        title="Hele stillinger i turnus: vi vil høre fra deg",
        kind="announcement",
        summary="Før vi lager ny turnus, vil vi vite hva du ønsker deg.",
        template="free",
        sections={
            "body": (
                "Heltid er neste store løft i helse og omsorg. I dag er 31 prosent av stillingene "
                "hele; målet er 45 prosent innen utgangen av 2016.\n\n"
                "Før vi lager ny turnus, vil vi vite hva du ønsker: større stilling, andre "
                "vaktlengder, flere eller færre helger? Svar på den korte undersøkelsen på "
                "intranettet, eller snakk med tillitsvalgt eller verneombud på avdelingen din.\n\n"
                "Ny turnus lages sammen med dere – ikke for dere."
            ),
        },
        goals=("heltid",),
        audiences=("Ansatte", "Tillitsvalgte og verneombud"),
        indicators=("Heltidsstillinger i helse og omsorg",),
        steps=("submit",),
        publications=(
            # Meant for yesterday morning, still waiting for approval: overdue.
            _pub("Intranett", -1, time(7, 30)),
            # Not everyone in shifts reads the intranet.
            _pub(
                "Facebook",
                2,
                time(14, 0),
                "Jobber du i helse og omsorg i Åfjord? Før vi lager ny turnus, vil vi vite hva du "
                "ønsker: større stilling, andre vaktlengder, flere eller færre helger? Svar på "
                "undersøkelsen på intranettet, eller snakk med tillitsvalgt eller verneombud.",
            ),
            _pub(
                "Intranett",
                14,
                None,
                "Påminnelse: Svar på undersøkelsen om heltid og turnus – det tar fem minutter.",
            ),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Vinterlys på torget",
        kind="event",
        summary="Vi tenner vinterlysene på det nye torget, med gløgg, korps og fakkeltog.",
        template="free",
        sections={
            "body": (
                "Torget i sentrum er blitt et sted folk vil være. Nå tenner vi vinterlysene "
                "sammen: korpset spiller, ungdomsrådet deler ut gløgg, og vi går fakkeltog rundt "
                "torget.\n\n"
                "Arrangementet er gratis og åpent for alle. Torget er tilgjengelig med rullestol "
                "og barnevogn."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere",),
        anchor=Season(12, 12, 1),
        location="Torget i Åfjord sentrum",
        event=(0, time(17, 0), 0, time(19, 0)),
        steps=("submit", "approve"),
        publications=(
            _pub("Nettsiden", -7, None),
            _pub(
                "Facebook",
                -5,
                time(12, 0),
                "Vi tenner vinterlysene på torget! Kom klokka 17 for gløgg, korpsmusikk og "
                "fakkeltog rundt det nye torget. Ta med naboen – dette er sentrum vi har laget "
                "sammen.",
            ),
            _pub("Lokalavisa", -3, None),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Sommermarked på torget",
        kind="event",
        summary="Lokale produsenter, lag og foreninger fyller torget en lørdag i juli.",
        template="free",
        sections={
            "body": (
                "Torget ble laget for at folk skal møtes. I sommer fyller vi det med marked: "
                "lokale produsenter, lag og foreninger, kafé og aktiviteter for barna.\n\n"
                "Vil du ha en bod? Meld fra til servicetorget."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere", "Potensielle tilflyttere"),
        anchor=Season(7, 10, 1),
        location="Torget i Åfjord sentrum",
        event=(0, time(10, 0), 0, time(16, 0)),
        start="idea",
        steps=("start",),
        publications=(
            _pub("Nettsiden", -14, None),
            _pub(
                "Facebook",
                -10,
                time(12, 0),
                "Sett av datoen: sommermarked på torget! Lokale produsenter, lag og foreninger, "
                "kafé og aktiviteter for barna. Vil du ha en bod? Meld fra til servicetorget.",
            ),
            _pub("Facebook", 0, time(9, 0), "Markedet åpner klokka 10. Velkommen til torget!"),
        ),
    ),
    DemoStory(
        slug="afjord",
        title="Det nye torget er klart",
        kind="announcement",
        summary="Benker, ny belysning og plass til marked der parkeringsplassen var.",
        template="free",
        sections={
            "body": (
                "Det nye torget i sentrum er ferdig. Fra i dag er det benker, ny belysning og "
                "plass til marked der parkeringsplassen var. Parkering finner du bak rådhuset.\n\n"
                "Velkommen til torget!"
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere",),
        anchor=Season(6, 20, -1),
        steps=("submit", "approve", "archive"),
        publications=(
            _pub("Nettsiden", 0, None, outcome=PUBLISHED),
            _pub(
                "Facebook",
                0,
                time(12, 0),
                "Det nye torget er klart! Benker, ny belysning og plass til marked – velkommen "
                "til sentrum.",
                PUBLISHED,
            ),
        ),
    ),
    # --- Austrheim (nynorsk) ----------------------------------------------------------------------
    DemoStory(
        slug="austrheim",
        title="Temakveld: saman om ein betre kommune",
        kind="event",
        summary=(
            "Ny temakveld for tilsette, tillitsvalde og politikarar om kompetanseplanen og vegen "
            "vidare. Sist kom over nitti."
        ),
        template="free",
        sections={
            "body": (
                "Sist vi inviterte til temakveld, kom over nitti tilsette og politikarar. Det var "
                "kvelden som forankra arbeidet med «Saman om ein betre kommune» hos oss.\n\n"
                "No inviterer vi til ein ny temakveld. Vi viser kor langt vi har kome med den "
                "strategiske kompetanseplanen, og vi vil høyre frå dykk: Kva treng du for å lære "
                "meir i jobben din? Kva tek for lang tid, og kva kan vi gjere annleis?\n\n"
                "Det blir enkel servering. Meld deg på til leiaren din seinast ei veke før."
            ),
        },
        goals=("omdomme", "kompetanse"),
        audiences=("Tilsette", "Folkevalde", "Tillitsvalde og verneombod", "Leiarar"),
        indicators=("Deltakarar på temakveld",),
        location="Austrheim rådhus, Mastrevik",
        event=(10, time(18, 0), 10, time(21, 0)),
        owner="admin",
        steps=(
            "submit",
            Say("admin", "Salen har plass til 120. Eg har bestilt servering til 100."),
            "approve",
        ),
        publications=(
            _pub("Intranett", -3, time(8, 0), outcome=PUBLISHED),
            _pub(
                "Facebook",
                3,
                time(12, 0),
                "Over nitti tilsette og politikarar kom på temakvelden sist. No gjer vi det "
                "igjen! Vi viser kor langt vi har kome med kompetanseplanen, og vil høyre kva du "
                "treng for å lære meir i jobben. Meld deg på til leiaren din.",
            ),
            _pub("Temakveld", 10, time(18, 0)),
        ),
    ),
    DemoStory(
        slug="austrheim",
        title="Kompetanseplanen: no har 41 prosent sin eigen plan",
        summary="Frå 12 til 41 prosent: stadig fleire tilsette har ein eigen kompetanseplan.",
        template="car",
        sections={
            "car_challenge": (
                "Då vi starta, hadde berre 12 prosent av dei tilsette ein plan for kva dei skulle "
                "lære meir om. Einingane visste ikkje alltid kva kompetanse dei ville trenge om "
                "fem år."
            ),
            "car_action": (
                "Vi sette i gang ein strategisk kompetanseplan for heile kommunen. Alle "
                "einingsleiarane fekk opplæring, og kvar tilsett skal ha ein samtale om "
                "kompetanse med leiaren sin. Det tek lengre tid enn planlagt – leiarane har mykje "
                "å gjere – men vi held fram."
            ),
            "car_result": (
                "Sommaren 2014 hadde 41 prosent av dei tilsette ein eigen kompetanseplan. Målet "
                "er at alle skal ha det innan sommaren 2015."
            ),
        },
        goals=("kompetanse",),
        audiences=("Tilsette", "Leiarar"),
        indicators=("Tilsette med kompetanseplan",),
        owner="admin",
        steps=("submit",),
        publications=(
            _pub("Intranett", 5, time(8, 0)),
            _pub("Nettsida", 6, time(10, 0)),
        ),
    ),
    DemoStory(
        slug="austrheim",
        title="Ting tek tid – kva har vi lært?",
        summary="Ei ærleg sak om kvifor kompetanseplanen tek lengre tid enn planlagt.",
        template="free",
        sections={
            "body": (
                "Idé: ei ærleg sak om kvifor kompetanseplanen tek lengre tid enn planlagt, og kva "
                "nabokommunane i Nordhordland har gjort. Ta med det som ikkje verka òg."
            ),
        },
        goals=("omdomme",),
        audiences=("Nabokommunar", "Leiarar"),
        owner=None,
        start="idea",
    ),
    # --- Vågå (nynorsk) -----------------------------------------------------------------------
    DemoStory(
        slug="vaga",
        title="Nettverkssamling i Vågå: frå tiltak til resultat",
        kind="event",
        summary="To dagar om nærvær, partssamarbeid og korleis vi gjer arbeidet synleg.",
        template="free",
        sections={
            "body": (
                "Vågå er vertskap for neste nettverkssamling i «Saman om ein betre kommune». Vi "
                "viser korleis partssamarbeidet og politikarane har jobba saman om nærvær, og "
                "korleis vi dokumenterer prosessar og resultat.\n\n"
                "- Dag 1: Erfaringar frå Vågå og nabokommunane.\n"
                "- Dag 2: Korleis gjer vi arbeidet synleg, internt og eksternt?"
            ),
        },
        goals=("omdomme", "narvaer"),
        audiences=("Nabokommunar", "Tillitsvalde og verneombod", "Folkevalde"),
        location="Vågå kommunehus, kommunestyresalen",
        event=(21, time(10, 0), 22, time(14, 0)),
        owner="admin",
        start="idea",
        steps=(
            "start",
            Say("admin", "Ordføraren opnar samlinga. Programmet må vere klart før vi publiserer."),
        ),
        publications=(
            _pub("Intranett", 7, time(8, 0)),
            _pub("Nettsida", 7, None),
            _pub(
                "Facebook",
                14,
                time(12, 0),
                "Vågå er vertskap for nettverkssamling i «Saman om ein betre kommune»! To dagar om "
                "nærvær, partssamarbeid og korleis vi viser fram arbeidet. Program og påmelding "
                "kjem på nettsida.",
            ),
        ),
    ),
    DemoStory(
        slug="vaga",
        title="Sjukefråværet ned frå 8,9 til 6,6 prosent",
        summary=(
            "Partssamarbeid og eit eige nærværsteam i heimetenesta har fått sjukefråværet ned frå "
            "8,9 til 6,6 prosent."
        ),
        template="before_after",
        sections={
            "bab_before": (
                "I 2012 var sjukefråværet i Vågå kommune 8,9 prosent. I heimetenesta var det ofte "
                "vanskeleg å få dekt vaktene."
            ),
            "bab_after": (
                "Sommaren 2014 var fråværet nede i 6,6 prosent. Heimetenesta har fått sitt eige "
                "nærværsteam, og fleire vakter blir dekte av faste folk."
            ),
            "bab_bridge": (
                "Skilnaden kom fordi leiarar, tillitsvalde og verneombod jobba saman, og fordi "
                "politikarane følgde arbeidet tett. Vi har dokumentert kva vi gjorde, slik at "
                "andre kan lære av det."
            ),
        },
        goals=("narvaer", "omdomme"),
        audiences=("Tilsette", "Innbyggjarar", "Folkevalde"),
        indicators=("Sjukefråvær",),
        owner="admin",
        steps=("submit", "approve"),
        publications=(
            _pub(
                "Facebook",
                -4,
                time(15, 0),
                "Sjukefråværet i Vågå kommune er ned frå 8,9 til 6,6 prosent. Heimetenesta har "
                "fått eige nærværsteam, og leiarar, tillitsvalde og verneombod har jobba saman "
                "heile vegen. Takk til alle som har vore med!",
                PUBLISHED,
            ),
            _pub("Nettsida", -4, None, outcome=PUBLISHED),
            _pub("Intranett", 1, time(8, 0)),
        ),
    ),
    # --- Rissa: the "Jordnær lykke" series on Facebook ----------------------------------------
    DemoStory(
        slug="rissa",
        title="Jordnær lykke: Morgenkaffe på kaia",
        summary="Første del av serien «Jordnær lykke»: de faste som møtes på kaia hver morgen.",
        template="free",
        sections={
            "body": (
                "Klokka sju en helt vanlig tirsdag står det allerede folk på kaia med kaffekoppen "
                "i hånda. Praten går om vær, fisk og hvem som har flyttet hjem.\n\n"
                "«Det er dette som er jordnær lykke for meg», sier en av de faste. «Ingen stress, "
                "bare folk.»\n\n"
                "Har du et sted som betyr jordnær lykke for deg? Fortell oss det i "
                "kommentarfeltet."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere",),
        indicators=("Følgere på Facebook",),
        owner="admin",
        steps=("submit", "approve"),
        publications=(
            _pub(
                "Facebook",
                -14,
                time(19, 0),
                "Klokka sju en helt vanlig tirsdag står det allerede folk på kaia med "
                "kaffekoppen i hånda. «Det er dette som er jordnær lykke for meg», sier en av de "
                "faste. Hvor finner du din jordnære lykke? Fortell oss i kommentarfeltet! "
                "#jordnærlykke",
                PUBLISHED,
            ),
            _pub("Nettsiden", -14, None, outcome=PUBLISHED),
        ),
    ),
    DemoStory(
        slug="rissa",
        title="Jordnær lykke: Familien som flyttet hjem",
        summary="Andre del: en barnefamilie fant hus, jobb og barnehageplass – og jordnær lykke.",
        template="car",
        sections={
            "car_challenge": (
                "I mange år flyttet flere fra Rissa enn til. I 2012 var nettoflyttingen minus 12."
            ),
            "car_action": (
                "En familie med to små barn bestemte seg for å flytte hjem fra byen. Kommunen "
                "ordnet barnehageplass fra første dag, og gjennom kommunens Facebook-side fant de "
                "både hus og jobb til den ene av foreldrene."
            ),
            "car_result": (
                "«Vi har fått mer tid og mer plass – og besteforeldrene ti minutter unna», sier "
                "mora. Familien er ikke alene: i 2014 var nettotilflyttingen 18 personer."
            ),
        },
        goals=("rekruttering", "omdomme"),
        audiences=("Potensielle tilflyttere", "Innbyggere"),
        indicators=("Tilflytting",),
        owner="admin",
        steps=(
            "submit",
            Say("admin", "Familien har lest saken og godkjent bildene."),
            "approve",
        ),
        publications=(
            _pub(
                "Facebook",
                -7,
                time(19, 0),
                "«Vi har fått mer tid og mer plass – og besteforeldrene ti minutter unna.» Møt "
                "familien som flyttet hjem til Rissa. De er ikke alene: i 2014 flyttet 18 flere "
                "hit enn herfra. Er det din tur neste gang? #jordnærlykke",
                PUBLISHED,
            ),
            _pub("Nettsiden", -7, None, outcome=PUBLISHED),
            _pub("Lokalavisa", 2, None),
        ),
    ),
    DemoStory(
        slug="rissa",
        title="Jordnær lykke: Dugnaden som ble en tradisjon",
        summary="Tredje del: et Facebook-innlegg ble til dugnad, grendehus og en ny tradisjon.",
        template="spine",
        sections={
            "spine_once": "I en liten grend i Rissa sto det gamle bedehuset og forfalt.",
            "spine_every_day": "Hver høst snakket naboene om at noen burde gjøre noe.",
            "spine_one_day": (
                "Så en dag skrev noen i kommentarfeltet på kommunens Facebook-side: «Hvem blir med "
                "på dugnad på lørdag?»"
            ),
            "spine_because": (
                "Tjue stykker møtte opp. Fordi så mange kom, ble det både nytt tak og maling på "
                "veggene. Fordi det ble så fint, ville alle ha fest."
            ),
            "spine_finally": (
                "Til slutt ble det høstfest i det nye grendehuset, med over hundre gjester."
            ),
            "spine_ever_since": (
                "Siden den gang er dugnaden blitt en tradisjon, og grendehuset er i bruk hver uke."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere",),
        owner="admin",
        steps=("submit",),
        publications=(
            _pub(
                "Facebook",
                7,
                time(19, 0),
                "Det startet med en kommentar her på siden: «Hvem blir med på dugnad på lørdag?» "
                "Tjue møtte opp. Nå har grenda nytt tak på grendehuset, en høstfest med over "
                "hundre gjester – og en ny tradisjon. #jordnærlykke",
            ),
            _pub("Nettsiden", 7, None),
        ),
    ),
    DemoStory(
        slug="rissa",
        title="Jordnær lykke: Skiløypene naboene holder åpne",
        summary="Fjerde del: frivillige som kjører opp løypene før alle andre står opp.",
        template="free",
        sections={
            "body": (
                "Når snøen kommer, er det noen som står opp før alle andre. Frivillige i "
                "skilaget kjører opp løypene, så naboer, barnehager og skoleklasser kan gå på ski "
                "rett utenfor døra."
            ),
        },
        goals=("omdomme", "rekruttering"),
        audiences=("Innbyggere", "Potensielle tilflyttere"),
        owner="admin",
        anchor=Season(2, 1, 1),
        steps=(Say("admin", "Venter på bilder fra skilaget."),),
        publications=(
            _pub(
                "Facebook",
                0,
                time(19, 0),
                "Når snøen kommer, står noen opp før alle andre. Frivillige i skilaget kjører opp "
                "løypene, så hele bygda kan gå på ski rett utenfor døra. Takk! #jordnærlykke",
            ),
            _pub("Nettsiden", 0, None),
            _pub(
                "Facebook",
                7,
                time(12, 0),
                "Bildene fra skiløypene er her! Del gjerne dine egne. #jordnærlykke",
            ),
        ),
    ),
    DemoStory(
        slug="rissa",
        title="Jordnær lykke: Midtsommer i Råkvåg",
        summary="Sankthansaften ved sjøen, med bål, bading og en solnedgang som ikke ville gi seg.",
        template="free",
        sections={
            "body": (
                "Sankthansaften samlet bygda seg ved sjøen i Råkvåg. Bål, grillmat og barn som "
                "badet i kaldt vann – og en solnedgang som ikke ville gi seg.\n\n"
                "Takk til velforeningen som ordnet alt, og til alle som delte bildene sine med oss."
            ),
        },
        goals=("omdomme",),
        audiences=("Innbyggere", "Potensielle tilflyttere"),
        owner="admin",
        anchor=Season(6, 24, -1),
        steps=("submit", "approve"),
        publications=(
            _pub(
                "Facebook",
                0,
                time(18, 0),
                "God sankthans fra Råkvåg! Bål, grillmat og barn som bader i kaldt vann. Dette er "
                "jordnær lykke. #jordnærlykke",
                PUBLISHED,
            ),
            _pub(
                "Facebook",
                2,
                time(12, 0),
                "Takk for alle bildene fra sankthansaften! Her er noen av dem. #jordnærlykke",
                PUBLISHED,
            ),
            _pub("Nettsiden", 0, None, outcome=PUBLISHED),
        ),
    ),
    DemoStory(
        slug="rissa",
        title="Velkomstdag for nye innbyggere",
        summary="En dag i året der nye innbyggere blir tatt imot av bygda.",
        template="free",
        sections={
            "body": (
                "Idé: en dag i året der nye innbyggere blir tatt imot av ordføreren, lag og "
                "foreninger. Spør dem hva som fikk dem til å flytte hit – og del også det som ikke "
                "virket i tilflyttingsarbeidet."
            ),
        },
        goals=("rekruttering",),
        audiences=("Potensielle tilflyttere", "Innbyggere"),
        owner=None,
        start="idea",
    ),
    # --- Ringerike ----------------------------------------------------------------------------
    DemoStory(
        slug="ringerike",
        title="Tre parter, én historie",
        summary=(
            "Fra enkelttiltak til én felles strategi: hvordan de tre partene lærte å jobbe sammen "
            "på en ny måte."
        ),
        template="car",
        sections={
            "car_challenge": (
                "Vi hadde mange gode enkelttiltak for nærvær, heltid og kompetanse. Men tiltakene "
                "levde hvert sitt liv, og styringsgruppen fortalte ikke alltid den samme "
                "historien."
            ),
            "car_action": (
                "Arbeidsgiver, tillitsvalgte og verneombud satte seg ned sammen og samlet "
                "tiltakene i én felles strategi. Vi ble enige om hvordan arbeidet skal forankres "
                "både oppover og nedover, og om et felles kunnskapsgrunnlag."
            ),
            "car_result": (
                "Nå forteller styringsgruppen én historie, og alle tre parter viser til den samme "
                "planen. Neste steg er å involvere flere ansatte og bruke sosiale medier til å "
                "hente kunnskap fra nettverket."
            ),
        },
        goals=("omdomme", "kompetanse"),
        audiences=("Ansatte", "Tillitsvalgte og verneombud", "Ledere"),
        owner="admin",
        steps=("submit",),
        publications=(
            _pub("Intranett", 3, time(8, 0)),
            _pub("Nettsiden", 4, None),
            _pub(
                "Facebook",
                4,
                time(14, 0),
                "Arbeidsgiver, tillitsvalgte og verneombud i Ringerike har samlet mange "
                "enkelttiltak i én felles strategi. Hva har dere lært av samarbeidet i deres "
                "kommune? Del gjerne i kommentarfeltet.",
            ),
        ),
    ),
    DemoStory(
        slug="ringerike",
        title="Et felles kunnskapsgrunnlag for partene",
        summary="Hva vet vi, og hva trenger vi å vite? Et grunnlag alle tre parter eier.",
        template="free",
        sections={
            "body": (
                "Idé: samle tall for nærvær, heltid og kompetanse på ett sted, så ledelsen, "
                "tillitsvalgte og verneombud snakker ut fra de samme fakta."
            ),
        },
        goals=("kompetanse",),
        audiences=("Tillitsvalgte og verneombud", "Ledere"),
        owner=None,
        start="idea",
    ),
    # --- Øvre Eiker ---------------------------------------------------------------------------
    DemoStory(
        slug="ovre-eiker",
        title="Nytt på intranettet: din stemme teller",
        kind="announcement",
        summary="En egen side på intranettet om arbeidet med «Sammen om en bedre kommune».",
        template="free",
        sections={
            "body": (
                "Fra nå av har intranettet en egen side for arbeidet med «Sammen om en bedre "
                "kommune». Der finner du hva vi jobber med, hva andre kommuner har lært oss, og "
                "hvordan du kan bidra.\n\n"
                "Har du et forslag eller en erfaring du vil dele? Skriv i kommentarfeltet, eller "
                "snakk med hovedtillitsvalgt. Din stemme teller."
            ),
        },
        goals=("omdomme",),
        audiences=("Ansatte", "Tillitsvalgte og verneombud"),
        owner="admin",
        steps=("submit", "approve"),
        publications=(
            _pub("Intranett", -1, time(8, 0), outcome=PUBLISHED),
            _pub(
                "Intranett",
                6,
                time(8, 0),
                "Har du sett den nye siden om «Sammen om en bedre kommune»? Fortell oss hva du "
                "mener.",
            ),
            _pub(
                "Facebook",
                6,
                time(14, 0),
                "Vi jobber med å bli en bedre kommune – sammen med de ansatte. Følg med her og på "
                "nettsiden, så forteller vi hva vi lærer underveis.",
            ),
        ),
    ),
    DemoStory(
        slug="ovre-eiker",
        title="Hva lærte vi av de andre kommunene?",
        summary="Tre ideer fra nettverket, og to av dem prøver vi nå ut.",
        template="star",
        sections={
            "star_situation": (
                "På nettverkssamlingen møtte vi kommuner som hadde kommet lenger enn oss i "
                "arbeidet med nærvær og heltid."
            ),
            "star_task": "Vi ville finne ut hva vi kunne ta med hjem, uten å kopiere alt.",
            "star_action": (
                "Tillitsvalgte, verneombud og ledere skrev ned tre ideer hver, og vi drøftet dem "
                "i arbeidsmiljøutvalget."
            ),
        },
        goals=("omdomme",),
        audiences=("Ansatte", "Ledere"),
        owner="admin",
        steps=(Say("admin", "Mangler resultatdelen. Hovedtillitsvalgt skriver et utkast."),),
        publications=(
            _pub("Intranett", 12, time(9, 0)),
            _pub("Nettsiden", 13, None),
        ),
    ),
)


# --- Loading ------------------------------------------------------------------------------------


class _Persona(NamedTuple):
    user: User
    role: str


def _personas(municipality: Municipality) -> dict[str, _Persona]:
    """The municipality's editor, reviewer and admin; the admin stands in for missing roles."""
    rows = db.session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == municipality.id, Membership.active.is_(True))
        .order_by(User.id)
    ).all()
    by_role: dict[str, _Persona] = {}
    for user, role in rows:
        by_role.setdefault(str(role), _Persona(user, str(role)))
    admin = by_role["admin"]
    return {
        "admin": admin,
        "editor": by_role.get("editor", admin),
        "reviewer": by_role.get("reviewer", admin),
    }


def _by_name(model, municipality: Municipality) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(model.name, model.id).where(model.municipality_id == municipality.id)
    )
    return {name: key for name, key in rows}


def _season_day(today: date, season: Season, offsets: list[int]) -> date:
    """The season's day, so that every offset from it falls after today (or before it)."""
    year = today.year
    if season.direction > 0:
        while date(year, season.month, season.day) + timedelta(days=min(offsets)) <= today:
            year += 1
    else:
        while date(year, season.month, season.day) + timedelta(days=max(offsets)) >= today:
            year -= 1
    return date(year, season.month, season.day)


def _anchor(story: DemoStory, today: date) -> date:
    if story.anchor is None:
        return today
    offsets = [p.day for p in story.publications if isinstance(p.day, int)]
    if story.event:
        offsets += [story.event[0], story.event[2]]
    return _season_day(today, story.anchor, offsets or [0])


def _slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _url(municipality: Municipality, channel: Channel, post: Post, publication: Publication):
    """Where a published item went out (reserved .example addresses: the demo links nowhere)."""
    site = f"{municipality.slug}.kommune.example"
    path = _slugify(post.title)
    if channel.kind == "facebook":
        return f"https://www.facebook.example/{municipality.slug}kommune/posts/{publication.id}"
    if channel.kind == "intranet":
        return f"https://intranett.{site}/nyheter/{path}"
    if channel.kind == "press":
        return f"https://lokalavisa.example/{municipality.slug}/{path}"
    return f"https://www.{site}/aktuelt/{path}"


def _values(
    story: DemoStory,
    municipality: Municipality,
    goals: dict[str, Goal],
    people: dict[str, _Persona],
    lookups: dict[str, dict[str, int]],
    anchor: date,
    *,
    first_draft: bool,
) -> dict:
    sections = dict(story.sections)
    if first_draft:
        sections.update(story.first_draft)
    starts = ends = None
    if story.event:
        start_offset, start_at, end_offset, end_at = story.event
        starts = datetime.combine(anchor + timedelta(days=start_offset), start_at)
        ends = datetime.combine(anchor + timedelta(days=end_offset), end_at)
    return {
        "title": story.title,
        "kind": story.kind,
        "summary": story.summary,
        "language": municipality.language,
        "owner": people[story.owner].user.id if story.owner else None,
        "template": story.template,
        "sections": sections,
        "goals": [goals[theme].id for theme in story.goals],
        "audiences": [lookups["audiences"][name] for name in story.audiences],
        "indicators": [lookups["indicators"][name] for name in story.indicators],
        "location": story.location,
        "event_starts_at": starts,
        "event_ends_at": ends,
    }


def _load_story(
    story: DemoStory,
    municipality: Municipality,
    goals: dict[str, Goal],
    people: dict[str, _Persona],
    lookups: dict[str, dict[str, int]],
    today: date,
) -> Post:
    anchor = _anchor(story, today)
    editor = people["editor"]
    tenant = {"municipality": municipality}
    values = _values(story, municipality, goals, people, lookups, anchor, first_draft=True)
    post = create_post(municipality, values, actor=editor.user, status=story.start)
    planned = []
    for demo in story.publications:
        if isinstance(demo.day, Season):
            day = _season_day(today, demo.day, [0])
        else:
            day = anchor + timedelta(days=demo.day)
        publication = add_publication(
            post,
            {
                "channel": lookups["channels"][demo.channel],
                "day": day,
                "at": demo.at,
                "all_day": demo.at is None,
                "text": demo.text,
            },
            actor=editor.user,
            **tenant,
        )
        planned.append((demo, publication))

    def settle() -> None:
        for demo, publication in planned:
            if demo.outcome == PUBLISHED:
                url = _url(municipality, publication.channel, post, publication)
                mark_published(publication, url, actor=editor.user, **tenant)
            elif demo.outcome == CANCELLED:
                cancel_publication(publication, actor=editor.user, **tenant)
        planned.clear()

    for step in story.steps:
        if isinstance(step, Say):
            add_comment(post, step.text, actor=people[step.who].user, **tenant)
        elif isinstance(step, Reject):
            reviewer = people["reviewer"]
            apply_transition(
                post,
                "reject",
                role=reviewer.role,
                actor=reviewer.user,
                reason=step.reason,
                **tenant,
            )
        elif step == EDIT:
            final = _values(story, municipality, goals, people, lookups, anchor, first_draft=False)
            update_post(post, final, actor=editor.user, **tenant)
        else:
            if step == "archive":
                settle()
            person = people["reviewer"] if step in REVIEWER_TRANSITIONS else editor
            apply_transition(post, step, role=person.role, actor=person.user, **tenant)
    settle()
    if story.newer_result:
        name, measured_on, value, note = story.newer_result
        indicator = db.session.get(Indicator, lookups["indicators"][name])
        add_measurement(
            indicator,
            {"measured_on": measured_on, "value": Decimal(value), "note": note},
            actor=people["admin"].user,
            **tenant,
        )
    return post


def load_posts_demo(
    municipalities: dict[str, Municipality],
    goals: dict[str, dict[str, Goal]],
    *,
    today: date | None = None,
) -> list[Post]:
    """Create the demo stories with publications, comments and reviews; return the posts.

    `goals` maps a municipality's slug to its goals by theme (as load_strategy_demo returns them).
    Days count from `today`, by default today in each municipality's time zone. Municipalities
    not in `municipalities` are skipped.
    """
    posts: list[Post] = []
    context: dict[str, tuple] = {}
    for story in STORIES:
        municipality = municipalities.get(story.slug)
        if municipality is None:
            continue
        if story.slug not in context:
            lookups = {
                "channels": _by_name(Channel, municipality),
                "audiences": _by_name(Audience, municipality),
                "indicators": _by_name(Indicator, municipality),
            }
            context[story.slug] = (
                _personas(municipality),
                lookups,
                today or local_today(zone_of(municipality)),
            )
        people, lookups, day = context[story.slug]
        posts.append(
            _load_story(story, municipality, goals.get(story.slug, {}), people, lookups, day)
        )
    db.session.flush()
    return posts
