#!/usr/bin/env python3
"""Generate the Quartermaster demo data set (data/demo/*.csv) from the Kiel Ukraine Support Tracker, release 7.

Usage (from anywhere):  python3 tools/demo-data/make_demo_data.py

Reads  data/kiel-ust-release7/bilateral_main_data.csv   (what 43 donors announced and delivered, to 3 Oct 2022)
       data/fsc-psc/fsc_classes_active.csv              (to check every supply class exists)
       data/export-control/wassenaar_ml_categories.csv  (to check every ML entry exists)
Writes data/demo/nations.csv, catalogue.csv, requirements.csv, hubs.csv

Standard library only. The classification rules, the nation table, the requirements list and the hubs are
hand-curated tables in this file. The catalogue classification and the requirements are ILLUSTRATIVE: the
recipient's real list is not public; they are built from what donors actually gave.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import OrderedDict, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]          # the repository root
KIEL = ROOT / "data" / "kiel-ust-release7" / "bilateral_main_data.csv"
FSC = ROOT / "data" / "fsc-psc" / "fsc_classes_active.csv"
WASSENAAR = ROOT / "data" / "export-control" / "wassenaar_ml_categories.csv"
OUT = ROOT / "data" / "demo"

COALITIONS = {"air-force", "iamd", "artillery", "armour", "maritime", "it", "demining", "drones",
              "protection", "medical", "energy", "sustainment"}


# ---------------------------------------------------------------------------------------------------------------
# Nations
# ---------------------------------------------------------------------------------------------------------------

# The 32 NATO members today (Finland 2023, Sweden 2024 included).
NATO = ["ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA",
        "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR",
        "GBR", "USA"]

# code -> display name
NAMES = {
    "ALB": "Albania", "BEL": "Belgium", "BGR": "Bulgaria", "CAN": "Canada", "HRV": "Croatia", "CZE": "Czechia",
    "DNK": "Denmark", "EST": "Estonia", "FIN": "Finland", "FRA": "France", "DEU": "Germany", "GRC": "Greece",
    "HUN": "Hungary", "ISL": "Iceland", "ITA": "Italy", "LVA": "Latvia", "LTU": "Lithuania", "LUX": "Luxembourg",
    "MNE": "Montenegro", "NLD": "Netherlands", "MKD": "North Macedonia", "NOR": "Norway", "POL": "Poland",
    "PRT": "Portugal", "ROU": "Romania", "SVK": "Slovakia", "SVN": "Slovenia", "ESP": "Spain", "SWE": "Sweden",
    "TUR": "Türkiye", "GBR": "United Kingdom", "USA": "United States",
    # partners among the Kiel donors
    "AUS": "Australia", "AUT": "Austria", "CHE": "Switzerland", "CHN": "China", "CYP": "Cyprus", "IND": "India",
    "IRL": "Ireland", "JPN": "Japan", "KOR": "South Korea", "MLT": "Malta", "NZL": "New Zealand", "TWN": "Taiwan",
    # organisations (ISO 3166-1 user-assigned codes)
    "XEU": "European Union (Commission and Council)", "XEI": "European Investment Bank",
    "XEP": "European Peace Facility",
    # the recipient
    "UKR": "Ukraine",
}

# The donor names exactly as the Kiel file writes them (column `countries`) -> the code used here.
KIEL_DONOR_CODES = {
    "Australia": "AUS", "Austria": "AUT", "Belgium": "BEL", "Bulgaria": "BGR", "Canada": "CAN", "China": "CHN",
    "Croatia": "HRV", "Cyprus": "CYP", "Czech Republic": "CZE", "Denmark": "DNK",
    "EU (Commission and Council)": "XEU", "Estonia": "EST", "European Investment Bank": "XEI",
    "European Peace Facility": "XEP", "Finland": "FIN", "France": "FRA", "Germany": "DEU", "Greece": "GRC",
    "Hungary": "HUN", "India": "IND", "Ireland": "IRL", "Italy": "ITA", "Japan": "JPN", "Latvia": "LVA",
    "Lithuania": "LTU", "Luxembourg": "LUX", "Malta": "MLT", "Netherlands": "NLD", "New Zealand": "NZL",
    "Norway": "NOR", "Poland": "POL", "Portugal": "PRT", "Romania": "ROU", "Slovakia": "SVK", "Slovenia": "SVN",
    "South Korea": "KOR", "Spain": "ESP", "Sweden": "SWE", "Switzerland": "CHE", "Taiwan": "TWN", "Turkey": "TUR",
    "United Kingdom": "GBR", "United States": "USA",
}

# Policies. Only Japan's non-lethal-only limit is set (public and well known: Japan's rules on the transfer of
# defence equipment). The category columns stay empty: no other restriction is invented here.
NON_LETHAL_ONLY = {"JPN"}
FORBIDDEN = {}            # code -> "ML1;ML2..."   (none)
LICENCE_REQUIRED = {}     # code -> "ML..."        (none)


# ---------------------------------------------------------------------------------------------------------------
# Catalogue classification rules
# ---------------------------------------------------------------------------------------------------------------

def A(fsc, coal, lethal, ctrl, track, uoi, kg, fam="", course="", sust=""):
    return dict(supply_class=fsc, coalition=coal, lethal=lethal, control_entry=ctrl, tracking=track,
                unit_of_issue=uoi, unit_weight_kg=kg, compatibility_family=fam, training_course=course,
                sustainment=sust)


def gun(fsc, kg, fam, course, coal="artillery"):
    """A howitzer / gun system crews must learn, with spares and first-load ammunition of its family."""
    return A(fsc, coal, True, "ML2", "Serial", "EA", kg, fam, course, f"spares kit; first-load {fam} ammunition")


def ammo(fsc, kg, fam="", coal="artillery", uoi="RD", ctrl="ML3", track="Lot"):
    return A(fsc, coal, True, ctrl, track, uoi, kg, fam)


def mlrs(kg, fam, course):
    return A("1055", "artillery", True, "ML2", "Serial", "EA", kg, fam, course,
             f"spares kit; first-load {fam} rockets")


def armoured(fsc, kg, lethal, course="", fam="", coal="armour", sust="spares kit"):
    if fam and lethal and sust == "spares kit":
        sust = f"spares kit; first-load {fam} ammunition"
    return A(fsc, coal, lethal, "ML6", "Serial", "EA", kg, fam, course, sust)


def ad_system(kg, fam, course, fsc="1425", coal="iamd"):
    return A(fsc, coal, True, "ML4", "Serial", "EA", kg, fam, course,
             f"spares kit; first-load {fam} missiles" if fam else "spares kit; first-load missiles")


def missile(kg, fam="", coal="armour", fsc="1410"):
    # guided missiles are serial-tracked: they are the items end-use monitoring inventories by serial number
    return A(fsc, coal, True, "ML4", "Serial", "RD", kg, fam)


def law(kg, fam="", fsc="1055"):
    # single-shot and reusable anti-tank weapons (unguided): ML2 anti-tank weapons
    return A(fsc, "armour", True, "ML2", "Serial", "EA", kg, fam)


def small_arm(kg, fam=""):
    return A("1005", "armour", True, "ML1", "Serial", "EA", kg, fam)


def sa_ammo(kg, fam="", uoi="RD", fsc="1305"):
    return A(fsc, "armour", True, "ML3", "Lot", uoi, kg, fam)


def drone(kg, course, lethal=False, ctrl="ML10", sust="spare airframes and batteries"):
    return A("1550", "drones", lethal, ctrl, "Serial", "EA", kg, "", course, sust)


def radar(kg, coal, course, fsc="5840"):
    return A(fsc, coal, False, "ML5", "Serial", "EA", kg, "", course, "spares kit")


def kit(fsc, coal, kg, ctrl="", track="Lot", uoi="EA", lethal=False):
    return A(fsc, coal, lethal, ctrl, track, uoi, kg)


# Ordered: the first pattern that matches the lower-cased Item text wins. Patterns are written for the 2022 Kiel
# wording; the fallback by `Type of item` below catches anything new, and the script reports it.
RULES: list[tuple[str, dict]] = [
    # --- spares and parts (before the systems they belong to) ---------------------------------------------------
    (r"tactical vehicle to tow", A("2320", "artillery", False, "ML6", "Serial", "EA", 11000)),
    (r"ammunition for m777 howitzer", ammo("1320", 45, "155mm-nato")),
    (r"replacement barrels for m777", A("1025", "artillery", True, "ML2", "Serial", "EA", 1300, "", "", "")),
    (r"(spare parts|equipment) for m109", A("1025", "artillery", True, "ML2", "Lot", "KT", 200)),
    (r"browning machine gun spare parts", A("1005", "armour", True, "ML1", "Lot", "KT", 10)),
    (r"mig-29 spare part", A("1560", "air-force", True, "ML10", "Lot", "KT", 100)),
    (r"helicopter and spare parts", A("1520", "air-force", False, "ML10", "Serial", "EA", 3000, "",
                                      "Mi-2/Mi-17 maintainer course", "spares kit")),
    (r"support equipment for scan eagle", A("1730", "drones", False, "ML10", "Lot", "KT", 500)),
    (r"gun sight for l119", A("1240", "artillery", False, "ML5", "Serial", "EA", 5)),
    (r"m113's refitting", armoured("2350", 12300, True, "M113 crew course")),

    # --- artillery systems -----------------------------------------------------------------------------------------
    (r"m777", gun("1025", 4200, "155mm-nato", "M777 crew course")),
    (r"panzerhaubitze 2000", gun("1025", 55800, "155mm-nato", "PzH 2000 crew course")),
    (r"caesar", gun("1025", 17700, "155mm-nato", "CAESAR crew course")),
    (r"m109", gun("1025", 25000, "155mm-nato", "M109 crew course")),
    (r"krab", gun("1025", 48000, "155mm-nato", "AHS Krab crew course")),
    (r"fh70", gun("1025", 9300, "155mm-nato", "FH70 crew course")),
    (r"m114 155mm", gun("1025", 5800, "155mm-nato", "M114 crew course")),
    (r"zusana|zuzana", gun("1025", 28600, "155mm-nato", "Zuzana 2 crew course")),
    (r"dana howitzer", gun("1025", 29250, "152mm-soviet", "Dana conversion course")),
    (r"d-30 howitzer", gun("1015", 3200, "122mm-soviet", "D-30 refresher course")),
    (r"m119 105mm", gun("1015", 2130, "105mm-nato", "M119 crew course")),
    (r"m101 105mm", gun("1015", 2260, "105mm-nato", "M101 crew course")),
    (r"m50 105mm", gun("1015", 2200, "105mm-nato", "105mm howitzer crew course")),
    (r"^105mm howitzer$", gun("1015", 2130, "105mm-nato", "105mm howitzer crew course")),
    (r"^howitzer$", A("1025", "artillery", True, "ML2", "Serial", "EA", 9000, "", "howitzer crew course",
                      "spares kit; first-load ammunition")),
    (r"2b11 or m/41d 120mm", gun("1015", 210, "120mm-mortar", "120mm mortar crew course")),
    (r"120mm mortar system", gun("1015", 250, "120mm-mortar", "120mm mortar crew course")),
    (r"60 mm lmp-2017 mortar", A("1010", "artillery", True, "ML2", "Serial", "EA", 7, "60mm-mortar")),
    (r"^m10 mortar$", A("1010", "artillery", True, "ML2", "Serial", "EA", 40)),
    (r"mortar \(estonia\)", A("1015", "artillery", True, "ML2", "Serial", "EA", 200)),
    (r"himars 142", mlrs(16250, "227mm-mlrs", "HIMARS crew course")),
    (r"m270 weapon system", mlrs(24950, "227mm-mlrs", "M270 crew course")),
    (r"^mars ii$", mlrs(25000, "227mm-mlrs", "MARS II crew course")),
    (r"^rm-70 multiple rocket launcher$", mlrs(33700, "122mm-mlrs", "RM-70 conversion course")),

    # --- artillery and mortar ammunition -------------------------------------------------------------------------
    (r"remote anti-armor mine", ammo("1320", 46, "155mm-nato")),
    (r"155mm|150mm artillery round|for m777 howitzer", ammo("1320", 45, "155mm-nato")),
    (r"152 mm, 125 mm and 122 mm", ammo("1320", 40)),                    # mixed calibres: no family
    (r"152 mm round", ammo("1320", 43.5, "152mm-soviet")),
    (r"125 mm he ammunition for t-72", ammo("1315", 33, "125mm-soviet", coal="armour")),
    (r"122 mm round for 2s1|122 mm mortar round", ammo("1315", 27, "122mm-soviet")),
    (r"105mm", ammo("1315", 19, "105mm-nato")),
    (r"120mm mortar ammunition", ammo("1315", 16, "120mm-mortar")),
    (r"82 mm mortar round", ammo("1315", 4.2, "82mm-mortar")),
    (r"60 mm lmp 2017 mortar", ammo("1310", 1.7, "60mm-mortar")),
    (r"m10 mortar shell", ammo("1310", 4)),
    (r"^artillery round$", ammo("1320", 42)),
    (r"^fuse$", ammo("1390", 0.5)),
    (r"ammunition for himars|guided multiple launch rocket|m31a1|ammunition for mars ii",
     ammo("1340", 307, "227mm-mlrs", ctrl="ML4")),
    (r"grad|missile for czech-made rm-70", ammo("1340", 66, "122mm-mlrs", ctrl="ML4")),
    (r"smerch", ammo("1340", 800, "300mm-mlrs", ctrl="ML4")),

    # --- air and missile defence ---------------------------------------------------------------------------------
    (r"gepard rapid-fire", armoured("2350", 47500, True, "Gepard crew course", "35mm-gepard", coal="iamd")),
    (r"gepard.*ammunition", ammo("1310", 1.6, "35mm-gepard", coal="iamd")),
    (r"iris-t slm", ad_system(60000, "iris-t-slm", "IRIS-T SLM crew course")),
    (r"\(nasams\)", ad_system(25000, "nasams", "NASAMS crew course")),
    (r"munitions for nasams", missile(152, "nasams", coal="iamd")),
    (r"s-300", ad_system(150000, "s-300", "S-300 refresher course")),
    (r"stormer", armoured("2350", 12700, True, "Stormer HVM crew course", "starstreak", coal="iamd",
                                 sust="spares kit; first-load starstreak missiles")),
    (r"starstreak anti-aircraft missile system", ad_system(14, "starstreak", "Starstreak gunner course")),
    (r"starstreak missile", missile(14, "starstreak", coal="iamd")),
    (r"stinger anti-aircraft system", ad_system(15.2, "stinger", "Stinger gunner course")),
    (r"stinger missile", missile(10.1, "stinger", coal="iamd")),
    (r"mistral air defence launcher", ad_system(30, "mistral", "Mistral gunner course", fsc="1440")),
    (r"mistral air defence missile", missile(19.7, "mistral", coal="iamd")),
    (r"piorun", ad_system(16.5, "piorun", "Piorun gunner course")),
    (r"strela missile", missile(10, "strela-2", coal="iamd")),
    (r"shoulder fired manpad", ad_system(15, "", "MANPADS gunner course")),
    (r"air defense launcher", ad_system(15, "", "MANPADS gunner course", fsc="1440")),
    (r"aspide", missile(220, "aspide", coal="iamd")),
    (r"vampire", A("1425", "iamd", True, "ML4", "Serial", "EA", 1500, "", "VAMPIRE C-UAS operator course",
                   "spares kit; first-load laser-guided rockets")),
    (r"counter-unmanned aerial system", A("5865", "iamd", False, "ML11", "Serial", "EA", 500, "",
                                          "C-UAS operator course", "spares kit")),
    (r"anti-drone sensors", radar(30, "iamd", "")),
    (r"anti-drone|bandwidth extensions device", A("5865", "iamd", False, "ML11", "Serial", "EA", 7)),
    (r"sentinel|air-surveillance radar|multi-mission radar", radar(5000, "iamd", "air surveillance radar course")),
    (r"identification friend and foe", A("5895", "iamd", False, "ML11", "Serial", "EA", 20)),

    # --- maritime --------------------------------------------------------------------------------------------------
    (r"harpoon coastal defense missile system", ad_system(20000, "harpoon", "Harpoon coastal battery course",
                                                          coal="maritime")),
    (r"harpoon coastal defense missile", missile(690, "harpoon", coal="maritime")),
    (r"rbs 17", ad_system(5000, "hellfire", "RBS 17 crew course", coal="maritime")),
    (r"hellfire missiles guidance unit", A("1430", "maritime", True, "ML4", "Serial", "EA", 50, "hellfire")),
    (r"hellfire missiles launching pad", A("1440", "maritime", True, "ML4", "Serial", "EA", 100, "hellfire")),
    (r"hellfire missiles", missile(45, "hellfire", coal="maritime")),
    (r"anti-ship missile system", ad_system(10000, "", "coastal missile battery course", coal="maritime")),
    (r"hunt-class", A("1905", "maritime", True, "ML9", "Serial", "EA", 750000, "", "Hunt-class MCMV crew course",
                      "spares kit")),
    (r"minesweeper", A("1905", "maritime", False, "ML9", "Serial", "EA", 500000, "", "MCM vessel crew course",
                       "spares kit")),
    (r"mark vi patrol boat", A("1940", "maritime", True, "ML9", "Serial", "EA", 70000, "",
                               "Mark VI patrol boat crew course", "spares kit; first-load 25mm ammunition")),
    (r"coastal defense vessel", A("1905", "maritime", True, "ML9", "Serial", "EA", 168000, "",
                                  "patrol vessel crew course", "spares kit")),
    (r"patrol boat", A("1940", "maritime", True, "ML9", "Serial", "EA", 8000, "", "patrol boat crew course",
                       "spares kit")),
    (r"undersea minehunter drones", A("1386", "maritime", False, "ML9", "Serial", "EA", 60, "",
                                      "UUV mine-hunting operator course", "spares kit")),
    (r"autonomous overwater drone", A("1940", "maritime", False, "ML9", "Serial", "EA", 200, "",
                                      "USV operator course", "spares kit")),
    (r"seahawk a2 gun", A("1005", "maritime", True, "ML2", "Serial", "EA", 1500, "30mm-nato", "",
                          "spares kit; first-load 30mm-nato ammunition")),
    (r"lifejacket", kit("4220", "maritime", 1.5)),

    # --- air force -------------------------------------------------------------------------------------------------
    (r"brimstone", missile(50, "brimstone", coal="air-force")),
    (r"anti-radiation", missile(360, "agm-88", coal="air-force")),
    (r"mi-24", A("1520", "air-force", True, "ML10", "Serial", "EA", 8500, "", "Mi-24 aircrew refresher",
                 "spares kit; first-load rockets")),
    (r"^mi-17$", A("1520", "air-force", True, "ML10", "Serial", "EA", 7100, "", "Mi-17 aircrew refresher",
                   "spares kit")),
    (r"^mi-2$", A("1520", "air-force", False, "ML10", "Serial", "EA", 2400, "", "Mi-2 aircrew refresher",
                  "spares kit")),
    (r"laser designator pods", A("1280", "air-force", False, "ML5", "Serial", "EA", 200)),

    # --- drones ----------------------------------------------------------------------------------------------------
    (r"bayraktar", drone(650, "Bayraktar TB2 operator course", lethal=True,
                         sust="spares kit; ground control station; first-load MAM-L munitions")),
    (r"switchblade", drone(2.5, "Switchblade operator course", lethal=True, ctrl="ML4", sust="")),
    (r"phoenix ghost", drone(6, "Phoenix Ghost operator course", lethal=True, ctrl="ML4", sust="")),
    (r"warmate", drone(5.7, "Warmate operator course", lethal=True, ctrl="ML4", sust="")),
    (r"loitering munition", drone(5, "loitering munition operator course", lethal=True, ctrl="ML4", sust="")),
    (r"black hornet", drone(0.033, "Black Hornet operator course")),
    (r"puma", drone(6.3, "Puma UAS operator course")),
    (r"desert hawk", drone(3.7, "Desert Hawk operator course")),
    (r"skywatch", drone(1.8, "Skywatch operator course")),
    (r"flyeye", drone(11, "FlyEye operator course")),
    (r"scan eagle", drone(22, "ScanEagle operator course", sust="spares kit; launcher and recovery system")),
    (r"heavy transport drone", drone(50, "cargo UAS operator course")),
    (r"^drone$", drone(1.5, "", ctrl="9A012", sust="")),                  # commercial-type drones: dual-use
    (r"radars for unmanned aerial system", radar(100, "drones", "")),
    (r"recognition drone|tactical unmanned aerial system|unmanned aerial system|unmanned system",
     drone(10, "tactical UAS operator course")),
    (r"drone camera", A("5855", "drones", False, "ML15", "Serial", "EA", 10)),
    (r"unmanned ground system", A("2355", "drones", False, "ML6", "Serial", "EA", 50, "", "UGV operator course",
                                  "spares kit")),

    # --- armour ----------------------------------------------------------------------------------------------------
    (r"t-72", armoured("2350", 41500, True, "T-72M1 conversion course", "125mm-soviet")),
    (r"pt-91", armoured("2350", 45300, True, "PT-91 conversion course", "125mm-soviet")),
    (r"t-55", armoured("2350", 36000, True, "T-55 conversion course", "100mm-soviet")),
    (r"^bmp-1$|bvp-1", armoured("2350", 13200, True, "BMP-1 refresher course", "73mm-soviet")),
    (r"m80a", armoured("2350", 14000, True, "M-80A conversion course")),
    (r"ypr-765", armoured("2350", 13700, True, "YPR-765 crew course")),
    (r"m577|command post carrier", armoured("2350", 11500, False, "M577 crew course")),
    (r"armored medical treatment", armoured("2350", 11000, False, "", coal="medical")),
    (r"m113|m130 tracks", armoured("2350", 12300, True, "M113 crew course")),
    (r"70mm rocket launcher", armoured("2350", 15000, True, "rocket launcher vehicle crew course")),
    (r"bergepanzer", armoured("2350", 39800, False, "Bergepanzer 2 crew course")),
    (r"biber|vehicle-launched bridge", armoured("2350", 45300, False, "bridge-layer crew course")),
    (r"iveco lav 3", armoured("2355", 7000, True, "")),
    (r"acsv", armoured("2355", 20000, False, "ACSV driver course")),
    (r"bushmaster", armoured("2355", 15400, False, "Bushmaster driver course")),
    (r"kirpi", armoured("2355", 17000, False, "Kirpi driver course")),
    (r"dingo", armoured("2355", 12500, False, "Dingo 2 driver course")),
    (r"maxxpro", armoured("2355", 17000, False, "MaxxPro driver course")),
    (r"mastiff", armoured("2355", 23500, False, "Mastiff driver course")),
    (r"high mobility multipurpose", armoured("2355", 5500, False, "")),
    (r"vamtac", armoured("2355", 6000, False, "")),
    (r"lince", armoured("2355", 6500, False, "")),
    (r"roshel senator", armoured("2355", 8700, False, "")),
    (r"mamba", armoured("2355", 6800, False, "")),
    (r"iveco m 40\.12", armoured("2355", 6000, False, "")),
    (r"rg-31 ambulance", armoured("2355", 8400, False, "", coal="medical")),
    (r"^armored vehicle$", armoured("2355", 8000, False, "")),
    (r"mk44 cannon", A("1005", "armour", True, "ML2", "Serial", "EA", 160, "30mm-nato")),

    # --- anti-armour -----------------------------------------------------------------------------------------------
    (r"javelin command launch unit", A("1440", "armour", True, "ML4", "Serial", "EA", 6.4, "javelin",
                                       "Javelin gunner course", "battery and cooling units")),
    (r"javelin anti-armor systems", A("1425", "armour", True, "ML4", "Serial", "EA", 28.7, "javelin",
                                      "Javelin gunner course", "battery and cooling units")),
    (r"^javelin", missile(22.3, "javelin")),
    (r"including nlaws and javelin", missile(17)),
    (r"nlaw", A("1425", "armour", True, "ML4", "Serial", "EA", 12.5)),
    (r"tow\) missiles", missile(22.6, "tow")),
    (r"^milan$", ad_system(16.4, "milan", "MILAN gunner course", coal="armour")),
    (r"missile for panzerfaust 3|ammunition for panzerfaust 3", A("1340", "armour", True, "ML4", "Lot", "RD", 10,
                                                                     "panzerfaust-3")),
    (r"^panzerfaust 3$", law(13.3, "panzerfaust-3")),
    (r"carl gustav", A("1015", "armour", True, "ML2", "Serial", "EA", 14.2, "84mm-carl-gustaf",
                       "Carl Gustaf gunner course", "first-load 84mm-carl-gustaf ammunition")),
    (r"84 mm ammunition", sa_ammo(3.1, "84mm-carl-gustaf", fsc="1315")),
    (r"recoiless anti-tank gun", A("1015", "armour", True, "ML2", "Serial", "EA", 15)),
    (r"73mm missile", sa_ammo(3.5, "73mm-soviet", fsc="1310")),
    (r"laser-guided rocket system", A("1340", "armour", True, "ML4", "Lot", "RD", 15)),
    (r"anti-tank missile and anti-tank rocket|defensive missile", missile(12)),
    (r"anti-armor system", A("1425", "armour", True, "ML4", "Serial", "EA", 15)),
    (r"anti-armor rounds|ammunition for light anti-armor", A("1340", "armour", True, "ML4", "Lot", "RD", 5)),
    (r"m72", law(3.5)),
    (r"at4", law(6.7)),
    (r"rgw 90", law(8.9)),
    (r"bunkerfaust", law(13)),
    (r"rpg-18", law(2.6)),
    (r"anti-tank weapon|anti-armor weapon|anti-tank granade launcher", law(7)),

    # --- small arms, grenades, small-arms ammunition ---------------------------------------------------------------
    (r"vog-25", sa_ammo(0.25, "40mm-vog-25", fsc="1310")),
    (r"vog-17", A("1010", "armour", True, "ML2", "Serial", "EA", 31, "30mm-vog-17")),
    (r"grenade launcher \(m320", A("1010", "armour", True, "ML1", "Serial", "EA", 1.5, "40mm-grenade")),
    (r"sb-40 lag", A("1010", "armour", True, "ML2", "Serial", "EA", 34, "40mm-hv-grenade")),
    (r"^40mm ammunition$", sa_ammo(0.23, "40mm-grenade", fsc="1310")),
    (r"5\.56 mm, 23 mm", sa_ammo(0.05)),
    (r"hub nb 7,62-59|hub nb 7,62-pz 59|hub nb 7,62-sv 59", sa_ammo(0.022, "7.62x54r")),
    (r"hub nb 7\.62-43|hub nb 7\.62-sv 43", sa_ammo(0.016, "7.62x39mm")),
    (r"hub nb 7\.65-browning", sa_ammo(0.008, "7.65mm-browning")),
    (r"cartridge for rk 62|7\.62mm cartridge", sa_ammo(0.016, "7.62x39mm")),
    (r"ammunition for mg3", sa_ammo(0.025, "7.62mm-nato")),
    (r"ton of rifle", sa_ammo(1000, "", uoi="TN")),
    (r"ammunitions, grenade launchers and mortar|nonstandard ammunition", sa_ammo(1, fsc="1395")),
    (r"^ammunition$", sa_ammo(1, fsc="1395")),
    (r"\bround|bullet|small-calibre ammunition|military ammunition|small arm and ammunition|small arms and ammunition",
     sa_ammo(0.02)),
    (r"hand grenade", A("1330", "armour", True, "ML4", "Lot", "EA", 0.4)),
    (r"claymore", A("1345", "armour", True, "ML4", "Lot", "EA", 1.6)),
    (r"^mine$", A("1345", "armour", True, "ML4", "Lot", "EA", 9)),
    (r"explosive charge", A("1375", "demining", True, "ML4", "Lot", "EA", 5)),
    (r"detonating cord", A("1375", "demining", True, "ML4", "Lot", "M", 0.02)),
    (r"c-4 explosives", A("1375", "demining", True, "ML8", "Lot", "EA", 0.6)),
    (r"demolition munition", A("1375", "demining", True, "ML4", "Lot", "EA", 10)),
    (r"12\.7mm sniper rifle|barrett m82|ag 90", small_arm(14, "12.7mm")),
    (r"large-caliber machine guns", small_arm(38, "12.7mm")),
    (r"dragunov", small_arm(4.3, "7.62x54r")),
    (r"universal machine gun vz", small_arm(8.7, "7.62x54r")),
    (r"vz\.\s?58|ak-47|^rk 62$", small_arm(4.3, "7.62x39mm")),
    (r"vz\.\s?61", small_arm(1.3, "7.65mm-browning")),
    (r"9mm pistol vz\.\s?82", small_arm(0.9, "9x18mm-makarov")),
    (r"scorpion evo", small_arm(2.8, "9mm-nato")),
    (r"m4 carbine|fnc-type|cz 805 bren|fn minimi", small_arm(3.6, "5.56mm-nato")),
    (r"g3 automatic rifle|^mg3$", small_arm(7, "7.62mm-nato")),
    (r"accuracy international", small_arm(7)),
    (r"machine gun", small_arm(12)),
    (r"pistol", small_arm(0.9)),
    (r"shotgun|^rifle$|automatic fire arm|grenade launchers and small arms|lethal weapons", small_arm(3.5)),
    (r"armament \(latvia\)", A("1095", "armour", True, "ML1", "Serial", "EA", 50)),

    # --- artillery support: radars, locating, optics --------------------------------------------------------------
    (r"firefinder", radar(6000, "artillery", "AN/TPQ-36 operator course")),
    (r"counter artillery radar|artillery radar|weapon locating radar|counter battery",
     radar(5000, "artillery", "counter-battery radar operator course")),
    (r"squire", radar(20, "it", "SQUIRE operator course")),
    (r"radar and thermal imagery", radar(200, "it", "")),
    (r"laser rangefinder", A("1240", "artillery", False, "ML5", "Serial", "EA", 1.5)),
    (r"^optics?$", A("1240", "armour", False, "ML5", "Serial", "EA", 0.5)),
    (r"binoculars|field glass", A("1240", "protection", False, "", "Serial", "EA", 1)),
    (r"night vision|night-vision", A("5855", "protection", False, "ML15", "Serial", "EA", 0.5)),
    (r"thermal imagery system|electro-optics-infrared|surveillance equipment", A("5855", "it", False, "ML15",
                                                                                  "Serial", "EA", 3)),
    (r"tactical decoy", A("1080", "armour", False, "ML17", "Lot", "EA", 50)),

    # --- IT: communications, electronic warfare, imagery -----------------------------------------------------------
    (r"secure communications", A("5810", "it", False, "ML11", "Serial", "EA", 50)),
    (r"jamming|frequency scanner", A("5865", "it", False, "ML11", "Serial", "EA", 20)),
    (r"portable radio|radio transmitter", A("5820", "it", False, "ML11", "Serial", "EA", 1.5)),
    (r"high frequency device|radio-frequency system", A("5820", "it", False, "ML11", "Serial", "EA", 50)),
    (r"field cable", A("5995", "it", False, "", "Lot", "RL", 10)),
    (r"field telephone$", A("5805", "it", False, "", "Lot", "EA", 3)),
    (r"long range acoustic", A("5830", "it", False, "", "Serial", "EA", 30)),
    (r"satellit", A("7030", "it", False, "", "None", "EA", 0)),

    # --- demining --------------------------------------------------------------------------------------------------
    (r"metal detector", kit("6665", "demining", 4, track="Serial")),
    (r"detection robots", A("1385", "demining", False, "ML4", "Serial", "EA", 300, "", "mine detection robot course",
                            "spares kit")),
    (r"demining set|demining equipment|mine clearing|explosive ordnance disposal",
     kit("1385", "demining", 50, ctrl="ML4", uoi="KT")),
    (r"off-road vehicle for demining", A("2320", "demining", False, "", "Serial", "EA", 3000)),

    # --- protection ------------------------------------------------------------------------------------------------
    (r"helmet", kit("8470", "protection", 1.5, ctrl="ML13")),
    (r"ballistic vest|body armor", kit("8470", "protection", 10, ctrl="ML13")),
    (r"fragmentation vest", kit("8470", "protection", 5, ctrl="ML13")),
    (r"camouflage vest", kit("8415", "protection", 1)),
    (r"gas mask|protective mask with filter", kit("4240", "protection", 0.8, ctrl="ML7")),
    (r"chemical, biological, radiological", kit("8415", "protection", 3, ctrl="ML7")),
    (r"decontamination", A("4230", "protection", False, "ML7", "Serial", "EA", 2000, "",
                           "decontamination team course", "spares kit")),
    (r"protective gear and equipment", kit("8470", "protection", 8, ctrl="ML13")),
    (r"tactical gloves", kit("8415", "protection", 0.2)),
    (r"shooting glasses", kit("8465", "protection", 0.05)),

    # --- medical ---------------------------------------------------------------------------------------------------
    (r"medical protective mask", kit("6532", "medical", 0.01, uoi="BX")),
    (r"medical evacuation truck", A("2320", "medical", False, "", "Serial", "EA", 9000)),
    (r"ambulance", A("2310", "medical", False, "", "Serial", "EA", 3500)),
    (r"field hospital", A("6530", "medical", False, "", "Serial", "EA", 20000, "", "field hospital set-up course",
                          "consumables resupply")),
    (r"first-aid kit", kit("6545", "medical", 0.5, uoi="KT")),
    (r"wound bandage", kit("6510", "medical", 0.1)),
    (r"auto-injector", kit("6505", "medical", 0.05)),
    (r"medicines", kit("6505", "medical", 10, uoi="BX")),
    (r"stretcher", kit("6530", "medical", 7, track="None")),
    (r"hospital bed", kit("6530", "medical", 70, track="None")),
    (r"fridge for hospital", A("4110", "medical", False, "", "Serial", "EA", 80)),
    (r"op-light", A("6530", "medical", False, "", "Serial", "EA", 40)),
    (r"palett material for hospitals", kit("6515", "medical", 400)),
    (r"medical equipment", A("6515", "medical", False, "", "Serial", "EA", 20)),
    (r"medical supplies|hospital material", kit("6515", "medical", 15, uoi="BX")),

    # --- energy ----------------------------------------------------------------------------------------------------
    (r"power generator", A("6115", "energy", False, "", "Serial", "EA", 300)),

    # --- sustainment: fuel, rations, clothing, vehicles, general ---------------------------------------------------
    (r"ton of diesel", A("9140", "sustainment", False, "", "None", "TN", 1000)),
    (r"liter of diesel", A("9140", "sustainment", False, "", "None", "LT", 0.84)),
    (r"diesel and fuel|liter of fuel", A("9130", "sustainment", False, "", "None", "LT", 0.8)),
    (r"ton of fuel", A("9130", "sustainment", False, "", "None", "TN", 1000)),
    (r"adblue", A("6850", "sustainment", False, "", "None", "TN", 1000)),
    (r"\bration|meal pack|^mre$", kit("8970", "sustainment", 0.8)),
    (r"cold-weather field uniforms|^clothes$", kit("8405", "protection", 3)),
    (r"cold weather gear|thermal clothing|winter clothing", kit("8415", "protection", 4)),
    (r"palett clothig", kit("8405", "protection", 400)),
    (r"sleeping bag|sleeping mat", kit("8465", "sustainment", 2)),
    (r"military tent", kit("8340", "sustainment", 200)),
    (r"hygiene kit", kit("8530", "sustainment", 1, uoi="KT")),
    (r"lighter", kit("9920", "sustainment", 0.02, track="None")),
    (r"field equipment", kit("8465", "sustainment", 5)),
    (r"tactical vehicle", A("2320", "sustainment", False, "ML6", "Serial", "EA", 3500)),
    (r"m1070|tractor for semitrailer", A("2320", "sustainment", False, "", "Serial", "EA", 19000)),
    (r"military trucks|^lorry$|^truck$|towing vehicle", A("2320", "sustainment", False, "", "Serial", "EA", 10000)),
    (r"semitrailer|^trailer$", A("2330", "sustainment", False, "", "Serial", "EA", 6000)),
    (r"pick-up|^vehicle$", A("2320", "sustainment", False, "", "Serial", "EA", 2500)),
    (r"jeep wrangler", A("2310", "sustainment", False, "", "Serial", "EA", 2000)),
    (r"forklift", A("3930", "sustainment", False, "", "Serial", "EA", 4000)),
    (r"fire-engine", A("4210", "sustainment", False, "", "Serial", "EA", 14000)),
    (r"spare part", A("9999", "sustainment", False, "", "Lot", "KT", 50)),
    (r"palett material|other military equipment", A("9999", "sustainment", False, "", "Lot", "EA", 400)),
]

# Fallback by the Kiel `Type of item` when no rule matches (reported on stderr; the 2022 data needs none).
FALLBACK = {
    "heavy weapon": A("1095", "armour", True, "ML2", "Serial", "EA", 10000),
    "ammunition for heavy weapon": A("1395", "artillery", True, "ML3", "Lot", "RD", 40),
    "ammunition for light infantry": A("1305", "armour", True, "ML3", "Lot", "RD", 0.02),
    "ammunition for portable defence system": A("1410", "armour", True, "ML4", "Serial", "RD", 15),
    "portable defence system": A("1055", "armour", True, "ML2", "Serial", "EA", 10),
    "light armaments & infantry": A("1005", "armour", True, "ML1", "Serial", "EA", 4),
    "aviation and drones": A("1550", "drones", False, "ML10", "Serial", "EA", 10),
    "military equipment": A("9999", "sustainment", False, "", "Lot", "EA", 10),
    "humanitarian": A("9999", "sustainment", False, "", "Lot", "EA", 10),
}


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:80].rstrip("-")


def classify(item: str, type_of_item: str) -> tuple[dict, bool]:
    text = item.replace("\xa0", " ").lower()
    for pattern, attrs in RULES:
        if re.search(pattern, text):
            return attrs, True
    return FALLBACK.get(type_of_item.strip().lower(), FALLBACK["military equipment"]), False


# ---------------------------------------------------------------------------------------------------------------
# Requirements (ILLUSTRATIVE): period 2022-10, ranked. (item code, quantity, needed by, destination,
# substitutes [(code, factor)], note). Quantities are sized against what the Kiel data shows donors offered;
# the lines noted "more than offered" ask for more than all offers of that item and its substitutes together.
# ---------------------------------------------------------------------------------------------------------------

REQUIREMENTS = [
    ("national-advanced-surface-to-air-missile-system-nasams", 10, "2022-11-30", "Kyiv", [], "more than offered: protect energy infrastructure against missile and drone strikes"),
    ("iris-t-slm", 4, "2022-11-15", "Odesa", [], "air defence for the southern ports"),
    ("munitions-for-nasams", 200, "2022-12-15", "Kyiv", [], "interceptors"),
    ("155mm-artillery-round", 150000, "2022-11-15", "Dnipro",
     [("round-of-ammunition-for-155mm-howitzer", 1), ("round-of-ammunition-for-m777-howitzer", 1)],
     "about a month of 155 mm fire"),
    ("m777-howitzer", 24, "2022-12-01", "Zaporizhzhia", [("panzerhaubitze-2000", 1), ("caesar-artillery-howitzer", 1),
                                                         ("m109-a3gm-155mm-howitzer", 1)], "replace combat losses"),
    ("gepard-rapid-fire-armored-vehicle", 15, "2022-12-15", "Kharkiv", [], "counter-drone point defence"),
    ("gepard-ammunition-round", 120000, "2022-11-30", "Kharkiv", [], "more than offered: 35 mm for Gepard"),
    ("stinger-missile", 1500, "2022-11-15", "Kyiv", [], "more than offered: reloads for Stinger against drones and cruise missiles"),
    ("counter-unmanned-aerial-system", 40, "2022-11-30", "Kyiv", [], "C-UAS for cities"),
    ("152-mm-round-for-2a65-msta", 40000, "2022-11-30", "Kharkiv",
     [("152-mm-round-for-2a36-giatsint", 1), ("152-mm-round-for-d-20-cannon", 1)],
     "Soviet-calibre guns: 155 mm shells cannot meet this"),
    ("ammunition-for-himars", 600, "2022-12-15", "Dnipro", [("guided-multiple-launch-rocket-system-round", 1),
                                                            ("m31a1-munition", 1)], "GMLRS"),
    ("himars-142-multiple-rocket-launcher", 8, "2023-01-31", "Dnipro", [("m270-weapon-system", 1)], ""),
    ("power-generator", 3000, "2022-11-30", "Kyiv", [], "more than offered: winter energy resilience; non-lethal"),
    ("hughes-an-tpq-36-firefinder-weapon-locating-system", 10, "2022-12-15", "Zaporizhzhia",
     [("counter-artillery-radar", 1)], "counter-battery"),
    ("panzerhaubitze-2000", 6, "2023-01-31", "Zaporizhzhia", [], ""),
    ("grad-multiple-rocket-launcher-rocket", 5000, "2022-12-15", "Kharkiv",
     [("bm-21-grad-rocket", 1), ("missile-for-czech-made-rm-70-multiple-rocket-launcher", 1)],
     "more than offered: 122 mm rockets for BM-21 and RM-70"),
    ("m119-105mm-howitzer", 20, "2023-01-31", "Dnipro", [("105mm-howitzer", 1), ("m101-105mm-howitzer", 1)], ""),
    ("122-mm-round-for-2s1-gvozdika", 20000, "2022-12-15", "Kharkiv", [], "for 2S1 and D-30"),
    ("cold-weather-field-uniforms", 200000, "2022-11-15", "Kharkiv",
     [("cold-weather-gear", 1), ("winter-clothing", 1), ("thermal-clothing", 0.5)], "more than offered: winter; non-lethal"),
    ("sleeping-bag", 100000, "2022-11-15", "Lviv", [], "more than offered: winter; non-lethal"),
    ("ballistic-vest", 50000, "2022-11-30", "Lviv", [("body-armor", 1), ("fragmentation-vest", 0.5)],
     "non-lethal"),
    ("helmet", 60000, "2022-11-30", "Lviv", [("helmet-austria", 1)], "non-lethal"),
    ("modified-t-72-tank-t-72a-t-72m1-m1r", 60, "2023-02-28", "Zaporizhzhia", [("pt-91-twardy", 1)],
     "needs crews, spares and first-load 125 mm"),
    ("125-mm-he-ammunition-for-t-72", 15000, "2023-02-28", "Zaporizhzhia", [], "first-load for T-72"),
    ("bmp-1", 100, "2023-01-31", "Zaporizhzhia", [("bvp-1-infantry-fighting-vehicle", 1)], ""),
    ("m113-armored-personnel-carrier", 150, "2023-01-31", "Dnipro", [], ""),
    ("maxxpro-mine-resistant-ambush-protected-vehicles", 100, "2023-01-31", "Kharkiv",
     [("bushmaster-protected-mobility-vehicles", 1), ("mastiff-6x6-wolfhound-and-husky-armoured-vehicle", 1)],
     "protected mobility"),
    ("javelin-anti-tank-missile", 2000, "2022-12-31", "Kharkiv", [("javelin", 1)], ""),
    ("nlaw-anti-tank-weapon", 3000, "2022-12-31", "Kharkiv", [], ""),
    ("120mm-mortar-ammunition", 50000, "2022-12-15", "Kharkiv", [], ""),
    ("105mm-artillery-round", 40000, "2022-12-31", "Dnipro", [("105mm-light-field-gun-ammunition", 1)],
     "for M119 and L119"),
    ("round-of-ammunition-for-mg3", 5000000, "2022-12-31", "Lviv", [], "7.62 mm NATO"),
    ("hub-nb-7-62-43", 3000000, "2022-12-31", "Lviv", [("cartridge-for-rk-62", 1), ("7-62mm-cartridge", 1)],
     "7.62x39 for AK-type rifles"),
    ("hand-grenade", 50000, "2022-12-31", "Kharkiv", [], ""),
    ("laser-rangefinder", 1000, "2022-12-31", "Kharkiv", [("laser-rangefinders", 1)], "non-lethal optics"),
    ("anti-drone-weapon", 100, "2022-12-15", "Kyiv", [("electric-anti-drone-weapon", 1), ("anti-drone-cannon", 1)],
     "handheld drone jammers; non-lethal"),
    ("tactical-vehicle", 150, "2023-01-31", "Dnipro", [], ""),
    ("night-vision-device", 5000, "2022-12-15", "Kharkiv", [("night-vision-goggles", 1)], "long winter nights"),
    ("first-aid-kit", 150000, "2022-11-30", "Lviv", [], "non-lethal"),
    ("medical-supplies", 2000, "2022-11-30", "Lviv", [("medical-supplies-and-other-equipment", 1)], "non-lethal"),
    ("field-hospital", 4, "2022-12-31", "Dnipro", [], "non-lethal"),
    ("armored-medical-treatment-vehicles", 60, "2023-01-31", "Dnipro", [], ""),
    ("food-ration-m", 600000, "2022-11-30", "Lviv", [("combat-ration-package", 1), ("individual-meal-pack", 1),
                                                      ("mre", 1), ("field-ration", 1)], "non-lethal"),
    ("chemical-biological-radiological-nuclear-protective-equipment", 20000, "2022-12-15", "Zaporizhzhia",
     [("protective-mask-with-filter", 0.5)], "near the nuclear plant; non-lethal"),
    ("puma-unmanned-aerial-system", 50, "2022-12-15", "Kharkiv", [("skywatch-drone", 1), ("flyeye-drone", 1)],
     "reconnaissance"),
    ("drone", 500, "2022-12-15", "Kharkiv", [], "commercial-type drones; non-lethal"),
    ("switchblade-tactical-unmanned-aerial-system", 600, "2022-12-31", "Kharkiv", [("phoenix-ghost-tactical-unmanned-aerial-system", 1)],
     ""),
    ("liter-of-diesel-m", 5000000, "2022-11-30", "Lviv", [("diesel-and-fuel", 1)], "more than offered: winter stocks"),
    ("military-trucks", 200, "2023-01-31", "Lviv", [("lorry", 1), ("truck", 1)], "more than offered: logistics lift"),
    ("portable-radio", 3000, "2022-12-31", "Kyiv", [("radio-transmitter", 1)], ""),
    ("demining-set", 50, "2023-03-31", "Kharkiv", [("demining-equipment", 1), ("mine-clearing-equipment", 1)],
     "liberated areas; non-lethal"),
    ("metal-detector", 500, "2023-03-31", "Kharkiv", [], "more than offered: liberated areas; non-lethal"),
    ("harpoon-coastal-defense-missile-system", 2, "2023-03-31", "Odesa", [], ""),
    ("coastal-and-riverine-patrol-boat", 20, "2023-04-30", "Odesa", [("mark-vi-patrol-boat", 1)], ""),
    ("vehicle-decontamination-point", 10, "2023-06-30", "Zaporizhzhia", [], "non-lethal"),
]

HUBS = [
    ("RZE", "Rzeszów logistics hub", "POL", 6000, 1, 1),
    ("ROU", "Romania logistics node", "ROU", 2500, 2, 1),
]


# ---------------------------------------------------------------------------------------------------------------

def parse_units(raw: str) -> int | None:
    """Kiel 'No. of Units': digits, 'undisclosed', '.', or oddities like '15.000.00' (= 15,000)."""
    s = raw.strip().lower()
    if re.fullmatch(r"\d+", s):
        return int(s)
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+)\.00", s)
    if m:
        return int(m.group(1).replace(".", ""))
    return None


def fmt_kg(value) -> str:
    d = Decimal(str(value)).normalize()
    return format(d, "f")


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")           # RFC 4180
        w.writerow(header)
        w.writerows(rows)


def main() -> int:
    active_fsc = {r["fsc"] for r in csv.DictReader(FSC.open(encoding="utf-8"))}
    ml_codes = {r["ml_code"] for r in csv.DictReader(WASSENAAR.open(encoding="utf-8"))}
    rows = list(csv.DictReader(KIEL.open(encoding="utf-8")))

    # ---- nations ----
    donors = sorted({r["countries"] for r in rows})
    assert len(donors) == 43, f"expected 43 Kiel donors, found {len(donors)}"
    missing = [d for d in donors if d not in KIEL_DONOR_CODES]
    assert not missing, f"Kiel donors without a code: {missing}"
    assert len(NATO) == 32 and len(set(NATO)) == 32
    codes = list(OrderedDict.fromkeys(NATO + sorted(set(KIEL_DONOR_CODES.values()) - set(NATO)) + ["UKR"]))
    nation_rows = []
    for c in codes:
        status = "Recipient" if c == "UKR" else "Member" if c in NATO else "Partner"
        assert re.fullmatch(r"[A-Z]{3}", c) and c in NAMES
        nation_rows.append([c, NAMES[c], status, "true" if c in NON_LETHAL_ONLY else "false",
                            FORBIDDEN.get(c, ""), LICENCE_REQUIRED.get(c, "")])
    assert set(KIEL_DONOR_CODES.values()) <= set(codes)

    # ---- catalogue ----
    military = [r for r in rows if r["Type of Aid General"].strip() == "Military" and r["Item"].strip() != "."]
    items: OrderedDict[str, dict] = OrderedDict()
    offered: dict[str, int] = defaultdict(int)      # code -> sum of disclosed units announced
    offered_by: dict[str, set] = defaultdict(set)
    unmatched = []
    for r in military:
        code = slug(r["Item"])
        assert code, f"empty slug for {r['Item']!r}"
        if code not in items:
            attrs, ok = classify(r["Item"], r["Type of item"])
            if not ok:
                unmatched.append(r["Item"])
            items[code] = dict(code=code, name=r["Item"].strip(), **attrs)
        n = parse_units(r["No. of Units"])
        if n:
            offered[code] += n
        offered_by[code].add(KIEL_DONOR_CODES[r["countries"]])
    for u in unmatched:
        print(f"warning: no rule for {u!r}; classified by its Kiel type", file=sys.stderr)

    header = ["code", "name", "nsn", "supply_class", "coalition", "is_lethal", "control_entry", "compatibility_family",
              "tracking", "unit_of_issue", "unit_weight_kg", "training_course"]
    cat_rows = []
    for it in items.values():
        assert it["supply_class"] in active_fsc, f"{it['code']}: supply class {it['supply_class']} is not active"
        assert it["coalition"] in COALITIONS, f"{it['code']}: coalition {it['coalition']}"
        ce = it["control_entry"]
        assert ce == "" or ce in ml_codes or re.fullmatch(r"[0-9][A-E]\d{3}", ce), f"{it['code']}: control {ce}"
        assert it["tracking"] in ("Serial", "Lot", "None")
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", it["code"]) and len(it["code"]) <= 80
        assert len(it["name"]) <= 200
        if it["lethal"]:
            assert ce.startswith("ML"), f"{it['code']}: lethal but not on the Munitions List"
        cat_rows.append([it["code"], it["name"], "", it["supply_class"], it["coalition"],
                         "true" if it["lethal"] else "false", ce, it["compatibility_family"], it["tracking"],
                         it["unit_of_issue"], fmt_kg(it["unit_weight_kg"]),
                         slug(it["training_course"]) if it["training_course"] else ""])
    assert len({r[0] for r in cat_rows}) == len(cat_rows)

    # ---- requirements ----
    req_rows = []
    for rank, (code, qty, needed_by, dest, subs, note) in enumerate(REQUIREMENTS, start=1):
        assert code in items, f"requirement item {code} is not in the catalogue"
        d = date.fromisoformat(needed_by)
        assert date(2022, 10, 15) <= d <= date(2023, 6, 30), f"{code}: needed_by {needed_by}"
        fam = items[code]["compatibility_family"]
        for s, factor in subs:
            assert s in items, f"substitute {s} of {code} is not in the catalogue"
            assert s != code
            assert items[s]["compatibility_family"] == fam, \
                f"substitute {s} ({items[s]['compatibility_family']}) of {code} ({fam}) is another family"
            assert 0 < factor <= 1
        if note.startswith("more than offered"):
            available = offered[code] + sum(offered[s] * f for s, f in subs)
            if "--offers" not in sys.argv:
                assert qty > available, f"{code}: marked SHORT but {available} disclosed units were offered"
        sub_text = ";".join(f"{s}:{fmt_kg(f)}" for s, f in subs)
        req_rows.append(["2022-10", rank, code, qty, needed_by, dest, sub_text, note])
    assert 40 <= len(req_rows) <= 60
    assert len({r[2] for r in req_rows}) == len(req_rows), "one line per item"
    # hard case 1: no 155 mm item may stand in for a 152 mm Soviet-calibre need
    for r in req_rows:
        if items[r[2]]["compatibility_family"] == "152mm-soviet":
            assert all(items[s.split(":")[0]]["compatibility_family"] == "152mm-soviet"
                       for s in r[6].split(";") if s)
    # some needs a non-lethal-only donor can meet
    assert sum(1 for r in req_rows if not items[r[2]]["lethal"]) >= 10

    # ---- hubs ----
    for h in HUBS:
        assert h[2] in codes and 1 <= h[4] <= 2 and 1 <= h[5] <= 2

    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "nations.csv", ["code", "name", "status", "non_lethal_only", "forbidden_categories",
                                    "licence_required_categories"], nation_rows)
    write_csv(OUT / "catalogue.csv", header, cat_rows)
    write_csv(OUT / "requirements.csv", ["period", "priority_rank", "item", "quantity", "needed_by", "destination",
                                         "substitutes", "note"], req_rows)
    write_csv(OUT / "hubs.csv", ["code", "name", "nation", "weekly_capacity_tonnes", "inbound_weeks",
                                 "outbound_weeks"], [list(h) for h in HUBS])

    # ---- training (illustrative): the catalogue's course texts become course records, its sustainment texts
    # structured needs; sites and cohorts are hand-curated tables (training.py).
    import training  # noqa: E402  (next to this script)
    req_ranks = {r[2]: r[1] for r in req_rows}
    course_rows, sustainment_rows, site_rows, cohort_rows = training.tables(items, req_ranks, slug)
    write_csv(OUT / "courses.csv", ["code", "name", "length_weeks", "crew_size", "seats_per_cohort", "language",
                                    "language_level", "prerequisites"], course_rows)
    write_csv(OUT / "sustainment.csv", ["system", "kind", "item", "quantity_per_unit"], sustainment_rows)
    write_csv(OUT / "sites.csv", ["code", "name", "host_nation", "seats_per_cohort", "courses", "cadence_weeks",
                                  "cadence_from_offset_weeks", "blackout_offset_weeks"], site_rows)
    write_csv(OUT / "cohorts.csv", ["course", "site", "start_offset_weeks", "trainees", "receiving_unit",
                                    "requirement_rank", "state", "passed"], cohort_rows)
    print(f"courses: {len(course_rows)}  sustainment needs: {len(sustainment_rows)}  sites: {len(site_rows)}  "
          f"cohorts: {len(cohort_rows)}")

    print(f"nations: {len(nation_rows)}  catalogue: {len(cat_rows)} (from {len(military)} military Kiel lines)  "
          f"requirements: {len(req_rows)}  hubs: {len(HUBS)}")
    if "--offers" in sys.argv:
        for r in req_rows:
            subs = [s.split(":")[0] for s in r[6].split(";") if s]
            print(f"{r[1]:>3} {r[2][:50]:<50} need {r[3]:>9}  offered {offered[r[2]]:>9} "
                  f"(+subs {sum(offered[s] for s in subs)})  by {','.join(sorted(offered_by[r[2]]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
