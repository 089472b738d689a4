"""The tables a synthetic board is drawn from: skills, countries and cities, company names.

Real names with their real ISO codes, so the board looks and facets like a real one;
the companies are made up and live under the example domains.
"""

from __future__ import annotations

from dataclasses import dataclass

# Most popular first: the generator weights them 1/rank (Zipf), so Python is on most
# listings and the tail appears on a few, as on a real board.
SKILLS = (
    "Python", "PyTorch", "MLOps", "Kubernetes", "AWS", "LLMs", "Leadership", "SQL",
    "Stakeholder Management", "TensorFlow", "Docker", "Spark", "GCP", "Mentoring",
    "Scikit-learn", "Azure", "Airflow", "Recommender Systems", "NLP", "Computer Vision",
    "Kafka", "Terraform", "Hiring", "System Design", "Go", "C++", "Distributed Training",
    "MLflow", "Ray", "JAX", "Vector Databases", "Retrieval-Augmented Generation",
    "Feature Stores", "Experimentation", "Technical Strategy", "Roadmapping", "Java",
    "Scala", "Rust", "Kubeflow", "Causal Inference", "Time Series Forecasting", "CUDA",
    "Model Evaluation", "Data Engineering", "Databricks", "Snowflake", "BigQuery", "dbt",
    "Responsible AI", "Observability", "Search Ranking", "Reinforcement Learning",
    "Speech Recognition", "ONNX", "Triton Inference Server", "Edge ML",
    "Graph Neural Networks", "Bayesian Methods", "Statistics", "Privacy Engineering",
    "Product Sense", "Budgeting", "Fraud Detection",
)  # fmt: skip


@dataclass(frozen=True)
class Country:
    """A country: its ISO code, the currency its jobs pay in and a typical senior salary."""

    code: str
    currency: str
    usd_per_year: int  # a senior ML tech lead's base pay there, in US dollars
    weight: int  # how many of the board's companies sit there, relatively
    cities: tuple[tuple[str, str | None], ...]  # (city, region or None)


def _cities(text: str) -> tuple[tuple[str, str | None], ...]:
    """``"Austin/TX; Boston/MA"`` → ``(("Austin", "TX"), ("Boston", "MA"))``."""
    cities: list[tuple[str, str | None]] = []
    for item in text.split(";"):
        name, _, region = item.strip().partition("/")
        cities.append((name, region or None))
    return tuple(cities)


COUNTRIES = (
    Country("US", "USD", 230_000, 30, _cities(
        "New York/NY; San Francisco/CA; Seattle/WA; Austin/TX; Boston/MA; Chicago/IL; "
        "Los Angeles/CA; San Jose/CA; Palo Alto/CA; Mountain View/CA; Sunnyvale/CA; "
        "San Diego/CA; Denver/CO; Boulder/CO; Atlanta/GA; Miami/FL; Washington/DC; "
        "Pittsburgh/PA; Philadelphia/PA; Portland/OR; Salt Lake City/UT; Raleigh/NC; "
        "Durham/NC; Minneapolis/MN; Detroit/MI; Ann Arbor/MI; Columbus/OH; Nashville/TN; "
        "Dallas/TX; Houston/TX; Phoenix/AZ; Madison/WI; Baltimore/MD; Cambridge/MA; "
        "New Haven/CT; Kansas City/MO; St. Louis/MO; Charlotte/NC; Redmond/WA; Irvine/CA"
    )),
    Country("CA", "CAD", 170_000, 6, _cities(
        "Toronto/ON; Montréal/QC; Vancouver/BC; Ottawa/ON; Waterloo/ON; Calgary/AB; "
        "Edmonton/AB; Québec City/QC; Halifax/NS; Winnipeg/MB"
    )),
    Country("GB", "GBP", 150_000, 9, _cities(
        "London; Manchester; Edinburgh; Cambridge; Oxford; Bristol; Leeds; Glasgow; "
        "Birmingham; Belfast; Cardiff; Newcastle upon Tyne; Reading; Brighton"
    )),
    Country("IE", "EUR", 140_000, 3, _cities("Dublin; Cork; Galway; Limerick")),
    Country("DE", "EUR", 125_000, 8, _cities(
        "Berlin/BE; München/BY; Hamburg/HH; Frankfurt am Main/HE; Köln/NW; Stuttgart/BW; "
        "Düsseldorf/NW; Leipzig/SN; Karlsruhe/BW; Dresden/SN; Heidelberg/BW; Nürnberg/BY"
    )),
    Country("NL", "EUR", 125_000, 5, _cities(
        "Amsterdam; Rotterdam; Utrecht; Eindhoven; The Hague; Delft; Groningen"
    )),
    Country("FR", "EUR", 110_000, 5, _cities(
        "Paris; Lyon; Toulouse; Grenoble; Nantes; Bordeaux; Lille; Montpellier; Nice; Marseille"
    )),
    Country("ES", "EUR", 85_000, 4, _cities(
        "Madrid; Barcelona; Valencia; Seville; Málaga; Bilbao"
    )),
    Country("PT", "EUR", 70_000, 2, _cities("Lisbon; Porto; Braga; Coimbra")),
    Country("IT", "EUR", 80_000, 3, _cities("Milan; Rome; Turin; Bologna; Florence; Naples")),
    Country("BE", "EUR", 110_000, 2, _cities("Brussels; Antwerp; Ghent; Leuven")),
    Country("AT", "EUR", 105_000, 2, _cities("Vienna; Graz; Linz; Innsbruck")),
    Country("CH", "CHF", 200_000, 3, _cities(
        "Zürich/ZH; Geneva/GE; Lausanne/VD; Basel/BS; Bern/BE; Lugano/TI"
    )),
    Country("SE", "SEK", 100_000, 3, _cities("Stockholm; Gothenburg; Malmö; Uppsala; Lund")),
    Country("NO", "NOK", 110_000, 2, _cities("Oslo; Bergen; Trondheim; Stavanger")),
    Country("DK", "DKK", 120_000, 2, _cities("Copenhagen; Aarhus; Odense; Aalborg")),
    Country("FI", "EUR", 95_000, 2, _cities("Helsinki; Espoo; Tampere; Oulu; Turku")),
    Country("PL", "PLN", 75_000, 3, _cities(
        "Warsaw; Kraków; Wrocław; Gdańsk; Poznań; Łódź"
    )),
    Country("CZ", "CZK", 70_000, 2, _cities("Prague; Brno; Ostrava")),
    Country("HU", "HUF", 55_000, 1, _cities("Budapest; Debrecen; Szeged")),
    Country("RO", "RON", 55_000, 2, _cities("Bucharest; Cluj-Napoca; Iași; Timișoara")),
    Country("EE", "EUR", 70_000, 1, _cities("Tallinn; Tartu")),
    Country("IL", "ILS", 170_000, 3, _cities("Tel Aviv; Haifa; Jerusalem; Herzliya; Beersheba")),
    Country("AE", "AED", 150_000, 2, _cities("Dubai; Abu Dhabi; Sharjah")),
    Country("IN", "INR", 60_000, 8, _cities(
        "Bengaluru/KA; Hyderabad/TG; Pune/MH; Mumbai/MH; Chennai/TN; Gurugram/HR; Noida/UP; "
        "New Delhi/DL; Kolkata/WB; Ahmedabad/GJ; Kochi/KL; Jaipur/RJ; Coimbatore/TN; Indore/MP"
    )),
    Country("SG", "SGD", 160_000, 3, _cities("Singapore")),
    Country("JP", "JPY", 110_000, 3, _cities(
        "Tokyo; Osaka; Kyoto; Fukuoka; Yokohama; Nagoya; Sapporo"
    )),
    Country("KR", "KRW", 95_000, 2, _cities("Seoul; Busan; Seongnam; Daejeon; Incheon")),
    Country("TW", "TWD", 80_000, 1, _cities("Taipei; Hsinchu; Taichung; Kaohsiung")),
    Country("HK", "HKD", 140_000, 1, _cities("Hong Kong")),
    Country("CN", "CNY", 90_000, 2, _cities(
        "Shanghai; Beijing; Shenzhen; Hangzhou; Guangzhou; Chengdu; Nanjing"
    )),
    Country("AU", "AUD", 160_000, 4, _cities(
        "Sydney/NSW; Melbourne/VIC; Brisbane/QLD; Perth/WA; Adelaide/SA; Canberra/ACT; "
        "Hobart/TAS; Gold Coast/QLD"
    )),
    Country("NZ", "NZD", 120_000, 1, _cities("Auckland; Wellington; Christchurch; Dunedin")),
    Country("BR", "BRL", 60_000, 3, _cities(
        "São Paulo/SP; Rio de Janeiro/RJ; Belo Horizonte/MG; Curitiba/PR; Porto Alegre/RS; "
        "Florianópolis/SC; Recife/PE; Campinas/SP"
    )),
    Country("MX", "MXN", 60_000, 2, _cities(
        "Mexico City; Guadalajara; Monterrey; Querétaro; Puebla; Mérida"
    )),
    Country("AR", "USD", 50_000, 1, _cities("Buenos Aires; Córdoba; Rosario; Mendoza")),
    Country("CL", "CLP", 55_000, 1, _cities("Santiago; Valparaíso; Concepción")),
    Country("CO", "COP", 50_000, 1, _cities("Bogotá; Medellín; Cali; Barranquilla")),
    Country("ZA", "ZAR", 70_000, 2, _cities(
        "Cape Town; Johannesburg; Durban; Pretoria; Stellenbosch"
    )),
    Country("KE", "KES", 45_000, 1, _cities("Nairobi; Mombasa; Kisumu")),
    Country("NG", "USD", 45_000, 1, _cities("Lagos; Abuja; Ibadan")),
    Country("EG", "EGP", 35_000, 1, _cities("Cairo; Alexandria; Giza")),
    Country("TR", "TRY", 45_000, 1, _cities("Istanbul; Ankara; Izmir")),
    Country("MY", "MYR", 55_000, 1, _cities("Kuala Lumpur; George Town; Johor Bahru; Cyberjaya")),
    Country("TH", "THB", 50_000, 1, _cities("Bangkok; Chiang Mai; Khon Kaen")),
    Country("ID", "IDR", 45_000, 1, _cities("Jakarta; Bandung; Surabaya; Yogyakarta")),
    Country("PH", "PHP", 40_000, 1, _cities(
        "Manila; Makati; Quezon City; Cebu City; Davao City"
    )),
    Country("VN", "VND", 40_000, 1, _cities("Ho Chi Minh City; Hanoi; Da Nang")),
)  # fmt: skip

# Rough units of each currency per US dollar: enough for plausible figures.
PER_USD = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "CHF": 0.88, "CAD": 1.36, "AUD": 1.52, "NZD": 1.65,
    "SEK": 10.5, "NOK": 10.6, "DKK": 6.9, "PLN": 4.0, "CZK": 23, "HUF": 360, "RON": 4.6,
    "ILS": 3.7, "AED": 3.67, "INR": 83, "SGD": 1.34, "JPY": 150, "KRW": 1330, "TWD": 32,
    "HKD": 7.8, "CNY": 7.2, "BRL": 5.0, "MXN": 17, "CLP": 900, "COP": 4000, "ZAR": 18.5,
    "KES": 130, "EGP": 48, "TRY": 32, "MYR": 4.7, "THB": 36, "IDR": 15700, "PHP": 56,
    "VND": 24500,
}  # fmt: skip

# Countries remote listings commonly admit, by region.
REMOTE_REGIONS = (
    ("US", "CA"),
    ("DE", "NL", "FR", "ES", "PT", "IE", "AT", "BE", "DK", "SE", "FI", "PL", "IT", "CZ", "EE"),
    ("GB", "IE"),
    ("BR", "MX", "AR", "CL", "CO"),
    ("AU", "NZ", "SG", "JP"),
    ("IN", "SG", "MY", "PH"),
    ("ZA", "KE", "NG", "EG"),
)

NAME_FIRST = (
    "Aldermoor", "Brightwater", "Cobalt", "Driftwood", "Ember", "Fernhill", "Granite",
    "Harbor", "Ironleaf", "Juniper", "Kestrel", "Lumen", "Meridian", "Northwind",
    "Oakridge", "Pinecrest", "Quill", "Riverstone", "Saltmarsh", "Tidewater", "Umber",
    "Vantage", "Willow", "Yarrow", "Zephyr", "Amberline", "Bluefin", "Cedar", "Dawnlight",
    "Evergreen", "Foxglove", "Goldcrest", "Heron", "Indigo", "Jadestone", "Kite",
    "Larkspur", "Maple", "Nimbus", "Orchid", "Paragon", "Quartz", "Redwood", "Sable",
    "Thistle", "Upland", "Verdant", "Wren", "Atlas", "Beacon", "Crescent", "Delta", "Echo",
    "Falcon", "Glacier", "Horizon", "Iris", "Keystone", "Lattice", "Mosaic",
)  # fmt: skip

# The second word of a company's name says what it does; each has its usual focus areas.
INDUSTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Labs": ("builds machine learning infrastructure for other engineering teams",
             ("ML Platform", "Model Serving", "Training Infrastructure")),
    "Health": ("makes software that clinicians use every day in hospitals and clinics",
               ("Clinical NLP", "Medical Imaging", "Patient Risk Models")),
    "Robotics": ("designs autonomous robots for warehouses and factories",
                 ("Perception", "Motion Planning", "Robot Learning")),
    "Analytics": ("helps retailers and brands understand what their customers want",
                  ("Forecasting", "Customer Insights", "Experimentation Platform")),
    "Bank": ("is a digital bank with several million customers",
             ("Credit Risk", "Financial Crime", "Personal Finance")),
    "Logistics": ("moves freight across continents for thousands of shippers",
                  ("Demand Forecasting", "Route Optimization", "ETA Prediction")),
    "Energy": ("balances renewable power for utilities and grid operators",
               ("Grid Forecasting", "Energy Trading", "Asset Health")),
    "Media": ("publishes news, video and podcasts to a large audience",
              ("Generative AI", "Content Understanding", "Recommendations")),
    "Retail": ("runs an online marketplace with a catalogue of millions of products",
               ("Personalization", "Search Ranking", "Pricing")),
    "Security": ("protects companies' networks and accounts from attackers",
                 ("Threat Detection", "Anomaly Detection", "Identity Risk")),
    "Mobility": ("runs a ride-hailing and delivery marketplace in dozens of cities",
                 ("Marketplace Pricing", "Dispatch", "Safety")),
    "Systems": ("builds the chips and compilers that run neural networks fast",
                ("ML Compilers", "Inference Performance", "Hardware Co-design")),
    "AI": ("trains and ships large language models for businesses",
           ("LLM Applications", "Foundation Models", "Evaluation")),
    "Insurance": ("sells home and car insurance online",
                  ("Claims Automation", "Pricing Models", "Fraud Detection")),
    "Games": ("makes online games played by millions every month",
              ("Player Experience", "Matchmaking", "Anti-cheat")),
    "Bio": ("discovers new medicines with machine learning and a wet lab",
            ("Protein Design", "Drug Discovery", "Genomics")),
    "Payments": ("processes card and bank payments for online merchants",
                 ("Payment Fraud", "Risk Scoring", "Merchant Insights")),
    "Foods": ("delivers groceries within the hour",
              ("Supply Chain", "Demand Planning", "Recommendations")),
    "Travel": ("sells flights, hotels and holidays",
               ("Search and Ranking", "Dynamic Pricing", "Customer Support AI")),
    "Learning": ("teaches languages and coding to learners around the world",
                 ("Adaptive Learning", "Speech", "Content Generation")),
}  # fmt: skip

DOMAINS = ("example.com", "example.org", "example.net")

# How often each value turns up, relatively.
WORKPLACES = {"onsite": 35, "hybrid": 40, "remote": 25}
EMPLOYMENT = {"full-time": 80, "part-time": 5, "contract": 8, "temporary": 4, "internship": 3}
SENIORITY = {"mid": 10, "senior": 35, "staff": 20, "lead": 15, "principal": 12, "director": 8}
PAY_FACTOR = {"mid": 0.75, "senior": 1.0, "staff": 1.2, "lead": 1.15, "principal": 1.4,
              "director": 1.6}  # fmt: skip
# Which periods each kind of contract is paid by, and how often.
PERIODS = {
    "full-time": {"year": 85, "month": 15},
    "part-time": {"month": 50, "hour": 50},
    "contract": {"day": 50, "hour": 35, "week": 15},
    "temporary": {"week": 50, "month": 50},
    "internship": {"month": 70, "hour": 30},
}
# How many listings are live on the build date, closed, not yet posted, or drafts.
STATUSES = {"open": 67, "expired": 22, "scheduled": 8, "draft": 3}
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
TITLE_FORMS = (
    "{level}ML Tech Lead, {area}",
    "{level}Machine Learning Tech Lead, {area}",
    "{level}ML Tech Lead — {area}",
    "{level}Tech Lead, Machine Learning ({area})",
)
LEVELS = {"mid": "", "senior": "Senior ", "staff": "Staff ", "lead": "Lead ",
          "principal": "Principal ", "director": "Director "}  # fmt: skip
CONTRACT_WORD = {"part-time": "Part-time ", "contract": "Contract ", "temporary": "Interim ",
                 "internship": "Intern "}  # fmt: skip
