"""Facts the demo is built from (see shared/DEMO-DATA.md). People are invented; roles are real."""

from __future__ import annotations

from dataclasses import dataclass

#: Municipalities whose public feeds (calendar, RSS, Atom) are switched on in the demo.
PUBLIC_FEED_MUNICIPALITIES = ("afjord", "innherred")

DEMO_PASSWORD = "planner-demo-2026"  # noqa: S105 (printed for the demo on purpose)


@dataclass(frozen=True)
class DemoMunicipality:
    name: str
    slug: str
    number: str | None
    language: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    #: (municipality slug, role) pairs.
    memberships: tuple[tuple[str, str], ...]


MUNICIPALITIES = (
    DemoMunicipality("Åfjord kommune", "afjord", "5058", "nb"),
    DemoMunicipality("Innherred samkommune", "innherred", None, "nb"),
    DemoMunicipality("Levanger kommune", "levanger", "5037", "nb"),
    DemoMunicipality("Verdal kommune", "verdal", "5038", "nb"),
    DemoMunicipality("Austrheim kommune", "austrheim", "4632", "nn"),
    DemoMunicipality("Vågå kommune", "vaga", "3435", "nn"),
    DemoMunicipality("Rissa kommune", "rissa", "1624", "nb"),
    DemoMunicipality("Ringerike kommune", "ringerike", "3305", "nb"),
    DemoMunicipality("Øvre Eiker kommune", "ovre-eiker", "3314", "nb"),
)

PEOPLE = (
    # Åfjord: one login per role.
    DemoPerson("admin@afjord.demo", "Kari Strand", (("afjord", "admin"),)),
    DemoPerson("redaktor@afjord.demo", "Marte Fjellheim", (("afjord", "editor"),)),
    DemoPerson("leder@afjord.demo", "Jon Åsvang", (("afjord", "reviewer"),)),
    DemoPerson("leser@afjord.demo", "Per Stokkvik", (("afjord", "viewer"),)),
    # Innherred samkommune: one login per role; the adviser also works for Levanger and Verdal.
    DemoPerson("admin@innherred.demo", "Siri Holmvik", (("innherred", "admin"),)),
    DemoPerson(
        "redaktor@innherred.demo",
        "Anders Leklem",
        (("innherred", "editor"), ("levanger", "editor"), ("verdal", "editor")),
    ),
    DemoPerson("leder@innherred.demo", "Hanne Vinne", (("innherred", "reviewer"),)),
    DemoPerson("leser@innherred.demo", "Tor Ørmelen", (("innherred", "viewer"),)),
    DemoPerson("admin@levanger.demo", "Lise Momyr", (("levanger", "admin"),)),
    DemoPerson("admin@verdal.demo", "Eirik Stiklestad", (("verdal", "admin"),)),
    # One administrator in each of the other municipalities.
    DemoPerson("admin@austrheim.demo", "Solveig Mongstad", (("austrheim", "admin"),)),
    DemoPerson("admin@vaga.demo", "Ragnhild Tessand", (("vaga", "admin"),)),
    DemoPerson("admin@rissa.demo", "Geir Stadsbygd", (("rissa", "admin"),)),
    DemoPerson("admin@ringerike.demo", "Nina Hønefoss", (("ringerike", "admin"),)),
    DemoPerson("admin@ovre-eiker.demo", "Hilde Vestfoss", (("ovre-eiker", "admin"),)),
)
