"""The word lists and letter texts the demo data is made from (see models/demo/generate.py).

Long because: data — word lists and letter texts for six countries, no logic.
E-mail addresses and home pages use the reserved ``.example`` top-level domain and
British and American phone numbers use the ranges set aside for fiction, so a demo
database can never mail or ring a real person.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Setup tables

LANGUAGES = [
    ("ENU", "English"),
    ("DEU", "German"),
    ("FRA", "French"),
    ("NLD", "Dutch"),
    ("ESP", "Spanish"),
]

COUNTRY_NAMES = {
    "GB": "United Kingdom",
    "DE": "Germany",
    "FR": "France",
    "NL": "Netherlands",
    "ES": "Spain",
    "US": "United States of America",
}

# Salutation code -> description; formulas per language: (formal, informal) as
# (text, name_1, name_2). Names are the contact field captions (see SalutationFormula).
SALUTATIONS = {
    "COMPANY": "Company",
    "MR": "Male person",
    "MS": "Female person",
    "UNISEX": "Person, no title",
}

SALUTATION_FORMULAS = {
    "ENU": {
        "COMPANY": (("Dear Sir or Madam,", "", ""), ("Hello,", "", "")),
        "MR": (("Dear Mr. %1,", "Surname", ""), ("Dear %1,", "First Name", "")),
        "MS": (("Dear Ms. %1,", "Surname", ""), ("Dear %1,", "First Name", "")),
        "UNISEX": (("Dear %1 %2,", "First Name", "Surname"), ("Hello %1,", "First Name", "")),
    },
    "DEU": {
        "COMPANY": (("Sehr geehrte Damen und Herren,", "", ""), ("Guten Tag,", "", "")),
        "MR": (("Sehr geehrter Herr %1,", "Surname", ""), ("Lieber %1,", "First Name", "")),
        "MS": (("Sehr geehrte Frau %1,", "Surname", ""), ("Liebe %1,", "First Name", "")),
        "UNISEX": (("Guten Tag %1 %2,", "First Name", "Surname"), ("Hallo %1,", "First Name", "")),
    },
    "FRA": {
        "COMPANY": (("Madame, Monsieur,", "", ""), ("Bonjour,", "", "")),
        "MR": (("Cher Monsieur %1,", "Surname", ""), ("Cher %1,", "First Name", "")),
        "MS": (("Chère Madame %1,", "Surname", ""), ("Chère %1,", "First Name", "")),
        "UNISEX": (("Bonjour %1 %2,", "First Name", "Surname"), ("Bonjour %1,", "First Name", "")),
    },
    "NLD": {
        "COMPANY": (("Geachte heer, mevrouw,", "", ""), ("Beste relatie,", "", "")),
        "MR": (("Geachte heer %1,", "Surname", ""), ("Beste %1,", "First Name", "")),
        "MS": (("Geachte mevrouw %1,", "Surname", ""), ("Beste %1,", "First Name", "")),
        "UNISEX": (("Geachte %1 %2,", "First Name", "Surname"), ("Beste %1,", "First Name", "")),
    },
    "ESP": {
        "COMPANY": (("Estimados señores:", "", ""), ("Hola:", "", "")),
        "MR": (("Estimado Sr. %1:", "Surname", ""), ("Hola, %1:", "First Name", "")),
        "MS": (("Estimada Sra. %1:", "Surname", ""), ("Hola, %1:", "First Name", "")),
        "UNISEX": (("Estimado/a %1 %2:", "First Name", "Surname"), ("Hola, %1:", "First Name", "")),
    },
}

# code, name, job title, country focus, blocked
SALESPEOPLE = [
    ("JR", "Jessica Reed", "Sales Manager", ("GB", "US"), False),
    ("TW", "Thomas Walker", "Key Account Manager", ("GB", "US"), False),
    ("MK", "Martin Keller", "Account Manager", ("DE",), False),
    ("SB", "Sophie Bernard", "Account Manager", ("FR",), False),
    ("DV", "Daan Visser", "Account Manager", ("NL",), False),
    ("LG", "Lucía García", "Account Manager", ("ES",), False),
    ("EO", "Emma O'Neill", "Marketing Manager", (), False),
    ("PH", "Peter Hughes", "Sales Representative", (), True),  # left the company
]

INDUSTRY_GROUPS = [
    ("RETAIL", "Retail"),
    ("WHOLESALE", "Wholesale"),
    ("MANUFACT", "Manufacturing"),
    ("SERVICES", "Professional services"),
    ("PUBLIC", "Public sector"),
    ("HOSPITAL", "Hospitality"),
    ("EDUCATION", "Education"),
    ("IT", "Information technology"),
    ("CONSTRUCT", "Construction"),
]

BUSINESS_RELATIONS = [
    ("CUST", "Customer"),
    ("PROS", "Prospect"),
    ("VEND", "Vendor"),
    ("PARTNER", "Partner"),
    ("BANK", "Bank"),
    ("PRESS", "Press"),
    ("LAWYER", "Lawyer"),
]
# how often each relation is drawn for a company
BUSINESS_RELATION_WEIGHTS = [45, 35, 8, 6, 2, 2, 2]

MAILING_GROUPS = [
    ("NEWS", "Newsletter"),
    ("XMAS", "Christmas cards"),
    ("EVENTS", "Event invitations"),
    ("PRODUCT", "Product news"),
    ("PRESS", "Press releases"),
]

JOB_RESPONSIBILITIES = [
    ("PURCHASE", "Purchasing"),
    ("SALES", "Sales"),
    ("IT", "Information technology"),
    ("MGMT", "Management"),
    ("FINANCE", "Finance"),
    ("MARKETING", "Marketing"),
    ("ADMIN", "Administration"),
    ("HR", "Human resources"),
]

# job responsibility code, then the title in each language
JOB_TITLES = [
    ("PURCHASE", {"ENU": "Purchasing Manager", "DEU": "Einkaufsleiter", "FRA": "Responsable achats",
                  "NLD": "Inkoopmanager", "ESP": "Jefe de compras"}),
    ("PURCHASE", {"ENU": "Buyer", "DEU": "Einkäufer", "FRA": "Acheteur", "NLD": "Inkoper",
                  "ESP": "Comprador"}),
    ("SALES", {"ENU": "Sales Manager", "DEU": "Vertriebsleiter", "FRA": "Directeur commercial",
               "NLD": "Verkoopmanager", "ESP": "Director comercial"}),
    ("SALES", {"ENU": "Account Manager", "DEU": "Kundenbetreuer", "FRA": "Chargé de clientèle",
               "NLD": "Accountmanager", "ESP": "Gestor de cuentas"}),
    ("IT", {"ENU": "IT Manager", "DEU": "IT-Leiter", "FRA": "Responsable informatique",
            "NLD": "IT-manager", "ESP": "Responsable de TI"}),
    ("MGMT", {"ENU": "Managing Director", "DEU": "Geschäftsführer", "FRA": "Gérant",
              "NLD": "Directeur", "ESP": "Gerente"}),
    ("MGMT", {"ENU": "Chief Executive Officer", "DEU": "Vorstand", "FRA": "PDG",
              "NLD": "Algemeen directeur", "ESP": "Director general"}),
    ("FINANCE", {"ENU": "Finance Manager", "DEU": "Leiter Finanzen", "FRA": "Directeur financier",
                 "NLD": "Financieel manager", "ESP": "Director financiero"}),
    ("FINANCE", {"ENU": "Accountant", "DEU": "Buchhalter", "FRA": "Comptable", "NLD": "Boekhouder",
                 "ESP": "Contable"}),
    ("MARKETING", {"ENU": "Marketing Manager", "DEU": "Marketingleiter",
                   "FRA": "Responsable marketing", "NLD": "Marketingmanager",
                   "ESP": "Director de marketing"}),
    ("ADMIN", {"ENU": "Office Manager", "DEU": "Büroleiter", "FRA": "Responsable administratif",
               "NLD": "Officemanager", "ESP": "Jefe de oficina"}),
    ("HR", {"ENU": "HR Manager", "DEU": "Personalleiter", "FRA": "DRH", "NLD": "HR-manager",
            "ESP": "Director de RR. HH."}),
]

COMPANY_INFORMATION = dict(
    name="Harbour Lane Office Furniture Ltd.",
    address="12 Harbour Lane",
    address_2="Canary Wharf",
    post_code="E14 5AB",
    city="London",
    county="Greater London",
    country_region_code="GB",
    phone_no="+44 20 7946 0000",
    fax_no="+44 20 7946 0001",
    e_mail="info@harbourlane.example",
    home_page="www.harbourlane.example",
    vat_registration_no="GB777777776",
    registration_no="09876543",
    bank_name="Thames Commercial Bank",
    bank_branch_no="20-00-00",
    bank_account_no="55779911",
    giro_no="",
    iban="GB33BUKB20201555555555",
    swift_code="BUKBGB22",
)
OUR_DOMAIN = "harbourlane.example"

# ---------------------------------------------------------------------------
# Countries: names, places, phone numbers, company names


def _split(text: str) -> list[str]:
    return text.split()


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


COUNTRIES = {
    "GB": dict(
        weight=30,
        language="ENU",
        first_m=_split("James Oliver Harry George Jack Thomas William Charles Daniel Henry Samuel "
                       "Joseph Edward Matthew Benjamin Alexander Lucas Arthur Oscar Leo Freddie "
                       "Alfie Theo Max Ethan Richard Paul Mark David Simon"),
        first_f=_split("Olivia Amelia Isla Ava Emily Sophie Grace Lily Ella Jessica Charlotte Hannah "
                       "Lucy Chloe Evie Freya Ruby Alice Poppy Florence Emma Megan Rebecca Sarah "
                       "Laura Claire Helen Rachel Victoria Kate"),
        surnames=_split("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
                        "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris "
                        "Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark "
                        "Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker "
                        "Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey "
                        "Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson "
                        "Ellis Adams Singh Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt "
                        "Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler "
                        "Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey"),
        streets=_csv("High Street, Station Road, Church Street, Victoria Road, Park Road, "
                     "London Road, Queen Street, King Street, Mill Lane, The Green, Bridge Street, "
                     "Market Street, North Road, Chapel Street, Manor Road, Albert Road, "
                     "Kingsway, Riverside Drive, Castle Street, Oxford Road"),
        address="{n} {s}",
        address_2=_csv("Unit 4, Suite 200, First Floor, Second Floor, Building B, The Old Mill"),
        # city, county, territory, post code outward parts, phone prefix
        cities=[
            ("London", "Greater London", "LONDON", ["EC1A", "EC2M", "W1D", "SE1", "N1", "E14", "SW1A", "WC2H"], "+44 20 7946 0"),
            ("Manchester", "Greater Manchester", "NORTH", ["M1", "M2", "M3", "M4"], "+44 161 496 0"),
            ("Birmingham", "West Midlands", "MIDLANDS", ["B1", "B2", "B3", "B4"], "+44 121 496 0"),
            ("Leeds", "West Yorkshire", "NORTH", ["LS1", "LS2", "LS11"], "+44 113 496 0"),
            ("Bristol", "Bristol", "SOUTH", ["BS1", "BS2", "BS8"], "+44 117 496 0"),
            ("Glasgow", "Glasgow City", "SCOTLAND", ["G1", "G2", "G3"], "+44 141 496 0"),
            ("Edinburgh", "City of Edinburgh", "SCOTLAND", ["EH1", "EH2", "EH3"], "+44 131 496 0"),
            ("Liverpool", "Merseyside", "NORTH", ["L1", "L2", "L3"], "+44 151 496 0"),
            ("Cardiff", "Cardiff", "WALES", ["CF10", "CF11", "CF24"], "+44 29 2018 0"),
            ("Newcastle upon Tyne", "Tyne and Wear", "NORTH", ["NE1", "NE2", "NE4"], "+44 191 498 0"),
            ("Nottingham", "Nottinghamshire", "MIDLANDS", ["NG1", "NG2", "NG7"], "+44 115 496 0"),
            ("Sheffield", "South Yorkshire", "NORTH", ["S1", "S2", "S3"], "+44 114 496 0"),
            ("Cambridge", "Cambridgeshire", "SOUTH", ["CB1", "CB2", "CB4"], "+44 1223 496 0"),
            ("Reading", "Berkshire", "SOUTH", ["RG1", "RG2", "RG30"], "+44 118 496 0"),
        ],
        post_code="gb",
        phone_digits=3,
        mobile=("+44 7700 900", 3),
        company_patterns=["{S} {X}", "{S} & {S2} {X}", "{W} {W2} {X}", "{W} {S} {X}", "{S} {W2} {X}"],
        suffixes=_csv("Ltd., Ltd., Ltd., plc, LLP, & Sons Ltd."),
        words=_split("Northern Bright Oak Thames Albion Crown Harbour Kingsway Summit Pennine "
                     "Riverside Westgate Meridian Highland Cobalt"),
        words2=_split("Furniture Interiors Logistics Supplies Design Consulting Printing Trading "
                      "Systems Office Engineering Builders Media Solutions"),
        vat="GB{:09d}",
    ),
    "DE": dict(
        weight=20,
        language="DEU",
        first_m=_split("Lukas Leon Finn Jonas Paul Felix Maximilian Elias Noah Ben Thomas Michael "
                       "Andreas Stefan Markus Christian Frank Jürgen Klaus Wolfgang Matthias "
                       "Sebastian Tobias Florian Daniel Uwe Jan Tim Alexander Peter"),
        first_f=_split("Anna Lena Lea Hannah Emma Sophie Laura Julia Marie Katharina Sabine Petra "
                       "Claudia Andrea Susanne Nicole Stefanie Birgit Monika Ursula Jana Franziska "
                       "Sarah Lisa Johanna Heike Anja Karin Miriam Sandra"),
        surnames=_split("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
                        "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann "
                        "Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier "
                        "Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber "
                        "Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel "
                        "Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann "
                        "Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher "
                        "Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas "
                        "Schreiber Graf"),
        streets=_csv("Hauptstraße, Bahnhofstraße, Gartenstraße, Schulstraße, Dorfstraße, "
                     "Bergstraße, Lindenstraße, Kirchstraße, Goethestraße, Schillerstraße, "
                     "Waldstraße, Ringstraße, Mühlenweg, Friedrichstraße, Kaiserstraße, "
                     "Poststraße, Rosenweg, Industriestraße, Birkenweg, Marktplatz"),
        address="{s} {n}",
        address_2=_csv("2. OG, Gebäude C, Hinterhaus, 4. Etage, Haus 2"),
        cities=[
            ("Berlin", "Berlin", "OST", [10115, 10178, 10243, 10317, 10405, 10551, 10623, 10785], "+49 30 "),
            ("Hamburg", "Hamburg", "NORD", [20095, 20148, 20249, 20354, 22041], "+49 40 "),
            ("München", "Bayern", "SUED", [80331, 80469, 80538, 80634, 81241], "+49 89 "),
            ("Köln", "Nordrhein-Westfalen", "WEST", [50667, 50672, 50733, 50823], "+49 221 "),
            ("Frankfurt am Main", "Hessen", "WEST", [60311, 60313, 60486, 60594], "+49 69 "),
            ("Stuttgart", "Baden-Württemberg", "SUED", [70173, 70176, 70190, 70372], "+49 711 "),
            ("Düsseldorf", "Nordrhein-Westfalen", "WEST", [40210, 40212, 40476, 40545], "+49 211 "),
            ("Leipzig", "Sachsen", "OST", [4109, 4155, 4229, 4315], "+49 341 "),
            ("Dortmund", "Nordrhein-Westfalen", "WEST", [44135, 44137, 44139, 44263], "+49 231 "),
            ("Bremen", "Bremen", "NORD", [28195, 28199, 28203, 28359], "+49 421 "),
            ("Dresden", "Sachsen", "OST", [1067, 1069, 1097, 1307], "+49 351 "),
            ("Hannover", "Niedersachsen", "NORD", [30159, 30161, 30173, 30449], "+49 511 "),
            ("Nürnberg", "Bayern", "SUED", [90402, 90403, 90408, 90443], "+49 911 "),
        ],
        post_code="de",
        phone_digits=7,
        mobile=("+49 151 ", 8),
        company_patterns=["{S} {X}", "{S} & {S2} {X}", "{W}{w2} {X}", "{W} {S} {X}", "{S} {W2} {X}"],
        suffixes=_csv("GmbH, GmbH, GmbH, AG, GmbH & Co. KG, KG, e.K."),
        words=_split("Nord Süd Alpen Rhein Elbe Main Isar Havel Ostsee Weser Harz Spree Taunus"),
        words2=_split("Möbel Technik Handel Logistik Bau Druck Software Beratung Büro Systeme "
                      "Metall Service Design"),
        vat="DE{:09d}",
    ),
    "FR": dict(
        weight=12,
        language="FRA",
        first_m=_split("Jean Pierre Michel Philippe Alain Nicolas Thomas Julien Antoine Lucas Hugo "
                       "Louis Gabriel Arthur Paul Mathieu Olivier Laurent Christophe Sébastien "
                       "François Éric Vincent Guillaume Maxime"),
        first_f=_split("Marie Nathalie Isabelle Sylvie Catherine Sophie Julie Camille Léa Emma Chloé "
                       "Manon Inès Claire Anne Céline Aurélie Émilie Sandrine Valérie Caroline "
                       "Pauline Juliette Élodie Margaux"),
        surnames=_split("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
                        "Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel "
                        "Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez "
                        "Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas "
                        "Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin"),
        streets=_csv("rue de la Paix, avenue Victor Hugo, boulevard Voltaire, rue de la République, "
                     "place de la Bourse, rue Nationale, avenue Jean Jaurès, rue Pasteur, "
                     "rue des Lilas, rue du Moulin, rue de l'Église, avenue de la Gare, "
                     "quai des Chartrons, rue Victor Hugo, boulevard Haussmann, rue Saint-Honoré"),
        address="{n} {s}",
        address_2=_csv("Bâtiment B, 3e étage, Zone industrielle, Résidence du Parc"),
        cities=[
            ("Paris", "Île-de-France", "IDF", [75001, 75002, 75008, 75009, 75011, 75015, 75017], "+33 1 "),
            ("Lyon", "Auvergne-Rhône-Alpes", "SUD-EST", [69001, 69002, 69003, 69007], "+33 4 "),
            ("Marseille", "Provence-Alpes-Côte d'Azur", "SUD-EST", [13001, 13002, 13006, 13008], "+33 4 "),
            ("Toulouse", "Occitanie", "SUD-OUEST", [31000, 31100, 31200, 31400], "+33 5 "),
            ("Nice", "Provence-Alpes-Côte d'Azur", "SUD-EST", [6000, 6100, 6200, 6300], "+33 4 "),
            ("Nantes", "Pays de la Loire", "OUEST", [44000, 44100, 44200, 44300], "+33 2 "),
            ("Strasbourg", "Grand Est", "EST", [67000, 67100, 67200], "+33 3 "),
            ("Montpellier", "Occitanie", "SUD-OUEST", [34000, 34070, 34080], "+33 4 "),
            ("Bordeaux", "Nouvelle-Aquitaine", "SUD-OUEST", [33000, 33100, 33200, 33300], "+33 5 "),
            ("Lille", "Hauts-de-France", "NORD", [59000, 59160, 59260, 59800], "+33 3 "),
            ("Rennes", "Bretagne", "OUEST", [35000, 35200, 35700], "+33 2 "),
        ],
        post_code="fr",
        phone_digits=8,
        mobile=("+33 6 ", 8),
        company_patterns=["{S} {X}", "{S} & {S2} {X}", "{W} {S} {X}", "{W} {W2} {X}", "{W2} {S} {X}"],
        suffixes=_csv("SARL, SARL, SAS, SA, EURL"),
        words=_split("Atelier Groupe Maison Bureau Comptoir Société Cabinet Établissements"),
        words2=_split("Mobilier Conseil Techno Distribution Solutions Services Industrie Design "
                      "Impression Bâtiment"),
        vat="FR{:011d}",
    ),
    "NL": dict(
        weight=10,
        language="NLD",
        first_m=_split("Jan Pieter Kees Willem Hendrik Johannes Dirk Bas Thijs Daan Sem Lucas Jesse "
                       "Bram Tim Ruben Sander Joost Maarten Jeroen Stijn Niels Martijn Wouter Erik"),
        first_f=_split("Anna Emma Sophie Julia Lotte Fleur Sanne Eva Lisa Iris Anouk Femke Marieke "
                       "Ingrid Annemieke Linda Esther Ilse Kim Noor Mila Tess Saskia Inge Marloes"),
        surnames=_csv("de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, "
                      "Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, "
                      "van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, "
                      "van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, "
                      "van den Heuvel, van der Veen, van den Broek, de Bruijn, van der Heijden, "
                      "Schouten, van Beek, Willems, van Vliet, Hoekstra"),
        streets=_csv("Kerkstraat, Hoofdstraat, Dorpsstraat, Stationsweg, Molenstraat, Schoolstraat, "
                     "Julianastraat, Wilhelminastraat, Beatrixlaan, Nieuwstraat, Marktplein, "
                     "Prinsengracht, Keizersgracht, Herengracht, Parallelweg, Industrieweg"),
        address="{s} {n}",
        address_2=_csv("2e verdieping, Unit 12, Gebouw A"),
        cities=[
            ("Amsterdam", "Noord-Holland", "RANDSTAD", [1011, 1012, 1015, 1017, 1071, 1083], "+31 20 "),
            ("Rotterdam", "Zuid-Holland", "RANDSTAD", [3011, 3012, 3014, 3021], "+31 10 "),
            ("Den Haag", "Zuid-Holland", "RANDSTAD", [2511, 2513, 2514, 2595], "+31 70 "),
            ("Utrecht", "Utrecht", "RANDSTAD", [3511, 3512, 3521, 3531], "+31 30 "),
            ("Eindhoven", "Noord-Brabant", "ZUID", [5611, 5612, 5616, 5621], "+31 40 "),
            ("Groningen", "Groningen", "NOORD", [9711, 9712, 9718, 9722], "+31 50 "),
            ("Tilburg", "Noord-Brabant", "ZUID", [5011, 5013, 5038], "+31 13 "),
            ("Breda", "Noord-Brabant", "ZUID", [4811, 4812, 4818], "+31 76 "),
            ("Nijmegen", "Gelderland", "OOST", [6511, 6512, 6521], "+31 24 "),
            ("Haarlem", "Noord-Holland", "RANDSTAD", [2011, 2012, 2021], "+31 23 "),
            ("Arnhem", "Gelderland", "OOST", [6811, 6812, 6822], "+31 26 "),
        ],
        post_code="nl",
        phone_digits=7,
        mobile=("+31 6 ", 8),
        company_patterns=["{S} {X}", "{W} {W2} {X}", "{W}{w2} {X}", "{S} {W2} {X}"],
        suffixes=_csv("B.V., B.V., B.V., N.V., V.O.F."),
        words=_split("Holland Noord Zuid Oranje Delta Polder Duin Rijn Maas Kust"),
        words2=_split("Kantoor Meubel Techniek Handel Logistiek Advies Bouw Druk Systemen Design"),
        vat="NL{:09d}B01",
    ),
    "ES": dict(
        weight=10,
        language="ESP",
        first_m=_split("Antonio José Manuel Francisco David Juan Javier Daniel Carlos Jesús Alejandro "
                       "Miguel Rafael Pablo Sergio Fernando Jorge Alberto Luis Álvaro Diego Adrián "
                       "Raúl Enrique Ramón"),
        first_f=_split("María Carmen Ana Isabel Laura Cristina Marta Lucía Elena Sara Paula Raquel "
                       "Pilar Rosa Beatriz Silvia Patricia Sofía Irene Andrea Nuria Julia Alba "
                       "Noelia Rocío"),
        surnames=_split("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez "
                        "Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso "
                        "Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco "
                        "Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez"),
        two_surnames=True,
        streets=_csv("Calle Mayor, Gran Vía, Calle de Alcalá, Paseo de la Castellana, Calle Real, "
                     "Avenida de la Constitución, Calle Nueva, Plaza Mayor, Calle del Carmen, "
                     "Avenida de América, Calle de Serrano, Rambla de Catalunya, Calle San Vicente, "
                     "Avenida del Puerto"),
        address="{s}, {n}",
        address_2=_csv("2º izquierda, Planta 3, Local 5, Oficina 12"),
        cities=[
            ("Madrid", "Madrid", "CENTRO", [28001, 28004, 28010, 28013, 28020, 28046], "+34 91 "),
            ("Barcelona", "Barcelona", "NORESTE", [8001, 8002, 8007, 8010, 8029], "+34 93 "),
            ("Valencia", "Valencia", "LEVANTE", [46001, 46002, 46004, 46010], "+34 96 "),
            ("Sevilla", "Sevilla", "SUR", [41001, 41003, 41004, 41010], "+34 95 "),
            ("Zaragoza", "Zaragoza", "NORESTE", [50001, 50003, 50004], "+34 976 "),
            ("Málaga", "Málaga", "SUR", [29001, 29002, 29004], "+34 95 "),
            ("Bilbao", "Bizkaia", "NORTE", [48001, 48007, 48009], "+34 94 "),
            ("Alicante", "Alicante", "LEVANTE", [3001, 3002, 3003], "+34 96 "),
            ("Valladolid", "Valladolid", "CENTRO", [47001, 47002, 47004], "+34 983 "),
            ("Palma", "Illes Balears", "LEVANTE", [7001, 7002, 7003], "+34 971 "),
        ],
        post_code="es",
        phone_digits=7,
        mobile=("+34 6", 8),
        company_patterns=["{S} {X}", "{W} {W2} {X}", "{W2} {S} {X}", "{S} y {S2} {X}"],
        suffixes=_csv("S.L., S.L., S.L., S.A."),
        words=_split("Iberia Sol Norte Levante Atlántico Ibérica Mediterráneo Castilla"),
        words2=_split("Muebles Distribuciones Soluciones Oficinas Técnicas Grupo Servicios "
                      "Construcciones Logística"),
        vat="ES{:09d}",
    ),
    "US": dict(
        weight=18,
        language="ENU",
        first_m=_split("James Robert John Michael David William Richard Joseph Thomas Christopher "
                       "Charles Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kevin Brian "
                       "George Ryan Jason Eric"),
        first_f=_split("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa "
                       "Nancy Betty Sandra Ashley Emily Michelle Amanda Melissa Stephanie Rebecca "
                       "Laura Megan Rachel Nicole"),
        surnames=_split("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
                        "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin "
                        "Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker "
                        "Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson "
                        "Baker Hall Rivera Campbell Mitchell Carter Roberts"),
        middle_initials=True,
        streets=_csv("Main Street, Oak Street, Maple Avenue, Park Avenue, Washington Street, "
                     "Elm Street, Lake Street, Pine Street, Cedar Lane, Sunset Boulevard, Broadway, "
                     "Market Street, 2nd Avenue, 5th Avenue, Highland Avenue, Madison Avenue"),
        address="{n0} {s}",
        address_2=_csv("Suite 100, Suite 250, Floor 12, Building 3, Unit B"),
        cities=[
            ("New York", "NY", "EAST", [10001, 10004, 10011, 10016, 10022, 10036], "+1 212 555 01"),
            ("Chicago", "IL", "CENTRAL", [60601, 60603, 60606, 60611], "+1 312 555 01"),
            ("Los Angeles", "CA", "WEST", [90012, 90017, 90024, 90071], "+1 213 555 01"),
            ("Houston", "TX", "SOUTH", [77002, 77003, 77010, 77056], "+1 713 555 01"),
            ("Seattle", "WA", "WEST", [98101, 98104, 98109, 98121], "+1 206 555 01"),
            ("Boston", "MA", "EAST", [2108, 2110, 2116, 2210], "+1 617 555 01"),
            ("Atlanta", "GA", "SOUTH", [30303, 30308, 30309, 30326], "+1 404 555 01"),
            ("Denver", "CO", "CENTRAL", [80202, 80203, 80205], "+1 303 555 01"),
            ("Miami", "FL", "SOUTH", [33128, 33130, 33131, 33132], "+1 305 555 01"),
            ("San Francisco", "CA", "WEST", [94102, 94103, 94105, 94107, 94111], "+1 415 555 01"),
            ("Phoenix", "AZ", "WEST", [85003, 85004, 85012], "+1 602 555 01"),
            ("Minneapolis", "MN", "CENTRAL", [55401, 55402, 55403], "+1 612 555 01"),
        ],
        post_code="us",
        phone_digits=2,
        mobile=("+1 555 01", 2),
        company_patterns=["{S} {X}", "{S} & {S2} {X}", "{W} {W2} {X}", "{W} {S} {X}"],
        suffixes=_csv("Inc., Inc., LLC, Corp., Co."),
        words=_split("American Pacific Atlantic Summit Liberty Eagle Pioneer Frontier Keystone "
                     "Golden Cascade Midwest"),
        words2=_split("Office Furniture Systems Supply Logistics Design Partners Industries "
                      "Builders Media Consulting"),
        vat="",
    ),
}

# Persons without an employer write from a personal address.
PRIVATE_MAIL_DOMAINS = ["mail.example", "post.example", "inbox.example", "home.example"]

# Alternative address codes a few contacts have
ALT_ADDRESS_CODES = [("BRANCH", "Branch office"), ("HOLIDAY", "Holiday address"),
                     ("WAREHOUSE", "Warehouse")]

# ---------------------------------------------------------------------------
# Interactions

# Seasonal campaigns: description ({y} = year of the start), start month and day, length in
# days. Each is placed at its last run that ended before the work date.
SEASONAL_CAMPAIGNS = [
    ("Spring trade fair {y}", 3, 10, 20),
    ("Summer clearance {y}", 6, 15, 45),
    ("Autumn catalogue {y}", 9, 15, 40),
    ("Christmas mailing {y}", 11, 25, 30),
]
# Campaigns around the work date: description, start and end in days after the work date, status
CURRENT_CAMPAIGNS = [
    ("Hybrid office launch {y}", -30, 60, "STARTED"),
    ("Design week {y}", 60, 75, "PLANNED"),
]

# code, description
INTERACTION_GROUPS = [
    ("LETTER", "Letters"),
    ("EMAIL", "E-mails"),
    ("PHONE", "Phone calls"),
    ("MEETING", "Meetings"),
]

EMAIL_SUBJECTS = {
    "ENU": ["Your enquiry", "Follow-up on our quotation", "Delivery schedule", "Meeting next week",
            "Showroom visit"],
    "DEU": ["Ihre Anfrage", "Nachfrage zu unserem Angebot", "Liefertermine", "Termin nächste Woche",
            "Besuch im Showroom"],
    "FRA": ["Votre demande", "Suite à notre devis", "Calendrier de livraison",
            "Rendez-vous la semaine prochaine", "Visite du showroom"],
    "NLD": ["Uw aanvraag", "Opvolging van onze offerte", "Leveringsschema", "Afspraak volgende week",
            "Bezoek aan de showroom"],
    "ESP": ["Su consulta", "Seguimiento de nuestra oferta", "Plazos de entrega",
            "Reunión la próxima semana", "Visita a la sala de exposición"],
}

MEETING_DESCRIPTIONS = ["Customer meeting", "Showroom visit", "Project review", "Annual review"]
CALL_DESCRIPTIONS_OUT = ["Outgoing call", "Follow-up call", "Call about quotation"]
CALL_DESCRIPTIONS_IN = ["Incoming call", "Customer question", "Delivery question"]

# ---------------------------------------------------------------------------
# Letter texts. A paragraph is a list of pieces: plain text, or ("simple" | "complex"
# | "split", field name) for a MERGEFIELD of that form.

LETTER_TEXT = {
    "ENU": dict(
        subject="Our new office collection",
        body=[
            "We are pleased to introduce our new collection of office furniture, designed for "
            "hybrid teams and flexible workspaces.",
            ["As a valued contact of ", ("simple", "COMPA_Name"),
             ", you are invited to see the collection before it goes on sale."],
            "Your personal contact will be happy to arrange a visit to our showroom or a meeting "
            "at your offices.",
        ],
        table=("Your contact", "E-mail", "Phone"),
        closing="Kind regards,",
    ),
    "DEU": dict(
        subject="Unsere neue Büro-Kollektion",
        body=[
            "wir freuen uns, Ihnen unsere neue Kollektion von Büromöbeln vorzustellen, entworfen "
            "für hybride Teams und flexible Arbeitsplätze.",
            ["Als geschätzter Kunde von ", ("simple", "COMPA_Name"),
             " sind Sie eingeladen, die Kollektion schon vor dem Verkaufsstart kennenzulernen."],
            "Ihr persönlicher Ansprechpartner vereinbart gern einen Besuch in unserem Showroom "
            "oder einen Termin bei Ihnen.",
        ],
        table=("Ihr Ansprechpartner", "E-Mail", "Telefon"),
        closing="Mit freundlichen Grüßen",
    ),
    "FRA": dict(
        subject="Notre nouvelle collection de bureau",
        body=[
            "Nous avons le plaisir de vous présenter notre nouvelle collection de mobilier de "
            "bureau, conçue pour les équipes hybrides et les espaces de travail flexibles.",
            ["En tant que client privilégié de ", ("simple", "COMPA_Name"),
             ", vous êtes invité à découvrir la collection avant sa mise en vente."],
            "Votre interlocuteur se fera un plaisir d'organiser une visite de notre showroom ou "
            "un rendez-vous dans vos locaux.",
        ],
        table=("Votre interlocuteur", "E-mail", "Téléphone"),
        closing="Veuillez agréer nos salutations distinguées.",
    ),
    "NLD": dict(
        subject="Onze nieuwe kantoorcollectie",
        body=[
            "Met genoegen stellen wij u onze nieuwe collectie kantoormeubilair voor, ontworpen "
            "voor hybride teams en flexibele werkplekken.",
            ["Als gewaardeerde relatie van ", ("simple", "COMPA_Name"),
             " nodigen wij u uit de collectie te bekijken voordat deze in de verkoop gaat."],
            "Uw vaste contactpersoon maakt graag een afspraak voor een bezoek aan onze showroom "
            "of bij u op kantoor.",
        ],
        table=("Uw contactpersoon", "E-mail", "Telefoon"),
        closing="Met vriendelijke groet,",
    ),
    "ESP": dict(
        subject="Nuestra nueva colección de oficina",
        body=[
            "Nos complace presentarle nuestra nueva colección de mobiliario de oficina, diseñada "
            "para equipos híbridos y espacios de trabajo flexibles.",
            ["Como cliente apreciado de ", ("simple", "COMPA_Name"),
             ", le invitamos a conocer la colección antes de su lanzamiento."],
            "Su persona de contacto estará encantada de organizar una visita a nuestra sala de "
            "exposición o una reunión en sus oficinas.",
        ],
        table=("Su persona de contacto", "Correo electrónico", "Teléfono"),
        closing="Atentamente,",
    ),
}

EMAIL_TEXT = {
    "ENU": dict(
        subject="Newsletter: news from Harbour Lane",
        body=[
            "Here is what is new this season: height-adjustable desks in three new finishes, "
            "acoustic booths for open offices and a free planning service for your team.",
            "Reply to this e-mail and we will send you the full catalogue.",
        ],
        closing="Best wishes,",
        footer="You receive this e-mail because you subscribed to our newsletter.",
    ),
    "DEU": dict(
        subject="Newsletter: Neues von Harbour Lane",
        body=[
            "Das ist neu in dieser Saison: höhenverstellbare Schreibtische in drei neuen "
            "Oberflächen, Akustikkabinen für offene Büros und ein kostenloser Planungsservice.",
            "Antworten Sie auf diese E-Mail, und wir senden Ihnen den vollständigen Katalog.",
        ],
        closing="Viele Grüße",
        footer="Sie erhalten diese E-Mail, weil Sie unseren Newsletter abonniert haben.",
    ),
    "FRA": dict(
        subject="Lettre d'information : les nouveautés Harbour Lane",
        body=[
            "Les nouveautés de la saison : bureaux réglables en hauteur dans trois nouvelles "
            "finitions, cabines acoustiques pour open spaces et un service d'aménagement gratuit.",
            "Répondez à cet e-mail et nous vous enverrons le catalogue complet.",
        ],
        closing="Bien cordialement,",
        footer="Vous recevez cet e-mail car vous êtes abonné à notre lettre d'information.",
    ),
    "NLD": dict(
        subject="Nieuwsbrief: nieuws van Harbour Lane",
        body=[
            "Nieuw dit seizoen: zit-sta-bureaus in drie nieuwe afwerkingen, akoestische cabines "
            "voor open kantoren en een gratis inrichtingsadvies voor uw team.",
            "Beantwoord deze e-mail en wij sturen u de volledige catalogus.",
        ],
        closing="Met vriendelijke groet,",
        footer="U ontvangt deze e-mail omdat u bent geabonneerd op onze nieuwsbrief.",
    ),
    "ESP": dict(
        subject="Boletín: novedades de Harbour Lane",
        body=[
            "Novedades de esta temporada: mesas regulables en altura con tres nuevos acabados, "
            "cabinas acústicas para oficinas abiertas y un servicio gratuito de diseño de espacios.",
            "Responda a este correo y le enviaremos el catálogo completo.",
        ],
        closing="Un saludo,",
        footer="Recibe este correo porque está suscrito a nuestro boletín.",
    ),
}

# The legacy Word attachment (merge fields named "<table caption> <field caption>")
OFFER_TEXT = {
    "ENU": dict(
        subject="Your quotation",
        body=[
            "Thank you for your interest in our products. Below you find the reference of our "
            "quotation for the office furniture you asked about; it is valid for 30 days.",
            "If you have any questions, please do not hesitate to contact me.",
        ],
        table=("Our reference", "Your contact no.", "Salesperson"),
        closing="Yours sincerely,",
    ),
    "DEU": dict(
        subject="Ihr Angebot",
        body=[
            "vielen Dank für Ihr Interesse an unseren Produkten. Unten finden Sie die Referenz "
            "unseres Angebots für die angefragten Büromöbel; es ist 30 Tage gültig.",
            "Bei Fragen stehe ich Ihnen gern zur Verfügung.",
        ],
        table=("Unsere Referenz", "Ihre Kontaktnr.", "Verkäufer"),
        closing="Mit freundlichen Grüßen",
    ),
}
