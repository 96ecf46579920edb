"""Fictional companies and their development needs for the demo (all names invented).

Each company: (name, region code, municipality, TOL division, SME size, description, needs).
Each need: (language, category, priority areas, TRL now, TRL target, budget, visibility,
title, description, keywords).
"""

CE = "circular-economy-arctic-industry"
ST = "sustainable-tourism"
HR = "higher-refining-natural-resources"
NE = "new-emerging-sectors"
PCE = "circular-economy"
PD = "design"

COMPANIES = [
    ("Kaamosmetalli Oy", "19", "Tornio", "25", "small",
     "Ohutlevytuotteita ja hitsattuja kokoonpanoja kaivos- ja terästeollisuudelle.", [
        ("fi", "testing", [CE], 5, 7, "5k_20k", "public",
         "Hitsausliitosten väsymiskestävyyden testaus pakkasolosuhteissa",
         "Valmistamme hitsattuja runkorakenteita kaivosajoneuvoihin. Asiakkaat kysyvät, miten "
         "liitokset kestävät toistuvaa kuormitusta -40 asteen pakkasessa. Tarvitsemme "
         "väsymistestauksen ja raportin, jota voimme käyttää myynnissä.",
         ["hitsaus", "väsymistestaus", "kylmäolosuhteet"]),
        ("en", "product-development", [CE], 3, 6, "20k_50k", "public",
         "Reusing steel offcuts from sheet-metal production",
         "About 12 % of our sheet steel ends up as offcuts. We want to design small products or "
         "components that can be made from the offcuts instead of selling them as scrap, and "
         "need help with product concepts and cost calculation.",
         ["steel", "offcuts", "material efficiency", "circular economy"]),
    ]),
    ("Tunturivesi Oy", "19", "Kittilä", "11", "micro",
     "Pullotettua lähdevettä ja luonnonyrttijuomia Lapista.", [
        ("fi", "testing", [HR], 6, 8, "under_5k", "public",
         "Yrttijuoman säilyvyystestit ja aistinvarainen arviointi",
         "Kehitämme uutta kuusenkerkkä-yrttijuomaa. Tarvitsemme mikrobiologiset "
         "säilyvyystestit kuuden kuukauden ajalta sekä aistinvaraisen paneelin ennen "
         "tuotteen lanseerausta.",
         ["säilyvyys", "mikrobiologia", "juomat", "aistinvarainen arviointi"]),
        ("fi", "funding", [HR], 6, 8, "unknown", "coordinators",
         "Rahoitusta pullotuslinjan automaation kehittämiseen",
         "Haemme rahoitusvaihtoehtoja pullotuslinjan automatisointiin. Haluamme selvittää, "
         "sopiiko hankkeeseen innovaatioseteli tai EAKR-rahoitus ja kuka voisi olla "
         "tutkimuskumppani.",
         ["automaatio", "rahoitus", "innovaatioseteli"]),
    ]),
    ("Revontuli Safaris Oy", "19", "Inari", "79", "small",
     "Ympärivuotisia luontomatkoja ja revontuliretkiä.", [
        ("en", "research", [ST], 0, 0, "5k_20k", "public",
         "Measuring the carbon footprint of our winter safaris",
         "Our customers increasingly ask for the climate impact of snowmobile and husky "
         "safaris. We need a calculation method for the carbon footprint per customer and "
         "ideas for reducing it, ideally as a student or thesis project.",
         ["carbon footprint", "tourism", "safari", "sustainability"]),
        ("fi", "piloting", [ST, NE], 4, 7, "5k_20k", "anonymous",
         "Sähkömoottorikelkkojen pilotointi safarikäytössä",
         "Haluamme pilotoida sähkömoottorikelkkoja yhden talven ajan ja kerätä tietoa akkujen "
         "toimivuudesta kovassa pakkasessa sekä asiakaskokemuksesta. Etsimme kumppania, joka "
         "osaa suunnitella mittaukset ja analysoida tulokset.",
         ["sähkömoottorikelkka", "akut", "pilotointi", "pakkanen"]),
    ]),
    ("Pohjolan Puukomposiitti Oy", "19", "Kemijärvi", "16", "small",
     "Puu-muovikomposiittisia terassi- ja julkisivutuotteita.", [
        ("fi", "testing", [CE, HR], 6, 7, "5k_20k", "public",
         "Kierrätysmuovia sisältävän komposiitin säänkestotestaus",
         "Korvaamme osan neitseellisestä muovista kierrätysmuovilla. Tarvitsemme UV- ja "
         "säänkestotestit sekä lujuusmittaukset, jotta voimme varmistaa tuotteen laadun "
         "ennen CE-merkintää.",
         ["komposiitti", "kierrätysmuovi", "säänkesto", "lujuus"]),
        ("en", "research", [HR], 2, 4, "20k_50k", "public",
         "Using bark and sawdust as filler in composite boards",
         "We would like to study whether bark and sawdust from local sawmills can replace part "
         "of the wood flour in our composite. The research should cover material properties "
         "and processing in extrusion.",
         ["bark", "sawdust", "extrusion", "wood composite"]),
    ]),
    ("Lapin Marjajalostamo Oy", "19", "Ranua", "10", "small",
     "Luonnonmarjoista jauheita, mehuja ja hilloja.", [
        ("fi", "product-development", [HR], 4, 7, "20k_50k", "public",
         "Marjapuristemassan jatkojalostus ravintokuiduksi",
         "Mehun puristuksessa syntyy vuosittain noin 80 tonnia marjapuristetta. Haluamme "
         "kehittää siitä kuivattua ravintokuitujauhetta elintarviketeollisuudelle ja "
         "tarvitsemme apua kuivausmenetelmän ja koostumusanalyysien kanssa.",
         ["marjapuriste", "sivuvirta", "kuivaus", "ravintokuitu"]),
        ("en", "testing", [HR], 7, 8, "under_5k", "public",
         "Antioxidant analysis of bilberry powder",
         "A Japanese importer requires laboratory-verified antioxidant and anthocyanin "
         "content for our bilberry powder. We need an accredited analysis and advice on how "
         "to present the results.",
         ["bilberry", "anthocyanins", "antioxidants", "laboratory analysis"]),
    ]),
    ("Arktinen Data Oy", "19", "Rovaniemi", "62", "micro",
     "Ohjelmistoja ja datapalveluita arktisiin olosuhteisiin.", [
        ("en", "product-development", [NE], 3, 6, "20k_50k", "public",
         "Machine learning for predicting road icing from weather sensors",
         "We collect data from roadside weather stations and want to predict icing two hours "
         "ahead. We look for researchers in machine learning and road weather to validate "
         "our model.",
         ["machine learning", "road weather", "icing", "sensors"]),
        ("fi", "training", [NE], 0, 0, "under_5k", "public",
         "Koulutusta tietoturvallisesta IoT-kehityksestä",
         "Tiimimme tarvitsee koulutusta IoT-laitteiden tietoturvasta ja "
         "kyberturvallisuusvaatimuksista (esim. EU:n kyberkestävyyssäädös).",
         ["tietoturva", "IoT", "kyberturvallisuus", "koulutus"]),
    ]),
    ("Kemin Kuitu Oy", "19", "Kemi", "17", "medium",
     "Erikoispaperia ja kuitupohjaisia pakkausmateriaaleja.", [
        ("fi", "research", [CE, HR], 3, 5, "50k_100k", "coordinators",
         "Kuitupohjaisen pakkauksen barrier-pinnoitteen kehitys",
         "Haluamme korvata muovipinnoitteen biohajoavalla barrier-pinnoitteella elintarvike"
         "pakkauksissa. Tarvitsemme tutkimuskumppanin pinnoitekemiaan ja "
         "vesihöyrynläpäisyn mittauksiin.",
         ["pakkaus", "barrier", "pinnoite", "biohajoava"]),
        ("en", "testing", [CE], 6, 7, "5k_20k", "public",
         "Recyclability testing of fibre packaging",
         "Retail customers ask for proof that our packaging can be recycled in the paper "
         "stream. We need repulpability testing according to a recognised method.",
         ["recyclability", "repulping", "packaging", "paper"]),
    ]),
    ("Saariselän Elämyskeskus Oy", "19", "Inari", "93", "small",
     "Elämyspalveluita, ravintola ja kokoustilat Saariselällä.", [
        ("fi", "research", [ST], 0, 0, "5k_20k", "public",
         "Asiakasvirtojen analyysi ja kysynnän ennustaminen",
         "Haluamme ymmärtää, miten matkailijavirrat jakautuvat kausien ja "
         "kansallisuuksien mukaan, jotta voimme mitoittaa henkilöstön ja palvelut. "
         "Sopisi opinnäytetyöksi.",
         ["matkailu", "kysynnän ennustaminen", "data-analytiikka"]),
        ("en", "product-development", [ST, PD], 2, 5, "20k_50k", "public",
         "Designing an accessible nature trail experience",
         "We want to design a nature trail that works for wheelchair users and families in "
         "winter. We need service design and accessibility expertise.",
         ["accessibility", "service design", "nature trail", "winter"]),
    ]),
    ("Rovaniemen Rakennuselementti Oy", "19", "Rovaniemi", "23", "medium",
     "Betonielementtejä asuin- ja teollisuusrakentamiseen.", [
        ("fi", "testing", [CE], 5, 7, "20k_50k", "public",
         "Kaivosten sivukivien käyttö betonin runkoaineena",
         "Selvitämme, voiko kaivosten sivukiveä käyttää betonin runkoaineena. Tarvitsemme "
         "runkoaineen laboratoriotestit ja koebetonoinnit sekä tulkinnan standardien "
         "vaatimuksista.",
         ["betoni", "sivukivi", "runkoaine", "kaivos"]),
        ("fi", "research", [CE], 2, 4, "50k_100k", "public",
         "Vähähiilisen sementin korvaaminen teollisuuden sivutuotteilla",
         "Haluamme vähentää sementin määrää elementeissä korvaamalla sitä masuunikuonalla "
         "tai lentotuhkalla. Tarvitsemme tutkimusta lujuudenkehityksestä kylmissä "
         "olosuhteissa.",
         ["vähähiilinen betoni", "masuunikuona", "lentotuhka", "lujuus"]),
    ]),
    ("Pello Bioenergy Oy", "19", "Pello", "35", "micro",
     "Hakelämpöä ja pellettejä pohjoisen kunnille.", [
        ("en", "research", [HR, CE], 4, 6, "5k_20k", "public",
         "Ash utilisation from small heating plants",
         "Our heating plants produce wood ash that is now landfilled. We want to study "
         "whether the ash can be used as forest fertiliser or in earthworks, including "
         "analysis of heavy metals.",
         ["wood ash", "fertiliser", "heavy metals", "earthworks"]),
        ("fi", "piloting", [NE], 4, 6, "20k_50k", "anonymous",
         "Aurinkolämmön ja hakelämmön hybridijärjestelmän pilotti",
         "Haluamme pilotoida aurinkokeräimiä kesäkauden lämmöntuotannossa yhdessä "
         "hakekattilan kanssa ja mitata säästöt.",
         ["aurinkolämpö", "hybridijärjestelmä", "energia", "pilotti"]),
    ]),
    ("Northern Lights Optics Oy", "19", "Sodankylä", "26", "micro",
     "Optisia antureita ja kameroita tutkimus- ja valvontakäyttöön.", [
        ("en", "testing", [NE], 5, 7, "5k_20k", "public",
         "Environmental testing of a camera housing at -50 °C",
         "Our all-sky camera must operate at -50 °C and in heavy snow. We need climate chamber "
         "testing, vibration testing and condensation analysis for the housing.",
         ["climate chamber", "camera", "low temperature", "environmental testing"]),
        ("en", "expertise", [NE], 3, 5, "5k_20k", "public",
         "Expertise in image processing for aurora detection",
         "We want to detect aurora automatically from camera images. We need an expert in "
         "image processing and computer vision to review our algorithm.",
         ["image processing", "computer vision", "aurora"]),
    ]),
    ("Sallan Villa Oy", "19", "Salla", "13", "micro",
     "Lampaanvillasta ja porontaljoista käsityötuotteita.", [
        ("fi", "product-development", [PD, HR], 3, 6, "under_5k", "public",
         "Villatuotteiden mallisto ja brändin uudistus",
         "Haluamme uudistaa mallistomme ja visuaalisen ilmeen, jotta tuotteet kiinnostaisivat "
         "kansainvälisiä matkailijoita. Toivomme muotoilualan opiskelijoiden projektia.",
         ["muotoilu", "villa", "brändi", "opiskelijaprojekti"]),
        ("fi", "research", [HR], 2, 4, "5k_20k", "public",
         "Paikallisen villan pesu- ja karstausmenetelmät",
         "Paikallista villaa ei nykyään hyödynnetä, koska pesulaa ei ole lähellä. "
         "Haluamme selvittää pienimuotoisen pesun ja karstauksen kannattavuuden.",
         ["villa", "pesu", "karstaus", "kannattavuus"]),
    ]),
    ("Arctic Drone Services Oy", "19", "Rovaniemi", "74", "micro",
     "Drone-kuvausta ja -mittauksia teollisuudelle.", [
        ("en", "piloting", [NE, CE], 5, 7, "20k_50k", "public",
         "Drone inspections of tailings dams in winter",
         "We want to pilot drone-based inspection of mine tailings dams, combining thermal "
         "imaging and laser scanning. We need a test site and researchers to validate the "
         "measurements.",
         ["drone", "tailings dam", "laser scanning", "thermal imaging"]),
        ("fi", "funding", [NE], 5, 7, "unknown", "public",
         "Kansainvälistymisen ja EU-hankkeen rahoitusneuvonta",
         "Harkitsemme osallistumista Horisontti Eurooppa -konsortioon. Tarvitsemme "
         "neuvontaa hakemuksen valmisteluun ja kumppanien löytämiseen.",
         ["EU-rahoitus", "Horisontti Eurooppa", "konsortio"]),
    ]),
    ("Tornion Teräspalvelu Oy", "19", "Tornio", "24", "medium",
     "Ruostumattoman teräksen leikkaus- ja jalostuspalvelut.", [
        ("fi", "testing", [CE], 7, 8, "5k_20k", "public",
         "Ruostumattoman teräksen korroosiotestaus suolaolosuhteissa",
         "Tarvitsemme suolasumutestit ja korroosionkestävyyden analyysin uudelle "
         "pintakäsittelylle, jota tarjoamme meriteollisuuden asiakkaille.",
         ["korroosio", "suolasumutesti", "ruostumaton teräs", "pintakäsittely"]),
        ("en", "research", [CE], 3, 5, "50k_100k", "coordinators",
         "Recovering metals from grinding sludge",
         "Grinding of stainless steel produces sludge containing nickel and chromium. We want "
         "to research hydrometallurgical or pyrometallurgical ways to recover the metals.",
         ["grinding sludge", "metal recovery", "nickel", "hydrometallurgy"]),
    ]),
    ("Inarin Kalatuote Oy", "19", "Inari", "10", "micro",
     "Järvikalasta jalostettuja tuotteita.", [
        ("fi", "product-development", [HR], 3, 6, "5k_20k", "public",
         "Särkikalasta uusia elintarvikkeita",
         "Hoitokalastuksen särkikala päätyy nyt rehuksi. Haluamme kehittää siitä "
         "kalapihvejä tai -rouheita ja tarvitsemme elintarviketeknologian osaamista "
         "reseptiikkaan ja säilyvyyteen.",
         ["särkikala", "elintarvikekehitys", "hoitokalastus"]),
        ("en", "testing", [HR], 6, 7, "under_5k", "public",
         "Nutritional analysis of fish products",
         "We need nutritional values (protein, fat, omega-3) analysed for three new fish "
         "products for packaging labels.",
         ["nutritional analysis", "omega-3", "food labelling"]),
    ]),
    ("Kolarin Kaivospalvelu Oy", "19", "Kolari", "09", "small",
     "Kaivosten kunnossapito- ja urakointipalvelut.", [
        ("fi", "research", [CE], 2, 4, "20k_50k", "public",
         "Kaivosvesien sulfaatinpoisto biologisella menetelmällä",
         "Asiakkaamme kaivoksella on ongelmia sulfaattipitoisten vesien kanssa. Haluamme "
         "tutkia biologisen sulfaatinpoiston soveltuvuutta kylmiin olosuhteisiin.",
         ["kaivosvesi", "sulfaatti", "vedenkäsittely", "bioreaktori"]),
        ("en", "training", [CE], 0, 0, "5k_20k", "public",
         "Safety training with virtual reality for mine maintenance",
         "We want to train maintenance workers with VR simulations of hazardous situations "
         "in the mine. We look for a partner to develop and test the training.",
         ["virtual reality", "safety training", "mine maintenance"]),
    ]),
    ("Posion Keramiikka Oy", "19", "Posio", "23", "micro",
     "Käsintehtyä keramiikkaa ja astioita.", [
        ("fi", "product-development", [PD, CE], 3, 6, "under_5k", "public",
         "Kaivosjätteen hyödyntäminen keramiikan lasitteissa",
         "Kokeilemme kaivosten rikastushiekkaa keramiikan lasitteissa. Tarvitsemme "
         "materiaalianalyysin ja turvallisuusarvion elintarvikekäyttöön.",
         ["keramiikka", "lasite", "rikastushiekka", "materiaalianalyysi"]),
        ("en", "expertise", [PD], 0, 0, "under_5k", "anonymous",
         "Product photography and e-commerce concept",
         "We need help with product photography and an online shop concept for "
         "international customers.",
         ["e-commerce", "product photography", "marketing"]),
    ]),
    ("Levi Smart Buildings Oy", "19", "Kittilä", "43", "small",
     "Kiinteistöautomaatiota ja energiaremontteja matkailukohteisiin.", [
        ("en", "piloting", [ST, NE], 5, 7, "20k_50k", "public",
         "Energy-saving control for holiday cottages",
         "Holiday cottages are heated even when empty. We want to pilot a booking-based "
         "heating control system in 30 cottages and measure the energy savings.",
         ["energy efficiency", "building automation", "holiday cottages", "pilot"]),
        ("fi", "research", [NE], 3, 5, "5k_20k", "public",
         "Kiinteistöjen lumikuormien mittaus antureilla",
         "Haluamme kehittää anturijärjestelmän, joka varoittaa kattojen liiallisista "
         "lumikuormista. Tarvitsemme tutkimusta anturitekniikasta ja rakenteiden "
         "kuormituksesta.",
         ["lumikuorma", "anturit", "rakenteet"]),
    ]),
    ("Ylitornion Puutalo Oy", "19", "Ylitornio", "16", "small",
     "Hirsi- ja puuelementtitaloja.", [
        ("fi", "testing", [HR], 7, 8, "5k_20k", "public",
         "Hirsiseinän ilmanpitävyys- ja lämpömittaukset",
         "Tarvitsemme mittaukset uuden hirsiseinärakenteen ilmanpitävyydestä ja "
         "lämmönläpäisystä energiatodistusta varten.",
         ["hirsi", "ilmanpitävyys", "U-arvo", "mittaus"]),
        ("en", "product-development", [HR, PD], 4, 6, "20k_50k", "public",
         "Modular timber sauna for export",
         "We are developing a modular timber sauna that can be shipped flat-packed. We need "
         "design and structural engineering support.",
         ["timber", "sauna", "modular design", "export"]),
    ]),
    ("Keminmaan Konepaja Oy", "19", "Keminmaa", "28", "small",
     "Erikoiskoneita ja laitteita prosessiteollisuudelle.", [
        ("fi", "product-development", [CE], 4, 7, "50k_100k", "public",
         "Kunnonvalvonta-anturit ja ennakoiva huolto",
         "Haluamme lisätä koneisiimme värähtelyanturit ja kehittää ennakoivan huollon "
         "palvelun. Tarvitsemme osaamista signaalinkäsittelyyn ja koneoppimiseen.",
         ["kunnonvalvonta", "värähtely", "ennakoiva huolto", "koneoppiminen"]),
        ("en", "testing", [CE], 6, 7, "5k_20k", "public",
         "Wear testing of hard-facing coatings",
         "We need abrasive wear tests for three hard-facing coatings used in crusher parts.",
         ["wear testing", "coatings", "abrasion", "crusher"]),
    ]),
    ("Sodankylän Porotila Oy", "19", "Sodankylä", "01", "micro",
     "Poronlihaa ja porotuotteita.", [
        ("fi", "research", [HR, ST], 0, 0, "under_5k", "public",
         "Porotilamatkailun konseptointi",
         "Haluamme kehittää porotilalle matkailupalvelun, joka kunnioittaa porotalouden "
         "arkea. Toivomme matkailualan opiskelijoiden apua konseptiin ja hinnoitteluun.",
         ["porotalous", "matkailu", "palvelukonsepti"]),
        ("fi", "product-development", [HR], 3, 6, "5k_20k", "public",
         "Poron sivutuotteiden hyödyntäminen",
         "Nahkoja, luita ja sarvia jää hyödyntämättä. Etsimme kumppania, joka osaa "
         "kehittää sivutuotteista esimerkiksi liivatetta tai lemmikkiruokaa.",
         ["poro", "sivutuotteet", "liivate", "jalostus"]),
    ]),
    ("Muonio Outdoor Gear Oy", "19", "Muonio", "14", "micro",
     "Ulkoiluvaatteita ja -varusteita.", [
        ("en", "testing", [PD, NE], 5, 7, "5k_20k", "public",
         "Thermal insulation testing of winter clothing",
         "We need thermal insulation (clo value) and breathability testing for a new winter "
         "jacket made of recycled materials.",
         ["textile testing", "thermal insulation", "breathability", "recycled materials"]),
        ("fi", "product-development", [PD], 3, 5, "5k_20k", "public",
         "Kierrätettävän ulkoilutakin tuotesuunnittelu",
         "Haluamme suunnitella takin, jonka voi purkaa materiaaleiksi käytön jälkeen. "
         "Tarvitsemme muotoilun ja materiaalitekniikan osaamista.",
         ["kiertotalous", "tekstiili", "tuotesuunnittelu", "purettavuus"]),
    ]),
    ("Utsjoen Luontomatkat Oy", "19", "Utsjoki", "79", "micro",
     "Kalastus- ja vaellusmatkoja Tenojoella.", [
        ("fi", "research", [ST], 0, 0, "under_5k", "public",
         "Matkailun kantokyvyn arviointi herkällä luontoalueella",
         "Haluamme selvittää, paljonko vaellusreitit kestävät kävijöitä ilman eroosiota, "
         "ja laatia seurantasuunnitelman.",
         ["kantokyky", "luontomatkailu", "eroosio", "seuranta"]),
        ("en", "expertise", [ST], 0, 0, "under_5k", "public",
         "Sámi cultural sensitivity guidelines for guides",
         "We want to create guidelines for our guides on responsible presentation of Sámi "
         "culture together with experts.",
         ["culture", "responsible tourism", "guidelines"]),
    ]),
    ("Kemijärven Biohiili Oy", "19", "Kemijärvi", "20", "micro",
     "Biohiilen tuotanto puun sivuvirroista.", [
        ("fi", "testing", [HR, CE], 5, 7, "5k_20k", "public",
         "Biohiilen laatuanalyysit maanparannuskäyttöön",
         "Tarvitsemme biohiilen ominaisuuksien analyysin (hiilipitoisuus, pH, "
         "raskasmetallit, huokoisuus) ja arvion EU:n lannoitevalmisteasetuksen "
         "vaatimuksista.",
         ["biohiili", "laatuanalyysi", "lannoite", "raskasmetallit"]),
        ("en", "piloting", [HR, CE], 4, 6, "20k_50k", "public",
         "Pilot of biochar in stormwater filtration",
         "We want to pilot biochar filters for urban stormwater and measure removal of "
         "nutrients and metals.",
         ["biochar", "stormwater", "filtration", "pilot"]),
    ]),
    # Päijät-Häme
    ("Lahden Muovikierrätys Oy", "07", "Lahti", "38", "medium",
     "Muovijätteen keräys, lajittelu ja regranulointi.", [
        ("fi", "testing", [PCE], 6, 8, "5k_20k", "public",
         "Regranulaatin laadunvarmistus ja sulaindeksin mittaus",
         "Asiakkaat vaativat tasalaatuista kierrätysmuovia. Tarvitsemme "
         "laboratoriomittauksia (sulaindeksi, tuhkapitoisuus, epäpuhtaudet) ja "
         "laatujärjestelmän kehittämistä.",
         ["kierrätysmuovi", "regranulaatti", "laadunvarmistus", "sulaindeksi"]),
        ("en", "research", [PCE], 2, 4, "50k_100k", "public",
         "Sorting black plastics with hyperspectral imaging",
         "Black plastics cannot be sorted with standard NIR sensors. We want to research "
         "hyperspectral or other methods for identifying black plastic types.",
         ["hyperspectral imaging", "plastic sorting", "black plastics"]),
    ]),
    ("Hollolan Huonekalu Oy", "07", "Hollola", "31", "small",
     "Kotimaisia huonekaluja julkisiin tiloihin.", [
        ("fi", "product-development", [PD, PCE], 3, 6, "20k_50k", "public",
         "Korjattava ja modulaarinen koulukaluste",
         "Haluamme suunnitella koulukalusteen, jonka osat voi vaihtaa ja kierrättää. "
         "Tarvitsemme muotoilun ja elinkaarianalyysin osaamista.",
         ["huonekalu", "modulaarisuus", "elinkaarianalyysi", "muotoilu"]),
        ("en", "testing", [PD], 6, 7, "under_5k", "public",
         "Durability testing of chairs to EN standards",
         "We need strength and durability tests for a new chair according to the relevant "
         "EN standard before public procurement.",
         ["furniture testing", "durability", "EN standard"]),
    ]),
    ("Vesijärven Vesitekniikka Oy", "07", "Lahti", "36", "small",
     "Vedenkäsittelylaitteita kunnille ja teollisuudelle.", [
        ("en", "research", [PCE], 3, 5, "20k_50k", "public",
         "Recovering phosphorus from wastewater sludge",
         "We want to develop a compact unit for phosphorus recovery at small wastewater "
         "plants and need research on precipitation chemistry.",
         ["phosphorus recovery", "wastewater", "sludge", "nutrient recycling"]),
        ("fi", "piloting", [PCE], 5, 7, "20k_50k", "coordinators",
         "Mikromuovien suodatuksen pilotti jätevedenpuhdistamolla",
         "Haluamme pilotoida mikromuovisuodatinta puhdistamon jälkikäsittelyssä ja mitata "
         "mikromuovien poistotehokkuuden.",
         ["mikromuovit", "suodatus", "jätevesi", "pilotti"]),
    ]),
    ("Heinolan Sahatuote Oy", "07", "Heinola", "16", "small",
     "Sahatavaraa ja jatkojalosteita.", [
        ("fi", "research", [PCE], 3, 5, "5k_20k", "public",
         "Purkupuun uudelleenkäytön mahdollisuudet",
         "Selvitämme, voiko rakennusten purkupuuta jalostaa uudelleen rakennuspuuksi. "
         "Tarvitsemme tutkimusta lujuuslajittelusta ja haitta-aineista.",
         ["purkupuu", "uudelleenkäyttö", "lujuuslajittelu", "haitta-aineet"]),
        ("en", "expertise", [PCE], 0, 0, "under_5k", "public",
         "Environmental product declaration for sawn timber",
         "We need help preparing an EPD (environmental product declaration) for our sawn "
         "timber products.",
         ["EPD", "life cycle assessment", "timber"]),
    ]),
    ("Orimattilan Tekstiili Oy", "07", "Orimattila", "13", "small",
     "Teknisiä tekstiilejä ja kankaita.", [
        ("fi", "testing", [PCE, PD], 5, 7, "5k_20k", "public",
         "Kierrätyskuitua sisältävän kankaan kulutuskestävyys",
         "Uusi kangas sisältää 40 % kierrätyskuitua. Tarvitsemme Martindale-"
         "hankauskestävyyden, vetolujuuden ja nyppyyntymisen testit.",
         ["tekstiilitestaus", "kierrätyskuitu", "Martindale", "vetolujuus"]),
        ("en", "research", [PCE], 2, 4, "50k_100k", "public",
         "Chemical recycling of polyester-cotton blends",
         "We look for research partners to study separation of polyester and cotton from "
         "blended textile waste.",
         ["textile recycling", "polyester", "cotton", "chemical recycling"]),
    ]),
    ("Päijät Design Studio Oy", "07", "Lahti", "74", "micro",
     "Teollista muotoilua ja palvelumuotoilua.", [
        ("en", "expertise", [PD], 0, 0, "under_5k", "public",
         "User research partner for a health-tech product",
         "We design a home rehabilitation device and need a partner to organise user testing "
         "with elderly users.",
         ["user research", "usability testing", "health technology"]),
        ("fi", "training", [PD], 0, 0, "under_5k", "public",
         "Koulutusta ekologisesta muotoilusta",
         "Haluamme kouluttaa tiimiämme ekologisen muotoilun menetelmiin ja "
         "materiaalivalintoihin.",
         ["ekodesign", "materiaalivalinnat", "koulutus"]),
    ]),
    ("Asikkalan Ruokatalo Oy", "07", "Asikkala", "10", "micro",
     "Lähiruokaa ja valmisruokia kaupoille.", [
        ("fi", "product-development", [PCE], 4, 7, "5k_20k", "public",
         "Ruokahävikin vähentäminen valmisruokatuotannossa",
         "Haluamme mitata ruokahävikin tuotantomme eri vaiheissa ja kehittää tapoja "
         "hyödyntää ylijäämä. Sopii opiskelijaprojektiksi.",
         ["ruokahävikki", "valmisruoka", "mittaus", "kiertotalous"]),
        ("en", "testing", [PCE], 6, 7, "under_5k", "public",
         "Shelf-life testing of ready meals in new packaging",
         "We are changing to fibre-based trays and need shelf-life and microbiological "
         "testing of our ready meals.",
         ["shelf life", "microbiology", "packaging", "ready meals"]),
    ]),
    ("Kärkölän Metallityö Oy", "07", "Kärkölä", "25", "small",
     "Metallirakenteita ja koneistusta.", [
        ("fi", "product-development", [PCE], 4, 6, "20k_50k", "public",
         "Robottihitsauksen käyttöönotto piensarjatuotannossa",
         "Haluamme ottaa käyttöön yhteistyörobotin hitsauksessa. Tarvitsemme "
         "asiantuntija-apua ohjelmointiin ja tuotannon layoutiin.",
         ["robottihitsaus", "automaatio", "yhteistyörobotti"]),
        ("en", "research", [PCE], 3, 5, "5k_20k", "public",
         "Remanufacturing worn machine parts by additive repair",
         "We want to study repairing worn shafts and gears with laser cladding instead of "
         "replacing them.",
         ["laser cladding", "remanufacturing", "additive manufacturing"]),
    ]),
    ("Sysmän Hunaja Oy", "07", "Sysmä", "01", "micro",
     "Hunajaa ja mehiläistuotteita.", [
        ("fi", "testing", [PCE], 7, 8, "under_5k", "public",
         "Hunajan alkuperä- ja laatuanalyysi",
         "Tarvitsemme siitepölyanalyysin ja kosteuspitoisuuden mittauksen hunajan "
         "alkuperän todentamiseksi.",
         ["hunaja", "siitepölyanalyysi", "alkuperä", "laatu"]),
        ("en", "product-development", [PD], 3, 6, "under_5k", "public",
         "Gift packaging design from recycled materials",
         "We want a new gift packaging for honey made from recycled materials. Student "
         "design projects are welcome.",
         ["packaging design", "recycled materials", "student project"]),
    ]),
    ("Padasjoen Vene Oy", "07", "Padasjoki", "30", "micro",
     "Sähkökäyttöisiä veneitä.", [
        ("en", "testing", [PCE, NE], 5, 7, "5k_20k", "public",
         "Battery thermal testing for electric boats",
         "We need thermal and safety testing of the battery pack in our electric boat, "
         "including behaviour in cold water.",
         ["battery testing", "electric boat", "thermal safety"]),
        ("fi", "product-development", [PD], 3, 6, "20k_50k", "public",
         "Biokomposiittirunkoisen veneen suunnittelu",
         "Haluamme korvata lasikuidun pellavakuitukomposiitilla. Tarvitsemme "
         "materiaali- ja rakennesuunnittelun tukea.",
         ["biokomposiitti", "pellavakuitu", "vene", "rakennesuunnittelu"]),
    ]),
    ("Iitin Kierrätyskeskus Oy", "07", "Iitti", "38", "micro",
     "Huonekalujen ja tekstiilien uudelleenkäyttöä.", [
        ("fi", "research", [PCE], 0, 0, "under_5k", "public",
         "Uudelleenkäyttötuotteiden verkkokaupan liiketoimintamalli",
         "Haluamme selvittää, kannattaako kunnostetuille huonekaluille perustaa verkkokauppa. "
         "Toivomme liiketalouden opiskelijoiden projektia.",
         ["liiketoimintamalli", "uudelleenkäyttö", "verkkokauppa"]),
        ("en", "expertise", [PCE, PD], 0, 0, "under_5k", "public",
         "Upcycling design workshops",
         "We want to organise upcycling design workshops with designers to create new "
         "products from discarded furniture.",
         ["upcycling", "design workshop", "furniture"]),
    ]),
    ("Hartolan Kivi Oy", "07", "Hartola", "08", "micro",
     "Luonnonkiven louhintaa ja jalostusta.", [
        ("fi", "research", [PCE], 3, 5, "5k_20k", "public",
         "Kivipölyn ja sivukiven hyötykäyttö",
         "Louhinnassa syntyy paljon kivipölyä ja sivukiveä. Haluamme tutkia niiden käyttöä "
         "maanparannuksessa tai rakennusmateriaaleissa.",
         ["kivipöly", "sivukivi", "hyötykäyttö", "maanparannus"]),
        ("en", "testing", [PD], 6, 7, "under_5k", "public",
         "Frost resistance testing of natural stone tiles",
         "We need freeze-thaw and slip resistance testing of outdoor stone tiles.",
         ["frost resistance", "natural stone", "slip resistance"]),
    ]),
    ("Lahti Health Tech Oy", "07", "Lahti", "26", "micro",
     "Puettavia terveysteknologian laitteita.", [
        ("en", "piloting", [NE], 5, 7, "20k_50k", "public",
         "Clinical pilot of a wearable fall detector",
         "We need a pilot environment in elderly care and researchers to evaluate the "
         "accuracy of our wearable fall detector.",
         ["wearables", "fall detection", "elderly care", "clinical pilot"]),
        ("fi", "funding", [NE], 5, 7, "unknown", "public",
         "Tutkimus- ja kehitysrahoituksen kartoitus",
         "Haluamme kartoittaa Business Finlandin ja EU:n rahoitusmahdollisuudet "
         "terveysteknologian tuotekehitykseen.",
         ["rahoitus", "Business Finland", "terveysteknologia"]),
    ]),
    ("Nastolan Pakkaus Oy", "07", "Lahti", "17", "small",
     "Aaltopahvipakkauksia.", [
        ("fi", "testing", [PCE], 6, 7, "5k_20k", "public",
         "Pakkausten kuljetuskestävyyden testaus",
         "Tarvitsemme pudotus-, puristus- ja tärinätestit uusille kevennetyille "
         "pakkauksille.",
         ["pakkaustestaus", "kuljetuskestävyys", "puristuslujuus"]),
        ("en", "product-development", [PD, PCE], 3, 6, "5k_20k", "public",
         "Design of reusable transport packaging",
         "We want to design a reusable packaging system for B2B deliveries and calculate "
         "its environmental benefits.",
         ["reusable packaging", "logistics", "design", "life cycle assessment"]),
    ]),
    # Other regions
    ("Oulun Anturi Oy", "17", "Oulu", "26", "small",
     "Teollisuuden mittausantureita.", [
        ("en", "testing", [NE], 6, 7, "5k_20k", "public",
         "EMC testing of an industrial sensor",
         "We need electromagnetic compatibility (EMC) pre-compliance testing before CE "
         "marking our new sensor.",
         ["EMC", "electronics testing", "CE marking"]),
        ("fi", "research", [NE], 3, 5, "20k_50k", "public",
         "Langattoman anturiverkon energiankeruu",
         "Haluamme tutkia energiankeruuta (värähtely, lämpö) langattomien anturien "
         "virtalähteenä.",
         ["energiankeruu", "langaton anturi", "elektroniikka"]),
    ]),
    ("Tampereen Robotiikka Oy", "06", "Tampere", "28", "small",
     "Mobiilirobotteja logistiikkaan.", [
        ("en", "piloting", [NE], 5, 7, "50k_100k", "public",
         "Pilot of autonomous robots in a cold warehouse",
         "We want to pilot our mobile robots in a freezer warehouse at -25 °C and need a "
         "test environment and performance measurements.",
         ["mobile robots", "cold storage", "pilot", "logistics"]),
        ("fi", "expertise", [NE], 0, 0, "5k_20k", "public",
         "Konenäön asiantuntija-apu",
         "Tarvitsemme konenäön asiantuntijaa parantamaan robotin esteiden tunnistusta.",
         ["konenäkö", "robotiikka", "tunnistus"]),
    ]),
    ("Turun Biomateriaali Oy", "02", "Turku", "20", "micro",
     "Biopohjaisia materiaaleja.", [
        ("en", "research", [PCE], 2, 4, "20k_50k", "public",
         "Bio-based adhesive from lignin",
         "We want to research a lignin-based adhesive to replace formaldehyde resins in "
         "wood products.",
         ["lignin", "bio-based adhesive", "wood products"]),
        ("fi", "testing", [PCE], 5, 6, "5k_20k", "public",
         "Biohajoavuuden testaus kompostissa",
         "Tarvitsemme biohajoavuustestin teollisen kompostin olosuhteissa uudelle "
         "materiaalille.",
         ["biohajoavuus", "kompostointi", "testaus"]),
    ]),
    ("Kuopion Vesiosaaminen Oy", "11", "Kuopio", "71", "micro",
     "Vesihuollon konsultointia.", [
        ("fi", "expertise", [PCE], 0, 0, "under_5k", "public",
         "Vesihuoltoverkoston vuotojen paikannus",
         "Etsimme asiantuntijaa akustiseen vuodonpaikannukseen ja datan analysointiin.",
         ["vuodonpaikannus", "vesihuolto", "akustiikka"]),
        ("en", "training", [PCE], 0, 0, "under_5k", "public",
         "Training on water safety planning",
         "Our staff needs training on water safety plans required by the drinking water "
         "directive.",
         ["water safety", "training", "drinking water"]),
    ]),
]
