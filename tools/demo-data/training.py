"""Illustrative training data for the demo: courses from the catalogue's course texts, structured sustainment from its
sustainment texts, and hand-curated sites and cohorts. Imported by make_demo_data.py (standard library only).

Figures are plausible round numbers chosen for a demo (course lengths, crew sizes, seats), not published figures.
Cohort and site dates are offsets in weeks from the Monday of the week the demo is loaded, so that the board always
shows cohorts graduated, in training and planned.
"""
from __future__ import annotations

import re

# Foundation courses (no system links to them) that other courses require.
FOUNDATIONS = [
    # code, name, length, crew, seats, language, level
    ("nato-artillery-fundamentals", "NATO artillery fundamentals", 2, 1, 60, "English", 1),
    ("western-air-defence-fundamentals", "Western air-defence fundamentals", 3, 1, 60, "English", 2),
]

# (pattern on the course name, length weeks, crew size per unit, seats per cohort, language, STANAG 6001 level, prerequisite)
COURSE_RULES = [
    (r"NASAMS", 12, 20, 60, "English", 2, "western-air-defence-fundamentals"),
    (r"IRIS-T", 12, 20, 60, "English or German", 2, "western-air-defence-fundamentals"),
    (r"S-300", 4, 20, 60, "", None, None),
    (r"battery", 10, 30, 60, "English", 2, None),
    (r"HIMARS|M270|MARS II", 5, 3, 24, "English", 1, "nato-artillery-fundamentals"),
    (r"M777|M119|M101|M109|M114|FH70|CAESAR|PzH 2000|Krab|Zuzana|105mm howitzer|howitzer crew", 5, 8, 48, "English", 1,
     "nato-artillery-fundamentals"),
    (r"Gepard", 8, 4, 40, "German or English", 1, None),
    (r"aircrew|maintainer", 12, 4, 16, "", None, None),
    (r"MCMV|MCM vessel|patrol|vessel", 10, 12, 36, "English", 1, None),
    (r"conversion|refresher", 4, 4, 40, "", None, None),
    (r"gunner", 3, 2, 30, "", None, None),
    (r"operator", 3, 2, 24, "", None, None),
    (r"driver", 2, 2, 24, "", None, None),
    (r"crew", 4, 4, 40, "", None, None),
    (r".", 3, 4, 32, "", None, None),
]

SPARES_ITEM = "spare-parts"
# Units of first-load ammunition per unit of a system, by the kind of system (rounds, rockets, missiles).
FIRST_LOAD = {"ammunition": 300, "rockets": 12, "missiles": 8}

SITES = [
    # code, name, host, seats, course codes, cadence weeks, cadence from (offset), blackout offsets
    ("fort-sill", "Fort Sill Fires Center (illustrative)", "USA", 48,
     ["nato-artillery-fundamentals", "himars-crew-course", "m777-crew-course", "m119-crew-course", "m270-crew-course",
      "an-tpq-36-operator-course", "m109-crew-course"], 2, -52, []),
    ("grafenwoehr", "Grafenwöhr Training Area (illustrative)", "DEU", 64,
     ["nato-artillery-fundamentals", "western-air-defence-fundamentals", "pzh-2000-crew-course", "gepard-crew-course",
      "iris-t-slm-crew-course", "mars-ii-crew-course", "bergepanzer-2-crew-course", "dingo-2-driver-course"], 2, -52, [3, 4]),
    ("zagan", "Żagań training centre (illustrative)", "POL", 80,
     ["t-72m1-conversion-course", "bmp-1-refresher-course", "m113-crew-course", "pt-91-conversion-course",
      "120mm-mortar-crew-course", "ahs-krab-crew-course"], 3, -51, []),
    ("salisbury-plain", "Salisbury Plain (illustrative)", "GBR", 40,
     ["stinger-gunner-course", "starstreak-gunner-course", "manpads-gunner-course", "mastiff-driver-course",
      "stormer-hvm-crew-course", "tactical-uas-operator-course"], 4, -52, []),
    ("rena", "Rena camp (illustrative)", "NOR", 60,
     ["western-air-defence-fundamentals", "nasams-crew-course", "m270-crew-course", "harpoon-coastal-battery-course"], 4, -52, []),
]

COHORTS = [
    # course, site, start offset, trainees, receiving unit, requirement rank, state, passed
    ("nato-artillery-fundamentals", "fort-sill", -6, 24, "HIMARS battalion (illustrative)", 12, "Graduated", 24),
    ("himars-crew-course", "fort-sill", -4, 24, "HIMARS battalion (illustrative)", 12, "InTraining", None),
    ("nato-artillery-fundamentals", "fort-sill", -24, 48, "M777 artillery brigade (illustrative)", 5, "Graduated", 48),
    ("nato-artillery-fundamentals", "fort-sill", -22, 48, "M777 artillery brigade (illustrative)", 5, "Graduated", 48),
    ("m777-crew-course", "fort-sill", -20, 48, "M777 artillery brigade (illustrative)", 5, "Graduated", 46),
    ("m777-crew-course", "fort-sill", -18, 48, "M777 artillery brigade (illustrative)", 5, "Graduated", 48),
    ("nato-artillery-fundamentals", "fort-sill", -8, 48, "M777 artillery brigade (illustrative)", 5, "Graduated", 48),
    ("m777-crew-course", "fort-sill", -2, 48, "M777 artillery brigade (illustrative)", 5, "InTraining", None),
    ("gepard-crew-course", "grafenwoehr", -30, 40, "Gepard air-defence battalion (illustrative)", 6, "Graduated", 38),
    ("gepard-crew-course", "grafenwoehr", -28, 20, "Gepard air-defence battalion (illustrative)", 6, "Graduated", 18),
    ("western-air-defence-fundamentals", "grafenwoehr", -40, 60, "IRIS-T battery (illustrative)", 2, "Graduated", 60),
    ("western-air-defence-fundamentals", "grafenwoehr", -38, 20, "IRIS-T battery (illustrative)", 2, "Graduated", 20),
    ("iris-t-slm-crew-course", "grafenwoehr", -36, 60, "IRIS-T battery (illustrative)", 2, "Graduated", 60),
    ("iris-t-slm-crew-course", "grafenwoehr", -34, 20, "IRIS-T battery (illustrative)", 2, "Graduated", 20),
    ("nato-artillery-fundamentals", "grafenwoehr", -24, 48, "PzH 2000 battery (illustrative)", 15, "Graduated", 48),
    ("pzh-2000-crew-course", "grafenwoehr", -4, 48, "PzH 2000 battery (illustrative)", 15, "InTraining", None),
    ("t-72m1-conversion-course", "zagan", -21, 40, "tank brigade (illustrative)", 23, "Graduated", 38),
    ("t-72m1-conversion-course", "zagan", -18, 40, "tank brigade (illustrative)", 23, "Graduated", 40),
    ("t-72m1-conversion-course", "zagan", -15, 40, "tank brigade (illustrative)", 23, "Graduated", 34),
    ("t-72m1-conversion-course", "zagan", -3, 40, "tank brigade (illustrative)", 23, "InTraining", None),
    ("western-air-defence-fundamentals", "rena", 4, 60, "NASAMS battalion (illustrative)", 1, "Planned", None),
    ("nasams-crew-course", "rena", 8, 60, "NASAMS battalion (illustrative)", 1, "Planned", None),
]


def course_params(name: str):
    for pattern, length, crew, seats, language, level, prereq in COURSE_RULES:
        if re.search(pattern, name, re.IGNORECASE):
            return length, crew, seats, language, level, prereq
    raise AssertionError(name)


def pick_ammunition(items: dict, family: str, req_ranks: dict) -> str | None:
    """The ammunition item of a family: one on the requirements list if there is one, else the first in the catalogue."""
    candidates = [c for c, it in items.items() if it["compatibility_family"] == family and not it["training_course"]
                  and it["supply_class"][:2] in ("13", "14") and it["supply_class"] not in ("1425", "1440")]
    listed = [c for c in candidates if c in req_ranks]
    return (listed or candidates or [None])[0]


def tables(items: dict, req_ranks: dict, slug):
    # ---- courses: one per distinct course text of the catalogue, foundations first ----
    names = []
    for it in items.values():
        if it["training_course"] and it["training_course"] not in names:
            names.append(it["training_course"])
    courses = [[c, n, l, crew, seats, lang, "" if lvl is None else lvl, ""] for c, n, l, crew, seats, lang, lvl in FOUNDATIONS]
    codes = {c[0] for c in courses}
    for name in names:
        code = slug(name)
        assert code not in codes, f"two course texts give the code {code}"
        codes.add(code)
        length, crew, seats, language, level, prereq = course_params(name)
        assert crew <= seats
        courses.append([code, name, length, crew, seats, language, "" if level is None else level, prereq or ""])

    # ---- sustainment: the catalogue's texts as structured needs ----
    assert SPARES_ITEM in items
    sustainment = []
    for code, it in items.items():
        for part in [p.strip() for p in it["sustainment"].split(";") if p.strip()]:
            if part in ("spares kit", "spare airframes and batteries"):
                # Illustrative choice: armour's spares kits are separate pledge lines (the generic spare-parts item);
                # other systems' kits come with the system and need no record of their own.
                if it["coalition"] == "armour":
                    sustainment.append([code, "SparesKit", SPARES_ITEM, 1])
                continue
            m = re.fullmatch(r"first-load (\S+) (ammunition|rockets|missiles)", part)
            if m:
                ammo = pick_ammunition(items, m.group(1), req_ranks)
                if ammo:
                    sustainment.append([code, "FirstLoadAmmunition", ammo, FIRST_LOAD[m.group(2)]])
            # other texts (a ground control station, consumables) name no catalogue item: not structured
    assert len({(s[0], s[2]) for s in sustainment}) == len(sustainment)

    # ---- sites and cohorts ----
    lengths = {c[0]: int(c[2]) for c in courses}
    course_seats = {c[0]: int(c[4]) for c in courses}
    sites = []
    schedule = {}
    for code, name, host, seats, site_courses, every, offset, blackout in SITES:
        for c in site_courses:
            assert c in codes, f"site {code}: unknown course {c}"
        schedule[code] = (every, offset, set(blackout), seats, set(site_courses))
        sites.append([code, name, host, seats, ";".join(site_courses), every, offset, ";".join(str(b) for b in blackout)])
    cohorts = []
    slot_seats = {}
    for course, site, start, trainees, unit, rank, state, passed in COHORTS:
        slot_seats[(course, site, start)] = slot_seats.get((course, site, start), 0) + trainees
        assert slot_seats[(course, site, start)] <= min(schedule[site][3], course_seats[course]), f"{course} at {site} week {start}: over capacity"
        every, offset, blackout, seats, site_courses = schedule[site]
        assert course in site_courses, f"{site} does not run {course}"
        assert (start - offset) % every == 0, f"{course} at {site}: {start} is not a start week"
        assert not any(w in blackout for w in range(start, start + lengths[course])), f"{course} at {site}: blackout"
        assert trainees <= min(seats, course_seats[course]), f"{course} at {site}: {trainees} trainees"
        assert rank in req_ranks.values(), f"no requirement ranked {rank}"
        if state == "Graduated":
            assert start + lengths[course] <= 0 and passed is not None and passed <= trainees
        elif state == "InTraining":
            assert start <= 0 < start + lengths[course]
        else:
            assert state == "Planned" and start > 0
        cohorts.append([course, site, start, trainees, unit, rank, state, "" if passed is None else passed])
    return courses, sustainment, sites, cohorts
