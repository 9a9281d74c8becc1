"""Demo projects, indicators and measurements, from the facts in shared/DEMO-DATA.md.

The headline figures are the report's (involuntary part-time 50 → 14 employees in Innherred,
sick leave 11 % → 7 % in Levanger and Verdal, a theme evening in Austrheim with over ninety
people); the points in between and the other figures are plausible inventions for the demo.
Texts are bokmål, and nynorsk for Austrheim and Vågå.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Goal


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    direction: str
    baseline: tuple[date, str]
    #: (date, value, note)
    measurements: tuple[tuple[date, str, str], ...] = ()
    target: tuple[date | None, str] | None = None
    source: str = ""
    #: Themes of the goals the indicator measures (linked where the municipality has them).
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    name: str
    description: str
    theme: str
    period: tuple[date, date | None]
    indicators: tuple[DemoIndicator, ...] = ()
    #: Themes of the goals the project serves, besides its own theme.
    also_serves: tuple[str, ...] = ()
    archived: bool = False


@dataclass(frozen=True)
class DemoResults:
    projects: tuple[DemoProject, ...] = ()
    #: Indicators followed outside any project.
    indicators: tuple[DemoIndicator, ...] = field(default=())


def _sick_leave_nb(where: str) -> DemoIndicator:
    return DemoIndicator(
        name=f"Sykefravær {where}".strip(),
        unit="%",
        direction="lower",
        baseline=(date(2012, 1, 1), "11"),
        measurements=(
            (date(2012, 6, 30), "10,4", "Første halvår med nærværsarbeid i alle enheter."),
            (date(2012, 12, 31), "9,6", ""),
            (date(2013, 6, 30), "8,8", ""),
            (date(2013, 12, 31), "7,9", "Oppfølging av langtidsfravær i samarbeid med NAV."),
            (date(2014, 6, 30), "7", "Ned fra 11 % på to og et halvt år."),
        ),
        target=(date(2015, 12, 31), "6,5"),
        source="HR-system (fraværsstatistikk)",
        themes=("narvaer",),
    )


PART_TIME = DemoIndicator(
    name="Ufrivillig deltid",
    unit="ansatte",
    direction="lower",
    baseline=(date(2012, 1, 1), "50"),
    measurements=(
        (date(2012, 1, 1), "50", "Kartlegging ved oppstart av prosjektet."),
        (date(2012, 6, 30), "41", ""),
        (date(2012, 12, 31), "33", "Vikarpool etablert i pleie og omsorg."),
        (date(2013, 6, 30), "26", ""),
        (date(2013, 12, 31), "19", ""),
        (date(2014, 12, 31), "14", "Fra 50 til 14 ansatte siden 2012."),
    ),
    target=(date(2016, 12, 31), "10"),
    source="HR-system (stillingsregister)",
    themes=("heltid",),
)

DEMO: dict[str, DemoResults] = {
    "innherred": DemoResults(
        projects=(
            DemoProject(
                name="Fra vikar til fast",
                description=(
                    "Faste stillinger i stedet for vikariater og små deltidsstillinger, "
                    "i Levanger og Verdal sammen.\n"
                    "Vikarer som vil ha mer arbeid, får tilbud om fast stilling i en vikarpool."
                ),
                theme="heltid",
                period=(date(2012, 1, 1), date(2015, 12, 31)),
                indicators=(PART_TIME,),
                also_serves=("rekruttering",),
            ),
            DemoProject(
                name="Årsturnus",
                description=(
                    "Turnus som planlegges for hele året, så flere kan jobbe større stillinger "
                    "og ferieavvikling blir forutsigbar."
                ),
                theme="heltid",
                period=(date(2013, 1, 1), None),
                indicators=(
                    DemoIndicator(
                        name="Enheter med årsturnus",
                        unit="enheter",
                        direction="higher",
                        baseline=(date(2013, 1, 1), "0"),
                        measurements=(
                            (date(2013, 6, 30), "2", "To sykehjemsavdelinger prøver ut."),
                            (date(2013, 12, 31), "4", ""),
                            (date(2014, 6, 30), "7", ""),
                        ),
                        target=(date(2015, 12, 31), "12"),
                        source="Turnuskontoret",
                        themes=("heltid",),
                    ),
                ),
            ),
            DemoProject(
                name="Nærvær i Levanger og Verdal",
                description="Felles nærværsarbeid i begge kommunene, med tett oppfølging.",
                theme="narvaer",
                period=(date(2012, 1, 1), date(2014, 12, 31)),
                indicators=(_sick_leave_nb("i Levanger"), _sick_leave_nb("i Verdal")),
            ),
            DemoProject(
                name="Bedre stillingsannonser",
                description=(
                    "Stillingsannonser som forteller hvorfor det er godt å jobbe hos oss, "
                    "og en ryddigere rekrutteringsprosess."
                ),
                theme="rekruttering",
                period=(date(2014, 3, 1), None),
                indicators=(
                    DemoIndicator(
                        name="Kvalifiserte søkere per stilling",
                        unit="søkere",
                        direction="higher",
                        baseline=(date(2014, 3, 1), "3,2"),
                        target=(date(2015, 12, 31), "5"),
                        source="Rekrutteringssystemet",
                        themes=("rekruttering",),
                    ),
                ),
            ),
        ),
    ),
    "levanger": DemoResults(
        projects=(
            DemoProject(
                name="Nærværsarbeid",
                description="Levangers del av det felles nærværsarbeidet i Innherred.",
                theme="narvaer",
                period=(date(2012, 1, 1), date(2014, 12, 31)),
                indicators=(_sick_leave_nb(""),),
            ),
        ),
    ),
    "verdal": DemoResults(
        projects=(
            DemoProject(
                name="Nærværsarbeid",
                description="Verdals del av det felles nærværsarbeidet i Innherred.",
                theme="narvaer",
                period=(date(2012, 1, 1), date(2014, 12, 31)),
                indicators=(_sick_leave_nb(""),),
            ),
        ),
    ),
    "afjord": DemoResults(
        projects=(
            DemoProject(
                name="Stedsutvikling i sentrum",
                description=(
                    "Fysiske forbedringer i sentrum, for bedre stedsfølelse for innbyggere "
                    "og besøkende."
                ),
                theme="omdomme",
                period=(date(2012, 4, 1), date(2014, 10, 31)),
                indicators=(
                    DemoIndicator(
                        name="Innbyggere som er fornøyde med sentrum (innbyggerundersøkelse)",
                        unit="%",
                        direction="higher",
                        baseline=(date(2012, 3, 1), "48"),
                        measurements=(
                            (date(2013, 3, 1), "53", ""),
                            (date(2014, 3, 1), "61", "Etter nytt torg og ny belysning."),
                        ),
                        target=(date(2015, 3, 1), "65"),
                        source="Innbyggerundersøkelsen",
                        themes=("omdomme",),
                    ),
                ),
            ),
            DemoProject(
                name="Felles historie om Åfjord",
                description=(
                    "Finne og fortelle den felles historien om Åfjord, internt og eksternt, "
                    "med film, annonsekampanje, nettsted og Facebook."
                ),
                theme="omdomme",
                period=(date(2013, 9, 1), None),
                indicators=(
                    DemoIndicator(
                        name="Innbyggere som er stolte av kommunen (innbyggerundersøkelse)",
                        unit="%",
                        direction="higher",
                        baseline=(date(2013, 3, 1), "62"),
                        measurements=(
                            (date(2014, 3, 1), "68", "Etter filmen og annonsekampanjen."),
                        ),
                        target=(date(2016, 3, 1), "75"),
                        source="Innbyggerundersøkelsen",
                        themes=("omdomme",),
                    ),
                    DemoIndicator(
                        name="Visninger av Åfjord-filmen",
                        unit="visninger",
                        direction="higher",
                        baseline=(date(2013, 11, 1), "0"),
                        measurements=(
                            (
                                date(2013, 12, 31),
                                "4 200",
                                "Første måned på Facebook og nettstedet.",
                            ),
                            (date(2014, 3, 31), "9 850", ""),
                        ),
                        source="Facebook og nettstedet",
                        themes=("omdomme",),
                    ),
                ),
            ),
            DemoProject(
                name="Heltid og turnus",
                description="Første steg mot en heltidskultur: kartlegge turnus og ønsker.",
                theme="heltid",
                period=(date(2014, 9, 1), None),
                indicators=(
                    DemoIndicator(
                        name="Heltidsstillinger i helse og omsorg",
                        unit="%",
                        direction="higher",
                        baseline=(date(2014, 9, 1), "31"),
                        target=(date(2016, 12, 31), "45"),
                        source="HR-system",
                        themes=("heltid",),
                    ),
                ),
            ),
        ),
    ),
    "austrheim": DemoResults(
        projects=(
            DemoProject(
                name="Strategisk kompetanseplan",
                description=(
                    "Ein kompetanseplan for heile kommunen, slik at kvar eining veit kva "
                    "kompetanse ho treng no og i åra som kjem.\n"
                    "Arbeidet tek lengre tid enn planlagt: leiarane har mykje å gjere."
                ),
                theme="kompetanse",
                period=(date(2013, 9, 1), date(2015, 6, 30)),
                indicators=(
                    DemoIndicator(
                        name="Tilsette med kompetanseplan",
                        unit="%",
                        direction="higher",
                        baseline=(date(2013, 9, 1), "12"),
                        measurements=(
                            (date(2014, 1, 31), "24", ""),
                            (date(2014, 6, 30), "41", "Alle einingsleiarane har fått opplæring."),
                        ),
                        target=(date(2015, 6, 30), "100"),
                        source="HR-system",
                        themes=("kompetanse",),
                    ),
                ),
            ),
            DemoProject(
                name="Forankring av programmet",
                description=(
                    "Tilsette, tillitsvalde og folkevalde skal kjenne til og eige arbeidet "
                    "i «Saman om ein betre kommune»."
                ),
                theme="omdomme",
                period=(date(2013, 1, 1), date(2014, 12, 31)),
                indicators=(
                    DemoIndicator(
                        name="Deltakarar på temakveld",
                        unit="deltakarar",
                        direction="higher",
                        baseline=(date(2013, 1, 1), "0"),
                        measurements=(
                            (
                                date(2014, 2, 13),
                                "94",
                                "Temakveld for tilsette og politikarar som forankra programmet.",
                            ),
                        ),
                        target=(None, "80"),
                        source="Påmeldingslista",
                        themes=("omdomme",),
                    ),
                ),
            ),
        ),
    ),
    "vaga": DemoResults(
        projects=(
            DemoProject(
                name="Nærvær i Vågå",
                description=(
                    "Nærværsarbeid forankra i partssamarbeidet, med politikarane tett på. "
                    "Resultata skal dokumenterast og brukast på temadagar."
                ),
                theme="narvaer",
                period=(date(2012, 1, 1), date(2014, 12, 31)),
                indicators=(
                    DemoIndicator(
                        name="Sjukefråvær",
                        unit="%",
                        direction="lower",
                        baseline=(date(2012, 1, 1), "8,9"),
                        measurements=(
                            (date(2012, 12, 31), "8,1", ""),
                            (date(2013, 6, 30), "7,4", ""),
                            (date(2013, 12, 31), "7,0", "Eige nærværsteam i heimetenesta."),
                            (date(2014, 6, 30), "6,6", ""),
                        ),
                        target=(date(2014, 12, 31), "6,5"),
                        source="HR-system (kvartalsstatistikk)",
                        themes=("narvaer",),
                    ),
                ),
            ),
        ),
    ),
    "rissa": DemoResults(
        projects=(
            DemoProject(
                name="Jordnær lykke",
                description=(
                    "Visjonen «Jordnær lykke» som felles identitet, og sosiale medier som "
                    "hovedarena for informasjon og dialog med innbyggerne. Nå gjelder det å "
                    "finne tiltak som gir tilflytting."
                ),
                theme="omdomme",
                period=(date(2013, 1, 1), None),
                also_serves=("rekruttering",),
                indicators=(
                    DemoIndicator(
                        name="Tilflytting",
                        unit="personer (netto)",
                        direction="higher",
                        baseline=(date(2012, 12, 31), "-12"),
                        measurements=(
                            (date(2013, 12, 31), "5", "Netto tilflytting, hele året."),
                            (date(2014, 12, 31), "18", ""),
                        ),
                        target=(date(2016, 12, 31), "30"),
                        source="SSB, befolkningsstatistikk",
                        themes=("omdomme", "rekruttering"),
                    ),
                    DemoIndicator(
                        name="Følgere på Facebook",
                        unit="følgere",
                        direction="higher",
                        baseline=(date(2013, 1, 1), "850"),
                        measurements=(
                            (date(2013, 6, 30), "1 420", ""),
                            (date(2013, 12, 31), "2 100", ""),
                            (date(2014, 6, 30), "2 650", "Dialog med innbyggerne hver dag."),
                        ),
                        source="Facebook-statistikk",
                        themes=("omdomme",),
                    ),
                ),
            ),
        ),
    ),
}


def _number(text: str) -> Decimal:
    return Decimal(text.replace(" ", "").replace(",", "."))


def _goals_for(themes, goals: dict[str, Goal]) -> list[Goal]:
    found: list[Goal] = []
    for theme in themes:
        goal = goals.get(theme)
        if goal is not None and goal not in found:
            found.append(goal)
    return found


def _indicator(
    demo: DemoIndicator, municipality: Municipality, goals: dict[str, Goal]
) -> Indicator:
    target_date, target_value = demo.target if demo.target else (None, None)
    indicator = Indicator(
        municipality_id=municipality.id,
        name=demo.name,
        unit=demo.unit,
        direction=demo.direction,
        baseline_date=demo.baseline[0],
        baseline_value=_number(demo.baseline[1]),
        target_date=target_date,
        target_value=_number(target_value) if target_value is not None else None,
        source=demo.source,
        goals=_goals_for(demo.themes, goals),
    )
    indicator.measurements = [
        Measurement(measured_on=on, value=_number(value), note=note)
        for on, value, note in demo.measurements
    ]
    return indicator


def load_results_demo(
    municipalities: dict[str, Municipality], goals: dict[str, dict[str, Goal]]
) -> None:
    """Create the demo projects and indicators with measurements, linked to existing goals.

    `goals` maps a municipality's slug to its goals by theme; missing ones are simply not linked.
    Municipalities not in `municipalities` are skipped.
    """
    for slug, results in DEMO.items():
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        own_goals = goals.get(slug, {})
        for demo_project in results.projects:
            project = Project(
                municipality_id=municipality.id,
                name=demo_project.name,
                description=demo_project.description,
                theme=demo_project.theme,
                period_start=demo_project.period[0],
                period_end=demo_project.period[1],
                archived=demo_project.archived,
                goals=_goals_for((demo_project.theme, *demo_project.also_serves), own_goals),
            )
            project.indicators = [
                _indicator(demo, municipality, own_goals) for demo in demo_project.indicators
            ]
            db.session.add(project)
        for demo in results.indicators:
            db.session.add(_indicator(demo, municipality, own_goals))
    db.session.flush()
