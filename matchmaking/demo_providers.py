"""Fictional R&D providers and their services for the demo (all names invented).

Provider: (name, kind, region code, municipality, description, services).
Service: (language, service type, priority areas, TRL min, TRL max, price model,
indicative price, lead time in weeks, remote, title, description, keywords).
"""

from .demo_companies import CE, HR, NE, PCE, PD, ST

T, CR, EX, EQ, PI, TR, SP, FU = (
    "testing-analysis", "contract-research", "expertise-consulting", "equipment-access",
    "piloting-test-environments", "training", "student-projects", "funding-eu-advisory",
)

PROVIDERS = [
    ("Tunturin ammattikorkeakoulu", "uas", "19", "Rovaniemi",
     "Soveltavaa tutkimusta ja opiskelijaprojekteja Lapin elinkeinoelämälle.", [
        ("fi", SP, [ST, NE], 1, 9, "subsidised", "Opiskelijaprojekti 0–2 000 €", 8, True,
         "Matkailualan opiskelijaprojektit yrityksille",
         "Matkailun opiskelijat toteuttavat yrityksille kehittämisprojekteja: "
         "palvelukonseptit, asiakaskyselyt, hinnoittelu ja markkinointisuunnitelmat.",
         ["matkailu", "opiskelijaprojekti", "palvelukonsepti", "asiakaskysely"]),
        ("fi", SP, [CE, HR, NE], 1, 9, "subsidised", "Opinnäytetyö sopimuksen mukaan", 12,
         True, "Opinnäytetyöt yritysten kehittämistarpeisiin",
         "Välitämme insinööri-, liiketalouden ja matkailun opiskelijoiden opinnäytetöitä "
         "yritysten todellisiin kehittämistarpeisiin. Yritys saa ohjatun selvityksen.",
         ["opinnäytetyö", "selvitys", "insinööri", "liiketalous"]),
        ("en", CR, [ST], 1, 9, "quote", "", 6, True,
         "Carbon footprint calculation for tourism services",
         "We calculate carbon footprints of tourism products such as safaris and "
         "accommodation using life cycle methods and suggest reduction measures.",
         ["carbon footprint", "tourism", "life cycle assessment", "sustainability"]),
        ("fi", PI, [ST, NE], 4, 8, "quote", "", 8, False,
         "Arktinen matkailun testiympäristö",
         "Tarjoamme testiympäristön matkailupalveluiden ja -teknologioiden pilotointiin "
         "todellisilla asiakkailla talviolosuhteissa.",
         ["pilotointi", "testiympäristö", "matkailuteknologia", "talvi"]),
        ("en", TR, [ST], 1, 9, "fixed", "450 € / participant", 4, True,
         "Responsible tourism training for guides",
         "Training for guides and entrepreneurs on responsible and culturally sensitive "
         "tourism, including Sámi culture guidelines.",
         ["responsible tourism", "guide training", "culture"]),
        ("fi", EX, [ST], 1, 9, "hourly", "95 €/h", 2, True,
         "Palvelumuotoilu ja esteettömyysarviointi",
         "Palvelumuotoilijamme auttavat suunnittelemaan esteettömiä luontokohteita ja "
         "palveluja sekä arvioivat niiden saavutettavuuden.",
         ["palvelumuotoilu", "esteettömyys", "saavutettavuus"]),
        ("fi", CR, [ST], 1, 9, "quote", "", 8, True,
         "Matkailun kysyntä- ja kävijäanalyysit",
         "Analysoimme matkailijavirtoja, kausivaihtelua ja kysyntää data-analytiikan "
         "menetelmin ja laadimme ennusteita.",
         ["kävijäanalyysi", "kysynnän ennustaminen", "data-analytiikka", "matkailu"]),
    ]),
    ("Pohjoisen teknillinen yliopisto", "university", "17", "Oulu",
     "Tekniikan ja luonnontieteiden tutkimusta.", [
        ("en", T, [CE], 3, 8, "quote", "", 4, False,
         "Fatigue testing of welded structures",
         "Servo-hydraulic fatigue testing of welded joints and components, also in a "
         "climate chamber down to -60 °C, with fracture analysis.",
         ["fatigue testing", "welding", "low temperature", "fracture analysis"]),
        ("en", CR, [NE], 2, 6, "quote", "", 12, True,
         "Machine learning research for industrial data",
         "Contract research on predictive models, anomaly detection and time-series "
         "forecasting using sensor data.",
         ["machine learning", "time series", "anomaly detection", "sensors"]),
        ("en", EQ, [NE], 3, 7, "daily", "900 € / day", 3, False,
         "EMC and radio test laboratory",
         "Access to an anechoic chamber for EMC pre-compliance and radio performance "
         "testing with our engineers.",
         ["EMC", "anechoic chamber", "radio testing", "electronics"]),
        ("fi", CR, [NE], 1, 5, "quote", "", 16, True,
         "Energiankeruu ja vähävirtaiset anturit",
         "Tutkimme energiankeruuta värähtelystä ja lämmöstä sekä vähävirtaisten "
         "langattomien anturien suunnittelua.",
         ["energiankeruu", "anturit", "elektroniikka", "langaton"]),
        ("en", EX, [NE], 1, 9, "hourly", "120 €/h", 2, True,
         "Computer vision and image processing expertise",
         "Our researchers review and develop image processing and computer vision "
         "algorithms for detection and classification tasks.",
         ["computer vision", "image processing", "object detection"]),
        ("en", CR, [CE], 2, 6, "quote", "", 16, False,
         "Hydrometallurgical metal recovery research",
         "Research on leaching, precipitation and solvent extraction to recover metals "
         "from industrial residues and sludges.",
         ["hydrometallurgy", "metal recovery", "leaching", "industrial residues"]),
        ("en", FU, [NE, CE], 1, 9, "free", "", 1, True,
         "Horizon Europe consortium advisory",
         "Our research services help companies join Horizon Europe consortia and prepare "
         "proposals.",
         ["Horizon Europe", "EU funding", "consortium"]),
    ]),
    ("Arktisen materiaalitutkimuksen instituutti", "research_institute", "19", "Rovaniemi",
     "Materiaalien ja rakenteiden tutkimusta arktisiin olosuhteisiin.", [
        ("fi", T, [CE], 3, 8, "quote", "", 3, False,
         "Materiaalien kylmäkestävyys- ja väsymistestaus",
         "Testaamme metallien, muovien ja komposiittien käyttäytymistä pakkasessa: "
         "iskusitkeys, väsyminen ja lujuus aina -70 asteeseen.",
         ["kylmätestaus", "väsyminen", "iskusitkeys", "materiaalit"]),
        ("fi", T, [CE], 3, 8, "quote", "", 3, False,
         "Korroosiotestaus ja pinnoitteiden arviointi",
         "Suolasumutestit, syklinen korroosiotestaus ja pinnoitteiden tarttuvuus- ja "
         "kulumiskokeet teollisuuden tarpeisiin.",
         ["korroosio", "suolasumutesti", "pinnoitteet", "kuluminen"]),
        ("en", T, [CE], 3, 8, "quote", "", 3, False,
         "Abrasive wear testing",
         "Abrasive and impact wear testing of steels, hard-facings and ceramics for mining "
         "and crushing applications.",
         ["wear testing", "abrasion", "hard-facing", "mining"]),
        ("fi", CR, [CE, HR], 2, 6, "quote", "", 12, False,
         "Betonin ja sivutuotteiden materiaalitutkimus",
         "Tutkimme sivukivien, kuonien ja tuhkien soveltuvuutta betonin runkoaineeksi ja "
         "sementin korvaajaksi, myös kylmissä olosuhteissa.",
         ["betoni", "sivutuotteet", "lentotuhka", "runkoaine"]),
        ("en", EQ, [CE, NE], 3, 8, "daily", "1 200 € / day", 4, False,
         "Climate chamber access down to -70 °C",
         "Walk-in climate chamber for environmental testing of devices, vehicles and "
         "components in extreme cold, snow and humidity.",
         ["climate chamber", "environmental testing", "low temperature"]),
        ("fi", EX, [CE], 1, 9, "hourly", "110 €/h", 1, True,
         "Hitsauksen ja rakenteiden asiantuntijapalvelut",
         "Hitsausmenetelmien kehitys, rakenteiden mitoitus ja vaurioanalyysit.",
         ["hitsaus", "vaurioanalyysi", "rakenteet"]),
        ("en", CR, [CE], 2, 6, "quote", "", 12, False,
         "Laser cladding and additive repair research",
         "Research and trials on laser cladding and directed energy deposition for "
         "repairing worn machine parts.",
         ["laser cladding", "additive manufacturing", "repair", "remanufacturing"]),
    ]),
    ("Lapin luonnonvaralaboratorio", "laboratory", "19", "Rovaniemi",
     "Elintarvike-, ympäristö- ja luonnontuoteanalytiikkaa.", [
        ("fi", T, [HR], 3, 9, "fixed", "alkaen 150 € / näyte", 2, False,
         "Elintarvikkeiden mikrobiologiset ja säilyvyystestit",
         "Säilyvyystutkimukset, mikrobiologiset analyysit ja pakkausten vaikutuksen "
         "arviointi elintarvikkeille ja juomille.",
         ["säilyvyys", "mikrobiologia", "elintarvikkeet", "juomat"]),
        ("en", T, [HR], 3, 9, "fixed", "from 200 € / sample", 2, False,
         "Bioactive compound analysis of berries and plants",
         "Accredited analysis of anthocyanins, polyphenols and antioxidant capacity in "
         "berries, herbs and extracts.",
         ["anthocyanins", "antioxidants", "berries", "polyphenols"]),
        ("fi", T, [HR], 3, 9, "fixed", "alkaen 120 € / näyte", 2, False,
         "Ravintoarvoanalyysit pakkausmerkintöihin",
         "Proteiini-, rasva-, rasvahappo- ja kuituanalyysit sekä ravintoarvojen laskenta "
         "pakkausmerkintöjä varten.",
         ["ravintoarvo", "pakkausmerkinnät", "rasvahapot", "analyysi"]),
        ("fi", T, [CE, HR], 3, 9, "fixed", "alkaen 180 € / näyte", 3, False,
         "Tuhkien, lietteiden ja biohiilen analyysit",
         "Raskasmetallit, ravinteet, pH ja haitta-aineet tuhkista, lietteistä ja "
         "biohiilistä lannoite- ja maarakennuskäytön arviointiin.",
         ["tuhka", "biohiili", "raskasmetallit", "lannoite"]),
        ("en", T, [HR], 3, 9, "fixed", "from 90 € / sample", 2, False,
         "Honey and natural product quality analysis",
         "Pollen analysis, moisture and HMF measurement for honey and other natural "
         "products to verify origin and quality.",
         ["honey", "pollen analysis", "quality", "origin"]),
        ("fi", EX, [HR], 1, 9, "hourly", "90 €/h", 1, True,
         "Aistinvarainen arviointi ja kuluttajapaneelit",
         "Järjestämme koulutetun aistinvaraisen paneelin ja kuluttajatestit uusille "
         "elintarvikkeille.",
         ["aistinvarainen arviointi", "kuluttajatesti", "elintarvikkeet"]),
        ("en", CR, [HR], 2, 6, "quote", "", 10, False,
         "Food side-stream valorisation research",
         "Research on drying, extraction and processing of food side streams such as "
         "berry press cake and fish by-products into ingredients.",
         ["side streams", "valorisation", "drying", "food ingredients"]),
    ]),
    ("Salpausselän ammattikorkeakoulu", "uas", "07", "Lahti",
     "Muotoilun, tekniikan ja liiketalouden koulutusta ja TKI-toimintaa.", [
        ("fi", SP, [PD, PCE], 1, 9, "subsidised", "Projektimaksu 500–3 000 €", 10, True,
         "Muotoiluopiskelijoiden yritysprojektit",
         "Muotoilun opiskelijat suunnittelevat yrityksille tuotteita, pakkauksia, "
         "brändi-ilmeitä ja mallistoja ohjatusti.",
         ["muotoilu", "opiskelijaprojekti", "pakkaussuunnittelu", "brändi"]),
        ("en", EX, [PD], 1, 9, "hourly", "100 €/h", 2, True,
         "Ecodesign and material selection consulting",
         "Design for circularity: material choices, repairability, modularity and "
         "disassembly for product companies.",
         ["ecodesign", "circular design", "modularity", "repairability"]),
        ("fi", TR, [PD, PCE], 1, 9, "fixed", "390 € / osallistuja", 4, True,
         "Ekologisen muotoilun koulutus",
         "Koulutus yrityksille ekologisen muotoilun menetelmistä, elinkaariajattelusta "
         "ja materiaalivalinnoista.",
         ["ekodesign", "koulutus", "elinkaari", "materiaalit"]),
        ("en", EX, [PD], 1, 9, "quote", "", 3, True,
         "User research and usability testing",
         "We plan and run user studies and usability tests, including with elderly and "
         "special user groups.",
         ["user research", "usability testing", "service design"]),
        ("fi", SP, [PCE], 1, 9, "subsidised", "", 12, True,
         "Liiketalouden opiskelijoiden selvitykset",
         "Liiketoimintamallit, kannattavuuslaskelmat ja markkinaselvitykset "
         "opiskelijaprojekteina.",
         ["liiketoimintamalli", "kannattavuus", "markkinaselvitys"]),
        ("fi", PI, [PCE], 4, 8, "quote", "", 6, False,
         "Kiertotalouden pilottiympäristö",
         "Pilotoi kiertotalouden ratkaisuja – lajittelua, uudelleenkäyttöä ja "
         "materiaalien kierrätystä – todellisessa ympäristössä.",
         ["kiertotalous", "pilotointi", "lajittelu", "uudelleenkäyttö"]),
        ("en", CR, [PCE], 2, 6, "quote", "", 12, False,
         "Robotics and automation for small-batch production",
         "Applied research on collaborative robots, robot welding and production layout "
         "in SMEs.",
         ["collaborative robots", "robot welding", "automation"]),
    ]),
    ("Vesijärvi Design Lab", "laboratory", "07", "Lahti",
     "Muotoilun ja materiaalien testauslaboratorio.", [
        ("en", T, [PD], 4, 9, "fixed", "from 600 € / test", 3, False,
         "Furniture strength and durability testing",
         "Testing of chairs, tables and storage furniture for strength, stability and "
         "durability according to EN standards.",
         ["furniture testing", "EN standards", "durability", "strength"]),
        ("fi", T, [PD, PCE], 4, 9, "fixed", "alkaen 250 € / testi", 2, False,
         "Tekstiilien kulutus- ja lujuustestaus",
         "Martindale-hankauskestävyys, nyppyyntyminen, vetolujuus ja repäisylujuus "
         "tekstiileille ja kierrätyskuitumateriaaleille.",
         ["tekstiilitestaus", "Martindale", "vetolujuus", "kierrätyskuitu"]),
        ("en", T, [PD], 4, 9, "fixed", "from 400 € / test", 2, False,
         "Thermal comfort testing of clothing",
         "Thermal manikin measurements of insulation (clo) and breathability for clothing "
         "and sleeping bags.",
         ["thermal insulation", "clothing", "breathability", "thermal manikin"]),
        ("fi", T, [PCE], 4, 9, "fixed", "alkaen 300 € / testi", 2, False,
         "Pakkausten kuljetus- ja puristustestit",
         "Pudotus-, tärinä- ja puristustestit kuljetuspakkauksille ISTA-menetelmin.",
         ["pakkaustestaus", "puristustesti", "kuljetus"]),
        ("en", EQ, [PD], 3, 8, "hourly", "80 €/h", 1, False,
         "Prototype workshop access",
         "Access to 3D printers, CNC milling and laser cutting for prototyping with "
         "guidance.",
         ["prototyping", "3D printing", "CNC", "laser cutting"]),
        ("fi", EX, [PD, PCE], 1, 9, "quote", "", 2, True,
         "Upcycling- ja kierrätysmuotoilun työpajat",
         "Järjestämme muotoilutyöpajoja, joissa poistomateriaaleista kehitetään uusia "
         "tuotteita.",
         ["upcycling", "työpaja", "kierrätysmuotoilu"]),
    ]),
    ("Järvi-Suomen ympäristötutkimuskeskus", "research_institute", "07", "Lahti",
     "Vesi-, maaperä- ja ympäristötutkimusta.", [
        ("en", CR, [PCE], 2, 6, "quote", "", 12, False,
         "Nutrient recovery from wastewater",
         "Research on phosphorus and nitrogen recovery from wastewater and sludges, "
         "including precipitation and struvite processes.",
         ["phosphorus recovery", "wastewater", "nutrient recycling", "struvite"]),
        ("fi", T, [PCE], 3, 9, "fixed", "alkaen 350 € / näyte", 3, False,
         "Mikromuovianalyysit vedestä ja lietteestä",
         "Mikromuovien näytteenotto ja analyysi jätevedestä, hulevedestä ja lietteestä.",
         ["mikromuovit", "jätevesi", "analyysi", "liete"]),
        ("en", PI, [PCE], 4, 8, "quote", "", 6, False,
         "Stormwater and wastewater pilot site",
         "A pilot site for testing filtration and treatment technologies with real "
         "stormwater and wastewater flows.",
         ["stormwater", "filtration", "pilot site", "wastewater"]),
        ("fi", CR, [CE, PCE], 2, 6, "quote", "", 16, False,
         "Kaivosvesien käsittelyn tutkimus",
         "Tutkimme sulfaatin ja metallien poistoa kaivosvesistä biologisin ja kemiallisin "
         "menetelmin myös kylmissä olosuhteissa.",
         ["kaivosvesi", "sulfaatti", "vedenkäsittely", "metallit"]),
        ("en", EX, [PCE], 1, 9, "hourly", "105 €/h", 2, True,
         "Life cycle assessment and EPD support",
         "Life cycle assessments, carbon footprints and environmental product declarations "
         "(EPD) for products.",
         ["life cycle assessment", "EPD", "carbon footprint"]),
        ("fi", EX, [ST], 1, 9, "quote", "", 4, True,
         "Luontomatkailun kantokyky- ja vaikutusarvioinnit",
         "Arvioimme retkeilyreittien kulumista, eroosiota ja kantokykyä sekä laadimme "
         "seurantasuunnitelmia.",
         ["kantokyky", "eroosio", "luontomatkailu", "seuranta"]),
        ("en", TR, [PCE], 1, 9, "fixed", "350 € / participant", 4, True,
         "Water safety planning training",
         "Training for water utilities on risk-based water safety planning.",
         ["water safety", "risk assessment", "training"]),
    ]),
    ("Kemi-Tornion teollisuuslaboratorio", "laboratory", "19", "Kemi",
     "Teollisuuden prosessi- ja materiaalilaboratorio.", [
        ("fi", T, [CE, HR], 3, 9, "fixed", "alkaen 400 € / testi", 2, False,
         "Paperin ja pakkausten barrier- ja läpäisymittaukset",
         "Vesihöyryn, hapen ja rasvan läpäisyn mittaukset kuitupohjaisille "
         "pakkausmateriaaleille ja pinnoitteille.",
         ["barrier", "vesihöyryn läpäisy", "pakkaus", "pinnoite"]),
        ("en", T, [CE], 3, 9, "fixed", "from 500 € / test", 3, False,
         "Repulpability and recyclability testing",
         "Repulpability testing of fibre-based packaging and assessment of recyclability "
         "in the paper stream.",
         ["repulpability", "recyclability", "fibre packaging"]),
        ("fi", T, [CE], 3, 9, "fixed", "alkaen 220 € / näyte", 2, False,
         "Muovien ja regranulaattien laatumittaukset",
         "Sulaindeksi, tuhkapitoisuus, kosteus, DSC ja FTIR-tunnistus kierrätysmuoveille.",
         ["sulaindeksi", "kierrätysmuovi", "FTIR", "laatu"]),
        ("en", EQ, [CE, HR], 3, 7, "daily", "1 500 € / day", 4, False,
         "Pilot-scale extrusion line",
         "Access to a pilot extruder for testing composite and recycled plastic "
         "formulations.",
         ["extrusion", "pilot line", "composites", "recycled plastic"]),
        ("fi", T, [CE], 3, 9, "fixed", "alkaen 300 € / näyte", 2, False,
         "Runkoaineiden ja kiviainesten laboratoriotestit",
         "Kiviainesten raekoko, lujuus, pakkasenkestävyys ja haitta-aineet "
         "standardien mukaisesti.",
         ["kiviaines", "runkoaine", "pakkasenkestävyys", "laboratoriotesti"]),
        ("en", EX, [CE], 1, 9, "hourly", "115 €/h", 1, True,
         "Process industry vibration analysis and condition monitoring",
         "Vibration measurements, signal processing and condition monitoring concepts for "
         "rotating machinery.",
         ["vibration", "condition monitoring", "signal processing", "predictive maintenance"]),
    ]),
    ("Lappland Cold Test Centre", "research_institute", "19", "Muonio",
     "Vehicle and equipment testing in natural Arctic conditions.", [
        ("en", PI, [NE, CE], 4, 8, "daily", "2 000 € / day", 8, False,
         "Winter test tracks for vehicles",
         "Test tracks on ice and snow for vehicles, tyres and autonomous driving systems "
         "in natural Arctic conditions.",
         ["winter testing", "test track", "vehicles", "autonomous driving"]),
        ("en", T, [NE], 4, 8, "quote", "", 4, False,
         "Battery performance testing in cold",
         "Cold-start, capacity and thermal safety testing of batteries and electric "
         "drivetrains from -40 °C.",
         ["battery testing", "cold", "electric vehicles", "thermal safety"]),
        ("en", PI, [NE], 4, 8, "quote", "", 8, False,
         "Drone test area in Arctic conditions",
         "Restricted airspace and ground support for testing drones and sensors in cold, "
         "snow and darkness.",
         ["drones", "test area", "sensors", "cold"]),
        ("fi", PI, [NE], 4, 8, "quote", "", 8, False,
         "Kylmävarastojen ja logistiikan testiympäristö",
         "Testiympäristö robotiikan ja automaation pilotointiin pakkasvarastoissa.",
         ["kylmävarasto", "robotiikka", "pilotointi", "logistiikka"]),
        ("en", EQ, [NE], 3, 8, "daily", "800 € / day", 2, False,
         "Instrumented test hall for snow loads",
         "A hall with load cells and sensors for testing roof structures and snow load "
         "monitoring systems.",
         ["snow load", "sensors", "structures", "test hall"]),
        ("en", TR, [NE], 1, 9, "fixed", "600 € / participant", 4, False,
         "Arctic field testing methods course",
         "A course on planning and executing field tests in Arctic conditions.",
         ["field testing", "training", "Arctic"]),
    ]),
    ("Pohjois-Suomen metsä- ja biotalousinstituutti", "research_institute", "19",
     "Rovaniemi", "Metsä- ja biotalouden tutkimusta.", [
        ("fi", CR, [HR], 2, 6, "quote", "", 16, False,
         "Puun sivuvirtojen jalostuksen tutkimus",
         "Tutkimme kuoren, sahanpurun ja ligniinin jalostusta materiaaleiksi, liimoiksi ja "
         "kemikaaleiksi.",
         ["kuori", "sahanpuru", "ligniini", "biojalostus"]),
        ("en", CR, [HR, CE], 2, 6, "quote", "", 12, False,
         "Biochar production and application research",
         "Research on pyrolysis conditions, biochar properties and use in soil improvement "
         "and water filtration.",
         ["biochar", "pyrolysis", "soil improvement", "filtration"]),
        ("fi", T, [HR], 3, 9, "fixed", "alkaen 500 € / testi", 3, False,
         "Puutuotteiden lujuus- ja kosteustestit",
         "Sahatavaran lujuuslajittelu, kosteus- ja kutistumamittaukset sekä "
         "rakennepuun testaus.",
         ["lujuuslajittelu", "sahatavara", "kosteus", "rakennepuu"]),
        ("en", EX, [HR], 1, 9, "hourly", "100 €/h", 2, True,
         "Reindeer and game by-product expertise",
         "Expertise in utilising reindeer and game by-products such as hides, bones and "
         "antlers in food, feed and materials.",
         ["reindeer", "by-products", "gelatine", "feed"]),
        ("fi", CR, [HR], 2, 6, "quote", "", 12, False,
         "Villan ja luonnonkuitujen jalostus",
         "Tutkimus- ja kehityspalvelu paikallisen villan pesuun, karstaukseen ja "
         "uusiin käyttökohteisiin.",
         ["villa", "luonnonkuidut", "karstaus", "jalostus"]),
        ("en", FU, [HR], 1, 9, "free", "", 1, True,
         "Bioeconomy funding advisory",
         "Advice on national and EU funding for bioeconomy development projects, including "
         "innovation vouchers and ERDF.",
         ["funding advisory", "ERDF", "innovation voucher", "bioeconomy"]),
    ]),
    ("Lahden tekstiilitutkimus", "research_institute", "07", "Orimattila",
     "Tekstiilien kierrätyksen tutkimusta.", [
        ("en", CR, [PCE], 2, 6, "quote", "", 16, False,
         "Textile recycling and fibre separation research",
         "Research on mechanical and chemical recycling of textiles, including separation "
         "of polyester and cotton blends.",
         ["textile recycling", "fibre separation", "polyester", "cotton"]),
        ("fi", EX, [PCE, PD], 1, 9, "hourly", "95 €/h", 2, True,
         "Kierrätettävän tekstiilituotteen suunnittelu",
         "Asiantuntija-apua purettavien ja kierrätettävien tekstiilituotteiden "
         "suunnitteluun.",
         ["tekstiili", "purettavuus", "kiertotalous", "tuotesuunnittelu"]),
        ("en", EQ, [PCE], 3, 7, "daily", "700 € / day", 3, False,
         "Textile recycling pilot line",
         "Access to opening, carding and nonwoven lines for trials with recycled fibres.",
         ["recycled fibres", "nonwoven", "carding", "pilot line"]),
        ("fi", TR, [PCE], 1, 9, "fixed", "290 € / osallistuja", 4, True,
         "Tekstiilien kiertotalouden koulutus",
         "Koulutus tekstiilialan yrityksille kierrätyksen vaatimuksista ja "
         "mahdollisuuksista.",
         ["tekstiilien kierrätys", "koulutus", "kiertotalous"]),
        ("en", T, [PCE], 3, 9, "fixed", "from 250 € / test", 2, False,
         "Fibre identification and composition analysis",
         "Identification of fibre types and blend ratios in textile waste with NIR and "
         "microscopy.",
         ["fibre identification", "NIR", "textile waste"]),
        ("fi", SP, [PCE, PD], 1, 9, "subsidised", "", 10, True,
         "Tekstiilialan opiskelijaprojektit",
         "Tekstiili- ja muotialan opiskelijat toteuttavat yrityksille kehittämisprojekteja.",
         ["opiskelijaprojekti", "tekstiili", "muoti"]),
    ]),
    ("Kaakkoisen yliopiston kiertotalouskeskus", "university", "09", "Lappeenranta",
     "Kiertotalouden ja energiatekniikan tutkimusta.", [
        ("en", CR, [PCE, CE], 2, 6, "quote", "", 16, False,
         "Plastic sorting technologies research",
         "Research on sensor-based sorting of plastics including hyperspectral imaging "
         "and black plastic identification.",
         ["plastic sorting", "hyperspectral imaging", "NIR", "recycling"]),
        ("en", CR, [PCE], 2, 6, "quote", "", 16, False,
         "Chemical recycling of plastics",
         "Pyrolysis and solvolysis research for mixed and contaminated plastic waste.",
         ["chemical recycling", "pyrolysis", "plastic waste"]),
        ("fi", CR, [NE, PCE], 2, 6, "quote", "", 12, False,
         "Aurinkoenergian ja hybridilämmön tutkimus",
         "Tutkimme aurinkolämmön, lämpöpumppujen ja biolämmön hybridijärjestelmiä sekä "
         "niiden mitoitusta.",
         ["aurinkolämpö", "hybridijärjestelmä", "lämpöpumppu", "energia"]),
        ("en", EX, [PCE], 1, 9, "hourly", "120 €/h", 2, True,
         "Circular business model consulting",
         "Expertise on circular business models, reuse platforms and profitability "
         "assessment.",
         ["circular business models", "reuse", "profitability"]),
        ("fi", FU, [PCE, NE], 1, 9, "free", "", 1, True,
         "EU- ja Business Finland -rahoitusneuvonta",
         "Neuvomme yrityksiä tutkimus- ja kehitysrahoituksen hakemisessa ja "
         "konsortioiden muodostamisessa.",
         ["rahoitusneuvonta", "Business Finland", "EU-rahoitus"]),
    ]),
    ("Hyvinvointiteknologian testauskeskus", "laboratory", "06", "Tampere",
     "Terveysteknologian testaus ja kliiniset pilotit.", [
        ("en", PI, [NE], 4, 8, "quote", "", 8, False,
         "Clinical pilot environment for health technology",
         "Pilots of health and wellbeing technology in hospitals and elderly care with "
         "ethical approval support.",
         ["clinical pilot", "health technology", "elderly care"]),
        ("en", T, [NE], 4, 9, "quote", "", 4, False,
         "Wearable device accuracy validation",
         "Validation of wearable sensors and algorithms against reference measurements.",
         ["wearables", "validation", "sensors", "accuracy"]),
        ("fi", EX, [NE], 1, 9, "hourly", "130 €/h", 2, True,
         "Lääkinnällisten laitteiden sääntelyneuvonta",
         "Neuvontaa MDR-vaatimuksista, riskienhallinnasta ja kliinisestä arvioinnista.",
         ["MDR", "lääkinnälliset laitteet", "sääntely"]),
        ("en", TR, [NE], 1, 9, "fixed", "500 € / participant", 4, True,
         "Cybersecurity for connected devices training",
         "Training on secure development of IoT devices and EU cybersecurity "
         "requirements such as the Cyber Resilience Act.",
         ["cybersecurity", "IoT", "training", "Cyber Resilience Act"]),
        ("fi", SP, [NE], 1, 9, "subsidised", "", 10, True,
         "Terveysteknologian opiskelijaprojektit",
         "Opiskelijat kehittävät ja testaavat terveysteknologian prototyyppejä yritysten "
         "kanssa.",
         ["opiskelijaprojekti", "terveysteknologia", "prototyyppi"]),
        ("en", EX, [NE], 1, 9, "hourly", "120 €/h", 2, True,
         "Fall detection and activity recognition algorithms",
         "Expertise in signal processing and machine learning for activity recognition "
         "and fall detection from wearable sensors.",
         ["fall detection", "activity recognition", "signal processing"]),
    ]),
    ("Pohjanmaan elintarvikekehitys", "research_institute", "15", "Vaasa",
     "Elintarvikkeiden tuotekehitystä ja pilotointia.", [
        ("fi", CR, [HR], 2, 7, "quote", "", 8, False,
         "Elintarvikkeiden tuotekehitys ja reseptiikka",
         "Kehitämme uusia elintarvikkeita reseptiikasta koeajoihin, myös kalasta ja "
         "sivuvirroista.",
         ["tuotekehitys", "reseptiikka", "elintarvikkeet", "kala"]),
        ("en", PI, [HR], 4, 8, "daily", "1 000 € / day", 4, False,
         "Food pilot plant",
         "A pilot plant for drying, extrusion, fermentation and packaging trials of new "
         "food products.",
         ["pilot plant", "drying", "fermentation", "food processing"]),
        ("fi", EX, [HR, PCE], 1, 9, "hourly", "90 €/h", 2, True,
         "Ruokahävikin mittaus ja vähentäminen",
         "Mittaamme ruokahävikkiä tuotannossa ja kehitämme keinoja ylijäämän "
         "hyödyntämiseen.",
         ["ruokahävikki", "mittaus", "kiertotalous"]),
        ("en", T, [HR], 3, 9, "fixed", "from 300 € / study", 3, False,
         "Packaging and shelf-life studies",
         "Shelf-life studies for new packaging materials including fibre-based trays.",
         ["shelf life", "packaging", "food safety"]),
        ("fi", TR, [HR], 1, 9, "fixed", "250 € / osallistuja", 3, True,
         "Elintarviketurvallisuuden koulutus",
         "Koulutusta omavalvonnasta ja elintarviketurvallisuudesta pk-yrityksille.",
         ["elintarviketurvallisuus", "omavalvonta", "koulutus"]),
        ("en", FU, [HR], 1, 9, "free", "", 1, True,
         "Food business funding advisory",
         "Guidance on innovation vouchers, ELY Centre grants and EU funding for food "
         "companies' development projects.",
         ["funding advisory", "innovation voucher", "food industry"]),
    ]),
    ("Arctic Virtual Reality Lab", "laboratory", "19", "Rovaniemi",
     "Simulation and virtual reality for training and design.", [
        ("en", CR, [NE, CE], 3, 7, "quote", "", 10, True,
         "VR safety training development",
         "We develop virtual reality safety trainings for industry and mining and measure "
         "their learning outcomes.",
         ["virtual reality", "safety training", "simulation", "mining"]),
        ("en", EQ, [NE], 3, 7, "hourly", "150 €/h", 1, False,
         "Motion capture and VR studio",
         "Access to motion capture and VR equipment for product and training development.",
         ["motion capture", "VR studio", "simulation"]),
        ("fi", EX, [ST, NE], 1, 9, "hourly", "100 €/h", 2, True,
         "Digitaaliset matkailuelämykset",
         "Suunnittelemme lisätyn ja virtuaalitodellisuuden matkailuelämyksiä.",
         ["lisätty todellisuus", "matkailu", "digitaaliset palvelut"]),
        ("en", TR, [NE], 1, 9, "fixed", "400 € / participant", 3, True,
         "Immersive technology training",
         "Training for companies on using VR and AR in their own products and services.",
         ["VR", "AR", "training"]),
        ("fi", SP, [NE, ST], 1, 9, "subsidised", "", 8, True,
         "Pelialan opiskelijaprojektit",
         "Peli- ja mediatekniikan opiskelijat toteuttavat yrityksille pelillisiä "
         "koulutuksia ja demoja.",
         ["pelillistäminen", "opiskelijaprojekti", "media"]),
    ]),
    ("Itä-Suomen vesihuoltolaboratorio", "laboratory", "11", "Kuopio",
     "Vesihuollon mittaukset ja tutkimus.", [
        ("fi", EX, [PCE], 1, 9, "hourly", "95 €/h", 2, True,
         "Vuotojen paikannus ja verkostoanalyysi",
         "Akustinen vuodonpaikannus, virtaamamittaukset ja vesihuoltoverkostojen "
         "data-analyysi.",
         ["vuodonpaikannus", "vesihuolto", "verkostoanalyysi"]),
        ("en", T, [PCE], 3, 9, "fixed", "from 150 € / sample", 2, False,
         "Drinking water quality analysis",
         "Accredited microbiological and chemical analysis of drinking water.",
         ["drinking water", "water quality", "microbiology"]),
        ("fi", CR, [PCE], 2, 6, "quote", "", 12, False,
         "Vedenkäsittelyprosessien kehitys",
         "Tutkimus- ja kehityspalvelua pienten vedenpuhdistamoiden prosesseihin.",
         ["vedenkäsittely", "prosessikehitys", "puhdistamo"]),
        ("en", TR, [PCE], 1, 9, "fixed", "300 € / participant", 3, True,
         "Training in leak detection methods",
         "Hands-on training for water utility staff in acoustic leak detection and "
         "pressure management.",
         ["leak detection", "training", "water utilities"]),
        ("fi", SP, [PCE], 1, 9, "subsidised", "", 10, True,
         "Ympäristötekniikan opinnäytetyöt",
         "Ympäristötekniikan opiskelijat tekevät vesihuollon ja jätehuollon selvityksiä "
         "yrityksille ja kunnille.",
         ["opinnäytetyö", "ympäristötekniikka", "vesihuolto"]),
        ("en", EQ, [PCE], 3, 7, "daily", "600 € / day", 2, False,
         "Pilot-scale membrane filtration unit",
         "Access to a mobile membrane filtration unit for on-site water treatment trials.",
         ["membrane filtration", "water treatment", "pilot"]),
    ]),
]
