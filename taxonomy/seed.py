"""Reference data loaded by the taxonomy data migration (and re-applied by `seed_taxonomy`).

Sources: Statistics Finland's region codes and TOL 2008 classification (sections and
divisions), the EU's TRL scale, and the regions' published smart-specialisation programmes.
"""

from __future__ import annotations

from typing import Any

REGIONS = [
    ("01", "Uusimaa", "Uusimaa", "Nyland"),
    ("02", "Varsinais-Suomi", "Southwest Finland", "Egentliga Finland"),
    ("04", "Satakunta", "Satakunta", "Satakunta"),
    ("05", "Kanta-Häme", "Kanta-Häme", "Egentliga Tavastland"),
    ("06", "Pirkanmaa", "Pirkanmaa", "Birkaland"),
    ("07", "Päijät-Häme", "Päijät-Häme", "Päijänne-Tavastland"),
    ("08", "Kymenlaakso", "Kymenlaakso", "Kymmenedalen"),
    ("09", "Etelä-Karjala", "South Karelia", "Södra Karelen"),
    ("10", "Etelä-Savo", "South Savo", "Södra Savolax"),
    ("11", "Pohjois-Savo", "North Savo", "Norra Savolax"),
    ("12", "Pohjois-Karjala", "North Karelia", "Norra Karelen"),
    ("13", "Keski-Suomi", "Central Finland", "Mellersta Finland"),
    ("14", "Etelä-Pohjanmaa", "South Ostrobothnia", "Södra Österbotten"),
    ("15", "Pohjanmaa", "Ostrobothnia", "Österbotten"),
    ("16", "Keski-Pohjanmaa", "Central Ostrobothnia", "Mellersta Österbotten"),
    ("17", "Pohjois-Pohjanmaa", "North Ostrobothnia", "Norra Österbotten"),
    ("18", "Kainuu", "Kainuu", "Kajanaland"),
    ("19", "Lappi", "Lapland", "Lappland"),
    ("21", "Ahvenanmaa", "Åland", "Åland"),
]

# Every municipality of the two pilot regions; elsewhere the regional centres. The admin adds more.
MUNICIPALITIES: dict[str, list[tuple[str, str]]] = {
    "19": [
        ("Enontekiö", "Enontekis"),
        ("Inari", "Enare"),
        ("Kemi", ""),
        ("Kemijärvi", ""),
        ("Keminmaa", ""),
        ("Kittilä", ""),
        ("Kolari", ""),
        ("Muonio", ""),
        ("Pelkosenniemi", ""),
        ("Pello", ""),
        ("Posio", ""),
        ("Ranua", ""),
        ("Rovaniemi", ""),
        ("Salla", ""),
        ("Savukoski", ""),
        ("Simo", ""),
        ("Sodankylä", ""),
        ("Tervola", ""),
        ("Tornio", "Torneå"),
        ("Utsjoki", "Utsjok"),
        ("Ylitornio", "Övertorneå"),
    ],
    "07": [
        ("Asikkala", ""),
        ("Hartola", "Gustav Adolfs"),
        ("Heinola", ""),
        ("Hollola", ""),
        ("Iitti", "Itis"),
        ("Kärkölä", ""),
        ("Lahti", "Lahtis"),
        ("Orimattila", ""),
        ("Padasjoki", ""),
        ("Sysmä", ""),
    ],
    "01": [("Helsinki", "Helsingfors"), ("Espoo", "Esbo"), ("Vantaa", "Vanda")],
    "02": [("Turku", "Åbo"), ("Salo", "")],
    "04": [("Pori", "Björneborg"), ("Rauma", "Raumo")],
    "05": [("Hämeenlinna", "Tavastehus"), ("Riihimäki", "")],
    "06": [("Tampere", "Tammerfors"), ("Nokia", "")],
    "08": [("Kotka", ""), ("Kouvola", "")],
    "09": [("Lappeenranta", "Villmanstrand"), ("Imatra", "")],
    "10": [("Mikkeli", "S:t Michel"), ("Savonlinna", "Nyslott")],
    "11": [("Kuopio", ""), ("Iisalmi", "Idensalmi")],
    "12": [("Joensuu", ""), ("Lieksa", "")],
    "13": [("Jyväskylä", ""), ("Äänekoski", "")],
    "14": [("Seinäjoki", ""), ("Lapua", "Lappo")],
    "15": [("Vaasa", "Vasa"), ("Mustasaari", "Korsholm")],
    "16": [("Kokkola", "Karleby"), ("Kannus", "")],
    "17": [("Oulu", "Uleåborg"), ("Raahe", "Brahestad")],
    "18": [("Kajaani", "Kajana"), ("Sotkamo", "")],
    "21": [("Maarianhamina", "Mariehamn")],
}

PRIORITY_AREAS: list[dict[str, Any]] = [
    {
        "region": "19",
        "slug": "circular-economy-arctic-industry",
        "fi": "Kiertotalous ja arktinen teollisuus",
        "en": "Circular economy and arctic industry",
        "sv": "Cirkulär ekonomi och arktisk industri",
    },
    {
        "region": "19",
        "slug": "sustainable-tourism",
        "fi": "Kestävä matkailu",
        "en": "Sustainable tourism",
        "sv": "Hållbar turism",
    },
    {
        "region": "19",
        "slug": "higher-refining-natural-resources",
        "fi": "Luonnonvarojen korkeampi jalostusaste",
        "en": "Higher refining of natural resources",
        "sv": "Högre förädlingsgrad av naturresurser",
    },
    {
        "region": "19",
        "slug": "new-emerging-sectors",
        "fi": "Uudet nousevat alat",
        "en": "New emerging sectors",
        "sv": "Nya framväxande branscher",
    },
    {
        "region": "07",
        "slug": "circular-economy",
        "fi": "Kiertotalous",
        "en": "Circular economy",
        "sv": "Cirkulär ekonomi",
    },
    {"region": "07", "slug": "design", "fi": "Muotoilu", "en": "Design", "sv": "Design"},
]

SERVICE_TYPES = [
    ("testing-analysis", "Testaus ja analyysit", "Testing and analysis", "Testning och analys"),
    ("contract-research", "Tilaustutkimus", "Contract research", "Uppdragsforskning"),
    (
        "expertise-consulting",
        "Asiantuntijapalvelut ja konsultointi",
        "Expertise and consulting",
        "Expertis och rådgivning",
    ),
    (
        "equipment-access",
        "Laitteiden ja infrastruktuurin käyttö",
        "Equipment and infrastructure access",
        "Tillgång till utrustning och infrastruktur",
    ),
    (
        "piloting-test-environments",
        "Pilotointi ja testiympäristöt",
        "Piloting and test environments",
        "Pilotering och testmiljöer",
    ),
    ("training", "Koulutus", "Training", "Utbildning"),
    (
        "student-projects",
        "Opiskelija- ja opinnäytetyöprojektit",
        "Student and thesis projects",
        "Student- och examensarbetsprojekt",
    ),
    (
        "funding-eu-advisory",
        "Rahoitus- ja EU-neuvonta",
        "Funding and EU advisory",
        "Finansierings- och EU-rådgivning",
    ),
]

NEED_CATEGORIES = [
    ("testing", "Testaus ja mittaukset", "Testing and measurement", "Testning och mätning"),
    (
        "product-development",
        "Tuote- ja palvelukehitys",
        "Product and service development",
        "Produkt- och tjänsteutveckling",
    ),
    ("research", "Tutkimus ja selvitykset", "Research and studies", "Forskning och utredningar"),
    (
        "piloting",
        "Pilotointi ja demonstrointi",
        "Piloting and demonstration",
        "Pilotering och demonstration",
    ),
    ("funding", "Rahoitus", "Funding", "Finansiering"),
    ("expertise", "Asiantuntemus ja osaaminen", "Expertise and know-how", "Expertis och kunnande"),
    (
        "training",
        "Koulutus ja osaamisen kehittäminen",
        "Training and competence building",
        "Utbildning och kompetensutveckling",
    ),
]

TRL_LEVELS = [
    (
        1,
        "Perusperiaatteet havaittu",
        "Basic principles observed",
        "Grundläggande principer observerade",
    ),
    (
        2,
        "Teknologiakonsepti muotoiltu",
        "Technology concept formulated",
        "Teknikkoncept formulerat",
    ),
    (
        3,
        "Konseptin kokeellinen todentaminen",
        "Experimental proof of concept",
        "Experimentellt konceptbevis",
    ),
    (
        4,
        "Teknologia validoitu laboratoriossa",
        "Technology validated in lab",
        "Teknik validerad i labb",
    ),
    (
        5,
        "Teknologia validoitu relevantissa ympäristössä",
        "Technology validated in relevant environment",
        "Teknik validerad i relevant miljö",
    ),
    (
        6,
        "Teknologia demonstroitu relevantissa ympäristössä",
        "Technology demonstrated in relevant environment",
        "Teknik demonstrerad i relevant miljö",
    ),
    (
        7,
        "Prototyypin demonstrointi käyttöympäristössä",
        "System prototype demonstration in operational environment",
        "Prototyp demonstrerad i driftsmiljö",
    ),
    (
        8,
        "Järjestelmä valmis ja hyväksytty",
        "System complete and qualified",
        "System färdigt och kvalificerat",
    ),
    (
        9,
        "Järjestelmä todennettu käyttöympäristössä",
        "Actual system proven in operational environment",
        "System beprövat i driftsmiljö",
    ),
]

# TOL 2008 sections: (code, Finnish, English, first division, last division).
INDUSTRY_SECTIONS = [
    ("A", "Maatalous, metsätalous ja kalatalous", "Agriculture, forestry and fishing", 1, 3),
    ("B", "Kaivostoiminta ja louhinta", "Mining and quarrying", 5, 9),
    ("C", "Teollisuus", "Manufacturing", 10, 33),
    (
        "D",
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
        35,
        35,
    ),
    (
        "E",
        "Vesihuolto, viemäri- ja jätevesihuolto, jätehuolto ja muu ympäristön puhtaanapito",
        "Water supply; sewerage, waste management and remediation",
        36,
        39,
    ),
    ("F", "Rakentaminen", "Construction", 41, 43),
    (
        "G",
        "Tukku- ja vähittäiskauppa; moottoriajoneuvojen ja moottoripyörien korjaus",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
        45,
        47,
    ),
    ("H", "Kuljetus ja varastointi", "Transportation and storage", 49, 53),
    ("I", "Majoitus- ja ravitsemistoiminta", "Accommodation and food service activities", 55, 56),
    ("J", "Informaatio ja viestintä", "Information and communication", 58, 63),
    ("K", "Rahoitus- ja vakuutustoiminta", "Financial and insurance activities", 64, 66),
    ("L", "Kiinteistöalan toiminta", "Real estate activities", 68, 68),
    (
        "M",
        "Ammatillinen, tieteellinen ja tekninen toiminta",
        "Professional, scientific and technical activities",
        69,
        75,
    ),
    (
        "N",
        "Hallinto- ja tukipalvelutoiminta",
        "Administrative and support service activities",
        77,
        82,
    ),
    (
        "O",
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
        84,
        84,
    ),
    ("P", "Koulutus", "Education", 85, 85),
    ("Q", "Terveys- ja sosiaalipalvelut", "Human health and social work activities", 86, 88),
    ("R", "Taiteet, viihde ja virkistys", "Arts, entertainment and recreation", 90, 93),
    ("S", "Muu palvelutoiminta", "Other service activities", 94, 96),
    ("T", "Kotitalouksien toiminta työnantajina", "Activities of households as employers", 97, 98),
    (
        "U",
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
        99,
        99,
    ),
]

INDUSTRY_DIVISIONS = [
    ("01", "Kasvinviljely ja kotieläintalous", "Crop and animal production"),
    ("02", "Metsätalous ja puunkorjuu", "Forestry and logging"),
    ("03", "Kalastus ja vesiviljely", "Fishing and aquaculture"),
    ("05", "Kivihiilen ja ruskohiilen kaivu", "Mining of coal and lignite"),
    ("06", "Raakaöljyn ja maakaasun tuotanto", "Extraction of crude petroleum and natural gas"),
    ("07", "Metallimalmien louhinta", "Mining of metal ores"),
    ("08", "Muu kaivostoiminta ja louhinta", "Other mining and quarrying"),
    ("09", "Kaivostoimintaa palveleva toiminta", "Mining support service activities"),
    ("10", "Elintarvikkeiden valmistus", "Manufacture of food products"),
    ("11", "Juomien valmistus", "Manufacture of beverages"),
    ("12", "Tupakkatuotteiden valmistus", "Manufacture of tobacco products"),
    ("13", "Tekstiilien valmistus", "Manufacture of textiles"),
    ("14", "Vaatteiden valmistus", "Manufacture of wearing apparel"),
    ("15", "Nahan ja nahkatuotteiden valmistus", "Manufacture of leather and related products"),
    (
        "16",
        "Sahatavaran sekä puu- ja korkkituotteiden valmistus",
        "Manufacture of wood and of products of wood and cork",
    ),
    (
        "17",
        "Paperin, paperi- ja kartonkituotteiden valmistus",
        "Manufacture of paper and paper products",
    ),
    (
        "18",
        "Painaminen ja tallenteiden jäljentäminen",
        "Printing and reproduction of recorded media",
    ),
    (
        "19",
        "Koksin ja jalostettujen öljytuotteiden valmistus",
        "Manufacture of coke and refined petroleum products",
    ),
    (
        "20",
        "Kemikaalien ja kemiallisten tuotteiden valmistus",
        "Manufacture of chemicals and chemical products",
    ),
    (
        "21",
        "Lääkeaineiden ja lääkkeiden valmistus",
        "Manufacture of basic pharmaceutical products and preparations",
    ),
    ("22", "Kumi- ja muovituotteiden valmistus", "Manufacture of rubber and plastic products"),
    (
        "23",
        "Muiden ei-metallisten mineraalituotteiden valmistus",
        "Manufacture of other non-metallic mineral products",
    ),
    ("24", "Metallien jalostus", "Manufacture of basic metals"),
    (
        "25",
        "Metallituotteiden valmistus (paitsi koneet ja laitteet)",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    (
        "26",
        "Tietokoneiden sekä elektronisten ja optisten tuotteiden valmistus",
        "Manufacture of computer, electronic and optical products",
    ),
    ("27", "Sähkölaitteiden valmistus", "Manufacture of electrical equipment"),
    (
        "28",
        "Muiden koneiden ja laitteiden valmistus",
        "Manufacture of machinery and equipment n.e.c.",
    ),
    (
        "29",
        "Moottoriajoneuvojen, perävaunujen ja puoliperävaunujen valmistus",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    ("30", "Muiden kulkuneuvojen valmistus", "Manufacture of other transport equipment"),
    ("31", "Huonekalujen valmistus", "Manufacture of furniture"),
    ("32", "Muu valmistus", "Other manufacturing"),
    (
        "33",
        "Koneiden ja laitteiden korjaus, huolto ja asennus",
        "Repair and installation of machinery and equipment",
    ),
    (
        "35",
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    ("36", "Veden otto, puhdistus ja jakelu", "Water collection, treatment and supply"),
    ("37", "Viemäri- ja jätevesihuolto", "Sewerage"),
    (
        "38",
        "Jätteen keruu, käsittely ja loppusijoitus; materiaalien kierrätys",
        "Waste collection, treatment and disposal activities; materials recovery",
    ),
    (
        "39",
        "Maaperän ja vesistöjen kunnostus ja muut ympäristönhuoltopalvelut",
        "Remediation activities and other waste management services",
    ),
    ("41", "Talonrakentaminen", "Construction of buildings"),
    ("42", "Maa- ja vesirakentaminen", "Civil engineering"),
    ("43", "Erikoistunut rakennustoiminta", "Specialised construction activities"),
    (
        "45",
        "Moottoriajoneuvojen ja moottoripyörien tukku- ja vähittäiskauppa sekä korjaus",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
    ),
    (
        "46",
        "Tukkukauppa (paitsi moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Wholesale trade, except of motor vehicles and motorcycles",
    ),
    (
        "47",
        "Vähittäiskauppa (paitsi moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Retail trade, except of motor vehicles and motorcycles",
    ),
    ("49", "Maaliikenne ja putkijohtokuljetus", "Land transport and transport via pipelines"),
    ("50", "Vesiliikenne", "Water transport"),
    ("51", "Ilmaliikenne", "Air transport"),
    (
        "52",
        "Varastointi ja liikennettä palveleva toiminta",
        "Warehousing and support activities for transportation",
    ),
    ("53", "Posti- ja kuriiritoiminta", "Postal and courier activities"),
    ("55", "Majoitus", "Accommodation"),
    ("56", "Ravitsemistoiminta", "Food and beverage service activities"),
    ("58", "Kustannustoiminta", "Publishing activities"),
    (
        "59",
        "Elokuva-, video- ja televisio-ohjelmatuotanto, äänitteiden ja musiikin kustantaminen",
        "Motion picture, video and television programme production, sound recording and music "
        "publishing",
    ),
    ("60", "Radio- ja televisiotoiminta", "Programming and broadcasting activities"),
    ("61", "Televiestintä", "Telecommunications"),
    (
        "62",
        "Ohjelmistot, konsultointi ja siihen liittyvä toiminta",
        "Computer programming, consultancy and related activities",
    ),
    ("63", "Tietopalvelutoiminta", "Information service activities"),
    (
        "64",
        "Rahoituspalvelut (paitsi vakuutus- ja eläkevakuutustoiminta)",
        "Financial service activities, except insurance and pension funding",
    ),
    (
        "65",
        "Vakuutus-, jälleenvakuutus- ja eläkevakuutustoiminta",
        "Insurance, reinsurance and pension funding",
    ),
    (
        "66",
        "Rahoitusta ja vakuuttamista palveleva toiminta",
        "Activities auxiliary to financial services and insurance",
    ),
    ("68", "Kiinteistöalan toiminta", "Real estate activities"),
    ("69", "Lakiasiain- ja laskentatoimen palvelut", "Legal and accounting activities"),
    (
        "70",
        "Pääkonttorien toiminta; liikkeenjohdon konsultointi",
        "Activities of head offices; management consultancy activities",
    ),
    (
        "71",
        "Arkkitehti- ja insinööripalvelut; tekninen testaus ja analysointi",
        "Architectural and engineering activities; technical testing and analysis",
    ),
    ("72", "Tieteellinen tutkimus ja kehittäminen", "Scientific research and development"),
    ("73", "Mainostoiminta ja markkinatutkimus", "Advertising and market research"),
    (
        "74",
        "Muut erikoistuneet palvelut liike-elämälle",
        "Other professional, scientific and technical activities",
    ),
    ("75", "Eläinlääkintäpalvelut", "Veterinary activities"),
    ("77", "Vuokraus- ja leasingtoiminta", "Rental and leasing activities"),
    ("78", "Työllistämistoiminta", "Employment activities"),
    (
        "79",
        "Matkatoimistojen ja matkanjärjestäjien toiminta, varauspalvelut",
        "Travel agency, tour operator reservation service and related activities",
    ),
    ("80", "Turvallisuus-, vartiointi- ja etsiväpalvelut", "Security and investigation activities"),
    ("81", "Kiinteistön- ja maisemanhoito", "Services to buildings and landscape activities"),
    (
        "82",
        "Hallinto- ja tukipalvelut liike-elämälle",
        "Office administrative, office support and other business support activities",
    ),
    (
        "84",
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
    ),
    ("85", "Koulutus", "Education"),
    ("86", "Terveyspalvelut", "Human health activities"),
    ("87", "Sosiaalihuollon laitospalvelut", "Residential care activities"),
    ("88", "Sosiaalihuollon avopalvelut", "Social work activities without accommodation"),
    ("90", "Kulttuuri- ja viihdetoiminta", "Creative, arts and entertainment activities"),
    (
        "91",
        "Kirjastojen, arkistojen, museoiden ja muiden kulttuurilaitosten toiminta",
        "Libraries, archives, museums and other cultural activities",
    ),
    ("92", "Rahapeli- ja vedonlyöntipalvelut", "Gambling and betting activities"),
    (
        "93",
        "Urheilutoiminta sekä huvi- ja virkistyspalvelut",
        "Sports activities and amusement and recreation activities",
    ),
    ("94", "Järjestöjen toiminta", "Activities of membership organisations"),
    (
        "95",
        "Tietokoneiden, henkilökohtaisten ja kotitaloustavaroiden korjaus",
        "Repair of computers and personal and household goods",
    ),
    ("96", "Muut henkilökohtaiset palvelut", "Other personal service activities"),
    (
        "97",
        "Kotitalouksien toiminta kotitaloustyöntekijöiden työnantajina",
        "Activities of households as employers of domestic personnel",
    ),
    (
        "98",
        "Kotitalouksien eriyttämätön toiminta tavaroiden ja palvelujen tuottamiseksi "
        "omaan käyttöön",
        "Undifferentiated goods- and services-producing activities of private households for "
        "own use",
    ),
    (
        "99",
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
    ),
]


def seed_taxonomy(apps: Any) -> None:
    """Create or update every seeded term; terms added in the admin are left as they are."""
    region_model = apps.get_model("taxonomy", "Region")
    municipality_model = apps.get_model("taxonomy", "Municipality")
    priority_model = apps.get_model("taxonomy", "PriorityArea")
    service_type_model = apps.get_model("taxonomy", "ServiceType")
    need_category_model = apps.get_model("taxonomy", "NeedCategory")
    industry_model = apps.get_model("taxonomy", "IndustryCode")
    trl_model = apps.get_model("taxonomy", "TechnologyReadinessLevel")

    regions = {}
    for code, fi, en, sv in REGIONS:
        regions[code], _ = region_model.objects.update_or_create(
            code=code, defaults={"name_fi": fi, "name_en": en, "name_sv": sv}
        )
    for code, names in MUNICIPALITIES.items():
        for name_fi, name_sv in names:
            municipality_model.objects.update_or_create(
                region=regions[code], name_fi=name_fi, defaults={"name_sv": name_sv}
            )
    for area in PRIORITY_AREAS:
        priority_model.objects.update_or_create(
            region=regions[area["region"]],
            slug=area["slug"],
            defaults={"name_fi": area["fi"], "name_en": area["en"], "name_sv": area["sv"]},
        )
    for position, (slug, fi, en, sv) in enumerate(SERVICE_TYPES):
        service_type_model.objects.update_or_create(
            slug=slug, defaults={"name_fi": fi, "name_en": en, "name_sv": sv, "ordering": position}
        )
    for position, (slug, fi, en, sv) in enumerate(NEED_CATEGORIES):
        need_category_model.objects.update_or_create(
            slug=slug, defaults={"name_fi": fi, "name_en": en, "name_sv": sv, "ordering": position}
        )
    for level, fi, en, sv in TRL_LEVELS:
        trl_model.objects.update_or_create(
            level=level, defaults={"name_fi": fi, "name_en": en, "name_sv": sv}
        )
    sections = {}
    for code, fi, en, first, last in INDUSTRY_SECTIONS:
        sections[code] = (
            industry_model.objects.update_or_create(
                code=code, defaults={"name_fi": fi, "name_en": en, "parent": None}
            )[0],
            first,
            last,
        )
    for code, fi, en in INDUSTRY_DIVISIONS:
        number = int(code)
        parent = next(sec for sec, first, last in sections.values() if first <= number <= last)
        industry_model.objects.update_or_create(
            code=code, defaults={"name_fi": fi, "name_en": en, "parent": parent}
        )
