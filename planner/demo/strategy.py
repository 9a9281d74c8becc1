"""Demo strategies, goals, audiences, channels and key messages, from shared/DEMO-DATA.md.

Texts are written for the demo from the report's facts; bokmål, and nynorsk for Austrheim and Vågå.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy


@dataclass(frozen=True)
class DemoGoal:
    theme: str
    title: str
    description: str
    priority: int = 2
    owner_email: str | None = None
    #: (text, audience name or None for all audiences)
    messages: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class DemoStrategy:
    title: str
    vision: str
    core_story: str
    goals: tuple[DemoGoal, ...]
    period: tuple[date, date] = (date(2025, 1, 1), date(2027, 12, 31))
    status: str = "active"


@dataclass(frozen=True)
class DemoPlan:
    strategies: tuple[DemoStrategy, ...]
    #: (name, internal|external, needs, barriers, perception)
    audiences: tuple[tuple[str, str, str, str, str], ...]
    #: (name, kind, reach, cadence count, week|month, colour, character limit)
    channels: tuple[tuple[str, str, str, int, str, str, int | None], ...] = field(default=())


AUDIENCES_NB = (
    (
        "Ansatte",
        "internal",
        "Vite hva som skjer, og se at eget arbeid betyr noe.",
        "Travle dager og turnus; ikke alle leser intranettet.",
        "Stolte av faget, usikre på endringer.",
    ),
    (
        "Tillitsvalgte og verneombud",
        "internal",
        "Være med tidlig i prosessene.",
        "Møter ofte for sent inn i sakene.",
        "Positive til trepartssamarbeidet.",
    ),
    (
        "Ledere",
        "internal",
        "Ha en historie de kan fortelle videre.",
        "Mange oppgaver og lite tid.",
        "Ser nytten, men trenger verktøy.",
    ),
    (
        "Folkevalgte",
        "external",
        "Se resultater av vedtakene sine.",
        "Får mye informasjon på en gang.",
        "Opptatt av omdømme og økonomi.",
    ),
    (
        "Innbyggere",
        "external",
        "Vite hva kommunen får til, og hvor de kan si sin mening.",
        "Møter kommunen mest når noe går galt.",
        "Blandet; bedre der de har egen erfaring.",
    ),
    (
        "Jobbsøkere",
        "external",
        "Se at kommunen tilbyr hele, faste stillinger.",
        "Tror helse og omsorg betyr små deltidsstillinger.",
        "Lite kjent som arbeidsgiver.",
    ),
    (
        "Potensielle tilflyttere",
        "external",
        "Se livskvalitet, jobb og bolig.",
        "Kjenner ikke stedet.",
        "Vet lite om kommunen.",
    ),
    (
        "Nabokommuner",
        "external",
        "Lære av det som virker, og det som ikke virker.",
        "Egne prosjekter tar tiden.",
        "Nysgjerrige på resultatene.",
    ),
)

AUDIENCES_NN = (
    (
        "Tilsette",
        "internal",
        "Vite kva som skjer, og sjå at eige arbeid betyr noko.",
        "Travle dagar og turnus; ikkje alle les intranettet.",
        "Stolte av faget, usikre på endringar.",
    ),
    (
        "Tillitsvalde og verneombod",
        "internal",
        "Vere med tidleg i prosessane.",
        "Kjem ofte for seint inn i sakene.",
        "Positive til partssamarbeidet.",
    ),
    (
        "Leiarar",
        "internal",
        "Ha ei forteljing dei kan fortelje vidare.",
        "Mange oppgåver og lite tid.",
        "Ser nytten, men treng verktøy.",
    ),
    (
        "Folkevalde",
        "external",
        "Sjå resultat av vedtaka sine.",
        "Får mykje informasjon på ein gong.",
        "Opptekne av omdømme og økonomi.",
    ),
    (
        "Innbyggjarar",
        "external",
        "Vite kva kommunen får til, og kvar dei kan seie meininga si.",
        "Møter kommunen mest når noko går gale.",
        "Blanda; betre der dei har eiga erfaring.",
    ),
    (
        "Nabokommunar",
        "external",
        "Lære av det som verkar.",
        "Eigne prosjekt tek tida.",
        "Nysgjerrige på resultata.",
    ),
)

CHANNELS_NB = (
    ("Intranett", "intranet", "internal", 2, "week", "#0062ba", None),
    ("Facebook", "facebook", "external", 3, "week", "#1b5e9e", 500),
    ("Nettsiden", "web", "external", 1, "week", "#2a6b37", None),
    ("Lokalavisa", "press", "external", 1, "month", "#6b3fa0", None),
)
CHANNELS_NN = (
    ("Intranett", "intranet", "internal", 2, "week", "#0062ba", None),
    ("Facebook", "facebook", "external", 2, "week", "#1b5e9e", 500),
    ("Nettsida", "web", "external", 1, "week", "#2a6b37", None),
)

PLANS: dict[str, DemoPlan] = {
    "afjord": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Kommunikasjonsstrategi 2025–2027",
                vision="Åfjord – stolt, åpen og i bevegelse.",
                core_story=(
                    "Vi har gjort sentrum til et sted folk vil være, ryddet i eget hus og lært å "
                    "jobbe sammen med tillitsvalgte og verneombud. Den felles historien om Åfjord "
                    "er historien om en kommune som gjør det den sier."
                ),
                goals=(
                    DemoGoal(
                        "omdomme",
                        "Fortelle den felles historien om Åfjord",
                        "Gjøre det vi får til synlig, internt og eksternt.",
                        1,
                        "leder@afjord.demo",
                        (
                            ("Sentrum er blitt et sted folk vil være.", "Innbyggere"),
                            ("Vi gjør det vi sier.", None),
                        ),
                    ),
                    DemoGoal(
                        "heltid",
                        "Flere hele stillinger i turnus",
                        "Heltidsutfordringen og turnusordningene er neste store løft.",
                        1,
                        "admin@afjord.demo",
                        (
                            ("Hos oss kan du få en hel stilling.", "Jobbsøkere"),
                            ("Ny turnus lages sammen med dere.", "Ansatte"),
                        ),
                    ),
                    DemoGoal(
                        "rekruttering",
                        "En tydelig arbeidsgiverstrategi",
                        "Utvikle arbeidsgiverstrategien og vise den fram.",
                        2,
                        "redaktor@afjord.demo",
                        (("Åfjord er en arbeidsplass der du får bruke deg selv.", "Jobbsøkere"),),
                    ),
                    DemoGoal(
                        "narvaer",
                        "Godt samarbeid med tillitsvalgte og verneombud",
                        "Trepartssamarbeidet er grunnmuren for nærværsarbeidet.",
                        2,
                        None,
                        (("Vi løser utfordringene sammen.", "Tillitsvalgte og verneombud"),),
                    ),
                ),
            ),
            DemoStrategy(
                title="Omdømmeprosjektet 2012–2015",
                vision="Stolthet og tilhørighet.",
                core_story="Film og annonsekampanje som viste fram Åfjord.",
                goals=(
                    DemoGoal(
                        "omdomme",
                        "Bedre stedsfølelse i sentrum",
                        "Fysiske forbedringer i sentrum.",
                        1,
                    ),
                ),
                period=(date(2012, 1, 1), date(2015, 12, 31)),
                status="archived",
            ),
        ),
        audiences=AUDIENCES_NB,
        channels=(*CHANNELS_NB, ("Film", "video", "external", 1, "month", "#8a4b00", None)),
    ),
    "innherred": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Overordnet kommunikasjonsstrategi for Innherred",
                vision="To kommuner, én samkommune – tydelige sammen.",
                core_story=(
                    "Fra vikar til fast: ufrivillig deltid er redusert fra 50 til 14 ansatte, og "
                    "sykefraværet har gått ned fra 11 til 7 prosent i begge kommunene. Nå gjør vi "
                    "stillingsannonsene og rekrutteringen bedre."
                ),
                goals=(
                    DemoGoal(
                        "heltid",
                        "Fra vikar til fast",
                        "Færre i ufrivillig deltid og flere faste stillinger.",
                        1,
                        "leder@innherred.demo",
                        (
                            ("Ufrivillig deltid er redusert fra 50 til 14 ansatte.", None),
                            ("Vi tilbyr faste stillinger, ikke bare vikariater.", "Jobbsøkere"),
                        ),
                    ),
                    DemoGoal(
                        "narvaer",
                        "Et nærvær vi er stolte av",
                        "Holde sykefraværet nede på 7 prosent.",
                        1,
                        "admin@innherred.demo",
                        (("Sykefraværet er ned fra 11 til 7 prosent.", "Ansatte"),),
                    ),
                    DemoGoal(
                        "rekruttering",
                        "Bedre stillingsannonser og rekruttering",
                        "Annonser som viser hele stillinger og årsturnus.",
                        2,
                        "redaktor@innherred.demo",
                        (("Hos oss jobber du i årsturnus med forutsigbar fritid.", "Jobbsøkere"),),
                    ),
                    DemoGoal(
                        "omdomme",
                        "Velge kanaler systematisk",
                        "Én overordnet strategi og systematisk valg av kanaler.",
                        3,
                        None,
                        (("Vi deler det vi lærer med andre kommuner.", "Nabokommuner"),),
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NB,
        channels=(
            *CHANNELS_NB,
            ("Nettverkssamling", "event", "external", 1, "month", "#a1260d", None),
        ),
    ),
    "austrheim": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Kommunikasjonsstrategi 2025–2027",
                vision="Austrheim – kompetanse og samarbeid i Nordhordland.",
                core_story=(
                    "Temakvelden med over nitti tilsette og politikarar forankra arbeidet. Den "
                    "strategiske kompetanseplanen er på veg, sjølv om ting tek lengre tid enn "
                    "planlagt."
                ),
                goals=(
                    DemoGoal(
                        "kompetanse",
                        "Ein strategisk kompetanseplan for alle einingar",
                        "Planen skal vere kjend og i bruk.",
                        1,
                        "admin@austrheim.demo",
                        (("Kompetanseplanen gjer det lettare å lære meir.", "Tilsette"),),
                    ),
                    DemoGoal(
                        "omdomme",
                        "Betre informasjonsflyt internt",
                        "Leiarane har lite tid; informasjonen må nå fram likevel.",
                        2,
                        None,
                        (("Du skal vite kva som skjer før du les det i avisa.", "Tilsette"),),
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NN,
        channels=(*CHANNELS_NN, ("Temakveld", "event", "internal", 1, "month", "#a1260d", None)),
    ),
    "vaga": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Kommunikasjonsstrategi for Vågå kommune",
                vision="Synleg arbeid, internt og eksternt.",
                core_story=(
                    "Partssamarbeidet er forankra, og politikarane er tett på. Sjukefråværet har "
                    "gått ned. No dokumenterer vi prosessar og resultat og brukar dei på temadagar "
                    "og i alle kanalar."
                ),
                goals=(
                    DemoGoal(
                        "narvaer",
                        "Halde fram med godt nærvær",
                        "Forankre og gjennomføre tiltaka vidare.",
                        1,
                        "admin@vaga.demo",
                        (("Sjukefråværet går ned når vi gjer det saman.", None),),
                    ),
                    DemoGoal(
                        "omdomme",
                        "Gjere arbeidet synleg",
                        "Skrive og forankre ein kommunikasjonsstrategi.",
                        2,
                        None,
                        (("Vi viser kva vi får til.", "Innbyggjarar"),),
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NN,
        channels=CHANNELS_NN,
    ),
    "rissa": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Jordnær lykke 2025–2027",
                vision="Jordnær lykke",
                core_story=(
                    "Visjonen innbyggerne tok til seg: en felles identitet. Sosiale medier er "
                    "hovedarenaen for informasjon og dialog med innbyggerne."
                ),
                goals=(
                    DemoGoal(
                        "omdomme",
                        "Holde engasjementet og det positive oppe",
                        "Dele aktivt, også det som ikke virket.",
                        1,
                        "admin@rissa.demo",
                        (("Jordnær lykke er noe vi lager sammen.", "Innbyggere"),),
                    ),
                    DemoGoal(
                        "rekruttering",
                        "Flere nye innbyggere",
                        "Finne tiltak som gir tilflytting.",
                        1,
                        None,
                        (("Her er det plass til deg og familien.", "Potensielle tilflyttere"),),
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NB,
        channels=CHANNELS_NB,
    ),
    "ringerike": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Felles strategi for trepartssamarbeidet",
                vision="Fra enkelttiltak til én felles strategi.",
                core_story="De tre partene jobber sammen på en ny måte og forteller én historie.",
                goals=(
                    DemoGoal(
                        "omdomme",
                        "Styringsgruppen forteller én historie",
                        "Forankring oppover og nedover.",
                        1,
                        "admin@ringerike.demo",
                        (("Vi jobber sammen på en ny måte.", None),),
                    ),
                    DemoGoal(
                        "kompetanse",
                        "Felles kunnskapsgrunnlag for partene",
                        "Et kunnskapsgrunnlag alle tre parter eier.",
                        2,
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NB,
        channels=CHANNELS_NB,
    ),
    "ovre-eiker": DemoPlan(
        strategies=(
            DemoStrategy(
                title="Kommunikasjonsstrategi 2025–2027",
                vision="Engasjement gjennom involvering.",
                core_story="Ideer fra andre kommuner har satt i gang vår egen refleksjon.",
                goals=(
                    DemoGoal(
                        "omdomme",
                        "Tydeligere kommunikasjon og mer engasjement",
                        "Forankring og involvering av de ansatte.",
                        1,
                        "admin@ovre-eiker.demo",
                        (("Din stemme teller.", "Ansatte"),),
                    ),
                ),
            ),
        ),
        audiences=AUDIENCES_NB,
        channels=CHANNELS_NB,
    ),
}


def audiences_from(rows, tenant: dict) -> dict[str, Audience]:
    """Audiences from (name, reach, needs, barriers, perception) rows, by name."""
    return {
        name: Audience(
            **tenant,
            name=name,
            reach=str(reach),
            needs=needs,
            barriers=barriers,
            perception=perception,
        )
        for name, reach, needs, barriers, perception in rows
    }


def channels_from(rows, tenant: dict) -> dict[str, Channel]:
    """Channels from (name, kind, reach, count, period, colour, limit) rows, by name."""
    return {
        name: Channel(
            **tenant,
            name=name,
            kind=str(kind),
            reach=str(reach),
            cadence_count=count,
            cadence_period=str(period),
            colour=colour,
            character_limit=limit,
        )
        for name, kind, reach, count, period, colour, limit in rows
    }


def load_strategy_demo(municipalities: dict[str, Municipality]) -> dict[str, dict[str, Goal]]:
    """Create the demo plans; return the goals of each active strategy by slug and theme."""
    users = {user.email: user for user in db.session.scalars(sa.select(User))}
    goals: dict[str, dict[str, Goal]] = {}
    for slug, plan in PLANS.items():
        municipality = municipalities[slug]
        tenant = {"municipality_id": municipality.id}
        audiences = audiences_from(plan.audiences, tenant)
        db.session.add_all(audiences.values())
        db.session.add_all(channels_from(plan.channels, tenant).values())
        for demo in plan.strategies:
            strategy = Strategy(
                **tenant,
                title=demo.title,
                vision=demo.vision,
                core_story=demo.core_story,
                period_start=demo.period[0],
                period_end=demo.period[1],
                status=demo.status,
            )
            db.session.add(strategy)
            for position, demo_goal in enumerate(demo.goals, start=1):
                owner = users.get(demo_goal.owner_email) if demo_goal.owner_email else None
                goal = Goal(
                    **tenant,
                    strategy=strategy,
                    title=demo_goal.title,
                    description=demo_goal.description,
                    theme=demo_goal.theme,
                    priority=demo_goal.priority,
                    owner=owner,
                    position=position,
                    target_date=demo.period[1],
                )
                for text, audience_name in demo_goal.messages:
                    goal.key_messages.append(
                        KeyMessage(
                            **tenant,
                            text=text,
                            audience=audiences[audience_name] if audience_name else None,
                        )
                    )
                db.session.add(goal)
                if demo.status == "active":
                    goals.setdefault(slug, {}).setdefault(demo_goal.theme, goal)
    db.session.flush()
    return goals
