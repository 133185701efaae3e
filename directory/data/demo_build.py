# ruff: noqa: E501
"""Build Onward's demo area: fictional services in and around Manchester, UK.

This file is the source. Run it to rewrite demo.json next to it:

    .venv/bin/python directory/data/demo_build.py

The output is HSDS 3.0 JSON (a list of nested service objects) with Onward's `onward`
extension, as directory/FORMAT.md describes. Everything here is made up: the
organisations, services, people, buildings and street addresses do not exist. Phone
numbers are from Ofcom's range for drama (0161 496 0000 to 0161 496 0999), web
addresses and emails use example.org, and postcodes use the made-up inward part "9ZZ".

Every id is uuid5(NAMESPACE_URL, "https://onward.example.org/demo/<kind>/<slug>"), so a
rebuild gives the same ids and importing the file again updates the same records.

Texts are written plainly (reading age about 9) in English, with translations for ar,
es, fr, ru and zh_Hans. Spanish uses "tú", French and Russian the polite "vous"/"вы",
as in Onward's own messages. Keep phone numbers, postcodes and URLs unchanged in every
language. After editing, run this file: it checks the data before it writes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.yamlsource import load_file

HERE = Path(__file__).resolve().parent
OUT_FILE = HERE / "demo.json"
TAXONOMY_FILE = HERE / "taxonomy.yaml"

LOCALES = ("ar", "es", "fr", "ru", "zh_Hans")
# What ends every demo name, so nobody mistakes the demo area for real services.
DEMO_MARKER = {
    "en": " (demo)",
    "ar": " (تجريبي)",
    "es": " (demo)",
    "fr": " (démo)",
    "ru": " (демо)",
    "zh_Hans": "（演示）",
}
TIMEZONE = "Europe/London"
ASSURER_EMAIL = "directory@example.org"
# assured_date is spread over this range, so some records look stale.
ASSURED_FROM = dt.date(2025, 6, 1)
ASSURED_TO = dt.date(2026, 11, 20)

Json = dict[str, Any]
Text = dict[str, str]  # "en" plus one entry per locale in LOCALES


def tr(en: str, *, ar: str, es: str, fr: str, ru: str, zh: str) -> Text:
    """One text in English and its translations."""
    return {"en": en, "ar": ar, "es": es, "fr": fr, "ru": ru, "zh_Hans": zh}


def demo_id(kind: str, slug: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://onward.example.org/demo/{kind}/{slug}"))


# --- Phrases used by several services ---------------------------------------------------

FREE = tr("Free.", ar="مجاني.", es="Gratis.", fr="Gratuit.", ru="Бесплатно.", zh="免费。")

DROP_IN = tr(
    "Just come in. You do not need an appointment.",
    ar="تعال فقط. لا تحتاج إلى موعد.",
    es="Solo ven. No necesitas cita.",
    fr="Venez simplement. Pas besoin de rendez-vous.",
    ru="Просто приходите. Записываться не нужно.",
    zh="直接来就行，不需要预约。",
)
CALL_FIRST = tr(
    "Call us first. We will find a time that suits you.",
    ar="اتصل بنا أولًا. سنجد وقتًا يناسبك.",
    es="Llámanos primero. Buscaremos una hora que te venga bien.",
    fr="Appelez-nous d'abord. Nous trouverons un moment qui vous convient.",
    ru="Сначала позвоните нам. Мы подберём удобное для вас время.",
    zh="请先给我们打电话。我们会找一个适合你的时间。",
)
CALL_OR_REFERRAL = tr(
    "Call us, or ask your probation officer to refer you.",
    ar="اتصل بنا، أو اطلب من ضابط المراقبة أن يحيلك إلينا.",
    es="Llámanos o pide a tu agente de libertad condicional que te derive.",
    fr="Appelez-nous, ou demandez à votre conseiller de probation de vous orienter vers nous.",
    ru="Позвоните нам или попросите своего сотрудника службы пробации направить вас к нам.",
    zh="给我们打电话，或请你的缓刑官把你转介给我们。",
)
FOR_LEFT_PRISON = tr(
    "Anyone who has left prison or is about to leave.",
    ar="أي شخص خرج من السجن أو سيخرج قريبًا.",
    es="Cualquier persona que ha salido de prisión o va a salir pronto.",
    fr="Toute personne sortie de prison ou qui va bientôt sortir.",
    ru="Все, кто вышел из тюрьмы или скоро выйдет.",
    zh="刚出狱或即将出狱的任何人。",
)
FOR_PRISON_AND_FAMILIES = tr(
    "Anyone who has been in prison, and their families.",
    ar="أي شخص كان في السجن، وعائلته.",
    es="Cualquier persona que ha estado en prisión, y su familia.",
    fr="Toute personne qui a été en prison, et sa famille.",
    ru="Все, кто был в тюрьме, и их семьи.",
    zh="任何曾经坐过牢的人，以及他们的家人。",
)
FOR_ANYONE = tr(
    "Anyone can come. You do not need to tell us about your past.",
    ar="يمكن لأي شخص أن يأتي. لا تحتاج أن تخبرنا عن ماضيك.",
    es="Puede venir cualquier persona. No tienes que contarnos tu pasado.",
    fr="Tout le monde peut venir. Vous n'avez pas besoin de parler de votre passé.",
    ru="Прийти может любой. Вам не нужно рассказывать о своём прошлом.",
    zh="任何人都可以来。你不需要告诉我们你的过去。",
)
FOR_WOMEN = tr(
    "Women aged 18 and over. Trans women are welcome.",
    ar="النساء من عمر 18 سنة فأكثر. النساء العابرات جنسيًا مرحّب بهن.",
    es="Mujeres de 18 años o más. Las mujeres trans son bienvenidas.",
    fr="Femmes de 18 ans et plus. Les femmes trans sont les bienvenues.",
    ru="Женщины от 18 лет. Трансгендерные женщины тоже могут прийти.",
    zh="18岁及以上的女性。跨性别女性也欢迎。",
)
FOR_YOUNG_ADULTS = tr(
    "Young people aged 18 to 25 who have been in prison or a young offender institution.",
    ar="الشباب من عمر 18 إلى 25 سنة الذين كانوا في السجن أو في مؤسسة الأحداث.",
    es="Jóvenes de 18 a 25 años que han estado en prisión o en un centro de menores.",
    fr="Jeunes de 18 à 25 ans qui ont été en prison ou dans un centre pour jeunes détenus.",
    ru="Молодые люди от 18 до 25 лет, которые были в тюрьме или колонии для несовершеннолетних.",
    zh="坐过牢或进过青少年犯管教所的18到25岁年轻人。",
)
FOR_VETERANS = tr(
    "People who served in the armed forces, including the reserves, who have been in prison.",
    ar="الأشخاص الذين خدموا في القوات المسلحة، بما في ذلك الاحتياط، وكانوا في السجن.",
    es="Personas que sirvieron en las fuerzas armadas, incluida la reserva, y que han estado en prisión.",
    fr="Personnes qui ont servi dans les forces armées, y compris la réserve, et qui ont été en prison.",
    ru="Люди, которые служили в вооружённых силах, в том числе в резерве, и были в тюрьме.",
    zh="曾在军队服役（包括预备役）并坐过牢的人。",
)
FOR_LGBTQ = tr(
    "Lesbian, gay, bi, trans and queer people who have been in prison.",
    ar="أفراد مجتمع الميم (مثليات ومثليون ومزدوجو الميول وعابرون جنسيًا وكوير) الذين كانوا في السجن.",
    es="Personas lesbianas, gais, bisexuales, trans y queer que han estado en prisión.",
    fr="Personnes lesbiennes, gays, bi, trans et queer qui ont été en prison.",
    ru="Лесбиянки, геи, бисексуалы, трансгендерные и квир-люди, которые были в тюрьме.",
    zh="坐过牢的女同性恋、男同性恋、双性恋、跨性别和酷儿人士。",
)
FOR_FAMILIES = tr(
    "Families and friends of someone in prison.",
    ar="عائلات وأصدقاء شخص في السجن.",
    es="Familiares y amigos de una persona en prisión.",
    fr="Familles et amis d'une personne en prison.",
    ru="Родные и друзья человека, который находится в тюрьме.",
    zh="有人在坐牢的家属和朋友。",
)
NO_NAME_NEEDED = tr(
    "Call the number. You do not have to give your name.",
    ar="اتصل بالرقم. لا يلزمك أن تذكر اسمك.",
    es="Llama al número. No tienes que decir tu nombre.",
    fr="Appelez le numéro. Vous n'êtes pas obligé de donner votre nom.",
    ru="Позвоните по номеру. Называть имя не обязательно.",
    zh="拨打这个号码。你不用说出名字。",
)

# How to get to a building (location `transportation`).
NEAR_CITY_BUS_STATION = tr(
    "In the city centre, five minutes' walk from the main bus station. Step-free entrance.",
    ar="في وسط المدينة، على بعد خمس دقائق سيرًا من محطة الحافلات الرئيسية. المدخل بلا درج.",
    es="En el centro de la ciudad, a cinco minutos a pie de la estación principal de autobuses. Entrada sin escalones.",
    fr="Dans le centre-ville, à cinq minutes à pied de la gare routière principale. Entrée de plain-pied.",
    ru="В центре города, в пяти минутах пешком от главного автовокзала. Вход без ступенек.",
    zh="在市中心，从主要公交车站步行五分钟。入口没有台阶。",
)
NEAR_BUSES = tr(
    "Several buses stop close by. Step-free entrance.",
    ar="عدة حافلات تتوقف بالقرب من هنا. المدخل بلا درج.",
    es="Varios autobuses paran cerca. Entrada sin escalones.",
    fr="Plusieurs bus s'arrêtent tout près. Entrée de plain-pied.",
    ru="Рядом останавливаются несколько автобусов. Вход без ступенек.",
    zh="附近有好几路公交车站。入口没有台阶。",
)
NEAR_TRAM = tr(
    "Ten minutes' walk from the tram stop.",
    ar="على بعد عشر دقائق سيرًا من محطة الترام.",
    es="A diez minutos a pie de la parada del tranvía.",
    fr="À dix minutes à pied de l'arrêt de tram.",
    ru="В десяти минутах пешком от остановки трамвая.",
    zh="从有轨电车站步行十分钟。",
)
NEAR_TRAM_SIDE_DOOR = tr(
    "Ten minutes' walk from the tram stop. Ring the bell at the side door.",
    ar="على بعد عشر دقائق سيرًا من محطة الترام. اضغط الجرس عند الباب الجانبي.",
    es="A diez minutos a pie de la parada del tranvía. Toca el timbre de la puerta lateral.",
    fr="À dix minutes à pied de l'arrêt de tram. Sonnez à la porte latérale.",
    ru="В десяти минутах пешком от остановки трамвая. Позвоните в звонок у боковой двери.",
    zh="从有轨电车站步行十分钟。请按侧门的门铃。",
)
NEAR_TRAINS = tr(
    "Five minutes' walk from the train station and the bus station.",
    ar="على بعد خمس دقائق سيرًا من محطة القطار ومحطة الحافلات.",
    es="A cinco minutos a pie de la estación de tren y de la de autobuses.",
    fr="À cinq minutes à pied de la gare et de la gare routière.",
    ru="В пяти минутах пешком от железнодорожного вокзала и автовокзала.",
    zh="从火车站和公交车站步行五分钟。",
)
UPSTAIRS_WITH_LIFT = tr(
    "First floor, with a lift. Buses stop outside.",
    ar="في الطابق الأول، ويوجد مصعد. تتوقف الحافلات أمام المبنى.",
    es="Primer piso, con ascensor. Los autobuses paran en la puerta.",
    fr="Premier étage, avec ascenseur. Les bus s'arrêtent devant.",
    ru="Второй этаж, есть лифт. Автобусы останавливаются у входа.",
    zh="在二楼，有电梯。公交车就停在门口。",
)

# --- Documents to bring (HSDS required_document) -----------------------------------------

DOCUMENTS: dict[str, Text] = {
    "licence": tr(
        "Your release licence, if you have it",
        ar="وثيقة الإفراج المشروط (licence)، إن كانت معك",
        es="Tu documento de libertad condicional (licence), si lo tienes",
        fr="Votre document de libération conditionnelle (licence), si vous l'avez",
        ru="Ваши документы об освобождении (licence), если они у вас есть",
        zh="你的假释许可文件（licence），如果有的话",
    ),
    "id_any": tr(
        "Any ID you have. If you have none, come anyway.",
        ar="أي هوية لديك. إذا لم يكن لديك أي هوية، تعال على أي حال.",
        es="Cualquier documento de identidad que tengas. Si no tienes ninguno, ven igualmente.",
        fr="Une pièce d'identité, si vous en avez une. Si vous n'en avez pas, venez quand même.",
        ru="Любой документ, удостоверяющий личность. Если документов нет, всё равно приходите.",
        zh="你有的任何身份证件。如果一个都没有，也请照样来。",
    ),
    "name_papers": tr(
        "Any papers with your name on them, such as letters or your prison discharge papers",
        ar="أي أوراق عليها اسمك، مثل الرسائل أو أوراق الخروج من السجن",
        es="Cualquier papel con tu nombre, como cartas o los papeles de salida de la prisión",
        fr="Tout papier à votre nom, comme des lettres ou vos papiers de sortie de prison",
        ru="Любые бумаги с вашим именем, например письма или справку об освобождении",
        zh="任何写有你名字的文件，比如信件或出狱文件",
    ),
    "referral": tr(
        "A referral from your probation officer or key worker",
        ar="إحالة من ضابط المراقبة أو المرشد المسؤول عنك",
        es="Una derivación de tu agente de libertad condicional o de tu trabajador de apoyo",
        fr="Une orientation de votre conseiller de probation ou de votre référent",
        ru="Направление от сотрудника пробации или вашего куратора",
        zh="缓刑官或专职辅导员开的转介信",
    ),
    "tenancy_letters": tr(
        "Letters from your landlord or the council",
        ar="الرسائل من المالك أو من المجلس المحلي",
        es="Las cartas de tu casero o del ayuntamiento",
        fr="Les courriers de votre propriétaire ou de la mairie",
        ru="Письма от арендодателя или местного совета",
        zh="房东或市政府寄给你的信",
    ),
    "benefit_letters": tr(
        "Letters about your benefits, if you have them",
        ar="الرسائل المتعلقة بإعاناتك، إن كانت لديك",
        es="Las cartas sobre tus ayudas sociales, si las tienes",
        fr="Les courriers sur vos aides sociales, si vous en avez",
        ru="Письма о ваших пособиях, если они есть",
        zh="有关你福利的信件，如果有的话",
    ),
    "debt_letters": tr(
        "Bills, fines or letters about money you owe",
        ar="الفواتير أو الغرامات أو الرسائل المتعلقة بالمال الذي عليك",
        es="Facturas, multas o cartas sobre el dinero que debes",
        fr="Les factures, amendes ou courriers sur l'argent que vous devez",
        ru="Счета, штрафы или письма о ваших долгах",
        zh="账单、罚款单，或有关你欠钱的信件",
    ),
    "ni_number": tr(
        "Your National Insurance number, if you know it",
        ar="رقم التأمين الوطني (National Insurance) الخاص بك، إن كنت تعرفه",
        es="Tu número de la Seguridad Social británica (National Insurance), si lo sabes",
        fr="Votre numéro de National Insurance (sécurité sociale), si vous le connaissez",
        ru="Ваш номер National Insurance (социального страхования), если вы его знаете",
        zh="你的国民保险号码（National Insurance number），如果你知道的话",
    ),
    "nhs_number": tr(
        "Your NHS number, if you know it",
        ar="رقمك في هيئة الخدمات الصحية الوطنية (NHS)، إن كنت تعرفه",
        es="Tu número del NHS, si lo sabes",
        fr="Votre numéro NHS, si vous le connaissez",
        ru="Ваш номер NHS, если вы его знаете",
        zh="你的NHS号码，如果你知道的话",
    ),
    "court_letters": tr(
        "Any letters from the court, probation or your solicitor",
        ar="أي رسائل من المحكمة أو من المراقبة أو من محاميك",
        es="Las cartas del juzgado, de libertad condicional o de tu abogado",
        fr="Les courriers du tribunal, de la probation ou de votre avocat",
        ru="Письма из суда, службы пробации или от вашего адвоката",
        zh="法院、缓刑部门或你的律师寄来的信",
    ),
    "visit_details": tr(
        "The full name and prison number of the person you want to visit",
        ar="الاسم الكامل ورقم السجين للشخص الذي تريد زيارته",
        es="El nombre completo y el número de preso de la persona que quieres visitar",
        fr="Le nom complet et le numéro d'écrou de la personne que vous voulez visiter",
        ru="Полное имя и тюремный номер человека, которого вы хотите навестить",
        zh="你想探望的人的全名和囚犯编号",
    ),
    "photo": tr(
        "A passport-size photo. We can take one for free.",
        ar="صورة بحجم صورة جواز السفر. يمكننا أن نلتقطها لك مجانًا.",
        es="Una foto de tamaño carné. Te la podemos hacer gratis.",
        fr="Une photo d'identité. Nous pouvons la prendre gratuitement.",
        ru="Фото как на паспорт. Мы можем бесплатно вас сфотографировать.",
        zh="一张护照尺寸的照片。我们可以免费帮你拍。",
    ),
    "discharge_papers": tr(
        "Your armed forces discharge papers, if you have them",
        ar="أوراق تسريحك من القوات المسلحة، إن كانت معك",
        es="Tus papeles de baja de las fuerzas armadas, si los tienes",
        fr="Vos papiers de fin de service militaire, si vous les avez",
        ru="Документы об увольнении из вооружённых сил, если они у вас есть",
        zh="你的军队退役证明，如果有的话",
    ),
}

# Spoken languages: HSDS language name (in English) by code.
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "Arabic",
    "zh": "Chinese",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
    "pl": "Polish",
    "ur": "Urdu",
}


# --- Organizations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    name: Text  # without the demo marker; build() adds it
    description: Text


ORGS: dict[str, Org] = {
    "oakbridge": Org(
        tr(
            "Oakbridge Resettlement Trust",
            ar="صندوق أوكبريدج لإعادة الإدماج",
            es="Fundación Oakbridge para la Reinserción",
            fr="Fondation Oakbridge pour la réinsertion",
            ru="Фонд реинтеграции «Оукбридж»",
            zh="奥克布里奇重返社会基金会",
        ),
        tr(
            "A charity that helps people in their first days and weeks after prison: a bed, money, ID and a friendly face.",
            ar="جمعية خيرية تساعد الناس في أيامهم وأسابيعهم الأولى بعد السجن: سرير، ومال، وهوية، ووجه ودود.",
            es="Una organización benéfica que ayuda a las personas en sus primeros días y semanas después de la prisión: una cama, dinero, documentos y una cara amable.",
            fr="Une association qui aide les personnes pendant leurs premiers jours et premières semaines après la prison : un lit, de l'argent, des papiers et un visage amical.",
            ru="Благотворительная организация, которая помогает людям в первые дни и недели после тюрьмы: ночлег, деньги, документы и доброе слово.",
            zh="一家慈善机构，在人们出狱后的头几天和头几周提供帮助：床位、钱、证件，还有友善的笑脸。",
        ),
    ),
    "lamplight": Org(
        tr(
            "Lamplight Shelters",
            ar="ملاجئ لامبلايت",
            es="Albergues Lamplight",
            fr="Foyers Lamplight",
            ru="Приюты «Лэмплайт»",
            zh="明灯收容所",
        ),
        tr(
            "Night shelters and same-day help for anyone with nowhere to sleep in Manchester.",
            ar="ملاجئ ليلية ومساعدة في نفس اليوم لأي شخص ليس لديه مكان ينام فيه في مانشستر.",
            es="Albergues nocturnos y ayuda en el mismo día para cualquier persona sin un lugar donde dormir en Manchester.",
            fr="Des foyers de nuit et une aide le jour même pour toute personne qui n'a nulle part où dormir à Manchester.",
            ru="Ночные приюты и помощь в тот же день для всех, кому негде спать в Манчестере.",
            zh="为在曼彻斯特没有地方睡觉的任何人提供夜间收容所和当天帮助。",
        ),
    ),
    "keystone": Org(
        tr(
            "Keystone Homes Partnership",
            ar="شراكة كيستون للإسكان",
            es="Asociación de Viviendas Keystone",
            fr="Partenariat Keystone pour le logement",
            ru="Жилищное партнёрство «Кистоун»",
            zh="基石住房合作组织",
        ),
        tr(
            "Supported housing and tenancy help for people with convictions across Greater Manchester.",
            ar="سكن مدعوم ومساعدة في الإيجار للأشخاص الذين لديهم سوابق في أنحاء مانشستر الكبرى.",
            es="Vivienda con apoyo y ayuda con el alquiler para personas con antecedentes penales en todo el Gran Manchester.",
            fr="Du logement accompagné et de l'aide pour la location, pour les personnes qui ont un casier judiciaire, dans tout le Grand Manchester.",
            ru="Жильё с поддержкой и помощь с арендой для людей с судимостью по всему Большому Манчестеру.",
            zh="在大曼彻斯特各地，为有犯罪记录的人提供支持性住房和租房帮助。",
        ),
    ),
    "shared_plate": Org(
        tr(
            "Shared Plate Food Collective",
            ar="تجمّع الطبق المشترك للطعام",
            es="Colectivo de Alimentos Plato Compartido",
            fr="Collectif alimentaire L'Assiette partagée",
            ru="Продуктовое объединение «Общая тарелка»",
            zh="共享餐盘食物互助社",
        ),
        tr(
            "Community food banks, meals and markets run by local volunteers.",
            ar="بنوك طعام ووجبات وأسواق مجتمعية يديرها متطوعون محليون.",
            es="Bancos de alimentos, comidas y mercados comunitarios llevados por voluntarios del barrio.",
            fr="Des banques alimentaires, des repas et des marchés solidaires tenus par des bénévoles du quartier.",
            ru="Продуктовые банки, бесплатные обеды и рынки, которые ведут местные волонтёры.",
            zh="由本地志愿者开办的社区食物银行、免费餐和食品市集。",
        ),
    ),
    "ledgerwise": Org(
        tr(
            "Ledgerwise Money Advice",
            ar="ليدجروايز للنصائح المالية",
            es="Ledgerwise, asesoría sobre dinero",
            fr="Ledgerwise, conseils sur l'argent",
            ru="«Леджервайз» — консультации по деньгам",
            zh="莱杰怀斯理财咨询",
        ),
        tr(
            "Free, friendly advice about benefits, debts and fines.",
            ar="نصائح مجانية وودّية حول الإعانات والديون والغرامات.",
            es="Consejos gratis y cercanos sobre ayudas sociales, deudas y multas.",
            fr="Des conseils gratuits et bienveillants sur les aides sociales, les dettes et les amendes.",
            ru="Бесплатные и доброжелательные консультации о пособиях, долгах и штрафах.",
            zh="免费、友善地为你提供福利、债务和罚款方面的建议。",
        ),
    ),
    "workbench": Org(
        tr(
            "Workbench Futures",
            ar="ووركبنش فيوتشرز",
            es="Workbench Futures",
            fr="Workbench Futures",
            ru="«Воркбенч Фьючерс»",
            zh="工作台未来",
        ),
        tr(
            "Training and job support for people with convictions, working with fair employers.",
            ar="تدريب ودعم في العمل للأشخاص الذين لديهم سوابق، بالتعاون مع أصحاب عمل منصفين.",
            es="Formación y apoyo para encontrar trabajo para personas con antecedentes penales, junto con empresas justas.",
            fr="Formation et aide à l'emploi pour les personnes qui ont un casier judiciaire, avec des employeurs équitables.",
            ru="Обучение и помощь с работой для людей с судимостью вместе с честными работодателями.",
            zh="与公平对待员工的雇主合作，为有犯罪记录的人提供培训和就业支持。",
        ),
    ),
    "northway": Org(
        tr(
            "Northway Health Collective",
            ar="تجمّع نورثواي الصحي",
            es="Colectivo de Salud Northway",
            fr="Collectif santé Northway",
            ru="Медицинское объединение «Нортуэй»",
            zh="北路健康联合会",
        ),
        tr(
            "Nurses, doctors and dentists who run free clinics for people who find it hard to use normal health services.",
            ar="ممرضون وأطباء وأطباء أسنان يديرون عيادات مجانية للأشخاص الذين يصعب عليهم استخدام الخدمات الصحية العادية.",
            es="Enfermeras, médicos y dentistas que ofrecen consultas gratis para personas a quienes les cuesta usar los servicios de salud normales.",
            fr="Des infirmiers, des médecins et des dentistes qui tiennent des consultations gratuites pour les personnes qui ont du mal à utiliser les services de santé habituels.",
            ru="Медсёстры, врачи и стоматологи, которые ведут бесплатный приём для тех, кому трудно пользоваться обычной медицинской помощью.",
            zh="由护士、医生和牙医开办免费诊所，服务那些很难使用普通医疗服务的人。",
        ),
    ),
    "quiet_harbour": Org(
        tr(
            "Quiet Harbour Wellbeing",
            ar="الميناء الهادئ للرفاه النفسي",
            es="Puerto Tranquilo Bienestar",
            fr="Port Tranquille Bien-être",
            ru="«Тихая гавань» — психологическая поддержка",
            zh="静港身心关怀",
        ),
        tr(
            "Listening, counselling and peer support for people affected by prison.",
            ar="استماع واستشارة نفسية ودعم من الأقران للأشخاص المتأثرين بالسجن.",
            es="Escucha, terapia y apoyo entre iguales para personas afectadas por la prisión.",
            fr="Écoute, soutien psychologique et entraide pour les personnes touchées par la prison.",
            ru="Мы выслушаем, поможем с психологом и поддержкой от людей с похожим опытом — для всех, кого коснулась тюрьма.",
            zh="为受到坐牢影响的人提供倾听、心理咨询和同伴支持。",
        ),
    ),
    "riverstone": Org(
        tr(
            "Riverstone Recovery",
            ar="ريفرستون للتعافي",
            es="Riverstone Recuperación",
            fr="Riverstone Rétablissement",
            ru="«Риверстоун» — выздоровление",
            zh="河石康复中心",
        ),
        tr(
            "Drug and alcohol recovery services, from harm reduction to long-term support.",
            ar="خدمات التعافي من المخدرات والكحول، من الحد من الأضرار إلى الدعم طويل الأمد.",
            es="Servicios de recuperación de drogas y alcohol, desde la reducción de daños hasta el apoyo a largo plazo.",
            fr="Des services pour se rétablir de la drogue et de l'alcool, de la réduction des risques au soutien sur le long terme.",
            ru="Помощь при зависимости от наркотиков и алкоголя: от снижения вреда до долгосрочной поддержки.",
            zh="提供戒毒戒酒康复服务，从减害到长期支持。",
        ),
    ),
    "fairhearing": Org(
        tr(
            "Fairhearing Legal Advice Centre",
            ar="مركز فيرهيرنغ للنصائح القانونية",
            es="Centro de Asesoría Legal Fairhearing",
            fr="Centre de conseil juridique Fairhearing",
            ru="Юридическая консультация «Фэрхиринг»",
            zh="公正听证法律咨询中心",
        ),
        tr(
            "Free legal advice on criminal records, licence conditions, debts and family law.",
            ar="نصائح قانونية مجانية حول السجل الجنائي وشروط الإفراج والديون وقانون الأسرة.",
            es="Asesoría legal gratuita sobre antecedentes penales, condiciones de la libertad, deudas y derecho de familia.",
            fr="Des conseils juridiques gratuits sur le casier judiciaire, les conditions de libération, les dettes et le droit de la famille.",
            ru="Бесплатные юридические консультации о судимости, условиях освобождения, долгах и семейном праве.",
            zh="免费提供有关犯罪记录、假释条件、债务和家庭法的法律建议。",
        ),
    ),
    "homeward": Org(
        tr(
            "Homeward Families",
            ar="هوموارد للعائلات",
            es="Familias Homeward",
            fr="Familles Homeward",
            ru="«Хоумворд» — помощь семьям",
            zh="归家家庭支持会",
        ),
        tr(
            "Support for the families and children of people in prison, from the first visit to coming home.",
            ar="دعم لعائلات وأطفال الأشخاص الموجودين في السجن، من الزيارة الأولى حتى العودة إلى البيت.",
            es="Apoyo para las familias y los hijos de personas en prisión, desde la primera visita hasta la vuelta a casa.",
            fr="Du soutien pour les familles et les enfants des personnes en prison, de la première visite jusqu'au retour à la maison.",
            ru="Поддержка семей и детей людей в тюрьме: от первого свидания до возвращения домой.",
            zh="为坐牢者的家人和孩子提供支持，从第一次探监一直到回家。",
        ),
    ),
    "marigold": Org(
        tr(
            "Marigold Women's Centre",
            ar="مركز ماريغولد للنساء",
            es="Centro de Mujeres Marigold",
            fr="Centre de femmes Marigold",
            ru="Женский центр «Мэриголд»",
            zh="金盏花女性中心",
        ),
        tr(
            "A women-only centre for women affected by the justice system, and for survivors of abuse.",
            ar="مركز للنساء فقط، للنساء المتأثرات بنظام العدالة وللناجيات من العنف.",
            es="Un centro solo para mujeres, para mujeres afectadas por el sistema de justicia y para supervivientes de malos tratos.",
            fr="Un centre réservé aux femmes, pour les femmes touchées par la justice et pour les survivantes de violences.",
            ru="Центр только для женщин: для тех, кого коснулась система правосудия, и для переживших насилие.",
            zh="只为女性开放的中心，服务受司法系统影响的女性和遭受暴力的幸存者。",
        ),
    ),
    "signal_up": Org(
        tr(
            "Signal Up Digital Inclusion",
            ar="سيغنال أب للشمول الرقمي",
            es="Signal Up Inclusión Digital",
            fr="Signal Up Inclusion numérique",
            ru="«Сигнал Ап» — цифровая доступность",
            zh="信号满格数字包容计划",
        ),
        tr(
            "Phones, data and digital skills, so nobody is cut off after prison.",
            ar="هواتف وإنترنت ومهارات رقمية، حتى لا يبقى أحد معزولًا بعد السجن.",
            es="Teléfonos, datos y habilidades digitales, para que nadie quede incomunicado después de la prisión.",
            fr="Des téléphones, de l'internet et des compétences numériques, pour que personne ne soit coupé du monde après la prison.",
            ru="Телефоны, мобильный интернет и цифровые навыки, чтобы после тюрьмы никто не остался без связи.",
            zh="提供手机、流量和数字技能，让每个人出狱后都不会与外界失去联系。",
        ),
    ),
    "ticket_home": Org(
        tr(
            "Ticket Home Travel Fund",
            ar="صندوق تذكرة العودة للسفر",
            es="Fondo de Viaje Billete a Casa",
            fr="Fonds de voyage Billet retour",
            ru="Фонд поездок «Билет домой»",
            zh="回家车票出行基金",
        ),
        tr(
            "Help with the cost of travel on release day and to the appointments that matter.",
            ar="مساعدة في تكاليف السفر يوم الإفراج وإلى المواعيد المهمة.",
            es="Ayuda con el coste del transporte el día de la salida y para ir a las citas importantes.",
            fr="Une aide pour payer les trajets le jour de la sortie et pour aller aux rendez-vous importants.",
            ru="Помощь с оплатой дороги в день освобождения и на важные встречи.",
            zh="帮你支付出狱当天以及去重要约见时的交通费用。",
        ),
    ),
    "stand_easy": Org(
        tr(
            "Stand Easy Veterans Support",
            ar="ستاند إيزي لدعم المحاربين القدامى",
            es="Stand Easy, apoyo a exmilitares",
            fr="Stand Easy, soutien aux anciens militaires",
            ru="«Стэнд Изи» — поддержка ветеранов",
            zh="稍息退伍军人支持会",
        ),
        tr(
            "Veterans helping veterans rebuild their lives after prison.",
            ar="محاربون قدامى يساعدون محاربين قدامى على إعادة بناء حياتهم بعد السجن.",
            es="Exmilitares que ayudan a otros exmilitares a rehacer su vida después de la prisión.",
            fr="Des anciens militaires qui aident d'autres anciens militaires à reconstruire leur vie après la prison.",
            ru="Ветераны помогают ветеранам заново построить жизнь после тюрьмы.",
            zh="退伍军人帮助退伍军人在出狱后重建生活。",
        ),
    ),
    "proud_doorway": Org(
        tr(
            "Proud Doorway",
            ar="الباب الفخور",
            es="Puerta con Orgullo",
            fr="La Porte des fiertés",
            ru="«Гордая дверь»",
            zh="骄傲之门",
        ),
        tr(
            "A welcoming space and support for LGBTQ+ people after prison.",
            ar="مكان مرحِّب ودعم لأفراد مجتمع الميم بعد السجن.",
            es="Un espacio acogedor y apoyo para personas LGBTQ+ después de la prisión.",
            fr="Un lieu accueillant et du soutien pour les personnes LGBTQ+ après la prison.",
            ru="Дружелюбное место и поддержка для ЛГБТК+ людей после тюрьмы.",
            zh="为出狱后的LGBTQ+人士提供温馨的空间和支持。",
        ),
    ),
    "next_rung": Org(
        tr(
            "Next Rung Youth Project",
            ar="مشروع الدرجة التالية للشباب",
            es="Proyecto Juvenil Siguiente Peldaño",
            fr="Projet jeunesse Prochain Échelon",
            ru="Молодёжный проект «Следующая ступень»",
            zh="更上一层青年项目",
        ),
        tr(
            "Housing, skills and mentoring for young adults aged 18 to 25 after prison.",
            ar="سكن ومهارات وإرشاد للشباب من عمر 18 إلى 25 سنة بعد السجن.",
            es="Vivienda, formación y mentores para jóvenes de 18 a 25 años después de la prisión.",
            fr="Logement, formation et mentorat pour les jeunes de 18 à 25 ans après la prison.",
            ru="Жильё, навыки и наставничество для молодых людей от 18 до 25 лет после тюрьмы.",
            zh="为出狱后18到25岁的年轻人提供住房、技能培训和导师辅导。",
        ),
    ),
}


# --- Locations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A building (physical) or a phone/online point of contact (virtual)."""

    name: Text
    street: str = ""  # address_1; physical only
    postcode: str = ""  # outward code of a real district + "9ZZ"
    city: str = "Manchester"
    lat: float | None = None
    lon: float | None = None
    transportation: Text | None = None
    virtual_url: str = ""  # virtual only


LOCATIONS: dict[str, Place] = {
    "oakbridge-centre": Place(
        tr(
            "Oakbridge Centre",
            ar="مركز أوكبريدج",
            es="Centro Oakbridge",
            fr="Centre Oakbridge",
            ru="Центр «Оукбридж»",
            zh="奥克布里奇中心",
        ),
        "14 Example Street",
        "M1 9ZZ",
        lat=53.4794,
        lon=-2.2321,
        transportation=NEAR_CITY_BUS_STATION,
    ),
    "lamplight-ancoats": Place(
        tr(
            "Lamplight Shelter, Ancoats",
            ar="ملجأ لامبلايت، أنكوتس",
            es="Albergue Lamplight, Ancoats",
            fr="Foyer Lamplight, Ancoats",
            ru="Приют «Лэмплайт», Анкоутс",
            zh="明灯收容所（Ancoats）",
        ),
        "3 Demo Row",
        "M4 9ZZ",
        lat=53.4849,
        lon=-2.2262,
        transportation=NEAR_TRAM_SIDE_DOOR,
    ),
    "lamplight-womens-house": Place(
        tr(
            "Lamplight Women's House",
            ar="بيت لامبلايت للنساء",
            es="Casa Lamplight para mujeres",
            fr="Maison Lamplight pour femmes",
            ru="Женский дом «Лэмплайт»",
            zh="明灯女性之家",
        ),
        "27 Sample Lane",
        "M13 9ZZ",
        lat=53.4672,
        lon=-2.2189,
        transportation=NEAR_BUSES,
    ),
    "lamplight-housing-desk": Place(
        tr(
            "Lamplight Housing Desk",
            ar="مكتب لامبلايت للسكن",
            es="Oficina de vivienda Lamplight",
            fr="Guichet logement Lamplight",
            ru="Жилищная приёмная «Лэмплайт»",
            zh="明灯住房服务台",
        ),
        "40 Placeholder Road",
        "M1 9ZZ",
        lat=53.4763,
        lon=-2.2405,
        transportation=NEAR_CITY_BUS_STATION,
    ),
    "keystone-whalley-range": Place(
        tr(
            "Keystone Homes office, Whalley Range",
            ar="مكتب كيستون للإسكان، والي رينج",
            es="Oficina de Keystone, Whalley Range",
            fr="Bureau Keystone, Whalley Range",
            ru="Офис «Кистоун», Уолли-Рейндж",
            zh="基石住房办公室（Whalley Range）",
        ),
        "8 Specimen Way",
        "M16 9ZZ",
        lat=53.4548,
        lon=-2.2763,
        transportation=NEAR_BUSES,
    ),
    "keystone-harpurhey": Place(
        tr(
            "Keystone Homes office, Harpurhey",
            ar="مكتب كيستون للإسكان، هاربرهاي",
            es="Oficina de Keystone, Harpurhey",
            fr="Bureau Keystone, Harpurhey",
            ru="Офис «Кистоун», Харперхей",
            zh="基石住房办公室（Harpurhey）",
        ),
        "61 Fiction Court",
        "M40 9ZZ",
        lat=53.5148,
        lon=-2.2041,
        transportation=UPSTAIRS_WITH_LIFT,
    ),
    "shared-plate-cheetham-hill": Place(
        tr(
            "Shared Plate community hall, Cheetham Hill",
            ar="قاعة الطبق المشترك المجتمعية، تشيتهام هيل",
            es="Salón comunitario Plato Compartido, Cheetham Hill",
            fr="Salle de quartier L'Assiette partagée, Cheetham Hill",
            ru="Общественный зал «Общая тарелка», Читем-Хилл",
            zh="共享餐盘社区礼堂（Cheetham Hill）",
        ),
        "5 Mock Street",
        "M8 9ZZ",
        lat=53.5052,
        lon=-2.2338,
        transportation=NEAR_BUSES,
    ),
    "shared-plate-hulme": Place(
        tr(
            "Shared Plate kitchen, Hulme",
            ar="مطبخ الطبق المشترك، هيوم",
            es="Cocina Plato Compartido, Hulme",
            fr="Cuisine L'Assiette partagée, Hulme",
            ru="Кухня «Общая тарелка», Хьюм",
            zh="共享餐盘厨房（Hulme）",
        ),
        "19 Pretend Place",
        "M15 9ZZ",
        lat=53.4658,
        lon=-2.2497,
        transportation=NEAR_BUSES,
    ),
    "shared-plate-openshaw": Place(
        tr(
            "Shared Plate market hall, Openshaw",
            ar="قاعة سوق الطبق المشترك، أوبنشو",
            es="Mercado Plato Compartido, Openshaw",
            fr="Halle du marché L'Assiette partagée, Openshaw",
            ru="Рыночный зал «Общая тарелка», Оупеншо",
            zh="共享餐盘市集大厅（Openshaw）",
        ),
        "2 Imaginary Lane",
        "M11 9ZZ",
        lat=53.4779,
        lon=-2.1822,
        transportation=NEAR_TRAM,
    ),
    "ledgerwise-longsight": Place(
        tr(
            "Ledgerwise advice rooms, Longsight",
            ar="غرف ليدجروايز للنصائح، لونغسايت",
            es="Oficina de asesoría Ledgerwise, Longsight",
            fr="Bureaux de conseil Ledgerwise, Longsight",
            ru="Консультационный пункт «Леджервайз», Лонгсайт",
            zh="莱杰怀斯咨询室（Longsight）",
        ),
        "33 Example Avenue",
        "M12 9ZZ",
        lat=53.4581,
        lon=-2.1985,
        transportation=UPSTAIRS_WITH_LIFT,
    ),
    "ledgerwise-stockport": Place(
        tr(
            "Ledgerwise advice rooms, Stockport",
            ar="غرف ليدجروايز للنصائح، ستوكبورت",
            es="Oficina de asesoría Ledgerwise, Stockport",
            fr="Bureaux de conseil Ledgerwise, Stockport",
            ru="Консультационный пункт «Леджервайз», Стокпорт",
            zh="莱杰怀斯咨询室（Stockport）",
        ),
        "11 Demo Close",
        "SK1 9ZZ",
        city="Stockport",
        lat=53.4095,
        lon=-2.1572,
        transportation=NEAR_TRAINS,
    ),
    "workbench-ancoats": Place(
        tr(
            "Workbench Futures jobs room, Ancoats",
            ar="غرفة الوظائف في ووركبنش فيوتشرز، أنكوتس",
            es="Sala de empleo Workbench Futures, Ancoats",
            fr="Salle emploi Workbench Futures, Ancoats",
            ru="Кабинет по трудоустройству «Воркбенч Фьючерс», Анкоутс",
            zh="工作台未来求职室（Ancoats）",
        ),
        "77 Sample Square",
        "M4 9ZZ",
        lat=53.4861,
        lon=-2.2215,
        transportation=NEAR_TRAM,
    ),
    "workbench-salford-quays": Place(
        tr(
            "Workbench training yard, Salford Quays",
            ar="ساحة التدريب في ووركبنش، سالفورد كيز",
            es="Patio de formación Workbench, Salford Quays",
            fr="Atelier de formation Workbench, Salford Quays",
            ru="Учебная площадка «Воркбенч», Солфорд-Киз",
            zh="工作台培训场（Salford Quays）",
        ),
        "Unit 4, Demo Wharf",
        "M50 9ZZ",
        city="Salford",
        lat=53.4712,
        lon=-2.2951,
        transportation=NEAR_TRAM,
    ),
    "northway-levenshulme": Place(
        tr(
            "Northway clinic, Levenshulme",
            ar="عيادة نورثواي، ليفنزهولم",
            es="Consulta Northway, Levenshulme",
            fr="Centre de soins Northway, Levenshulme",
            ru="Клиника «Нортуэй», Левеншульм",
            zh="北路诊所（Levenshulme）",
        ),
        "45 Placeholder Parade",
        "M19 9ZZ",
        lat=53.4432,
        lon=-2.1917,
        transportation=NEAR_BUSES,
    ),
    "northway-cheetham-hill": Place(
        tr(
            "Northway clinic, Cheetham Hill",
            ar="عيادة نورثواي، تشيتهام هيل",
            es="Consulta Northway, Cheetham Hill",
            fr="Centre de soins Northway, Cheetham Hill",
            ru="Клиника «Нортуэй», Читем-Хилл",
            zh="北路诊所（Cheetham Hill）",
        ),
        "90 Specimen Street",
        "M8 9ZZ",
        lat=53.5031,
        lon=-2.2367,
        transportation=NEAR_BUSES,
    ),
    "northway-moss-side": Place(
        tr(
            "Northway dental room, Moss Side",
            ar="عيادة نورثواي للأسنان، موس سايد",
            es="Dentista Northway, Moss Side",
            fr="Cabinet dentaire Northway, Moss Side",
            ru="Стоматологический кабинет «Нортуэй», Мосс-Сайд",
            zh="北路牙科室（Moss Side）",
        ),
        "6 Mock Mews",
        "M14 9ZZ",
        lat=53.4529,
        lon=-2.2247,
        transportation=NEAR_BUSES,
    ),
    "quiet-harbour-didsbury": Place(
        tr(
            "Quiet Harbour counselling rooms, Didsbury",
            ar="غرف الاستشارة في الميناء الهادئ، ديدزبري",
            es="Consultas de Puerto Tranquilo, Didsbury",
            fr="Cabinets de Port Tranquille, Didsbury",
            ru="Кабинеты психологов «Тихая гавань», Дидсбери",
            zh="静港心理咨询室（Didsbury）",
        ),
        "12 Fiction Terrace",
        "M20 9ZZ",
        lat=53.4237,
        lon=-2.2311,
        transportation=NEAR_TRAM,
    ),
    "quiet-harbour-ardwick": Place(
        tr(
            "Quiet Harbour meeting room, Ardwick",
            ar="قاعة اجتماعات الميناء الهادئ، آردويك",
            es="Sala de reuniones de Puerto Tranquilo, Ardwick",
            fr="Salle de réunion de Port Tranquille, Ardwick",
            ru="Зал для встреч «Тихая гавань», Ардуик",
            zh="静港聚会室（Ardwick）",
        ),
        "50 Pretend Parade",
        "M12 9ZZ",
        lat=53.4693,
        lon=-2.2153,
        transportation=NEAR_BUSES,
    ),
    "quiet-harbour-phone": Place(
        tr(
            "Quiet Harbour phone line",
            ar="خط الهاتف للميناء الهادئ",
            es="Línea telefónica de Puerto Tranquilo",
            fr="Ligne téléphonique de Port Tranquille",
            ru="Телефонная линия «Тихая гавань»",
            zh="静港电话热线",
        ),
        virtual_url="https://example.org/quiet-harbour-listening-line",
    ),
    "riverstone-ancoats": Place(
        tr(
            "Riverstone recovery hub, Ancoats",
            ar="مركز ريفرستون للتعافي، أنكوتس",
            es="Centro de recuperación Riverstone, Ancoats",
            fr="Centre de rétablissement Riverstone, Ancoats",
            ru="Центр восстановления «Риверстоун», Анкоутс",
            zh="河石康复中心（Ancoats）",
        ),
        "9 Imaginary Street",
        "M4 9ZZ",
        lat=53.4830,
        lon=-2.2301,
        transportation=NEAR_TRAM,
    ),
    "riverstone-city-centre": Place(
        tr(
            "Riverstone harm reduction shop, city centre",
            ar="متجر ريفرستون للحد من الأضرار، وسط المدينة",
            es="Punto de reducción de daños Riverstone, centro",
            fr="Boutique de réduction des risques Riverstone, centre-ville",
            ru="Пункт снижения вреда «Риверстоун», центр города",
            zh="河石减害服务点（市中心）",
        ),
        "21 Example Yard",
        "M1 9ZZ",
        lat=53.4772,
        lon=-2.2288,
        transportation=NEAR_CITY_BUS_STATION,
    ),
    "riverstone-whalley-range": Place(
        tr(
            "Riverstone community room, Whalley Range",
            ar="الغرفة المجتمعية لريفرستون، والي رينج",
            es="Sala comunitaria Riverstone, Whalley Range",
            fr="Salle de quartier Riverstone, Whalley Range",
            ru="Общественная комната «Риверстоун», Уолли-Рейндж",
            zh="河石社区活动室（Whalley Range）",
        ),
        "4 Sample Grove",
        "M16 9ZZ",
        lat=53.4520,
        lon=-2.2701,
        transportation=NEAR_BUSES,
    ),
    "fairhearing-centre": Place(
        tr(
            "Fairhearing advice centre",
            ar="مركز فيرهيرنغ للنصائح",
            es="Centro de asesoría Fairhearing",
            fr="Centre de conseil Fairhearing",
            ru="Консультационный центр «Фэрхиринг»",
            zh="公正听证咨询中心",
        ),
        "100 Demo Street",
        "M3 9ZZ",
        lat=53.4807,
        lon=-2.2497,
        transportation=UPSTAIRS_WITH_LIFT,
    ),
    "fairhearing-phone": Place(
        tr(
            "Fairhearing phone and email advice",
            ar="نصائح فيرهيرنغ عبر الهاتف والبريد الإلكتروني",
            es="Asesoría Fairhearing por teléfono y correo",
            fr="Conseils Fairhearing par téléphone et e-mail",
            ru="Консультации «Фэрхиринг» по телефону и почте",
            zh="公正听证电话和邮件咨询",
        ),
        virtual_url="https://example.org/criminal-record-advice-line",
    ),
    "homeward-gorton": Place(
        tr(
            "Homeward Families office, Gorton",
            ar="مكتب هوموارد للعائلات، غورتون",
            es="Oficina de Familias Homeward, Gorton",
            fr="Bureau de Familles Homeward, Gorton",
            ru="Офис «Хоумворд», Гортон",
            zh="归家家庭支持会办公室（Gorton）",
        ),
        "15 Model Road",
        "M18 9ZZ",
        lat=53.4641,
        lon=-2.1766,
        transportation=NEAR_BUSES,
    ),
    "homeward-blackley": Place(
        tr(
            "Homeward family room, Blackley",
            ar="غرفة العائلة في هوموارد، بلاكلي",
            es="Sala familiar Homeward, Blackley",
            fr="Salle des familles Homeward, Blackley",
            ru="Семейная комната «Хоумворд», Блэкли",
            zh="归家家庭活动室（Blackley）",
        ),
        "8 Dummy Lane",
        "M9 9ZZ",
        lat=53.5213,
        lon=-2.2158,
        transportation=NEAR_BUSES,
    ),
    "marigold-centre": Place(
        tr(
            "Marigold Women's Centre",
            ar="مركز ماريغولد للنساء",
            es="Centro de Mujeres Marigold",
            fr="Centre de femmes Marigold",
            ru="Женский центр «Мэриголд»",
            zh="金盏花女性中心",
        ),
        "31 Placeholder Walk",
        "M15 9ZZ",
        lat=53.4631,
        lon=-2.2544,
        transportation=NEAR_BUSES,
    ),
    "signal-up-salford": Place(
        tr(
            "Signal Up digital hub, Salford",
            ar="مركز سيغنال أب الرقمي، سالفورد",
            es="Centro digital Signal Up, Salford",
            fr="Espace numérique Signal Up, Salford",
            ru="Цифровой центр «Сигнал Ап», Солфорд",
            zh="信号满格数字中心（Salford）",
        ),
        "7 Specimen Row",
        "M6 9ZZ",
        city="Salford",
        lat=53.4889,
        lon=-2.2862,
        transportation=NEAR_BUSES,
    ),
    "signal-up-heaton-chapel": Place(
        tr(
            "Signal Up training room, Heaton Chapel",
            ar="قاعة تدريب سيغنال أب، هيتون تشابل",
            es="Aula de Signal Up, Heaton Chapel",
            fr="Salle de formation Signal Up, Heaton Chapel",
            ru="Учебный класс «Сигнал Ап», Хитон-Чапел",
            zh="信号满格培训室（Heaton Chapel）",
        ),
        "22 Example Crescent",
        "SK4 9ZZ",
        city="Stockport",
        lat=53.4262,
        lon=-2.1805,
        transportation=NEAR_TRAINS,
    ),
    "ticket-home-stockport": Place(
        tr(
            "Ticket Home travel desk, Stockport",
            ar="مكتب السفر لتذكرة العودة، ستوكبورت",
            es="Mostrador de viajes Billete a Casa, Stockport",
            fr="Guichet voyages Billet retour, Stockport",
            ru="Пункт «Билет домой», Стокпорт",
            zh="回家车票出行服务台（Stockport）",
        ),
        "5 Fiction Street",
        "SK1 9ZZ",
        city="Stockport",
        lat=53.4078,
        lon=-2.1510,
        transportation=NEAR_TRAINS,
    ),
    "ticket-home-chorlton": Place(
        tr(
            "Ticket Home drivers' office, Chorlton",
            ar="مكتب السائقين لتذكرة العودة، تشورلتون",
            es="Oficina de conductores Billete a Casa, Chorlton",
            fr="Bureau des chauffeurs Billet retour, Chorlton",
            ru="Офис водителей «Билет домой», Чорлтон",
            zh="回家车票司机办公室（Chorlton）",
        ),
        "3 Mock Lane",
        "M21 9ZZ",
        lat=53.4413,
        lon=-2.2775,
        transportation=NEAR_TRAM,
    ),
    "stand-easy-broughton": Place(
        tr(
            "Stand Easy veterans' hall, Broughton",
            ar="قاعة ستاند إيزي للمحاربين القدامى، بروتون",
            es="Local de exmilitares Stand Easy, Broughton",
            fr="Salle des anciens militaires Stand Easy, Broughton",
            ru="Зал ветеранов «Стэнд Изи», Бротон",
            zh="稍息退伍军人活动厅（Broughton）",
        ),
        "12 Pretend Street",
        "M7 9ZZ",
        city="Salford",
        lat=53.5040,
        lon=-2.2605,
        transportation=NEAR_BUSES,
    ),
    "proud-doorway-centre": Place(
        tr(
            "Proud Doorway centre",
            ar="مركز الباب الفخور",
            es="Centro Puerta con Orgullo",
            fr="Centre La Porte des fiertés",
            ru="Центр «Гордая дверь»",
            zh="骄傲之门中心",
        ),
        "6 Imaginary Row",
        "M1 9ZZ",
        lat=53.4760,
        lon=-2.2360,
        transportation=NEAR_CITY_BUS_STATION,
    ),
    "next-rung-moston": Place(
        tr(
            "Next Rung youth base, Moston",
            ar="مقر الدرجة التالية للشباب، موستون",
            es="Local juvenil Siguiente Peldaño, Moston",
            fr="Local jeunesse Prochain Échelon, Moston",
            ru="Молодёжный центр «Следующая ступень», Мостон",
            zh="更上一层青年基地（Moston）",
        ),
        "18 Sample Road",
        "M40 9ZZ",
        lat=53.5190,
        lon=-2.1850,
        transportation=NEAR_BUSES,
    ),
}


# --- Services --------------------------------------------------------------------------

WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


@dataclass(frozen=True)
class Hours:
    """One HSDS schedule. closes <= opens runs past midnight; 00:00 to 00:00 is all day."""

    byday: str
    opens: str
    closes: str
    freq: str = "WEEKLY"


def monthly(byday: str, opens: str, closes: str) -> Hours:
    return Hours(byday, opens, closes, freq="MONTHLY")


@dataclass(frozen=True)
class Service:
    slug: str
    org: str
    name: Text  # without the demo marker; build() adds it
    description: Text
    categories: list[str]  # taxonomy term codes
    hours: list[Hours]
    # Location slugs. Empty: no building at all (phone or online only), give `coverage`.
    locations: list[str]
    eligibility: Text | None = None
    application: Text | None = None
    fees: Text | None = None
    alert: Text | None = None
    languages: list[str] = field(default_factory=list)  # besides English
    accepts: list[str] = field(default_factory=lambda: ["people_with_convictions"])
    cost: str = "free"
    documents: list[str] = field(default_factory=list)
    status: str = "active"
    coverage: list[str] = field(default_factory=list)


SERVICES: list[Service] = [
    # -- Oakbridge Resettlement Trust --
    Service(
        slug="first-day-drop-in",
        org="oakbridge",
        name=tr(
            "First Day Drop-in",
            ar="مركز استقبال اليوم الأول",
            es="Acogida del primer día",
            fr="Accueil du premier jour",
            ru="Приём в первый день",
            zh="出狱第一天接待处",
        ),
        description=tr(
            "Come here on the day you leave prison. We help you find a bed for tonight, get some money, and sort out your ID. There is tea, a shower and a phone you can use.",
            ar="تعال إلى هنا في يوم خروجك من السجن. نساعدك في إيجاد سرير لهذه الليلة، والحصول على بعض المال، وترتيب أوراق هويتك. لدينا شاي ودُش وهاتف يمكنك استخدامه.",
            es="Ven aquí el día que sales de prisión. Te ayudamos a encontrar una cama para esta noche, conseguir algo de dinero y arreglar tu documentación. Hay té, ducha y un teléfono que puedes usar.",
            fr="Venez ici le jour de votre sortie de prison. Nous vous aidons à trouver un lit pour ce soir, à avoir un peu d'argent et à régler vos papiers d'identité. Il y a du thé, une douche et un téléphone que vous pouvez utiliser.",
            ru="Приходите сюда в день выхода из тюрьмы. Мы поможем найти, где переночевать сегодня, получить немного денег и разобраться с документами. Здесь есть чай, душ и телефон, которым можно пользоваться.",
            zh="出狱当天请来这里。我们帮你找今晚睡觉的床位，拿到一些钱，并办理身份证件。这里有茶、淋浴，还有电话可以用。",
        ),
        eligibility=FOR_LEFT_PRISON,
        application=DROP_IN,
        fees=FREE,
        categories=["housing_tonight", "id_documents"],
        hours=[Hours(WEEKDAYS, "08:30", "16:30"), Hours("SA", "10:00", "13:00")],
        locations=["oakbridge-centre"],
        languages=["ar", "ur", "pl"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
        documents=["licence", "id_any"],
    ),
    Service(
        slug="id-document-clinic",
        org="oakbridge",
        name=tr(
            "ID Document Clinic",
            ar="المساعدة في وثائق الهوية",
            es="Ayuda con documentos de identidad",
            fr="Aide pour les papiers d'identité",
            ru="Помощь с документами",
            zh="身份证件办理帮助",
        ),
        description=tr(
            "We help you get a birth certificate, a provisional driving licence or other ID. We fill in the forms with you and can pay the fee.",
            ar="نساعدك في الحصول على شهادة ميلاد أو رخصة قيادة مؤقتة أو أي هوية أخرى. نملأ الاستمارات معك، ويمكننا دفع الرسوم.",
            es="Te ayudamos a conseguir una partida de nacimiento, un permiso de conducir provisional u otro documento de identidad. Rellenamos los formularios contigo y podemos pagar la tasa.",
            fr="Nous vous aidons à obtenir un acte de naissance, un permis de conduire provisoire ou une autre pièce d'identité. Nous remplissons les formulaires avec vous et nous pouvons payer les frais.",
            ru="Мы поможем получить свидетельство о рождении, временные водительские права или другой документ. Мы заполним бланки вместе с вами и можем оплатить пошлину.",
            zh="我们帮你办理出生证明、临时驾照或其他身份证件。我们和你一起填表，也可以帮你付费用。",
        ),
        eligibility=FOR_LEFT_PRISON,
        application=tr(
            "Come to a session. It takes about an hour.",
            ar="تعال إلى إحدى الجلسات. تستغرق نحو ساعة.",
            es="Ven a una sesión. Dura más o menos una hora.",
            fr="Venez à une séance. Cela prend environ une heure.",
            ru="Приходите на приём. Это займёт около часа.",
            zh="来参加一次面谈，大约需要一个小时。",
        ),
        fees=tr(
            "Free. We pay the fee for your document.",
            ar="مجاني. نحن ندفع رسوم وثيقتك.",
            es="Gratis. Nosotros pagamos la tasa de tu documento.",
            fr="Gratuit. Nous payons les frais de votre document.",
            ru="Бесплатно. Пошлину за документ платим мы.",
            zh="免费。证件费用由我们支付。",
        ),
        categories=["id_documents"],
        hours=[Hours("TU,TH", "10:00", "15:00")],
        locations=["oakbridge-centre"],
        languages=["fr", "es", "ar"],
        documents=["licence", "name_papers"],
    ),
    Service(
        slug="bank-account-help",
        org="oakbridge",
        name=tr(
            "Bank Account Help",
            ar="المساعدة في فتح حساب بنكي",
            es="Ayuda para abrir una cuenta bancaria",
            fr="Aide pour ouvrir un compte bancaire",
            ru="Помощь с открытием банковского счёта",
            zh="开银行账户帮助",
        ),
        description=tr(
            "Many people leave prison with no bank account. We help you open a basic account, even if you have no fixed address.",
            ar="كثير من الناس يخرجون من السجن بلا حساب بنكي. نساعدك في فتح حساب بسيط، حتى لو لم يكن لديك عنوان ثابت.",
            es="Mucha gente sale de prisión sin cuenta bancaria. Te ayudamos a abrir una cuenta básica, aunque no tengas una dirección fija.",
            fr="Beaucoup de personnes sortent de prison sans compte bancaire. Nous vous aidons à ouvrir un compte simple, même sans adresse fixe.",
            ru="Многие выходят из тюрьмы без банковского счёта. Мы поможем открыть простой счёт, даже если у вас нет постоянного адреса.",
            zh="很多人出狱时没有银行账户。即使你没有固定住址，我们也帮你开一个基本账户。",
        ),
        eligibility=FOR_LEFT_PRISON,
        application=DROP_IN,
        fees=FREE,
        categories=["id_documents", "money"],
        hours=[Hours("WE", "13:00", "16:00")],
        locations=["oakbridge-centre"],
        languages=["ru", "pl", "zh"],
    ),
    # -- Lamplight Shelters --
    Service(
        slug="mens-night-shelter",
        org="lamplight",
        name=tr(
            "Men's Night Shelter",
            ar="مأوى ليلي للرجال",
            es="Albergue nocturno para hombres",
            fr="Foyer de nuit pour hommes",
            ru="Ночной приют для мужчин",
            zh="男士夜间收容所",
        ),
        description=tr(
            "A warm, safe bed for the night, a hot evening meal and breakfast. You can have a shower and wash your clothes. Staff can help you look for somewhere to live.",
            ar="سرير دافئ وآمن لليلة، ووجبة عشاء ساخنة وفطور. يمكنك الاستحمام وغسل ملابسك. يمكن للموظفين مساعدتك في البحث عن مكان تسكن فيه.",
            es="Una cama caliente y segura para pasar la noche, una cena caliente y desayuno. Puedes ducharte y lavar tu ropa. El personal te puede ayudar a buscar un sitio donde vivir.",
            fr="Un lit chaud et sûr pour la nuit, un repas chaud le soir et le petit-déjeuner. Vous pouvez prendre une douche et laver vos vêtements. L'équipe peut vous aider à chercher un logement.",
            ru="Тёплая и безопасная кровать на ночь, горячий ужин и завтрак. Можно принять душ и постирать одежду. Сотрудники помогут найти, где жить.",
            zh="提供温暖安全的床位过夜，还有热的晚饭和早饭。你可以洗澡、洗衣服。工作人员可以帮你找住的地方。",
        ),
        eligibility=tr(
            "Men aged 18 and over who have nowhere safe to sleep.",
            ar="الرجال من عمر 18 سنة فأكثر الذين ليس لديهم مكان آمن للنوم.",
            es="Hombres de 18 años o más que no tienen un lugar seguro donde dormir.",
            fr="Hommes de 18 ans et plus qui n'ont pas d'endroit sûr où dormir.",
            ru="Мужчины от 18 лет, которым негде безопасно переночевать.",
            zh="18岁及以上、没有安全地方睡觉的男性。",
        ),
        application=tr(
            "Come to the door between 8pm and 10pm. If we are full, we will help you find another bed.",
            ar="تعال إلى الباب بين الساعة 8 و10 مساءً. إذا كان المكان ممتلئًا، سنساعدك في إيجاد سرير آخر.",
            es="Ven a la puerta entre las 8 y las 10 de la noche. Si estamos llenos, te ayudamos a encontrar otra cama.",
            fr="Présentez-vous à la porte entre 20 h et 22 h. Si c'est complet, nous vous aidons à trouver un autre lit.",
            ru="Приходите к двери с 20:00 до 22:00. Если мест нет, мы поможем найти другую кровать.",
            zh="请在晚上8点到10点之间来门口。如果床位满了，我们会帮你找别的床位。",
        ),
        fees=FREE,
        categories=["housing_tonight"],
        hours=[Hours(EVERY_DAY, "20:00", "08:00")],
        locations=["lamplight-ancoats"],
        languages=["pl", "ar", "ru", "ur"],
        accepts=["people_with_convictions", "men_only"],
    ),
    Service(
        slug="womens-night-shelter",
        org="lamplight",
        name=tr(
            "Women's Night Shelter",
            ar="مأوى ليلي للنساء",
            es="Albergue nocturno para mujeres",
            fr="Foyer de nuit pour femmes",
            ru="Ночной приют для женщин",
            zh="女士夜间收容所",
        ),
        description=tr(
            "A quiet, safe place for women to sleep, run by women. You get your own room with a lock, an evening meal and breakfast.",
            ar="مكان هادئ وآمن لنوم النساء، تديره نساء. تحصلين على غرفة خاصة بك لها قفل، ووجبة عشاء وفطور.",
            es="Un lugar tranquilo y seguro para que duerman las mujeres, llevado por mujeres. Tienes tu propia habitación con cerradura, cena y desayuno.",
            fr="Un lieu calme et sûr où les femmes peuvent dormir, tenu par des femmes. Vous avez votre propre chambre qui ferme à clé, un repas le soir et le petit-déjeuner.",
            ru="Тихое и безопасное место для ночлега женщин, где работают только женщины. У вас будет своя комната с замком, ужин и завтрак.",
            zh="一个安静、安全的女性过夜地方，由女性工作人员管理。你会有一间能上锁的单人房间，还有晚饭和早饭。",
        ),
        eligibility=FOR_WOMEN,
        application=tr(
            "Call us, or come to the door from 8pm. If you have a child with you, call first and we will help.",
            ar="اتصلي بنا، أو تعالي إلى الباب بعد الساعة 8 مساءً. إذا كان معك طفل، اتصلي أولًا وسنساعدك.",
            es="Llámanos o ven a la puerta a partir de las 8 de la noche. Si vienes con un niño, llama antes y te ayudaremos.",
            fr="Appelez-nous, ou venez à la porte à partir de 20 h. Si vous avez un enfant avec vous, appelez d'abord et nous vous aiderons.",
            ru="Позвоните нам или приходите после 20:00. Если с вами ребёнок, сначала позвоните, и мы поможем.",
            zh="给我们打电话，或者晚上8点以后来门口。如果你带着孩子，请先打电话，我们会帮你。",
        ),
        fees=FREE,
        categories=["housing_tonight", "women"],
        hours=[Hours(EVERY_DAY, "20:00", "08:00")],
        locations=["lamplight-womens-house"],
        languages=["fr", "es", "ar", "zh"],
        accepts=["people_with_convictions", "women_only"],
    ),
    Service(
        slug="same-day-housing-desk",
        org="lamplight",
        name=tr(
            "Same-Day Housing Desk",
            ar="مكتب السكن في نفس اليوم",
            es="Oficina de vivienda para el mismo día",
            fr="Guichet logement le jour même",
            ru="Жильё в тот же день",
            zh="当天住房服务台",
        ),
        description=tr(
            "If you have nowhere to stay tonight, talk to us. We call shelters and the council for you, and help you ask the council for help as a homeless person.",
            ar="إذا لم يكن لديك مكان تبيت فيه الليلة، تحدث إلينا. نتصل بالملاجئ وبالمجلس المحلي نيابة عنك، ونساعدك في طلب المساعدة من المجلس بصفتك بلا مأوى.",
            es="Si no tienes dónde dormir esta noche, habla con nosotros. Llamamos a los albergues y al ayuntamiento por ti, y te ayudamos a pedir ayuda al ayuntamiento por estar sin hogar.",
            fr="Si vous n'avez nulle part où dormir ce soir, parlez-nous. Nous appelons les foyers et la mairie pour vous, et nous vous aidons à demander de l'aide à la mairie comme personne sans abri.",
            ru="Если вам негде ночевать сегодня, поговорите с нами. Мы сами позвоним в приюты и в местный совет и поможем обратиться в совет за помощью как бездомному.",
            zh="如果你今晚没有地方住，请来找我们。我们帮你打电话给收容所和市政府，并帮你以无家可归者的身份向市政府申请帮助。",
        ),
        eligibility=FOR_ANYONE,
        application=tr(
            "Come in as early in the day as you can, so we have time to find you a bed.",
            ar="تعال في أبكر وقت ممكن من اليوم، حتى يكون لدينا وقت لنجد لك سريرًا.",
            es="Ven lo más temprano que puedas, así tenemos tiempo de encontrarte una cama.",
            fr="Venez le plus tôt possible dans la journée, pour que nous ayons le temps de vous trouver un lit.",
            ru="Приходите как можно раньше, чтобы мы успели найти вам кровать.",
            zh="请尽量早点来，这样我们有时间帮你找床位。",
        ),
        fees=FREE,
        categories=["housing_tonight", "housing"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00"), Hours("SA,SU", "10:00", "14:00")],
        locations=["lamplight-housing-desk"],
        languages=["ar", "ur", "pl", "ru"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
        documents=["licence"],
    ),
    # -- Keystone Homes Partnership --
    Service(
        slug="move-on-supported-housing",
        org="keystone",
        name=tr(
            "Move-On Supported Housing",
            ar="سكن مدعوم للبداية الجديدة",
            es="Vivienda con apoyo para empezar de nuevo",
            fr="Logement accompagné pour repartir",
            ru="Жильё с поддержкой после освобождения",
            zh="过渡支持性住房",
        ),
        description=tr(
            "A room in a shared house for up to two years, with a key worker who visits every week. They help you with bills, benefits and finding your own home.",
            ar="غرفة في بيت مشترك لمدة تصل إلى سنتين، مع مرشد يزورك كل أسبوع. يساعدك في الفواتير والإعانات وإيجاد بيت خاص بك.",
            es="Una habitación en una casa compartida hasta dos años, con un trabajador de apoyo que te visita cada semana. Te ayuda con las facturas, las ayudas sociales y a encontrar tu propia casa.",
            fr="Une chambre dans une maison partagée, pour deux ans au plus, avec un référent qui vient vous voir chaque semaine. Il vous aide pour les factures, les aides sociales et pour trouver votre propre logement.",
            ru="Комната в общем доме на срок до двух лет. Каждую неделю к вам приходит куратор. Он помогает со счетами, пособиями и поиском своего жилья.",
            zh="在合租房里住一个房间，最长两年。每周有一位专职辅导员来看你，帮你处理账单、福利，并帮你找到自己的住处。",
        ),
        eligibility=tr(
            "People on licence, or leaving prison soon, who need a home in Manchester.",
            ar="الأشخاص المفرج عنهم إفراجًا مشروطًا، أو الذين سيخرجون من السجن قريبًا، ويحتاجون إلى بيت في مانشستر.",
            es="Personas en libertad condicional, o que saldrán pronto de prisión, y que necesitan una casa en Manchester.",
            fr="Personnes en liberté conditionnelle, ou qui vont bientôt sortir de prison, et qui ont besoin d'un logement à Manchester.",
            ru="Люди на УДО или те, кто скоро выйдет из тюрьмы, которым нужно жильё в Манчестере.",
            zh="正在假释中或即将出狱、需要在曼彻斯特找住处的人。",
        ),
        application=CALL_OR_REFERRAL,
        fees=tr(
            "Your rent is paid by Housing Benefit. You pay £15 a week towards heating and water.",
            ar="يُدفع إيجارك من إعانة السكن (Housing Benefit). تدفع 15 جنيهًا إسترلينيًا في الأسبوع للتدفئة والماء.",
            es="El alquiler se paga con la ayuda para la vivienda (Housing Benefit). Tú pagas 15 £ a la semana para la calefacción y el agua.",
            fr="Votre loyer est payé par l'aide au logement (Housing Benefit). Vous payez 15 £ par semaine pour le chauffage et l'eau.",
            ru="Аренду оплачивает жилищное пособие (Housing Benefit). Вы платите £15 в неделю за отопление и воду.",
            zh="房租由住房补助（Housing Benefit）支付。你每周付15英镑的暖气费和水费。",
        ),
        cost="low_cost",
        categories=["housing"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00")],
        locations=["keystone-whalley-range"],
        languages=["ur", "pl", "ar"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
        documents=["licence", "referral"],
    ),
    Service(
        slug="keep-your-home",
        org="keystone",
        name=tr(
            "Keep Your Home Tenancy Support",
            ar="دعم للحفاظ على بيتك",
            es="Apoyo para no perder tu casa",
            fr="Aide pour garder votre logement",
            ru="Помощь, чтобы сохранить жильё",
            zh="保住住房支持服务",
        ),
        description=tr(
            "If you are behind on rent or worried about losing your home, we can help. We talk to your landlord, sort out bills and make a plan with you.",
            ar="إذا كنت متأخرًا في دفع الإيجار أو تخاف أن تخسر بيتك، يمكننا المساعدة. نتحدث مع المالك، ونرتب الفواتير، ونضع خطة معك.",
            es="Si vas atrasado con el alquiler o te preocupa perder tu casa, te podemos ayudar. Hablamos con tu casero, ordenamos las facturas y hacemos un plan contigo.",
            fr="Si vous avez du retard de loyer ou si vous avez peur de perdre votre logement, nous pouvons vous aider. Nous parlons à votre propriétaire, nous mettons de l'ordre dans vos factures et nous faisons un plan avec vous.",
            ru="Если вы задолжали за аренду или боитесь потерять жильё, мы поможем. Мы поговорим с хозяином жилья, разберёмся со счетами и вместе составим план.",
            zh="如果你欠了房租，或担心失去住处，我们可以帮忙。我们会和房东沟通，整理账单，并和你一起做计划。",
        ),
        eligibility=tr(
            "Anyone with a conviction who rents a home in Manchester.",
            ar="أي شخص لديه سجل جنائي ويستأجر بيتًا في مانشستر.",
            es="Cualquier persona con antecedentes penales que alquila una vivienda en Manchester.",
            fr="Toute personne avec un casier judiciaire qui loue un logement à Manchester.",
            ru="Любой человек с судимостью, который снимает жильё в Манчестере.",
            zh="有犯罪记录、在曼彻斯特租房住的任何人。",
        ),
        application=CALL_FIRST,
        fees=FREE,
        categories=["housing", "money"],
        hours=[Hours("MO,TU,WE,TH", "09:30", "16:30")],
        locations=["keystone-harpurhey"],
        languages=["es", "fr", "zh"],
        documents=["tenancy_letters"],
    ),
    Service(
        slug="housing-advice-line",
        org="keystone",
        name=tr(
            "Housing Advice Phone Line",
            ar="خط هاتفي لنصائح السكن",
            es="Línea telefónica de consejos sobre vivienda",
            fr="Ligne téléphonique de conseils sur le logement",
            ru="Телефон консультаций по жилью",
            zh="住房咨询热线",
        ),
        description=tr(
            "Free advice by phone about housing after prison: your rights, eviction, the council and private landlords. We can also help with letters.",
            ar="نصائح مجانية عبر الهاتف حول السكن بعد السجن: حقوقك، والطرد من السكن، والمجلس المحلي، والمُلّاك الخاصون. يمكننا أيضًا المساعدة في الرسائل.",
            es="Consejos gratis por teléfono sobre la vivienda después de la prisión: tus derechos, los desalojos, el ayuntamiento y los caseros privados. También te ayudamos con cartas.",
            fr="Des conseils gratuits par téléphone sur le logement après la prison : vos droits, les expulsions, la mairie et les propriétaires privés. Nous pouvons aussi vous aider avec vos courriers.",
            ru="Бесплатные консультации по телефону о жилье после тюрьмы: ваши права, выселение, местный совет и частные арендодатели. Также поможем с письмами.",
            zh="通过电话免费提供出狱后住房方面的建议：你的权利、被赶出住处、市政府和私人房东等问题。我们也可以帮你写信。",
        ),
        eligibility=tr(
            "Anyone in England or Wales who has a conviction, and their families.",
            ar="أي شخص في إنجلترا أو ويلز لديه سجل جنائي، وعائلته.",
            es="Cualquier persona en Inglaterra o Gales con antecedentes penales, y su familia.",
            fr="Toute personne en Angleterre ou au pays de Galles qui a un casier judiciaire, et sa famille.",
            ru="Любой человек в Англии или Уэльсе, у которого есть судимость, и его семья.",
            zh="在英格兰或威尔士有犯罪记录的任何人，以及他们的家人。",
        ),
        application=tr(
            "Call us. If the line is busy, leave a message and we will call you back within two working days.",
            ar="اتصل بنا. إذا كان الخط مشغولًا، اترك رسالة وسنعاود الاتصال بك خلال يومي عمل.",
            es="Llámanos. Si la línea está ocupada, deja un mensaje y te llamaremos en un plazo de dos días laborables.",
            fr="Appelez-nous. Si la ligne est occupée, laissez un message et nous vous rappellerons sous deux jours ouvrés.",
            ru="Позвоните нам. Если линия занята, оставьте сообщение, и мы перезвоним в течение двух рабочих дней.",
            zh="请给我们打电话。如果占线，请留言，我们会在两个工作日内给你回电。",
        ),
        fees=FREE,
        categories=["housing", "legal"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00"), Hours("TU,TH", "17:00", "20:00")],
        locations=[],
        coverage=["GB-EAW"],
        languages=["es", "fr", "ru", "ar", "zh"],
        accepts=["people_with_convictions", "sex_offence_convictions", "families"],
    ),
    # -- Shared Plate Food Collective --
    Service(
        slug="food-bank-cheetham-hill",
        org="shared_plate",
        name=tr(
            "Food Bank, Cheetham Hill",
            ar="بنك الطعام، تشيتهام هيل",
            es="Banco de alimentos, Cheetham Hill",
            fr="Banque alimentaire, Cheetham Hill",
            ru="Продуктовый банк, Читем-Хилл",
            zh="食物银行（Cheetham Hill）",
        ),
        description=tr(
            "A bag of food for three days, with fresh fruit and vegetables. We have halal food, and we can make up a bag that needs no cooking.",
            ar="كيس طعام يكفي ثلاثة أيام، مع فواكه وخضار طازجة. لدينا طعام حلال، ويمكننا تجهيز كيس لا يحتاج إلى طبخ.",
            es="Una bolsa de comida para tres días, con fruta y verdura fresca. Tenemos comida halal y podemos preparar una bolsa que no necesita cocina.",
            fr="Un sac de nourriture pour trois jours, avec des fruits et des légumes frais. Nous avons de la nourriture halal, et nous pouvons préparer un sac sans cuisson.",
            ru="Пакет продуктов на три дня, со свежими фруктами и овощами. Есть халяльная еда, и мы можем собрать пакет, для которого не нужно готовить.",
            zh="提供够吃三天的一袋食物，还有新鲜水果和蔬菜。我们有清真食品，也可以给你准备不需要做饭的食物。",
        ),
        eligibility=FOR_ANYONE,
        application=tr(
            "Just come in. You do not need a referral or a voucher.",
            ar="تعال فقط. لا تحتاج إلى إحالة أو قسيمة.",
            es="Solo ven. No necesitas derivación ni vale.",
            fr="Venez simplement. Pas besoin d'orientation ni de bon.",
            ru="Просто приходите. Направление или талон не нужны.",
            zh="直接来就行，不需要转介信或代金券。",
        ),
        fees=FREE,
        categories=["food"],
        hours=[Hours("MO,WE,FR", "11:00", "14:00")],
        locations=["shared-plate-cheetham-hill"],
        languages=["ur", "ar", "pl", "zh"],
        accepts=["people_with_convictions", "families"],
    ),
    Service(
        slug="hot-evening-meal",
        org="shared_plate",
        name=tr(
            "Hot Evening Meal",
            ar="وجبة عشاء ساخنة",
            es="Cena caliente",
            fr="Repas chaud du soir",
            ru="Горячий ужин",
            zh="热晚餐",
        ),
        description=tr(
            "A free hot meal twice a week, eaten together at big tables. There is always a vegetarian choice, and you can take food home if there is some left.",
            ar="وجبة ساخنة مجانية مرتين في الأسبوع، نأكلها معًا على طاولات كبيرة. يوجد دائمًا خيار نباتي، ويمكنك أخذ طعام إلى البيت إذا بقي شيء.",
            es="Una comida caliente gratis dos veces por semana, en mesas grandes y en compañía. Siempre hay opción vegetariana y puedes llevarte comida a casa si sobra.",
            fr="Un repas chaud gratuit deux fois par semaine, pris ensemble autour de grandes tables. Il y a toujours un plat végétarien, et vous pouvez emporter à manger s'il en reste.",
            ru="Бесплатная горячая еда два раза в неделю, за большими общими столами. Всегда есть вегетарианское блюдо, а если еда останется, её можно взять с собой.",
            zh="每周两次免费热饭，大家围坐在大桌子旁一起吃。一直有素食可选，如果有剩下的饭菜，你可以带回家。",
        ),
        eligibility=FOR_ANYONE,
        application=DROP_IN,
        fees=FREE,
        categories=["food"],
        hours=[Hours("TU,TH", "18:00", "20:00")],
        locations=["shared-plate-hulme"],
        languages=["es", "fr"],
        accepts=["people_with_convictions", "families"],
    ),
    Service(
        slug="monthly-food-market",
        org="shared_plate",
        name=tr(
            "Monthly Food Market",
            ar="سوق الطعام الشهري",
            es="Mercado mensual de alimentos",
            fr="Marché alimentaire mensuel",
            ru="Ежемесячный продуктовый рынок",
            zh="每月食品市集",
        ),
        description=tr(
            "On the first Saturday of each month, fill a big bag with food and toiletries for a small price. Families are welcome, and children get a free snack.",
            ar="في أول سبت من كل شهر، املأ كيسًا كبيرًا بالطعام ومواد النظافة مقابل سعر صغير. العائلات مرحّب بها، ويحصل الأطفال على وجبة خفيفة مجانية.",
            es="El primer sábado de cada mes, llena una bolsa grande con comida y productos de aseo por poco dinero. Las familias son bienvenidas y los niños reciben un tentempié gratis.",
            fr="Le premier samedi de chaque mois, remplissez un grand sac de nourriture et de produits d'hygiène pour un petit prix. Les familles sont les bienvenues, et les enfants ont un goûter gratuit.",
            ru="В первую субботу каждого месяца можно за небольшие деньги набрать большой пакет продуктов и средств гигиены. Приходите с семьёй: детям дают бесплатный перекус.",
            zh="每个月的第一个星期六，花很少的钱就能装满一大袋食物和洗漱用品。欢迎全家一起来，孩子可以免费领一份零食。",
        ),
        eligibility=FOR_ANYONE,
        application=tr(
            "Come at any time while the market is open. Bring a bag if you can.",
            ar="تعال في أي وقت والسوق مفتوح. أحضر كيسًا إذا استطعت.",
            es="Ven cuando quieras mientras el mercado esté abierto. Trae una bolsa si puedes.",
            fr="Venez quand vous voulez pendant l'ouverture du marché. Apportez un sac si vous pouvez.",
            ru="Приходите в любое время, пока рынок открыт. Если можете, возьмите с собой сумку.",
            zh="市集开放期间随时可以来。如果可以的话，请自带袋子。",
        ),
        fees=tr(
            "£3 for a big bag. If you cannot pay today, you can still take a bag.",
            ar="3 جنيهات إسترلينية للكيس الكبير. إذا لم تستطع الدفع اليوم، يمكنك أن تأخذ كيسًا مع ذلك.",
            es="3 £ por una bolsa grande. Si hoy no puedes pagar, puedes llevarte una bolsa igualmente.",
            fr="3 £ pour un grand sac. Si vous ne pouvez pas payer aujourd'hui, vous pouvez quand même prendre un sac.",
            ru="£3 за большой пакет. Если сегодня не можете заплатить, пакет всё равно можно взять.",
            zh="一大袋3英镑。如果你今天付不起，也可以拿一袋。",
        ),
        cost="low_cost",
        categories=["food"],
        hours=[monthly("1SA", "10:00", "13:00")],
        locations=["shared-plate-openshaw"],
        languages=["ar", "ur", "pl", "es"],
        accepts=["people_with_convictions", "families"],
    ),
    # -- Ledgerwise Money Advice --
    Service(
        slug="benefits-advice",
        org="ledgerwise",
        name=tr(
            "Benefits Advice Sessions",
            ar="جلسات نصائح حول الإعانات",
            es="Asesoría sobre ayudas sociales",
            fr="Conseils sur les aides sociales",
            ru="Консультации по пособиям",
            zh="福利咨询",
        ),
        description=tr(
            "We help you claim Universal Credit and other benefits, ask for an advance payment, and deal with sanctions. Book a session or come to the drop-in.",
            ar="نساعدك في طلب الائتمان الشامل (Universal Credit) وإعانات أخرى، وطلب دفعة مقدّمة، والتعامل مع العقوبات. احجز جلسة أو تعال دون موعد.",
            es="Te ayudamos a pedir el Universal Credit y otras ayudas, a solicitar un anticipo y a resolver sanciones. Reserva una cita o ven sin cita.",
            fr="Nous vous aidons à demander le Universal Credit et d'autres aides, à demander une avance et à gérer les sanctions. Prenez rendez-vous ou venez sans rendez-vous.",
            ru="Поможем оформить Universal Credit и другие пособия, попросить аванс и разобраться с санкциями. Запишитесь на приём или приходите без записи.",
            zh="我们帮你申请 Universal Credit（统一福利金）和其他福利，申请预支款，并处理福利扣减。可以预约，也可以直接来。",
        ),
        eligibility=FOR_PRISON_AND_FAMILIES,
        application=tr(
            "Call to book, or come to the drop-in on Monday or Tuesday morning.",
            ar="اتصل لتحجز موعدًا، أو تعال دون موعد صباح الاثنين أو الثلاثاء.",
            es="Llama para reservar o ven sin cita el lunes o el martes por la mañana.",
            fr="Appelez pour prendre rendez-vous, ou venez sans rendez-vous le lundi ou le mardi matin.",
            ru="Позвоните, чтобы записаться, или приходите без записи в понедельник или вторник утром.",
            zh="打电话预约，或在星期一或星期二上午直接来。",
        ),
        fees=FREE,
        categories=["money"],
        hours=[Hours("MO,TU,WE,TH", "09:30", "16:30")],
        locations=["ledgerwise-longsight"],
        languages=["ar", "ur", "ru", "zh", "fr"],
        accepts=["people_with_convictions", "families"],
        documents=["benefit_letters", "licence"],
    ),
    Service(
        slug="debt-and-fines-help",
        org="ledgerwise",
        name=tr(
            "Debt and Fines Help",
            ar="المساعدة في الديون والغرامات",
            es="Ayuda con deudas y multas",
            fr="Aide pour les dettes et les amendes",
            ru="Помощь с долгами и штрафами",
            zh="债务和罚款帮助",
        ),
        description=tr(
            "Worried about debts or court fines? We look at what you owe, talk to the people you owe, and help you pay a small amount you can afford.",
            ar="هل أنت قلق بسبب الديون أو غرامات المحكمة؟ ننظر في ما عليك، ونتحدث مع الجهات التي تدين لها، ونساعدك على دفع مبلغ صغير تقدر عليه.",
            es="¿Te preocupan las deudas o las multas del juzgado? Miramos lo que debes, hablamos con quienes te reclaman el dinero y te ayudamos a pagar una cantidad pequeña que puedas permitirte.",
            fr="Vous êtes inquiet à cause de dettes ou d'amendes du tribunal ? Nous regardons ce que vous devez, nous parlons à vos créanciers et nous vous aidons à payer une petite somme que vous pouvez vous permettre.",
            ru="Беспокоят долги или судебные штрафы? Мы посмотрим, сколько вы должны, поговорим с теми, кому вы должны, и поможем платить небольшую сумму, которая вам по силам.",
            zh="担心欠债或法院罚款吗？我们帮你看看欠了多少，和债主沟通，并帮你每次只付一小笔你付得起的钱。",
        ),
        eligibility=FOR_PRISON_AND_FAMILIES,
        application=CALL_FIRST,
        fees=FREE,
        categories=["money", "legal"],
        hours=[Hours("WE", "17:00", "20:00")],
        locations=["ledgerwise-stockport"],
        languages=["es", "ru", "pl"],
        accepts=["people_with_convictions", "families"],
        documents=["debt_letters"],
    ),
    # -- Workbench Futures --
    Service(
        slug="jobs-club",
        org="workbench",
        name=tr(
            "Jobs Club",
            ar="نادي الوظائف",
            es="Club de empleo",
            fr="Club emploi",
            ru="Клуб поиска работы",
            zh="求职俱乐部",
        ),
        description=tr(
            "Get help with your CV, job applications and interviews. We know employers who are happy to hire people with convictions, and we help you talk about your record.",
            ar="احصل على مساعدة في سيرتك الذاتية وطلبات العمل والمقابلات. نعرف أصحاب عمل يرحّبون بتوظيف أشخاص لديهم سوابق، ونساعدك في الحديث عن سجلك.",
            es="Recibe ayuda con tu currículum, las solicitudes de empleo y las entrevistas. Conocemos empresas que contratan con gusto a personas con antecedentes, y te ayudamos a hablar de tu pasado.",
            fr="Recevez de l'aide pour votre CV, vos candidatures et vos entretiens. Nous connaissons des employeurs prêts à embaucher des personnes qui ont un casier judiciaire, et nous vous aidons à parler de votre casier.",
            ru="Помощь с резюме, откликами на вакансии и собеседованиями. Мы знаем работодателей, которые охотно берут людей с судимостью, и поможем вам рассказать о своём прошлом.",
            zh="帮你写简历、申请工作和准备面试。我们认识愿意雇用有犯罪记录的人的雇主，也会帮你学会怎样谈论你的记录。",
        ),
        eligibility=tr(
            "Anyone with a conviction who wants to work.",
            ar="أي شخص لديه سجل جنائي ويريد أن يعمل.",
            es="Cualquier persona con antecedentes penales que quiera trabajar.",
            fr="Toute personne avec un casier judiciaire qui veut travailler.",
            ru="Любой человек с судимостью, который хочет работать.",
            zh="任何有犯罪记录、想工作的人。",
        ),
        application=DROP_IN,
        fees=FREE,
        categories=["work"],
        hours=[Hours("MO,WE", "10:00", "13:00")],
        locations=["workbench-ancoats"],
        languages=["pl", "ru", "fr"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
    ),
    Service(
        slug="building-site-skills",
        org="workbench",
        name=tr(
            "Building Site Skills Course",
            ar="دورة مهارات العمل في البناء",
            es="Curso de oficios de la construcción",
            fr="Formation aux métiers du bâtiment",
            ru="Курс строительных навыков",
            zh="建筑工地技能课程",
        ),
        description=tr(
            "A four-week course in basic building skills and health and safety. At the end you take the test for a site safety card, and we help you look for work.",
            ar="دورة لمدة أربعة أسابيع في مهارات البناء الأساسية والصحة والسلامة. في النهاية تخضع لاختبار بطاقة السلامة في موقع البناء، ونساعدك في البحث عن عمل.",
            es="Un curso de cuatro semanas de oficios básicos de la construcción y de seguridad y salud. Al final haces el examen para la tarjeta de seguridad en obra y te ayudamos a buscar trabajo.",
            fr="Une formation de quatre semaines aux bases du bâtiment, de l'hygiène et de la sécurité. À la fin, vous passez l'examen de la carte de sécurité de chantier, et nous vous aidons à chercher du travail.",
            ru="Четырёхнедельный курс базовых строительных навыков и техники безопасности. В конце вы сдаёте экзамен на карту допуска на стройку, и мы помогаем искать работу.",
            zh="为期四周的基本建筑技能和健康安全课程。课程结束时，你参加工地安全卡考试，我们还会帮你找工作。",
        ),
        eligibility=tr(
            "People aged 18 and over with a conviction. You do not need any experience.",
            ar="الأشخاص من عمر 18 سنة فأكثر ولديهم سجل جنائي. لا تحتاج إلى أي خبرة.",
            es="Personas de 18 años o más con antecedentes penales. No necesitas experiencia.",
            fr="Personnes de 18 ans et plus avec un casier judiciaire. Aucune expérience n'est nécessaire.",
            ru="Люди от 18 лет с судимостью. Опыт не нужен.",
            zh="18岁及以上、有犯罪记录的人。不需要任何经验。",
        ),
        application=tr(
            "Call us to book a place. A new course starts every month.",
            ar="اتصل بنا لتحجز مكانًا. تبدأ دورة جديدة كل شهر.",
            es="Llámanos para reservar una plaza. Cada mes empieza un curso nuevo.",
            fr="Appelez-nous pour réserver une place. Une nouvelle formation commence chaque mois.",
            ru="Позвоните, чтобы записаться. Новый курс начинается каждый месяц.",
            zh="请打电话预约名额。每个月都有新课程开始。",
        ),
        fees=tr(
            "Free. We pay for your test, boots and lunch.",
            ar="مجاني. ندفع ثمن الاختبار والحذاء والغداء.",
            es="Gratis. Pagamos tu examen, tus botas y la comida.",
            fr="Gratuit. Nous payons votre examen, vos chaussures de sécurité et le déjeuner.",
            ru="Бесплатно. Мы оплачиваем экзамен, рабочие ботинки и обед.",
            zh="免费。我们为你支付考试费、工作靴和午饭。",
        ),
        categories=["work"],
        hours=[Hours(WEEKDAYS, "08:30", "15:30")],
        locations=["workbench-salford-quays"],
        languages=["pl", "ru", "ar"],
        documents=["ni_number"],
    ),
    # -- Northway Health Collective --
    Service(
        slug="gp-registration-help",
        org="northway",
        name=tr(
            "GP Registration Help",
            ar="المساعدة في التسجيل لدى طبيب عام",
            es="Ayuda para registrarte con un médico de cabecera",
            fr="Aide pour s'inscrire chez un médecin généraliste",
            ru="Помощь с прикреплением к терапевту (GP)",
            zh="家庭医生（GP）注册帮助",
        ),
        description=tr(
            "Everyone can register with a GP, even without an address or ID. We help you register, get your prison health records sent over, and get your medicines.",
            ar="يحق لكل شخص التسجيل لدى طبيب عام، حتى دون عنوان أو هوية. نساعدك في التسجيل، ونقل سجلاتك الصحية من السجن، والحصول على أدويتك.",
            es="Todo el mundo puede registrarse con un médico de cabecera, incluso sin dirección ni documentos. Te ayudamos a registrarte, a pedir tu historial médico de la prisión y a conseguir tus medicamentos.",
            fr="Tout le monde peut s'inscrire chez un médecin généraliste, même sans adresse ni pièce d'identité. Nous vous aidons à vous inscrire, à faire envoyer votre dossier médical de la prison et à avoir vos médicaments.",
            ru="Прикрепиться к терапевту может каждый, даже без адреса и документов. Мы поможем прикрепиться, запросить вашу медицинскую карту из тюрьмы и получить лекарства.",
            zh="每个人都可以在家庭医生那里注册，没有地址或证件也可以。我们帮你注册，把你在监狱的病历转过来，并帮你拿到药。",
        ),
        eligibility=FOR_ANYONE,
        application=DROP_IN,
        fees=FREE,
        categories=["health"],
        hours=[Hours("TU,WE,TH", "10:00", "16:00")],
        locations=["northway-levenshulme"],
        languages=["ar", "zh", "es", "ur"],
        documents=["nhs_number"],
    ),
    Service(
        slug="nurse-drop-in",
        org="northway",
        name=tr(
            "Nurse Drop-in Clinic",
            ar="عيادة ممرضة دون موعد",
            es="Consulta de enfermería sin cita",
            fr="Consultation infirmière sans rendez-vous",
            ru="Приём медсестры без записи",
            zh="护士免预约门诊",
        ),
        description=tr(
            "See a nurse about wounds, infections, blood tests, vaccines and sexual health. We can also check your blood pressure and help you see a doctor.",
            ar="قابل ممرضة بخصوص الجروح والالتهابات وفحوص الدم واللقاحات والصحة الجنسية. يمكننا أيضًا قياس ضغط دمك ومساعدتك في رؤية طبيب.",
            es="Consulta a una enfermera por heridas, infecciones, análisis de sangre, vacunas y salud sexual. También podemos tomarte la tensión y ayudarte a ver a un médico.",
            fr="Voyez une infirmière pour des plaies, des infections, des prises de sang, des vaccins et la santé sexuelle. Nous pouvons aussi prendre votre tension et vous aider à voir un médecin.",
            ru="Медсестра поможет с ранами, инфекциями, анализами крови, прививками и сексуальным здоровьем. Также можно измерить давление и получить помощь, чтобы попасть к врачу.",
            zh="护士可以帮你处理伤口、感染，做验血、打疫苗，看性健康问题。我们也可以给你量血压，并帮你看医生。",
        ),
        eligibility=FOR_ANYONE,
        application=DROP_IN,
        fees=FREE,
        categories=["health"],
        hours=[Hours(WEEKDAYS, "09:00", "12:00"), Hours("TH", "17:00", "19:00")],
        locations=["northway-cheetham-hill"],
        languages=["ar", "fr", "ur"],
    ),
    Service(
        slug="emergency-dental",
        org="northway",
        name=tr(
            "Emergency Dental Sessions",
            ar="جلسات طوارئ لعلاج الأسنان",
            es="Dentista de urgencia",
            fr="Dentiste en urgence",
            ru="Неотложная стоматология",
            zh="牙科急诊",
        ),
        description=tr(
            "A dentist for toothache, broken teeth and infections, for people who do not have a dentist. Come early, as places go fast.",
            ar="طبيب أسنان لآلام الأسنان والأسنان المكسورة والالتهابات، للأشخاص الذين ليس لديهم طبيب أسنان. تعال مبكرًا لأن الأماكن تنتهي بسرعة.",
            es="Un dentista para el dolor de muelas, dientes rotos e infecciones, para personas que no tienen dentista. Ven temprano, porque las plazas se acaban rápido.",
            fr="Un dentiste pour les maux de dents, les dents cassées et les infections, pour les personnes qui n'ont pas de dentiste. Venez tôt, car les places partent vite.",
            ru="Стоматолог при зубной боли, сломанных зубах и воспалениях — для тех, у кого нет своего стоматолога. Приходите пораньше: мест мало.",
            zh="为没有固定牙医的人看牙痛、牙齿断裂和感染。请早点来，名额很快就满。",
        ),
        alert=tr(
            "Closed for building work. We will open again soon. Call us to check.",
            ar="مغلق بسبب أعمال بناء. سنفتح مجددًا قريبًا. اتصل بنا للتأكد.",
            es="Cerrado por obras. Volveremos a abrir pronto. Llámanos para confirmarlo.",
            fr="Fermé pour travaux. Nous rouvrirons bientôt. Appelez-nous pour vérifier.",
            ru="Закрыто на ремонт. Скоро снова откроемся. Позвоните, чтобы уточнить.",
            zh="因装修暂时关闭，很快会重新开放。请打电话确认。",
        ),
        eligibility=FOR_ANYONE,
        application=DROP_IN,
        fees=tr(
            "Free if you get benefits or have no income. Otherwise you pay the normal NHS charge.",
            ar="مجاني إذا كنت تحصل على إعانات أو ليس لديك دخل. وإلا فتدفع رسوم هيئة الخدمات الصحية الوطنية (NHS) العادية.",
            es="Gratis si cobras ayudas sociales o no tienes ingresos. Si no, pagas el precio normal del NHS.",
            fr="Gratuit si vous touchez des aides sociales ou si vous n'avez pas de revenus. Sinon, vous payez le tarif normal du NHS.",
            ru="Бесплатно, если вы получаете пособие или у вас нет дохода. В остальных случаях — обычная плата NHS.",
            zh="如果你领福利或没有收入，就免费。否则，按NHS的标准收费。",
        ),
        cost="low_cost",
        categories=["health"],
        hours=[Hours("SA", "09:00", "12:00")],
        locations=["northway-moss-side"],
        languages=["es", "zh"],
        status="temporarily closed",
    ),
    # -- Quiet Harbour Wellbeing --
    Service(
        slug="quiet-harbour-listening-line",
        org="quiet_harbour",
        name=tr(
            "Night and Day Listening Line",
            ar="خط استماع ليلًا ونهارًا",
            es="Línea de escucha de día y de noche",
            fr="Ligne d'écoute jour et nuit",
            ru="Телефон доверия днём и ночью",
            zh="日夜倾听热线",
        ),
        description=tr(
            "Call any time, day or night, to talk to a trained volunteer. We listen without judging. Many of us have been in prison, or have family who have.",
            ar="اتصل في أي وقت، ليلًا أو نهارًا، لتتحدث مع متطوع مدرَّب. نستمع إليك دون أن نحكم عليك. كثير منا كانوا في السجن أو لديهم أقارب كانوا فيه.",
            es="Llama a cualquier hora, de día o de noche, para hablar con un voluntario formado. Te escuchamos sin juzgarte. Muchos de nosotros hemos estado en prisión o tenemos familia que ha estado.",
            fr="Appelez à tout moment, de jour comme de nuit, pour parler à un bénévole formé. Nous vous écoutons sans juger. Beaucoup d'entre nous ont été en prison, ou ont un proche qui y a été.",
            ru="Звоните в любое время, днём или ночью, чтобы поговорить с обученным волонтёром. Мы слушаем и не осуждаем. Многие из нас сами были в тюрьме или у нас там были родные.",
            zh="白天晚上随时都可以打电话，和受过培训的志愿者聊聊。我们倾听，不评判你。我们很多人自己坐过牢，或者家人坐过牢。",
        ),
        eligibility=tr(
            "Anyone in England or Wales who has been in prison, and their families.",
            ar="أي شخص في إنجلترا أو ويلز كان في السجن، وعائلته.",
            es="Cualquier persona en Inglaterra o Gales que ha estado en prisión, y su familia.",
            fr="Toute personne en Angleterre ou au pays de Galles qui a été en prison, et sa famille.",
            ru="Любой человек в Англии или Уэльсе, который был в тюрьме, и его семья.",
            zh="在英格兰或威尔士曾经坐过牢的任何人，以及他们的家人。",
        ),
        application=tr(
            "Call the number. You do not have to give your name. If you are in danger now, call 999.",
            ar="اتصل بالرقم. لا يلزمك أن تذكر اسمك. إذا كنت في خطر الآن، اتصل بـ 999.",
            es="Llama al número. No tienes que decir tu nombre. Si estás en peligro ahora, llama al 999.",
            fr="Appelez le numéro. Vous n'êtes pas obligé de donner votre nom. Si vous êtes en danger maintenant, appelez le 999.",
            ru="Позвоните по номеру. Называть своё имя не обязательно. Если вы в опасности прямо сейчас, звоните 999.",
            zh="拨打这个号码。你不用说出名字。如果你现在有危险，请拨打999。",
        ),
        fees=FREE,
        categories=["mental_health"],
        hours=[Hours(EVERY_DAY, "00:00", "00:00")],
        locations=["quiet-harbour-phone"],
        coverage=["GB-EAW"],
        languages=["es", "fr", "ru", "ar", "zh", "pl"],
        accepts=["people_with_convictions", "sex_offence_convictions", "families"],
    ),
    Service(
        slug="free-counselling",
        org="quiet_harbour",
        name=tr(
            "Free Counselling",
            ar="استشارة نفسية مجانية",
            es="Terapia psicológica gratuita",
            fr="Soutien psychologique gratuit",
            ru="Бесплатная психологическая помощь",
            zh="免费心理咨询",
        ),
        description=tr(
            "Up to twelve one-to-one sessions with a counsellor, in person or by video. Talk about stress, sadness, anger, trauma or anything on your mind.",
            ar="حتى اثنتي عشرة جلسة فردية مع مستشار نفسي، حضوريًا أو عبر الفيديو. تحدث عن التوتر أو الحزن أو الغضب أو الصدمة أو أي شيء يشغل بالك.",
            es="Hasta doce sesiones individuales con un terapeuta, en persona o por videollamada. Habla del estrés, la tristeza, la rabia, un trauma o lo que te preocupe.",
            fr="Jusqu'à douze séances individuelles avec un thérapeute, en personne ou en vidéo. Parlez du stress, de la tristesse, de la colère, d'un traumatisme ou de ce qui vous préoccupe.",
            ru="До двенадцати индивидуальных встреч с психологом, лично или по видеосвязи. Говорите о стрессе, грусти, злости, травме или о чём угодно, что вас тревожит.",
            zh="最多十二次一对一心理咨询，可以当面，也可以视频。你可以谈压力、难过、愤怒、创伤，或任何让你烦心的事。",
        ),
        eligibility=tr(
            "Adults who have been in prison or have a family member in prison.",
            ar="البالغون الذين كانوا في السجن أو لديهم فرد من العائلة في السجن.",
            es="Personas adultas que han estado en prisión o que tienen a un familiar en prisión.",
            fr="Adultes qui ont été en prison ou qui ont un proche en prison.",
            ru="Взрослые, которые были в тюрьме или у которых в тюрьме член семьи.",
            zh="坐过牢的成年人，或有家人在坐牢的成年人。",
        ),
        application=tr(
            "Call us or fill in the short form on our website. We will call you back within a week.",
            ar="اتصل بنا أو املأ الاستمارة القصيرة على موقعنا. سنتصل بك خلال أسبوع.",
            es="Llámanos o rellena el formulario corto de nuestra web. Te llamaremos en menos de una semana.",
            fr="Appelez-nous ou remplissez le court formulaire sur notre site. Nous vous rappellerons dans la semaine.",
            ru="Позвоните нам или заполните короткую форму на нашем сайте. Мы перезвоним в течение недели.",
            zh="请给我们打电话，或在我们网站上填一张简短的表。我们会在一周内给你回电。",
        ),
        fees=FREE,
        categories=["mental_health"],
        hours=[Hours("MO,TU,WE,TH", "10:00", "20:00")],
        locations=["quiet-harbour-didsbury"],
        languages=["fr", "es", "ru", "zh"],
        accepts=["people_with_convictions", "families"],
    ),
    Service(
        slug="thursday-peer-support",
        org="quiet_harbour",
        name=tr(
            "Thursday Peer Support Group",
            ar="مجموعة دعم الأقران يوم الخميس",
            es="Grupo de apoyo entre iguales de los jueves",
            fr="Groupe d'entraide du jeudi",
            ru="Группа взаимной поддержки по четвергам",
            zh="星期四同伴互助小组",
        ),
        description=tr(
            "Meet other people who know what life after prison is like. We share tea, talk, and support each other. You can just listen if you want.",
            ar="قابل أشخاصًا آخرين يعرفون كيف تكون الحياة بعد السجن. نشرب الشاي ونتحدث ويدعم بعضنا بعضًا. يمكنك أن تكتفي بالاستماع إن أردت.",
            es="Conoce a otras personas que saben cómo es la vida después de la prisión. Tomamos té, hablamos y nos apoyamos. Si quieres, puedes solo escuchar.",
            fr="Rencontrez d'autres personnes qui savent ce qu'est la vie après la prison. On boit un thé, on parle et on se soutient. Vous pouvez juste écouter si vous préférez.",
            ru="Встречайтесь с людьми, которые знают, какова жизнь после тюрьмы. Пьём чай, разговариваем и поддерживаем друг друга. Можно просто слушать.",
            zh="和其他知道出狱后生活是什么样的人见面。我们一起喝茶、聊天、互相支持。如果你愿意，也可以只听不说。",
        ),
        eligibility=FOR_LEFT_PRISON,
        application=DROP_IN,
        fees=FREE,
        categories=["mental_health"],
        hours=[Hours("TH", "18:30", "20:30")],
        locations=["quiet-harbour-ardwick"],
        languages=["ar", "ur"],
    ),
    # -- Riverstone Recovery --
    Service(
        slug="recovery-drop-in",
        org="riverstone",
        name=tr(
            "Recovery Drop-in",
            ar="مركز التعافي دون موعد",
            es="Centro de recuperación sin cita",
            fr="Accueil rétablissement sans rendez-vous",
            ru="Центр восстановления без записи",
            zh="康复免预约中心",
        ),
        description=tr(
            "Help with drugs or alcohol, whatever stage you are at. See a recovery worker, start treatment, or carry on with your prescribed treatment after prison.",
            ar="مساعدة في مشكلات المخدرات أو الكحول، مهما كانت مرحلتك. قابل مرشد تعافٍ، أو ابدأ العلاج، أو استمر في علاجك الموصوف بعد السجن.",
            es="Ayuda con las drogas o el alcohol, estés en el punto en que estés. Habla con un trabajador de recuperación, empieza un tratamiento o sigue con el tratamiento que te recetaron después de la prisión.",
            fr="De l'aide pour la drogue ou l'alcool, où que vous en soyez. Voyez un accompagnateur, commencez un traitement, ou continuez après la prison le traitement qui vous a été prescrit.",
            ru="Помощь при проблемах с наркотиками или алкоголем, на любом этапе. Встретьтесь с консультантом, начните лечение или продолжите назначенное лечение после тюрьмы.",
            zh="无论你处在哪个阶段，我们都能帮你解决毒品或酒精问题。你可以见康复工作者、开始治疗，或在出狱后继续接受医生给你开的治疗。",
        ),
        eligibility=tr(
            "Anyone aged 18 or over who lives in Manchester.",
            ar="أي شخص عمره 18 سنة أو أكثر ويعيش في مانشستر.",
            es="Cualquier persona de 18 años o más que vive en Manchester.",
            fr="Toute personne de 18 ans ou plus qui vit à Manchester.",
            ru="Любой человек от 18 лет, живущий в Манчестере.",
            zh="住在曼彻斯特、18岁及以上的任何人。",
        ),
        application=tr(
            "Come in, or ask the prison or your probation officer to refer you before you leave.",
            ar="تعال إلينا، أو اطلب من السجن أو من ضابط المراقبة أن يحيلك إلينا قبل خروجك.",
            es="Ven, o pide a la prisión o a tu agente de libertad condicional que te deriven antes de salir.",
            fr="Venez, ou demandez à la prison ou à votre conseiller de probation de vous orienter vers nous avant votre sortie.",
            ru="Приходите сами или попросите тюрьму либо сотрудника пробации направить вас к нам до освобождения.",
            zh="直接来，或在出狱前请监狱或缓刑官把你转介给我们。",
        ),
        fees=FREE,
        categories=["drugs_alcohol"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00")],
        locations=["riverstone-ancoats"],
        languages=["pl", "ru", "ur"],
    ),
    Service(
        slug="harm-reduction",
        org="riverstone",
        name=tr(
            "Harm Reduction and Needle Exchange",
            ar="الحد من الأضرار وتبديل الإبر",
            es="Reducción de daños e intercambio de jeringuillas",
            fr="Réduction des risques et échange de seringues",
            ru="Снижение вреда и обмен шприцев",
            zh="减害服务和针具交换",
        ),
        description=tr(
            "Clean needles, naloxone kits with training, and tests for hepatitis C and HIV. The risk of overdose is very high in the first weeks after prison. Take a naloxone kit: it can save a life.",
            ar="إبر نظيفة، وعُدّة النالوكسون مع التدريب على استخدامها، وفحوص التهاب الكبد C وفيروس نقص المناعة. خطر الجرعة الزائدة مرتفع جدًا في الأسابيع الأولى بعد السجن. خذ عُدّة نالوكسون، فقد تنقذ حياة.",
            es="Agujas limpias, kits de naloxona con formación para usarlos, y pruebas de hepatitis C y VIH. El riesgo de sobredosis es muy alto en las primeras semanas después de la prisión. Llévate un kit de naloxona: puede salvar una vida.",
            fr="Des seringues propres, des kits de naloxone avec une formation, et des tests de l'hépatite C et du VIH. Le risque d'overdose est très élevé dans les premières semaines après la prison. Prenez un kit de naloxone : il peut sauver une vie.",
            ru="Чистые шприцы, наборы налоксона с обучением, а также тесты на гепатит C и ВИЧ. В первые недели после тюрьмы риск передозировки очень высок. Возьмите набор налоксона — он может спасти жизнь.",
            zh="提供干净针具、纳洛酮急救包和使用培训，还可以检测丙肝和艾滋病毒。出狱后的头几周，用药过量的风险非常高。请带上一份纳洛酮，它能救命。",
        ),
        eligibility=FOR_ANYONE,
        application=tr(
            "Just come in. You do not have to give your real name.",
            ar="تعال فقط. لا يلزمك أن تذكر اسمك الحقيقي.",
            es="Solo ven. No tienes que dar tu nombre real.",
            fr="Venez simplement. Vous n'êtes pas obligé de donner votre vrai nom.",
            ru="Просто приходите. Настоящее имя называть не обязательно.",
            zh="直接来就行。你不用说出真名。",
        ),
        fees=FREE,
        categories=["drugs_alcohol", "health"],
        hours=[Hours("MO,TU,WE,TH,FR,SA", "10:00", "18:00")],
        locations=["riverstone-city-centre"],
        languages=["ru", "pl", "fr"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
    ),
    Service(
        slug="weekend-recovery-meeting",
        org="riverstone",
        name=tr(
            "Weekend Recovery Meeting",
            ar="لقاء التعافي في عطلة نهاية الأسبوع",
            es="Reunión de recuperación del fin de semana",
            fr="Réunion de rétablissement du week-end",
            ru="Встреча выздоравливающих по выходным",
            zh="周末康复聚会",
        ),
        description=tr(
            "A friendly meeting for people in recovery from drugs or alcohol, with coffee and breakfast. Weekends can be hard, so come and be with people who understand.",
            ar="لقاء ودّي للأشخاص المتعافين من المخدرات أو الكحول، مع القهوة والفطور. عطلة نهاية الأسبوع قد تكون صعبة، فتعال وكن مع أناس يفهمونك.",
            es="Una reunión amable para personas en recuperación de las drogas o el alcohol, con café y desayuno. Los fines de semana pueden ser duros: ven a estar con gente que te entiende.",
            fr="Une réunion conviviale pour les personnes en rétablissement de la drogue ou de l'alcool, avec café et petit-déjeuner. Les week-ends peuvent être durs : venez passer du temps avec des gens qui comprennent.",
            ru="Дружеская встреча для тех, кто восстанавливается после наркотиков или алкоголя, с кофе и завтраком. В выходные бывает тяжело — приходите к людям, которые понимают.",
            zh="为正在戒毒或戒酒的人举办的友好聚会，有咖啡和早饭。周末可能很难熬，来和理解你的人待在一起吧。",
        ),
        eligibility=tr(
            "Anyone who wants to stop or cut down on drugs or alcohol.",
            ar="أي شخص يريد التوقف عن المخدرات أو الكحول أو التقليل منها.",
            es="Cualquier persona que quiera dejar o reducir las drogas o el alcohol.",
            fr="Toute personne qui veut arrêter ou réduire la drogue ou l'alcool.",
            ru="Все, кто хочет бросить или меньше употреблять наркотики или алкоголь.",
            zh="任何想戒掉或减少吸毒、喝酒的人。",
        ),
        application=DROP_IN,
        fees=FREE,
        categories=["drugs_alcohol"],
        hours=[Hours("SA,SU", "11:00", "12:30")],
        locations=["riverstone-whalley-range"],
        languages=["es", "pl"],
    ),
    Service(
        slug="drink-and-drugs-advice-line",
        org="riverstone",
        name=tr(
            "Drink and Drugs Advice Line",
            ar="خط نصائح حول الكحول والمخدرات",
            es="Línea de consejos sobre alcohol y drogas",
            fr="Ligne de conseils alcool et drogues",
            ru="Телефон консультаций по алкоголю и наркотикам",
            zh="酒精和毒品咨询热线",
        ),
        description=tr(
            "Talk in confidence about your drinking or drug use, or someone else's. We give honest advice and can help you find treatment near you.",
            ar="تحدث بسرية عن شربك للكحول أو تعاطيك للمخدرات، أو عن شخص آخر. نقدم نصائح صادقة، ويمكننا مساعدتك في إيجاد علاج قريب منك.",
            es="Habla en confianza sobre lo que bebes o las drogas que tomas, o sobre otra persona. Te damos consejos sinceros y te ayudamos a encontrar tratamiento cerca de ti.",
            fr="Parlez en toute confiance de votre consommation d'alcool ou de drogue, ou de celle d'un proche. Nous donnons des conseils honnêtes et pouvons vous aider à trouver un traitement près de chez vous.",
            ru="Конфиденциально поговорите о том, как вы пьёте или употребляете наркотики, — или о ком-то другом. Мы дадим честный совет и поможем найти лечение рядом с вами.",
            zh="你可以放心谈你自己或别人喝酒、吸毒的情况，我们会保密。我们给你诚实的建议，也能帮你找到附近的治疗服务。",
        ),
        eligibility=tr(
            "Anyone in England or Wales, and their families and friends.",
            ar="أي شخص في إنجلترا أو ويلز، وعائلته وأصدقاؤه.",
            es="Cualquier persona en Inglaterra o Gales, y su familia y amigos.",
            fr="Toute personne en Angleterre ou au pays de Galles, ainsi que sa famille et ses amis.",
            ru="Любой человек в Англии или Уэльсе, а также его семья и друзья.",
            zh="英格兰或威尔士的任何人，以及他们的家人和朋友。",
        ),
        application=NO_NAME_NEEDED,
        fees=FREE,
        categories=["drugs_alcohol"],
        hours=[Hours(EVERY_DAY, "08:00", "22:00")],
        locations=[],
        coverage=["GB-EAW"],
        languages=["ru", "es", "ar", "zh", "fr"],
        accepts=["people_with_convictions", "families"],
    ),
    # -- Fairhearing Legal Advice Centre --
    Service(
        slug="criminal-record-advice-line",
        org="fairhearing",
        name=tr(
            "Criminal Record Advice Line",
            ar="خط نصائح حول السجل الجنائي",
            es="Línea de consejos sobre antecedentes penales",
            fr="Ligne de conseils sur le casier judiciaire",
            ru="Консультации по судимости",
            zh="犯罪记录咨询热线",
        ),
        description=tr(
            "Find out when your conviction becomes spent, what you must tell an employer or landlord, and what shows on a DBS check. Free, private advice by phone or email.",
            ar="اعرف متى تُعتبر إدانتك منتهية (spent)، وما الذي يجب أن تخبر به صاحب العمل أو المالك، وما الذي يظهر في فحص DBS. نصائح مجانية وسرية عبر الهاتف أو البريد الإلكتروني.",
            es="Descubre cuándo tu condena queda cancelada (spent), qué tienes que contar a una empresa o a un casero, y qué aparece en un certificado DBS. Consejos gratis y privados por teléfono o correo electrónico.",
            fr="Découvrez quand votre condamnation devient « effacée » (spent), ce que vous devez dire à un employeur ou à un propriétaire, et ce qui apparaît sur un contrôle DBS. Des conseils gratuits et confidentiels par téléphone ou par e-mail.",
            ru="Узнайте, когда ваша судимость будет погашена (spent), что нужно сообщать работодателю или арендодателю и что видно при проверке DBS. Бесплатные конфиденциальные консультации по телефону или электронной почте.",
            zh="了解你的定罪什么时候算“已过期”（spent），哪些事必须告诉雇主或房东，以及DBS背景调查会显示什么。通过电话或电子邮件提供免费、保密的建议。",
        ),
        eligibility=tr(
            "Anyone in England or Wales with a criminal record, and people who support them.",
            ar="أي شخص في إنجلترا أو ويلز لديه سجل جنائي، والأشخاص الذين يدعمونه.",
            es="Cualquier persona en Inglaterra o Gales con antecedentes penales, y quienes la apoyan.",
            fr="Toute personne en Angleterre ou au pays de Galles qui a un casier judiciaire, et les personnes qui la soutiennent.",
            ru="Любой человек в Англии или Уэльсе с судимостью, а также те, кто ему помогает.",
            zh="在英格兰或威尔士有犯罪记录的任何人，以及支持他们的人。",
        ),
        application=tr(
            "Call us or email us. We usually answer emails within three working days.",
            ar="اتصل بنا أو راسلنا بالبريد الإلكتروني. نرد عادةً على الرسائل خلال ثلاثة أيام عمل.",
            es="Llámanos o escríbenos un correo. Normalmente respondemos en tres días laborables.",
            fr="Appelez-nous ou écrivez-nous un e-mail. Nous répondons en général sous trois jours ouvrés.",
            ru="Позвоните или напишите нам. Обычно мы отвечаем на письма в течение трёх рабочих дней.",
            zh="给我们打电话或发电子邮件。我们一般在三个工作日内回复邮件。",
        ),
        fees=FREE,
        categories=["legal", "work"],
        hours=[Hours("MO,TU,TH", "10:00", "16:00")],
        locations=["fairhearing-phone"],
        coverage=["GB-EAW"],
        languages=["fr", "es", "ar", "ru", "zh"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
    ),
    Service(
        slug="legal-advice-evening",
        org="fairhearing",
        name=tr(
            "Free Legal Advice Evening",
            ar="أمسية النصائح القانونية المجانية",
            es="Tarde de asesoría legal gratuita",
            fr="Soirée de conseils juridiques gratuits",
            ru="Бесплатные юридические консультации по вечерам",
            zh="免费法律咨询晚间门诊",
        ),
        description=tr(
            "Talk to a volunteer lawyer for 20 minutes about licence conditions, recall, fines, or problems with housing or benefits. They can tell you what to do next.",
            ar="تحدث مع محامٍ متطوع لمدة 20 دقيقة عن شروط الإفراج، أو الإعادة إلى السجن (recall)، أو الغرامات، أو مشكلات السكن أو الإعانات. يمكنه أن يخبرك بالخطوة التالية.",
            es="Habla 20 minutos con un abogado voluntario sobre las condiciones de tu libertad, la vuelta a prisión (recall), multas o problemas con la vivienda o las ayudas. Te dirá qué hacer después.",
            fr="Parlez 20 minutes avec un avocat bénévole des conditions de votre libération, d'un rappel en prison (recall), d'amendes, ou de problèmes de logement ou d'aides sociales. Il peut vous dire quoi faire ensuite.",
            ru="20 минут разговора с юристом-волонтёром об условиях освобождения, возвращении в тюрьму (recall), штрафах, проблемах с жильём или пособиями. Он подскажет, что делать дальше.",
            zh="和志愿律师谈20分钟，内容可以是假释条件、被召回监狱（recall）、罚款，或住房、福利方面的问题。律师会告诉你下一步该怎么做。",
        ),
        eligibility=FOR_PRISON_AND_FAMILIES,
        application=tr(
            "Come between 5:30pm and 7pm. We see people in the order they arrive.",
            ar="تعال بين الساعة 5:30 و7 مساءً. نستقبل الناس حسب ترتيب وصولهم.",
            es="Ven entre las 5:30 y las 7 de la tarde. Atendemos por orden de llegada.",
            fr="Venez entre 17 h 30 et 19 h. Nous recevons les gens dans l'ordre d'arrivée.",
            ru="Приходите с 17:30 до 19:00. Принимаем в порядке очереди.",
            zh="请在下午5点半到7点之间来。我们按到达的先后顺序接待。",
        ),
        fees=FREE,
        categories=["legal"],
        hours=[Hours("WE", "17:30", "20:00")],
        locations=["fairhearing-centre"],
        languages=["fr", "ar", "ur"],
        accepts=["people_with_convictions", "sex_offence_convictions", "families"],
        documents=["court_letters"],
    ),
    Service(
        slug="family-law-clinic",
        org="fairhearing",
        name=tr(
            "Family Law Clinic",
            ar="عيادة قانون الأسرة",
            es="Asesoría de derecho de familia",
            fr="Permanence de droit de la famille",
            ru="Консультации по семейному праву",
            zh="家庭法咨询门诊",
        ),
        description=tr(
            "Free advice about seeing your children, child arrangements, social services and divorce. For parents leaving prison and the families caring for their children.",
            ar="نصائح مجانية حول رؤية أطفالك، وترتيبات رعاية الأطفال، والخدمات الاجتماعية، والطلاق. للآباء والأمهات الخارجين من السجن والعائلات التي ترعى أطفالهم.",
            es="Asesoría gratis sobre ver a tus hijos, acuerdos de custodia, servicios sociales y divorcio. Para madres y padres que salen de prisión y para las familias que cuidan de sus hijos.",
            fr="Des conseils gratuits pour voir vos enfants, la garde, les services sociaux et le divorce. Pour les parents qui sortent de prison et pour les familles qui s'occupent de leurs enfants.",
            ru="Бесплатные консультации о встречах с детьми, порядке общения и опеки, социальных службах и разводе. Для родителей после тюрьмы и семей, которые заботятся об их детях.",
            zh="免费提供有关探望孩子、孩子抚养安排、社会服务和离婚的建议。对象是出狱的父母，以及正在照顾他们孩子的家庭。",
        ),
        eligibility=tr(
            "Parents who have been in prison, and the people looking after their children.",
            ar="الآباء والأمهات الذين كانوا في السجن، والأشخاص الذين يعتنون بأطفالهم.",
            es="Madres y padres que han estado en prisión, y las personas que cuidan de sus hijos.",
            fr="Parents qui ont été en prison, et les personnes qui s'occupent de leurs enfants.",
            ru="Родители, которые были в тюрьме, и люди, которые заботятся об их детях.",
            zh="坐过牢的父母，以及照顾他们孩子的人。",
        ),
        application=CALL_FIRST,
        fees=FREE,
        categories=["legal", "family"],
        hours=[Hours("FR", "10:00", "13:00")],
        locations=["fairhearing-centre"],
        languages=["es", "ar", "pl"],
        accepts=["people_with_convictions", "families"],
        documents=["court_letters"],
    ),
    # -- Homeward Families --
    Service(
        slug="prison-visits-support",
        org="homeward",
        name=tr(
            "Prison Visits Support",
            ar="دعم زيارات السجن",
            es="Apoyo para visitas a prisión",
            fr="Aide pour les visites en prison",
            ru="Помощь с посещениями в тюрьме",
            zh="探监支持服务",
        ),
        description=tr(
            "We help families book visits, plan the journey and claim help with travel costs. On your first visit, a volunteer can go with you.",
            ar="نساعد العائلات في حجز الزيارات، والتخطيط للرحلة، وطلب المساعدة في تكاليف السفر. في زيارتك الأولى، يمكن أن يرافقك متطوع.",
            es="Ayudamos a las familias a reservar las visitas, planear el viaje y pedir ayuda con el coste del transporte. En tu primera visita, un voluntario puede acompañarte.",
            fr="Nous aidons les familles à réserver les visites, à préparer le trajet et à demander une aide pour les frais de transport. Pour votre première visite, un bénévole peut venir avec vous.",
            ru="Мы помогаем семьям записаться на свидание, спланировать дорогу и получить помощь с оплатой проезда. На первое свидание с вами может поехать волонтёр.",
            zh="我们帮家属预约探监、安排路线，并申请路费补助。第一次探监时，可以有志愿者陪你去。",
        ),
        eligibility=FOR_FAMILIES,
        application=CALL_FIRST,
        fees=FREE,
        categories=["family", "transport"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00")],
        locations=["homeward-gorton"],
        languages=["ur", "ar", "pl", "zh"],
        accepts=["families"],
        documents=["visit_details"],
    ),
    Service(
        slug="childrens-saturday-club",
        org="homeward",
        name=tr(
            "Children's Saturday Club",
            ar="نادي الأطفال يوم السبت",
            es="Club infantil de los sábados",
            fr="Club des enfants du samedi",
            ru="Детский клуб по субботам",
            zh="星期六儿童俱乐部",
        ),
        description=tr(
            "Games, crafts and a snack for children aged 5 to 12 who have a parent or relative in prison. Parents and carers can have a cup of tea and a chat.",
            ar="ألعاب وأشغال يدوية ووجبة خفيفة للأطفال من عمر 5 إلى 12 سنة الذين لديهم أب أو أم أو قريب في السجن. يمكن للآباء ومقدمي الرعاية شرب الشاي والدردشة.",
            es="Juegos, manualidades y merienda para niños de 5 a 12 años con un padre, una madre o un familiar en prisión. Los padres y cuidadores pueden tomar un té y charlar.",
            fr="Des jeux, du bricolage et un goûter pour les enfants de 5 à 12 ans dont un parent ou un proche est en prison. Les parents et les personnes qui s'occupent d'eux peuvent prendre un thé et discuter.",
            ru="Игры, поделки и перекус для детей от 5 до 12 лет, у которых родитель или родственник в тюрьме. Родители и опекуны могут выпить чаю и пообщаться.",
            zh="为5到12岁、有父母或亲人在坐牢的孩子提供游戏、手工和零食。家长和照顾孩子的人可以喝杯茶、聊聊天。",
        ),
        eligibility=tr(
            "Children aged 5 to 12, with an adult who cares for them.",
            ar="الأطفال من عمر 5 إلى 12 سنة، برفقة شخص بالغ يعتني بهم.",
            es="Niños de 5 a 12 años, con un adulto que los cuide.",
            fr="Enfants de 5 à 12 ans, avec un adulte qui s'occupe d'eux.",
            ru="Дети от 5 до 12 лет вместе со взрослым, который о них заботится.",
            zh="5到12岁的孩子，需由照顾他们的大人陪同。",
        ),
        application=tr(
            "Call us before your first visit so we can meet you.",
            ar="اتصل بنا قبل زيارتك الأولى حتى نستقبلك.",
            es="Llámanos antes de tu primera visita para que podamos conocerte.",
            fr="Appelez-nous avant votre première venue pour que nous puissions vous accueillir.",
            ru="Позвоните нам перед первым визитом, чтобы мы могли вас встретить.",
            zh="第一次来之前请给我们打电话，方便我们接待你。",
        ),
        fees=FREE,
        categories=["family"],
        hours=[Hours("SA", "10:00", "13:00")],
        locations=["homeward-blackley"],
        languages=["es", "fr"],
        accepts=["families"],
    ),
    Service(
        slug="parenting-after-prison",
        org="homeward",
        name=tr(
            "Parenting After Prison Course",
            ar="دورة التربية بعد السجن",
            es="Curso para madres y padres después de la prisión",
            fr="Atelier parentalité après la prison",
            ru="Курс для родителей после тюрьмы",
            zh="出狱后育儿课程",
        ),
        description=tr(
            "A six-week course for mums and dads coming home from prison. Learn how to rebuild trust with your children and handle tricky moments.",
            ar="دورة لمدة ستة أسابيع للأمهات والآباء العائدين من السجن. تعلّم كيف تعيد بناء الثقة مع أطفالك وكيف تتعامل مع اللحظات الصعبة.",
            es="Un curso de seis semanas para madres y padres que vuelven a casa después de la prisión. Aprende a recuperar la confianza de tus hijos y a manejar los momentos difíciles.",
            fr="Un atelier de six semaines pour les mamans et les papas qui rentrent de prison. Apprenez à retrouver la confiance de vos enfants et à gérer les moments difficiles.",
            ru="Шестинедельный курс для мам и пап, которые возвращаются домой из тюрьмы. Вы узнаете, как вернуть доверие детей и справляться с трудными моментами.",
            zh="为出狱回家的父母开设的六周课程。学习怎样重新赢得孩子的信任，以及怎样应对难处理的时刻。",
        ),
        eligibility=tr(
            "Parents who have left prison in the last two years, and their partners.",
            ar="الآباء والأمهات الذين خرجوا من السجن خلال السنتين الأخيرتين، وشركاؤهم.",
            es="Madres y padres que han salido de prisión en los últimos dos años, y sus parejas.",
            fr="Parents sortis de prison depuis moins de deux ans, et leurs partenaires.",
            ru="Родители, вышедшие из тюрьмы за последние два года, и их партнёры.",
            zh="过去两年内出狱的父母，以及他们的伴侣。",
        ),
        application=tr(
            "Call to book a place. There is a free crèche, and an evening group if you work in the day.",
            ar="اتصل لتحجز مكانًا. توجد حضانة مجانية للأطفال، ومجموعة مسائية إذا كنت تعمل في النهار.",
            es="Llama para reservar una plaza. Hay guardería gratis y un grupo por la tarde si trabajas de día.",
            fr="Appelez pour réserver une place. Il y a une garderie gratuite, et un groupe le soir si vous travaillez la journée.",
            ru="Позвоните, чтобы записаться. Есть бесплатный присмотр за детьми и вечерняя группа, если вы работаете днём.",
            zh="打电话预约名额。有免费托儿服务；如果你白天上班，还有晚上的班。",
        ),
        fees=FREE,
        categories=["family"],
        hours=[Hours("TU", "10:00", "12:00"), Hours("TU", "18:00", "20:00")],
        locations=["homeward-gorton"],
        languages=["ur", "ar"],
        accepts=["people_with_convictions", "families"],
    ),
    # -- Marigold Women's Centre --
    Service(
        slug="womens-drop-in",
        org="marigold",
        name=tr(
            "Women's Drop-in Centre",
            ar="مركز استقبال النساء",
            es="Centro de día para mujeres",
            fr="Accueil de jour pour femmes",
            ru="Женский центр без записи",
            zh="女性免预约中心",
        ),
        description=tr(
            "A women-only space with a key worker, showers, clothes, lunch and a quiet room. We help with housing, benefits, health and probation appointments.",
            ar="مكان للنساء فقط، فيه مرشدة ودُش وملابس وغداء وغرفة هادئة. نساعد في السكن والإعانات والصحة ومواعيد المراقبة.",
            es="Un espacio solo para mujeres, con trabajadora de apoyo, duchas, ropa, comida y una sala tranquila. Te ayudamos con la vivienda, las ayudas, la salud y las citas de libertad condicional.",
            fr="Un lieu réservé aux femmes, avec une référente, des douches, des vêtements, un déjeuner et une salle calme. Nous aidons pour le logement, les aides sociales, la santé et les rendez-vous de probation.",
            ru="Пространство только для женщин: куратор, душ, одежда, обед и тихая комната. Помогаем с жильём, пособиями, здоровьем и встречами со службой пробации.",
            zh="只供女性使用的地方，有专职辅导员、淋浴、衣服、午饭和安静的房间。我们帮你处理住房、福利、健康和缓刑面谈等事情。",
        ),
        eligibility=FOR_WOMEN,
        application=DROP_IN,
        fees=FREE,
        categories=["women"],
        hours=[Hours("MO,TU,WE,TH", "10:00", "16:00")],
        locations=["marigold-centre"],
        languages=["es", "fr", "ar", "zh", "ru"],
        accepts=["people_with_convictions", "women_only"],
    ),
    Service(
        slug="domestic-abuse-support",
        org="marigold",
        name=tr(
            "Domestic Abuse Support",
            ar="دعم ضحايا العنف الأسري",
            es="Apoyo ante la violencia doméstica",
            fr="Soutien face aux violences conjugales",
            ru="Помощь при домашнем насилии",
            zh="家庭暴力支持服务",
        ),
        description=tr(
            "If someone at home hurts, controls or scares you, talk to us. We make a safety plan with you and can help you find a safe place to live. If you are in danger now, call 999.",
            ar="إذا كان شخص في البيت يؤذيك أو يتحكم بك أو يخيفك، تحدثي إلينا. نضع معك خطة للأمان، ويمكننا مساعدتك في إيجاد مكان آمن للعيش. إذا كنتِ في خطر الآن، اتصلي بـ 999.",
            es="Si alguien en casa te hace daño, te controla o te da miedo, habla con nosotras. Hacemos contigo un plan de seguridad y te ayudamos a encontrar un lugar seguro donde vivir. Si estás en peligro ahora, llama al 999.",
            fr="Si quelqu'un chez vous vous fait du mal, vous contrôle ou vous fait peur, parlez-nous. Nous faisons avec vous un plan de sécurité et nous pouvons vous aider à trouver un logement sûr. Si vous êtes en danger maintenant, appelez le 999.",
            ru="Если кто-то дома причиняет вам боль, контролирует или пугает вас, поговорите с нами. Мы вместе составим план безопасности и поможем найти безопасное жильё. Если вы в опасности прямо сейчас, звоните 999.",
            zh="如果家里有人伤害你、控制你或让你害怕，请来找我们。我们和你一起做安全计划，也可以帮你找一个安全的住处。如果你现在有危险，请拨打999。",
        ),
        eligibility=FOR_WOMEN,
        application=tr(
            "Call us. You can talk to us without giving your name.",
            ar="اتصلي بنا. يمكنك التحدث إلينا دون ذكر اسمك.",
            es="Llámanos. Puedes hablar con nosotras sin decir tu nombre.",
            fr="Appelez-nous. Vous pouvez nous parler sans donner votre nom.",
            ru="Позвоните нам. Можно поговорить, не называя своего имени.",
            zh="请给我们打电话。你可以不说名字就和我们谈。",
        ),
        fees=FREE,
        categories=["women", "mental_health"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00")],
        locations=["marigold-centre"],
        languages=["ar", "ur", "es", "fr", "pl"],
        accepts=["people_with_convictions", "women_only"],
    ),
    Service(
        slug="mums-apart-group",
        org="marigold",
        name=tr(
            "Group for Mums Apart from Their Children",
            ar="مجموعة للأمهات البعيدات عن أطفالهن",
            es="Grupo para madres separadas de sus hijos",
            fr="Groupe pour les mères séparées de leurs enfants",
            ru="Группа для мам, разлучённых с детьми",
            zh="与孩子分离的母亲互助小组",
        ),
        description=tr(
            "A warm group for mothers whose children live with someone else after prison. Share how you feel, get support to stay in touch with your children, and plan next steps together.",
            ar="مجموعة دافئة للأمهات اللواتي يعيش أطفالهن مع شخص آخر بعد السجن. شاركي مشاعرك، واحصلي على دعم للبقاء على تواصل مع أطفالك، وخططي معنا للخطوات القادمة.",
            es="Un grupo cercano para madres cuyos hijos viven con otra persona después de la prisión. Comparte lo que sientes, recibe apoyo para mantener el contacto con tus hijos y planea los próximos pasos con nosotras.",
            fr="Un groupe chaleureux pour les mères dont les enfants vivent chez quelqu'un d'autre après la prison. Partagez ce que vous ressentez, recevez de l'aide pour garder le contact avec vos enfants et préparez la suite ensemble.",
            ru="Тёплая группа для мам, чьи дети после тюрьмы живут с кем-то другим. Поделитесь своими чувствами, получите помощь, чтобы оставаться на связи с детьми, и вместе спланируйте следующие шаги.",
            zh="一个温暖的小组，给出狱后孩子跟别人住的母亲。在这里说说你的感受，得到支持和孩子保持联系，并一起计划下一步。",
        ),
        eligibility=tr(
            "Mothers who have been in prison.",
            ar="الأمهات اللواتي كنّ في السجن.",
            es="Madres que han estado en prisión.",
            fr="Mères qui ont été en prison.",
            ru="Мамы, которые были в тюрьме.",
            zh="坐过牢的母亲。",
        ),
        application=DROP_IN,
        fees=FREE,
        categories=["women", "family"],
        hours=[Hours("WE", "12:30", "14:30")],
        locations=["marigold-centre"],
        languages=["es", "zh"],
        accepts=["people_with_convictions", "women_only", "families"],
    ),
    # -- Signal Up Digital Inclusion --
    Service(
        slug="free-phone-and-sim",
        org="signal_up",
        name=tr(
            "Free Phone and SIM Card",
            ar="هاتف وشريحة اتصال مجانًا",
            es="Teléfono y tarjeta SIM gratis",
            fr="Téléphone et carte SIM gratuits",
            ru="Бесплатный телефон и SIM-карта",
            zh="免费手机和SIM卡",
        ),
        description=tr(
            "Get a free smartphone and a SIM card with six months of calls and data. We set it up with you, so you can call probation, your GP and your family.",
            ar="احصل على هاتف ذكي مجاني وشريحة اتصال فيها مكالمات وإنترنت لمدة ستة أشهر. نجهّز الهاتف معك، حتى تتمكن من الاتصال بالمراقبة وطبيبك وعائلتك.",
            es="Consigue un móvil gratis y una tarjeta SIM con llamadas y datos durante seis meses. Lo configuramos contigo para que puedas llamar a libertad condicional, a tu médico y a tu familia.",
            fr="Recevez un smartphone gratuit et une carte SIM avec six mois d'appels et d'internet. Nous l'installons avec vous, pour que vous puissiez appeler la probation, votre médecin et votre famille.",
            ru="Получите бесплатный смартфон и SIM-карту со звонками и интернетом на шесть месяцев. Мы настроим его вместе с вами, чтобы вы могли звонить в пробацию, врачу и родным.",
            zh="免费领取一部智能手机和一张SIM卡，含六个月的通话和流量。我们和你一起设置好手机，这样你就能给缓刑部门、家庭医生和家人打电话。",
        ),
        eligibility=tr(
            "People who left prison in the last three months and have no phone.",
            ar="الأشخاص الذين خرجوا من السجن خلال الأشهر الثلاثة الأخيرة وليس لديهم هاتف.",
            es="Personas que han salido de prisión en los últimos tres meses y no tienen teléfono.",
            fr="Personnes sorties de prison depuis moins de trois mois et qui n'ont pas de téléphone.",
            ru="Люди, которые вышли из тюрьмы за последние три месяца и у которых нет телефона.",
            zh="最近三个月内出狱、没有手机的人。",
        ),
        application=DROP_IN,
        fees=FREE,
        categories=["phone_internet"],
        hours=[Hours("MO,WE,FR", "10:00", "15:00")],
        locations=["signal-up-salford"],
        languages=["ar", "ru", "pl"],
    ),
    Service(
        slug="computer-and-wifi-drop-in",
        org="signal_up",
        name=tr(
            "Computer and Wi-Fi Drop-in",
            ar="كمبيوتر وواي فاي دون موعد",
            es="Ordenadores y wifi sin cita",
            fr="Ordinateurs et Wi-Fi en accès libre",
            ru="Компьютеры и Wi-Fi без записи",
            zh="电脑和Wi-Fi免预约开放",
        ),
        description=tr(
            "Use a computer, free Wi-Fi and a printer. Staff can help you with emails, online forms, your Universal Credit journal and looking for jobs.",
            ar="استخدم الكمبيوتر والواي فاي المجاني والطابعة. يمكن للموظفين مساعدتك في البريد الإلكتروني والاستمارات على الإنترنت وسجلّ Universal Credit والبحث عن عمل.",
            es="Usa un ordenador, wifi gratis y una impresora. El personal te ayuda con el correo electrónico, los formularios en línea, tu diario de Universal Credit y la búsqueda de empleo.",
            fr="Utilisez un ordinateur, le Wi-Fi gratuit et une imprimante. L'équipe peut vous aider avec vos e-mails, les formulaires en ligne, votre journal Universal Credit et la recherche d'emploi.",
            ru="Пользуйтесь компьютером, бесплатным Wi-Fi и принтером. Сотрудники помогут с электронной почтой, онлайн-формами, журналом Universal Credit и поиском работы.",
            zh="可以使用电脑、免费Wi-Fi和打印机。工作人员可以帮你处理电子邮件、网上表格、Universal Credit 日志和找工作。",
        ),
        eligibility=FOR_ANYONE,
        application=DROP_IN,
        fees=tr(
            "Free. You can print up to 20 pages a day for free.",
            ar="مجاني. يمكنك طباعة حتى 20 صفحة في اليوم مجانًا.",
            es="Gratis. Puedes imprimir gratis hasta 20 páginas al día.",
            fr="Gratuit. Vous pouvez imprimer gratuitement jusqu'à 20 pages par jour.",
            ru="Бесплатно. Можно бесплатно распечатать до 20 страниц в день.",
            zh="免费。每天最多可以免费打印20页。",
        ),
        categories=["phone_internet"],
        hours=[Hours(WEEKDAYS, "10:00", "16:00")],
        locations=["signal-up-salford"],
        languages=["zh", "fr", "es"],
    ),
    Service(
        slug="getting-online-course",
        org="signal_up",
        name=tr(
            "Getting Online Course",
            ar="دورة تعلّم استخدام الإنترنت",
            es="Curso para aprender a usar internet",
            fr="Atelier pour apprendre internet",
            ru="Курс «Осваиваем интернет»",
            zh="上网入门课程",
        ),
        description=tr(
            "Never used a smartphone or the internet, or been away a long time? In four friendly sessions, learn to stay safe online, use email and apply for jobs.",
            ar="لم تستخدم هاتفًا ذكيًا أو الإنترنت من قبل، أو كنت بعيدًا وقتًا طويلًا؟ في أربع جلسات ودّية، تعلّم كيف تبقى آمنًا على الإنترنت، وتستخدم البريد الإلكتروني، وتتقدّم للوظائف.",
            es="¿Nunca has usado un móvil o internet, o has pasado mucho tiempo fuera? En cuatro sesiones amables, aprende a usar internet con seguridad, a manejar el correo electrónico y a buscar trabajo.",
            fr="Vous n'avez jamais utilisé de smartphone ou internet, ou vous avez été absent longtemps ? En quatre séances conviviales, apprenez à rester en sécurité en ligne, à utiliser les e-mails et à postuler à des offres d'emploi.",
            ru="Никогда не пользовались смартфоном или интернетом или долго были оторваны от мира? За четыре дружеских занятия вы научитесь безопасно пользоваться интернетом, электронной почтой и откликаться на вакансии.",
            zh="从没用过智能手机或上网，或者离开社会很久了？通过四次轻松的课程，学习安全上网、使用电子邮件和网上申请工作。",
        ),
        eligibility=FOR_ANYONE,
        application=tr(
            "Call to book. Courses start every two weeks.",
            ar="اتصل لتحجز. تبدأ الدورات كل أسبوعين.",
            es="Llama para reservar. Los cursos empiezan cada dos semanas.",
            fr="Appelez pour réserver. Un nouvel atelier commence toutes les deux semaines.",
            ru="Позвоните, чтобы записаться. Курсы начинаются каждые две недели.",
            zh="打电话预约。每两周开一期新课。",
        ),
        fees=FREE,
        categories=["phone_internet", "work"],
        hours=[Hours("TU,TH", "13:00", "15:00")],
        locations=["signal-up-heaton-chapel"],
        languages=["ur", "pl", "ar"],
    ),
    # -- Ticket Home Travel Fund --
    Service(
        slug="travel-home-on-release-day",
        org="ticket_home",
        name=tr(
            "Travel Home on Release Day",
            ar="السفر إلى البيت يوم الإفراج",
            es="Viaje a casa el día de la salida",
            fr="Trajet du retour le jour de la sortie",
            ru="Дорога домой в день освобождения",
            zh="出狱当天回家路费",
        ),
        description=tr(
            "If you are being released to Manchester and cannot pay for the train or bus, we can buy your ticket. Call before your release date if you can.",
            ar="إذا كان سيُفرج عنك إلى مانشستر ولا تستطيع دفع ثمن القطار أو الحافلة، يمكننا شراء تذكرتك. اتصل قبل موعد الإفراج إن استطعت.",
            es="Si sales en libertad hacia Manchester y no puedes pagar el tren o el autobús, podemos comprarte el billete. Si puedes, llama antes de la fecha de tu salida.",
            fr="Si vous êtes libéré vers Manchester et ne pouvez pas payer le train ou le bus, nous pouvons acheter votre billet. Si possible, appelez avant votre date de sortie.",
            ru="Если после освобождения вы едете в Манчестер и не можете оплатить поезд или автобус, мы купим вам билет. По возможности позвоните до дня освобождения.",
            zh="如果你出狱后要来曼彻斯特，却付不起火车或公交车票，我们可以帮你买票。如果可以，请在出狱日期之前打电话。",
        ),
        eligibility=tr(
            "People leaving any prison to live in Greater Manchester.",
            ar="الأشخاص الخارجون من أي سجن ليعيشوا في منطقة مانشستر الكبرى.",
            es="Personas que salen de cualquier prisión para vivir en el Gran Manchester.",
            fr="Personnes qui sortent de n'importe quelle prison pour vivre dans le Grand Manchester.",
            ru="Люди, которые выходят из любой тюрьмы и будут жить в Большом Манчестере.",
            zh="从任何监狱出狱、要在大曼彻斯特地区生活的人。",
        ),
        application=tr(
            "Call us, or ask the resettlement team in your prison to call us for you.",
            ar="اتصل بنا، أو اطلب من فريق إعادة الإدماج في سجنك أن يتصل بنا نيابة عنك.",
            es="Llámanos o pide al equipo de reinserción de tu prisión que nos llame por ti.",
            fr="Appelez-nous, ou demandez à l'équipe de réinsertion de votre prison de nous appeler pour vous.",
            ru="Позвоните нам или попросите команду по ресоциализации в вашей тюрьме позвонить нам за вас.",
            zh="给我们打电话，或请你所在监狱的出狱安置小组替你打电话给我们。",
        ),
        fees=FREE,
        categories=["transport"],
        hours=[Hours(WEEKDAYS, "08:00", "18:00")],
        locations=["oakbridge-centre"],
        languages=["ar", "pl", "ru"],
        accepts=["people_with_convictions", "sex_offence_convictions"],
    ),
    Service(
        slug="bus-pass-help",
        org="ticket_home",
        name=tr(
            "Bus Pass Help",
            ar="المساعدة في الحصول على بطاقة الحافلة",
            es="Ayuda con el abono de autobús",
            fr="Aide pour la carte de bus",
            ru="Помощь с проездным на автобус",
            zh="公交卡办理帮助",
        ),
        description=tr(
            "We help you get a cheaper bus pass and can pay for your first month of travel, so you can get to probation, work and appointments.",
            ar="نساعدك في الحصول على بطاقة حافلة أرخص، ويمكننا دفع تكلفة تنقلك في الشهر الأول، حتى تصل إلى مواعيد المراقبة والعمل والمواعيد الأخرى.",
            es="Te ayudamos a conseguir un abono de autobús más barato y podemos pagarte el primer mes, para que puedas ir a libertad condicional, al trabajo y a tus citas.",
            fr="Nous vous aidons à obtenir une carte de bus moins chère et nous pouvons payer votre premier mois de trajets, pour que vous puissiez aller à la probation, au travail et à vos rendez-vous.",
            ru="Мы поможем оформить более дешёвый проездной и можем оплатить первый месяц поездок, чтобы вы могли добираться в пробацию, на работу и на встречи.",
            zh="我们帮你办一张更便宜的公交卡，还可以帮你付第一个月的车费，让你能去缓刑面谈、上班和赴约。",
        ),
        eligibility=tr(
            "People who left prison in the last six months.",
            ar="الأشخاص الذين خرجوا من السجن خلال الأشهر الستة الأخيرة.",
            es="Personas que han salido de prisión en los últimos seis meses.",
            fr="Personnes sorties de prison depuis moins de six mois.",
            ru="Люди, которые вышли из тюрьмы за последние шесть месяцев.",
            zh="最近六个月内出狱的人。",
        ),
        application=DROP_IN,
        fees=FREE,
        categories=["transport"],
        hours=[Hours("TH", "10:00", "14:00")],
        locations=["ticket-home-stockport"],
        languages=["ur", "es"],
        documents=["photo"],
    ),
    Service(
        slug="lifts-to-appointments",
        org="ticket_home",
        name=tr(
            "Lifts to Appointments",
            ar="توصيل إلى المواعيد",
            es="Te llevamos a tus citas",
            fr="Trajets en voiture vers vos rendez-vous",
            ru="Подвезём на приём",
            zh="接送赴约服务",
        ),
        description=tr(
            "Volunteer drivers take you to hospital, GP, probation or court appointments if you cannot get there by bus, for example because of a disability.",
            ar="سائقون متطوعون يوصلونك إلى مواعيد المستشفى أو الطبيب العام أو المراقبة أو المحكمة، إذا لم تستطع الوصول بالحافلة، مثلًا بسبب إعاقة.",
            es="Conductores voluntarios te llevan a citas en el hospital, el médico de cabecera, libertad condicional o el juzgado si no puedes ir en autobús, por ejemplo por una discapacidad.",
            fr="Des chauffeurs bénévoles vous emmènent à vos rendez-vous à l'hôpital, chez le médecin, à la probation ou au tribunal, si vous ne pouvez pas y aller en bus, par exemple à cause d'un handicap.",
            ru="Водители-волонтёры отвезут вас в больницу, к терапевту, в пробацию или в суд, если вы не можете доехать на автобусе, например из-за инвалидности.",
            zh="如果你没法坐公交车去，比如因为残疾，志愿司机可以送你去医院、家庭医生、缓刑面谈或法庭。",
        ),
        eligibility=FOR_PRISON_AND_FAMILIES,
        application=tr(
            "Call at least two working days before your appointment.",
            ar="اتصل قبل موعدك بيومي عمل على الأقل.",
            es="Llama al menos dos días laborables antes de tu cita.",
            fr="Appelez au moins deux jours ouvrés avant votre rendez-vous.",
            ru="Позвоните минимум за два рабочих дня до приёма.",
            zh="请至少在赴约前两个工作日打电话。",
        ),
        fees=FREE,
        categories=["transport", "health"],
        hours=[Hours(WEEKDAYS, "08:00", "18:00")],
        locations=["ticket-home-chorlton"],
        languages=["pl", "zh"],
        accepts=["people_with_convictions", "families"],
    ),
    # -- Stand Easy Veterans Support --
    Service(
        slug="veterans-drop-in",
        org="stand_easy",
        name=tr(
            "Veterans' Drop-in",
            ar="مركز استقبال المحاربين القدامى",
            es="Centro para exmilitares sin cita",
            fr="Accueil des anciens militaires",
            ru="Приём для ветеранов без записи",
            zh="退伍军人免预约中心",
        ),
        description=tr(
            "Support from people who have served, for veterans leaving prison. Help with housing, armed forces benefits and your mental health, over a cup of tea.",
            ar="دعم من أشخاص خدموا في الجيش، للمحاربين القدامى الخارجين من السجن. مساعدة في السكن وإعانات القوات المسلحة وصحتك النفسية، مع كوب شاي.",
            es="Apoyo de personas que han servido en el ejército, para exmilitares que salen de prisión. Ayuda con la vivienda, las ayudas para exmilitares y tu salud mental, con un té.",
            fr="Le soutien de personnes qui ont servi dans l'armée, pour les anciens militaires qui sortent de prison. De l'aide pour le logement, les aides aux anciens militaires et votre santé mentale, autour d'un thé.",
            ru="Поддержка от тех, кто сам служил, для ветеранов, вышедших из тюрьмы. Помощь с жильём, выплатами для бывших военных и психическим здоровьем — за чашкой чая.",
            zh="由当过兵的人为出狱的退伍军人提供支持。边喝茶边帮你解决住房、军人福利和心理健康问题。",
        ),
        eligibility=FOR_VETERANS,
        application=DROP_IN,
        fees=FREE,
        categories=["housing", "mental_health"],
        hours=[Hours("TU,FR", "10:00", "15:00")],
        locations=["stand-easy-broughton"],
        accepts=["people_with_convictions", "veterans"],
        documents=["discharge_papers"],
    ),
    Service(
        slug="veterans-into-work",
        org="stand_easy",
        name=tr(
            "Veterans Into Work",
            ar="المحاربون القدامى إلى العمل",
            es="Empleo para exmilitares",
            fr="Emploi pour anciens militaires",
            ru="Работа для ветеранов",
            zh="退伍军人就业服务",
        ),
        description=tr(
            "Turn your forces skills into a job. One-to-one help with your CV, money for training, and employers who value veterans.",
            ar="حوّل مهاراتك العسكرية إلى وظيفة. مساعدة فردية في سيرتك الذاتية، ومال للتدريب، وأصحاب عمل يقدّرون المحاربين القدامى.",
            es="Convierte lo que aprendiste en el ejército en un trabajo. Ayuda individual con tu currículum, dinero para formación y empresas que valoran a los exmilitares.",
            fr="Faites de vos compétences militaires un métier. Une aide individuelle pour votre CV, de l'argent pour vous former et des employeurs qui apprécient les anciens militaires.",
            ru="Превратите навыки, полученные на службе, в работу. Индивидуальная помощь с резюме, деньги на обучение и работодатели, которые ценят ветеранов.",
            zh="把你在军队学到的本领变成一份工作。一对一帮你写简历，提供培训资金，并介绍重视退伍军人的雇主。",
        ),
        eligibility=FOR_VETERANS,
        application=CALL_FIRST,
        fees=FREE,
        categories=["work"],
        hours=[Hours("WE", "10:00", "14:00")],
        locations=["stand-easy-broughton"],
        languages=["pl"],
        accepts=["people_with_convictions", "veterans"],
    ),
    # -- Proud Doorway --
    Service(
        slug="lgbtq-support-after-prison",
        org="proud_doorway",
        name=tr(
            "LGBTQ+ Support After Prison",
            ar="دعم مجتمع الميم بعد السجن",
            es="Apoyo LGBTQ+ después de la prisión",
            fr="Soutien LGBTQ+ après la prison",
            ru="Поддержка ЛГБТК+ после тюрьмы",
            zh="出狱后LGBTQ+支持服务",
        ),
        description=tr(
            "One-to-one support from LGBTQ+ workers. Talk about coming out, safety, relationships and finding a home where you feel safe.",
            ar="دعم فردي من عاملين من مجتمع الميم. تحدث عن الإفصاح عن هويتك، والأمان، والعلاقات، وإيجاد سكن تشعر فيه بالأمان.",
            es="Apoyo individual de profesionales LGBTQ+. Habla de salir del armario, de tu seguridad, de relaciones y de encontrar una vivienda donde te sientas a salvo.",
            fr="Un accompagnement individuel par des personnes LGBTQ+. Parlez de coming out, de sécurité, de relations et de trouver un logement où vous vous sentez en sécurité.",
            ru="Индивидуальная поддержка от сотрудников из ЛГБТК+ сообщества. Поговорите о каминг-ауте, безопасности, отношениях и поиске жилья, где вам будет спокойно.",
            zh="由LGBTQ+工作人员提供一对一支持。可以谈出柜、安全、感情关系，以及找一个让你感到安全的住处。",
        ),
        eligibility=FOR_LGBTQ,
        application=CALL_FIRST,
        fees=FREE,
        categories=["mental_health", "housing"],
        hours=[Hours("TU,TH", "12:00", "20:00")],
        locations=["proud-doorway-centre"],
        languages=["es", "fr", "ru"],
        accepts=["people_with_convictions", "lgbtq"],
    ),
    Service(
        slug="friday-social-and-meal",
        org="proud_doorway",
        name=tr(
            "Friday Social and Meal",
            ar="لقاء الجمعة الاجتماعي مع وجبة",
            es="Encuentro y cena de los viernes",
            fr="Soirée conviviale et repas du vendredi",
            ru="Пятничная встреча с ужином",
            zh="星期五聚会和晚餐",
        ),
        description=tr(
            "A relaxed evening with a home-cooked meal, games and music, in a space where LGBTQ+ people can be themselves. Come on your own or bring a friend.",
            ar="أمسية هادئة مع وجبة مطبوخة في البيت، وألعاب وموسيقى، في مكان يستطيع فيه أفراد مجتمع الميم أن يكونوا على طبيعتهم. تعال وحدك أو أحضر صديقًا.",
            es="Una tarde tranquila con comida casera, juegos y música, en un espacio donde las personas LGBTQ+ pueden ser ellas mismas. Ven por tu cuenta o con alguien de confianza.",
            fr="Une soirée détendue avec un repas fait maison, des jeux et de la musique, dans un lieu où les personnes LGBTQ+ peuvent être elles-mêmes. Venez seul ou accompagné.",
            ru="Спокойный вечер с домашней едой, играми и музыкой в месте, где ЛГБТК+ люди могут быть собой. Приходите одни или с другом.",
            zh="在一个LGBTQ+人士可以做自己的地方，度过一个轻松的晚上，有家常饭菜、游戏和音乐。可以自己来，也可以带朋友来。",
        ),
        eligibility=tr(
            "LGBTQ+ people aged 18 and over, and their friends.",
            ar="أفراد مجتمع الميم من عمر 18 سنة فأكثر، وأصدقاؤهم.",
            es="Personas LGBTQ+ de 18 años o más, y sus amistades.",
            fr="Personnes LGBTQ+ de 18 ans et plus, et leurs amis.",
            ru="ЛГБТК+ люди от 18 лет и их друзья.",
            zh="18岁及以上的LGBTQ+人士和他们的朋友。",
        ),
        application=DROP_IN,
        fees=tr(
            "£2 for the meal if you can. Free if you cannot.",
            ar="جنيهان إسترلينيان ثمن الوجبة إن استطعت. مجانًا إن لم تستطع.",
            es="2 £ por la comida si puedes. Gratis si no puedes.",
            fr="2 £ pour le repas si vous pouvez. Gratuit si vous ne pouvez pas.",
            ru="£2 за ужин, если можете. Если нет — бесплатно.",
            zh="能付的话饭钱2英镑，付不起就免费。",
        ),
        cost="low_cost",
        categories=["food", "mental_health"],
        hours=[Hours("FR", "18:00", "21:00")],
        locations=["proud-doorway-centre"],
        languages=["es", "fr"],
        accepts=["lgbtq"],
    ),
    # -- Next Rung Youth Project --
    Service(
        slug="youth-housing-project",
        org="next_rung",
        name=tr(
            "Youth Housing Project",
            ar="مشروع سكن الشباب",
            es="Proyecto de vivienda para jóvenes",
            fr="Projet logement jeunes",
            ru="Жильё для молодёжи",
            zh="青年住房项目",
        ),
        description=tr(
            "Shared flats for young people leaving prison or a young offender institution, with staff on site every day. Learn to cook, budget and run a home.",
            ar="شقق مشتركة للشباب الخارجين من السجن أو من مؤسسة الأحداث، مع موظفين في المكان كل يوم. تعلّم الطبخ وإدارة المال وتدبير البيت.",
            es="Pisos compartidos para jóvenes que salen de prisión o de un centro de menores, con personal en el edificio todos los días. Aprende a cocinar, a manejar tu dinero y a llevar una casa.",
            fr="Des appartements partagés pour les jeunes qui sortent de prison ou d'un centre pour jeunes détenus, avec une équipe sur place tous les jours. Apprenez à cuisiner, à gérer votre budget et à tenir un logement.",
            ru="Общие квартиры для молодых людей, вышедших из тюрьмы или колонии для несовершеннолетних. Сотрудники на месте каждый день. Вы научитесь готовить, планировать бюджет и вести хозяйство.",
            zh="为从监狱或青少年犯管教所出来的年轻人提供合租公寓，每天都有工作人员在。学习做饭、管钱和打理家务。",
        ),
        eligibility=FOR_YOUNG_ADULTS,
        application=CALL_OR_REFERRAL,
        fees=tr(
            "Your rent is paid by Housing Benefit. We help you claim it.",
            ar="يُدفع إيجارك من إعانة السكن (Housing Benefit). نساعدك في طلبها.",
            es="El alquiler se paga con la ayuda para la vivienda (Housing Benefit). Te ayudamos a pedirla.",
            fr="Votre loyer est payé par l'aide au logement (Housing Benefit). Nous vous aidons à la demander.",
            ru="Аренду оплачивает жилищное пособие (Housing Benefit). Мы поможем его оформить.",
            zh="房租由住房补助（Housing Benefit）支付。我们帮你申请。",
        ),
        categories=["housing"],
        hours=[Hours(WEEKDAYS, "09:00", "17:00")],
        locations=["next-rung-moston"],
        languages=["ar", "fr", "es", "zh"],
        accepts=["people_with_convictions", "young_adults"],
        documents=["licence", "referral"],
    ),
    Service(
        slug="youth-skills-start",
        org="next_rung",
        name=tr(
            "Youth Skills Start",
            ar="بداية المهارات للشباب",
            es="Primeros pasos en formación para jóvenes",
            fr="Premiers pas vers l'emploi pour les jeunes",
            ru="Старт в профессию для молодёжи",
            zh="青年技能起步课程",
        ),
        description=tr(
            "Try cooking, bike repair, music or painting and decorating, and earn a certificate. We pay your travel to the course, and a mentor helps you plan what comes next.",
            ar="جرّب الطبخ أو تصليح الدراجات أو الموسيقى أو الدهان والديكور، واحصل على شهادة. ندفع تكاليف مواصلاتك إلى الدورة، ويساعدك مرشد على التخطيط لما بعد ذلك.",
            es="Prueba cocina, reparación de bicis, música o pintura y decoración, y consigue un certificado. Te pagamos el transporte al curso, y un mentor te ayuda a planear lo siguiente.",
            fr="Essayez la cuisine, la réparation de vélos, la musique ou la peinture en bâtiment, et obtenez un certificat. Nous payons vos trajets jusqu'à la formation, et un mentor vous aide à préparer la suite.",
            ru="Попробуйте кулинарию, ремонт велосипедов, музыку или малярные работы и получите сертификат. Мы оплатим проезд до курса, а наставник поможет спланировать, что дальше.",
            zh="可以试试烹饪、修自行车、音乐或油漆装修，并拿到证书。我们支付你来上课的路费，导师会帮你计划下一步。",
        ),
        eligibility=FOR_YOUNG_ADULTS,
        application=CALL_OR_REFERRAL,
        fees=FREE,
        categories=["work"],
        hours=[Hours("MO,TU,WE,TH", "10:00", "15:00")],
        locations=["next-rung-moston"],
        languages=["ar", "ur", "pl"],
        accepts=["people_with_convictions", "young_adults"],
    ),
    Service(
        slug="youth-mentoring",
        org="next_rung",
        name=tr(
            "Mentor for 18 to 25s",
            ar="مرشد للشباب من 18 إلى 25 سنة",
            es="Mentor para jóvenes de 18 a 25 años",
            fr="Mentor pour les 18-25 ans",
            ru="Наставник для молодёжи 18–25 лет",
            zh="18至25岁青年导师计划",
        ),
        description=tr(
            "A trained volunteer mentor meets you every week for a year, to help you settle back in, stay out of trouble and reach your goals.",
            ar="مرشد متطوع مدرَّب يلتقي بك كل أسبوع لمدة سنة، ليساعدك على الاستقرار من جديد، والابتعاد عن المشاكل، وتحقيق أهدافك.",
            es="Un mentor voluntario formado se reúne contigo cada semana durante un año para ayudarte a adaptarte, no meterte en problemas y cumplir tus metas.",
            fr="Un mentor bénévole formé vous rencontre chaque semaine pendant un an, pour vous aider à vous réinstaller, à éviter les problèmes et à atteindre vos objectifs.",
            ru="Обученный наставник-волонтёр встречается с вами каждую неделю в течение года, чтобы помочь вам освоиться, избегать неприятностей и достигать своих целей.",
            zh="一位受过培训的志愿导师每周和你见一次面，持续一年，帮你重新适应生活、远离麻烦，并实现你的目标。",
        ),
        alert=tr(
            "This project has ended. Call us and we will tell you about other mentors near you.",
            ar="انتهى هذا المشروع. اتصل بنا وسنخبرك عن مرشدين آخرين قريبين منك.",
            es="Este proyecto ha terminado. Llámanos y te hablaremos de otros mentores cerca de ti.",
            fr="Ce projet est terminé. Appelez-nous et nous vous parlerons d'autres mentors près de chez vous.",
            ru="Этот проект завершён. Позвоните нам, и мы расскажем о других наставниках рядом с вами.",
            zh="这个项目已经结束。请给我们打电话，我们会告诉你附近的其他导师。",
        ),
        eligibility=FOR_YOUNG_ADULTS,
        application=CALL_FIRST,
        fees=FREE,
        categories=["work", "mental_health"],
        hours=[Hours("TU,TH", "16:00", "19:00")],
        locations=["next-rung-moston"],
        languages=["es", "ru"],
        accepts=["people_with_convictions", "young_adults"],
        status="inactive",
    ),
]


# --- Building the HSDS JSON ------------------------------------------------------------


def with_marker(text: Text) -> Text:
    return {locale: value + DEMO_MARKER[locale] for locale, value in text.items()}


def translations(fields: dict[str, Text | None]) -> dict[str, dict[str, str]]:
    """Onward's `translations`: per locale, the fields that have a text."""
    return {
        locale: {name: text[locale] for name, text in fields.items() if text is not None}
        for locale in LOCALES
    }


def load_terms() -> dict[str, Json]:
    """Onward's reentry categories as HSDS taxonomy_term objects, by code."""
    data = load_file(TAXONOMY_FILE)
    taxonomy = data["taxonomy"]["name"]
    return {
        term["code"]: {
            "id": term["id"],
            "code": term["code"],
            "name": term["name"],
            "description": term["description"],
            "taxonomy": taxonomy,
        }
        for term in data["terms"]
    }


def build_organization(slug: str) -> Json:
    org = ORGS[slug]
    name = with_marker(org.name)
    return {
        "id": demo_id("organization", slug),
        "name": name["en"],
        "description": org.description["en"],
        "website": f"https://example.org/{slug.replace('_', '-')}",
        "onward": {"translations": translations({"name": name, "description": org.description})},
    }


def build_location(slug: str) -> Json:
    place = LOCATIONS[slug]
    location_id = demo_id("location", slug)
    location: Json = {"id": location_id, "name": place.name["en"]}
    if place.virtual_url:
        location["location_type"] = "virtual"
        location["url"] = place.virtual_url
    else:
        location["location_type"] = "physical"
        location["latitude"] = place.lat
        location["longitude"] = place.lon
        if place.transportation is not None:
            location["transportation"] = place.transportation["en"]
        location["addresses"] = [
            {
                "id": demo_id("address", slug),
                "location_id": location_id,
                "address_1": place.street,
                "city": place.city,
                "state_province": "Greater Manchester",
                "postal_code": place.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    location["onward"] = {
        "timezone": TIMEZONE,
        "translations": translations({"name": place.name, "transportation": place.transportation}),
    }
    return location


def assured_date(index: int, count: int) -> dt.date:
    """Spread over ASSURED_FROM..ASSURED_TO in a shuffled but fixed order."""
    span = (ASSURED_TO - ASSURED_FROM).days
    step = (index * 29) % count  # 29 is prime, so this visits every slot once
    return ASSURED_FROM + dt.timedelta(days=round(step * span / (count - 1)))


def phone_number(index: int) -> str:
    """Ofcom's drama numbers for Manchester: 0161 496 0000 to 0161 496 0999."""
    return f"0161 496 0{100 + 17 * index:03d}"


def build_service(service: Service, index: int, count: int, terms: dict[str, Json]) -> Json:
    service_id = demo_id("service", service.slug)
    slug = service.slug
    name = with_marker(service.name)
    texts: dict[str, Text | None] = {
        "name": name,
        "description": service.description,
        "eligibility_description": service.eligibility,
        "application_process": service.application,
        "fees_description": service.fees,
        "alert": service.alert,
    }
    organization = build_organization(service.org)
    record: Json = {
        "id": service_id,
        "organization_id": organization["id"],
        "name": name["en"],
        "description": service.description["en"],
        "url": f"https://example.org/{slug}",
        "email": f"{slug}@example.org",
        "status": service.status,
    }
    for field_name in (
        "eligibility_description",
        "application_process",
        "fees_description",
        "alert",
    ):
        text = texts[field_name]
        if text is not None:
            record[field_name] = text["en"]
    record["assured_date"] = assured_date(index, count).isoformat()
    record["assurer_email"] = ASSURER_EMAIL
    record["organization"] = organization
    record["phones"] = [
        {"id": demo_id("phone", slug), "service_id": service_id, "number": phone_number(index)}
    ]
    record["schedules"] = [
        {
            "id": demo_id("schedule", f"{slug}/{n}"),
            "service_id": service_id,
            "freq": hours.freq,
            "byday": hours.byday,
            "opens_at": hours.opens,
            "closes_at": hours.closes,
        }
        for n, hours in enumerate(service.hours, start=1)
    ]
    record["languages"] = [
        {
            "id": demo_id("language", f"{slug}/{code}"),
            "service_id": service_id,
            "name": LANGUAGE_NAMES[code],
            "code": code,
        }
        for code in ["en", *service.languages]
    ]
    record["attributes"] = [
        {
            "id": demo_id("attribute", f"{slug}/{code}"),
            "link_id": service_id,
            "link_entity": "service",
            "taxonomy_term_id": terms[code]["id"],
            "taxonomy_term": dict(terms[code]),
        }
        for code in service.categories
    ]
    if service.documents:
        record["required_documents"] = [
            {
                "id": demo_id("required_document", f"{slug}/{doc}"),
                "service_id": service_id,
                "document": DOCUMENTS[doc]["en"],
                "onward": {"translations": translations({"document": DOCUMENTS[doc]})},
            }
            for doc in service.documents
        ]
    if service.locations:
        record["service_at_locations"] = [
            {
                "id": demo_id("service_at_location", f"{slug}/{location}"),
                "service_id": service_id,
                "location_id": demo_id("location", location),
                "location": build_location(location),
            }
            for location in service.locations
        ]
    onward: Json = {
        "translations": translations(texts),
        "accepts": service.accepts,
        "cost": service.cost,
        "timezone": TIMEZONE,
    }
    if service.coverage:
        onward["coverage"] = service.coverage
    onward["demo"] = True
    record["onward"] = onward
    return record


def build() -> list[Json]:
    terms = load_terms()
    return [build_service(s, i, len(SERVICES), terms) for i, s in enumerate(SERVICES)]


# --- Checks ----------------------------------------------------------------------------

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PHONE_RE = re.compile(r"^0161 496 0\d{3}$")
URL_RE = re.compile(r"^https://example\.org/[a-z0-9-]+$")
EMAIL_RE = re.compile(r"^[a-z0-9.-]+@example\.org$")
POSTCODE_RE = re.compile(r"^(M\d{1,2}|SK\d) 9ZZ$")
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
ACCEPTS = {
    "people_with_convictions",
    "sex_offence_convictions",
    "women_only",
    "men_only",
    "families",
    "young_adults",
    "veterans",
    "lgbtq",
}
TRANSLATABLE = {
    "organization": ("name", "description"),
    "service": (
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "fees_description",
        "application_process",
        "alert",
    ),
    "location": ("name", "description", "transportation"),
    "required_document": ("document",),
}
REQUIRED = {
    "service": ("id", "name", "status"),
    "organization": ("id", "name", "description"),
    "location": ("id", "location_type"),
    "address": (
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "phone": ("id", "number"),
    "schedule": ("id",),
    "language": ("id",),
    "attribute": ("id", "taxonomy_term_id"),
    "service_at_location": ("id",),
    "required_document": ("id", "document"),
    "taxonomy_term": ("id", "name", "description"),
}


class Problems(list[str]):
    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)


def records(services: list[Json]) -> list[tuple[str, Json]]:
    """Every nested record in the file, with its kind."""
    found: list[tuple[str, Json]] = []
    for service in services:
        found.append(("service", service))
        found.append(("organization", service["organization"]))
        found += [("phone", r) for r in service["phones"]]
        found += [("schedule", r) for r in service["schedules"]]
        found += [("language", r) for r in service["languages"]]
        found += [("required_document", r) for r in service.get("required_documents", [])]
        for attribute in service["attributes"]:
            found += [("attribute", attribute), ("taxonomy_term", attribute["taxonomy_term"])]
        for link in service.get("service_at_locations", []):
            found += [("service_at_location", link), ("location", link["location"])]
            found += [("address", a) for a in link["location"].get("addresses", [])]
    return found


def check_records(services: list[Json], problems: Problems) -> None:
    seen: dict[tuple[str, str], Json] = {}
    for kind, record in records(services):
        for name in REQUIRED[kind]:
            problems.check(
                record.get(name) not in (None, ""), f"{kind} {record.get('id')}: no {name}"
            )
        problems.check(
            bool(UUID_RE.match(str(record.get("id")))),
            f"{kind} {record.get('id')}: id is not a UUID",
        )
        key = (kind, record["id"])
        if key in seen:
            # The same id in several services is one record: it must read the same everywhere.
            problems.check(seen[key] == record, f"{kind} {record['id']}: differs between services")
            problems.check(
                kind in {"organization", "location", "address", "taxonomy_term"},
                f"{kind} {record['id']}: id used twice",
            )
        seen[key] = record
        if kind in TRANSLATABLE:
            check_translations(kind, record, problems)


def check_translations(kind: str, record: Json, problems: Problems) -> None:
    given = record.get("onward", {}).get("translations", {})
    problems.check(set(given) == set(LOCALES), f"{kind} {record['id']}: locales {sorted(given)}")
    for locale in LOCALES:
        for name in TRANSLATABLE[kind]:
            if record.get(name):
                value = given.get(locale, {}).get(name, "")
                problems.check(bool(value.strip()), f"{kind} {record['id']}: no {locale} {name}")
        extra = set(given.get(locale, {})) - {n for n in TRANSLATABLE[kind] if record.get(n)}
        problems.check(
            not extra, f"{kind} {record['id']}: {locale} translates missing fields {extra}"
        )
    if kind in {"service", "organization"}:
        problems.check(
            record["name"].endswith(DEMO_MARKER["en"]), f"{record['name']}: no demo marker"
        )
        for locale in LOCALES:
            translated = given.get(locale, {}).get("name", "")
            problems.check(
                translated.endswith(DEMO_MARKER[locale]),
                f"{translated!r}: no {locale} demo marker",
            )


def check_service(service: Json, problems: Problems) -> None:
    sid = service["name"]
    onward = service["onward"]
    problems.check(onward.get("demo") is True, f"{sid}: onward.demo is not true")
    problems.check(onward.get("timezone") == TIMEZONE, f"{sid}: timezone")
    problems.check(set(onward["accepts"]) <= ACCEPTS, f"{sid}: accepts {onward['accepts']}")
    problems.check(onward["cost"] in {"free", "low_cost", "paid"}, f"{sid}: cost")
    problems.check(
        service["status"] in {"active", "inactive", "defunct", "temporarily closed"},
        f"{sid}: status",
    )
    problems.check(bool(URL_RE.match(service["url"])), f"{sid}: url {service['url']}")
    problems.check(bool(EMAIL_RE.match(service["email"])), f"{sid}: email {service['email']}")
    problems.check(
        bool(URL_RE.match(service["organization"]["website"])), f"{sid}: organization website"
    )
    problems.check(service["assurer_email"] == ASSURER_EMAIL, f"{sid}: assurer_email")
    assured = dt.date.fromisoformat(service["assured_date"])
    problems.check(ASSURED_FROM <= assured <= ASSURED_TO, f"{sid}: assured_date {assured}")
    problems.check(1 <= len(service["attributes"]) <= 2, f"{sid}: needs one or two categories")
    problems.check(service["languages"][0]["code"] == "en", f"{sid}: English first")
    for phone in service["phones"]:
        problems.check(bool(PHONE_RE.match(phone["number"])), f"{sid}: phone {phone['number']}")
    for schedule in service["schedules"]:
        check_schedule(sid, schedule, problems)
    links = service.get("service_at_locations", [])
    physical = [
        link["location"] for link in links if link["location"]["location_type"] == "physical"
    ]
    if not physical:
        problems.check(
            onward.get("coverage") == ["GB-EAW"], f"{sid}: no building, so needs coverage"
        )
    for location in physical:
        check_building(sid, location, problems)


def check_schedule(sid: str, schedule: Json, problems: Problems) -> None:
    problems.check(schedule["freq"] in {"WEEKLY", "MONTHLY"}, f"{sid}: freq {schedule['freq']}")
    for time in (schedule["opens_at"], schedule["closes_at"]):
        problems.check(bool(TIME_RE.match(time)), f"{sid}: time {time}")
    for day in schedule["byday"].split(","):
        ordinal, weekday = day[:-2], day[-2:]
        problems.check(weekday in DAYS, f"{sid}: byday {day}")
        if schedule["freq"] == "WEEKLY":
            problems.check(ordinal == "", f"{sid}: a weekly byday has no ordinal: {day}")
        else:
            problems.check(bool(re.fullmatch(r"-?[1-5]", ordinal)), f"{sid}: monthly byday {day}")


def check_building(sid: str, location: Json, problems: Problems) -> None:
    problems.check(
        53.40 <= location["latitude"] <= 53.55, f"{sid}: latitude {location['latitude']}"
    )
    problems.check(
        -2.35 <= location["longitude"] <= -2.10, f"{sid}: longitude {location['longitude']}"
    )
    problems.check(location["onward"].get("timezone") == TIMEZONE, f"{sid}: location timezone")
    for address in location["addresses"]:
        problems.check(
            bool(POSTCODE_RE.match(address["postal_code"])),
            f"{sid}: postcode {address['postal_code']}",
        )
        problems.check(address["city"] in {"Manchester", "Salford", "Stockport"}, f"{sid}: city")
        problems.check(address["state_province"] == "Greater Manchester", f"{sid}: state_province")
        problems.check(
            address["country"] == "GB" and address["address_type"] == "physical", f"{sid}: address"
        )


def summary(services: list[Json]) -> dict[str, Counter[str]]:
    def hours(schedule: Json) -> str:
        opens, closes = schedule["opens_at"], schedule["closes_at"]
        if schedule["freq"] == "MONTHLY":
            return "monthly"
        if opens == closes == "00:00":
            return "24 hours"
        if closes <= opens:
            return "overnight"
        if opens >= "17:00" or closes > "18:00":
            return "evening"
        if set(schedule["byday"].split(",")) <= {"SA", "SU"}:
            return "weekend daytime"
        return "daytime"

    return {
        "category": Counter(a["taxonomy_term"]["code"] for s in services for a in s["attributes"]),
        "language": Counter(lang["code"] for s in services for lang in s["languages"]),
        "schedule": Counter(hours(h) for s in services for h in s["schedules"]),
        "schedules per service": Counter(str(len(s["schedules"])) for s in services),
        "status": Counter(s["status"] for s in services),
        "cost": Counter(s["onward"]["cost"] for s in services),
        "accepts": Counter(a for s in services for a in s["onward"]["accepts"]),
        "organization": Counter(s["organization"]["name"] for s in services),
    }


def check_totals(services: list[Json], problems: Problems) -> None:
    counts = summary(services)
    problems.check(44 <= len(services) <= 50, f"{len(services)} services, want 44 to 50")
    for code in load_terms():
        problems.check(
            counts["category"][code] >= 3, f"category {code}: {counts['category'][code]} services"
        )
    problems.check(counts["language"]["en"] == len(services), "every service speaks English")
    for code in ("ar", "zh", "fr", "ru", "es"):
        problems.check(
            counts["language"][code] >= 4, f"language {code}: {counts['language'][code]} services"
        )
    problems.check(
        15 <= len(counts["organization"]) <= 20, f"{len(counts['organization'])} organizations"
    )
    problems.check(
        min(counts["organization"].values()) >= 2, "an organization has only one service"
    )
    problems.check(
        counts["status"]
        == Counter({"active": len(services) - 2, "temporarily closed": 1, "inactive": 1}),
        f"statuses {counts['status']}",
    )
    no_building = [
        s
        for s in services
        if not any(
            link["location"]["location_type"] == "physical"
            for link in s.get("service_at_locations", [])
        )
    ]
    problems.check(len(no_building) == 4, f"{len(no_building)} services with no building, want 4")
    night = [
        s
        for s in services
        if [(h["byday"], h["opens_at"], h["closes_at"]) for h in s["schedules"]]
        == [(EVERY_DAY, "20:00", "08:00")]
    ]
    problems.check(
        len(night) == 2, f"{len(night)} night shelters open 20:00 to 08:00 every day, want 2"
    )
    problems.check(counts["schedule"]["24 hours"] == 1, "want one service open 24/7")
    problems.check(counts["schedule"]["monthly"] == 1, "want one monthly schedule")
    problems.check(
        counts["schedules per service"]["2"] >= 2, "want a couple of services with two schedules"
    )
    with_documents = sum(1 for s in services if s.get("required_documents"))
    problems.check(
        12 <= with_documents <= 18, f"{with_documents} services with required documents, want ~15"
    )
    phones = [p["number"] for s in services for p in s["phones"]]
    problems.check(len(phones) == len(set(phones)), "phone numbers repeat")


def validate(services: list[Json]) -> list[str]:
    problems = Problems()
    check_records(services, problems)
    for service in services:
        check_service(service, problems)
    check_totals(services, problems)
    return problems


def main() -> int:
    services = build()
    problems = validate(services)
    if problems:
        sys.stderr.write("demo data has problems; demo.json not written:\n")
        sys.stderr.writelines(f"  {problem}\n" for problem in problems)
        return 1
    OUT_FILE.write_text(
        json.dumps(services, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    out = [f"wrote {OUT_FILE} ({len(services)} services)\n"]
    for heading, counter in summary(services).items():
        out.append(
            f"{heading}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) + "\n"
        )
    sys.stdout.writelines(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
