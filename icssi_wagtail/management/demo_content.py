"""The demo content: ICSSI's call to join the World Social Forum 2015 in Tunis.

Taken from ICSSI's article of February 2015. Activities that the article names only by theme are
marked as illustrative examples in their summaries.
"""

import datetime

THEMES = [
    {
        "slug": "tolerance",
        "name": "Tolerance and coexistence",
        "description": "Promoting tolerance and coexistence in Iraq, combating sectarianism "
        "and hate speech.",
    },
    {
        "slug": "democracy",
        "name": "Transition paths to democracy",
        "description": "Comparing transition paths to democracy in Iraq and the Arab world.",
    },
    {
        "slug": "solidarity",
        "name": "Global solidarity",
        "description": "Global solidarity with the campaigns of Iraqi civil society.",
    },
    {
        "slug": "water",
        "name": "Water and armed conflicts",
        "description": "The water question and armed conflicts in Iraq, Syria and Turkey.",
    },
    {
        "slug": "expression",
        "name": "Freedom of expression",
        "description": "Freedom of expression in the Mediterranean area.",
    },
    {
        "slug": "sports",
        "name": "Sports against violence",
        "description": "Sports as a way to counter violence.",
    },
]

ORGANISATIONS = [
    {
        "key": "isf",
        "name": "Iraqi Social Forum",
        "acronym": "ISF",
        "country": "IQ",
        "city": "Baghdad",
        "relationship": "forum_member",
        "description": "The forum of Iraqi civil society organisations, first held in Baghdad "
        "in 2013 in a public space open to all, led by the youth.",
    },
    {
        "key": "icssi",
        "name": "Iraqi Civil Society Solidarity Initiative",
        "acronym": "ICSSI",
        "country": "",
        "city": "",
        "website": "https://www.iraqicivilsociety.org/",
        "relationship": "other",
        "description": "Brings together Iraqi and international civil societies through "
        "concrete actions to build together another Iraq, with peace and human rights for all.",
    },
    {
        "key": "pdap",
        "name": "PDAP",
        "acronym": "PDAP",
        "country": "BD",
        "city": "",
        "relationship": "international_partner",
        "description": "A Bangladeshi organisation whose activist Quazi Baby travelled to the "
        "first Iraqi Social Forum in Baghdad in 2013.",
    },
]

ARTICLE = [
    "In 2015, four years after the Arab spring, the World Social Forum (WSF) will gather again "
    "in Tunis, from March 24 to 28. This international meeting of social movements, unions and "
    "NGOs that share an alternative vision for the world, based on social and environmental "
    "justice, has definitely moved its axes from Latin America, where the process started in "
    "2001, to the Mediterranean area.",
    "The huge challenges to be faced and discussed have to do with counter-revolutionary "
    "governments, the spread of fundamentalism, the military reaction of Western powers which "
    "ignites new conflicts, and the closure of “Fortress Europe” towards immigrants.",
    "Holding a forum in an Arab country was meant to give a huge push to social movements in the "
    "region, and signals were positive in 2013: more than 30,000 people took part in the opening "
    "demonstration in Tunis, thousands of youth acted as protagonists of the forum, and a public "
    "university was opened as a free space for social movements.",
    "This recalls the success of the first ever Iraqi Social Forum, organised in 2013 in Baghdad "
    "in a public space, open for free to Iraqi civil society and led by the youth. While years "
    "ago Iraqi delegations at social forums were small groups invited by international "
    "organisations, this year about 45 Iraqi organisations registered themselves to take part "
    "in the WSF in Tunis, or to organise parallel activities in Iraq within the Extended WSF.",
    "This development marks the greater inclusion of Iraqi civil society in global movements. "
    "Iraqi organisations recognise today that their civil struggle against sectarianism, "
    "militarisation, human rights violations and environmental degradation requires wide "
    "alliances.",
]

ACTIVITIES_INTRO = (
    "Activities registered so far by member organisations of the Iraqi Social Forum and their "
    "international partners of ICSSI focus on these themes:"
)

WOMEN = (
    "Iraqi women will surely take part in events and assemblies organised by international "
    "movements for women’s rights, which have always been well attended and politically "
    "powerful at social forums."
)

SOLIDARITY = (
    "Let us remember that in August 2013, when car bombs exploded every day in Baghdad and "
    "international activists were wondering whether to take part in the Iraqi Social Forum, the "
    "first one who booked her flight with no hesitation was a woman activist from Bangladesh, "
    "Quazi Baby of PDAP. She declared that if the Iraqi people invited us and asked for "
    "solidarity we could not renounce, and 16 other people from all continents then accepted "
    "to go."
)

CLOSING = (
    "This is the spirit of the World Social Forum that ICSSI wants to keep alive: we invite you "
    "all to meet the Iraqi delegation in Tunis!"
)

STATISTICS = [
    {
        "figure": "30,000+",
        "label": "people at the opening demonstration of the World Social Forum in Tunis, 2013",
        "source": "ICSSI, February 2015",
        "source_url": "",
    },
    {
        "figure": "45",
        "label": "Iraqi organisations (about) registered for the WSF 2015 in Tunis or for "
        "parallel activities in Iraq within the Extended WSF",
        "source": "ICSSI, February 2015",
        "source_url": "",
    },
    {
        "figure": "17",
        "label": "international activists who went to the first Iraqi Social Forum in Baghdad "
        "in 2013: Quazi Baby and 16 others from all continents",
        "source": "ICSSI, February 2015",
        "source_url": "",
    },
]

# Counted when the page is shown: the organisations of the activities published on the site.
LIVE_STATISTIC = {
    "figure": "",
    "live_figure": "organisations",
    "label": "organisations taking part in the activities listed on this site",
    "source": "",
    "source_url": "",
}

DIRECTORY = {
    "slug": "who-takes-part",
    "title": "Who takes part",
    "intro": "The organisations whose activities are listed on this site, with their countries "
    "and the themes of their activities.",
}

CALL_TO_ACTION = {
    "slug": "wsf-2015",
    "title": "Join Iraqi activists at the World Social Forum!",
    "headline": "Join Iraqi activists at the World Social Forum!",
    "standfirst": "Tunis, 24–28 March 2015. About 45 Iraqi organisations will take part in the "
    "World Social Forum in Tunis or organise parallel activities in Iraq: meet the Iraqi "
    "delegation.",
    "event_name": "World Social Forum 2015",
    "venue": "",
    "city": "Tunis",
    "country": "TN",
    "start_date": datetime.date(2015, 3, 24),
    "end_date": datetime.date(2015, 3, 28),
    "time_zone": "Africa/Tunis",
    "button_label": "Register on the WSF site",
    "registration_url": "https://fsm2015.org/en",
    "eligibility": "Anyone endorsing the charter of principles of the WSF",
}

# The registration form under the call to action (icssi_wagtail.registration), and the block
# of the call to action's body that leads to it.
REGISTRATION = {
    "slug": "register",
    "title": "Register your activity",
    "intro": "Register an activity of your organisation at the World Social Forum in Tunis, "
    "or a parallel activity in Iraq. It appears on this site once the ICSSI moderators have "
    "reviewed it.",
    # The WSF 2015 site, which published the charter of principles.
    "charter_url": "https://fsm2015.org/en",
}
REGISTRATION_BLOCK = {
    "heading": "Member organisations: register your activities",
    "text": "Organisations of the Iraqi Social Forum and their partners register their "
    "activities here. The ICSSI moderators review each one before it is published.",
}

TUNIS = {
    "city": "Tunis",
    "country": "TN",
    "time_zone": "Africa/Tunis",
    "attendance_mode": "in_person",
}
ILLUSTRATIVE = " (Illustrative example.)"


def in_iraq(city):
    """A parallel activity of the Extended WSF in an Iraqi city."""
    return {
        "city": city,
        "country": "IQ",
        "time_zone": "Asia/Baghdad",
        "attendance_mode": "parallel",
    }


# The article names the themes of the activities and Iraqi women's participation in the
# assemblies of the women's rights movements; titles, days, times, languages and places below
# are illustrative, as each summary says.
ACTIVITIES = [
    {
        "slug": "tolerance-and-coexistence-in-iraq",
        "title": "Tolerance and coexistence in Iraq: combating sectarianism and hate speech",
        "summary": "Iraqi organisations share how they counter sectarian hate speech."
        + ILLUSTRATIVE,
        "body": "Activists from different Iraqi communities present their campaigns for "
        "tolerance and coexistence, and discuss how to answer sectarian hate speech in the "
        "media and online.",
        "themes": ["tolerance"],
        "organisers": ["isf"],
        "day": 25,
        "time": (9, 0, 11, 30),
        "languages": ["ar", "en"],
        "interpretation": ["fr"],
        **TUNIS,
    },
    {
        "slug": "transition-paths-to-democracy",
        "title": "Comparing transition paths to democracy in Iraq and the Arab world",
        "summary": "A debate between Iraqi, Tunisian and Egyptian activists." + ILLUSTRATIVE,
        "body": "Four years after the Arab spring, activists compare the paths their countries "
        "have taken since, and what civil society can do against counter-revolution and "
        "militarisation.",
        "themes": ["democracy"],
        "organisers": ["isf", "icssi"],
        "day": 25,
        "time": (14, 0, 16, 30),
        "languages": ["ar", "fr"],
        "interpretation": ["en"],
        **TUNIS,
    },
    {
        "slug": "global-solidarity-with-iraqi-civil-society",
        "title": "Global solidarity with the campaigns of Iraqi civil society",
        "summary": "International partners and Iraqi campaigners plan joint actions."
        + ILLUSTRATIVE,
        "body": "Iraqi campaigners and their international partners review the campaigns of "
        "the past year and plan the next joint actions.",
        "themes": ["solidarity"],
        "organisers": ["icssi", "pdap"],
        "day": 26,
        "time": (9, 0, 11, 30),
        "languages": ["en", "ar"],
        "interpretation": ["fr"],
        **TUNIS,
    },
    {
        "slug": "water-and-armed-conflicts",
        "title": "The water question and armed conflicts in Iraq, Syria and Turkey",
        "summary": "Dams, rivers and wars across the Tigris and Euphrates basin." + ILLUSTRATIVE,
        "body": "Civil society organisations from the countries of the Tigris and Euphrates "
        "basin discuss how dams and armed conflicts threaten the rivers and the people who "
        "live from them.",
        "themes": ["water", "solidarity"],
        "organisers": ["icssi", "isf"],
        "day": 26,
        "time": (14, 0, 16, 30),
        "languages": ["en", "ar", "tr"],
        "interpretation": ["ckb"],
        **TUNIS,
    },
    {
        "slug": "freedom-of-expression-in-the-mediterranean",
        "title": "Freedom of expression in the Mediterranean area",
        "summary": "Journalists and bloggers from both shores on the right to speak out."
        + ILLUSTRATIVE,
        "body": "Journalists, bloggers and artists from both shores of the Mediterranean on "
        "the threats they face and how to defend one another.",
        "themes": ["expression"],
        "organisers": ["isf"],
        "day": 27,
        "time": (9, 0, 11, 30),
        "languages": ["ar", "fr", "en"],
        "interpretation": [],
        **TUNIS,
    },
    {
        "slug": "iraqi-women-at-the-womens-assembly",
        "title": "Iraqi women at the assembly of the women’s rights movements",
        "summary": "Iraqi women activists join the assembly of international movements for "
        "women’s rights." + ILLUSTRATIVE,
        "body": "Iraqi women take part in the assembly organised by international movements "
        "for women’s rights, which have always been well attended and politically powerful "
        "at social forums.",
        "themes": ["solidarity", "democracy"],
        "organisers": ["isf", "icssi"],
        "day": 27,
        "time": (14, 0, 17, 0),
        "languages": ["ar", "en", "fr"],
        "interpretation": [],
        **TUNIS,
    },
    {
        "slug": "sports-against-violence-baghdad",
        "title": "Sports against violence: a football tournament in Baghdad",
        "summary": "A parallel activity of the Extended WSF: youth teams from different "
        "communities play together." + ILLUSTRATIVE,
        "body": "Youth teams from different neighbourhoods and communities of Baghdad play "
        "together on the opening day of the forum in Tunis.",
        "themes": ["sports", "tolerance"],
        "organisers": ["isf"],
        "day": 24,
        "time": (16, 0, 19, 0),
        "languages": ["ar"],
        "interpretation": [],
        **in_iraq("Baghdad"),
    },
    {
        "slug": "water-and-the-marshes-basra",
        "title": "Water and the marshes: a parallel meeting in Basra",
        "summary": "A parallel activity of the Extended WSF on water and the southern marshes."
        + ILLUSTRATIVE,
        "body": "Local organisations meet in Basra on the same day as the debate on water in "
        "Tunis, to discuss the drying of the southern marshes.",
        "themes": ["water"],
        "organisers": ["isf"],
        "day": 26,
        "time": (15, 0, 18, 0),
        "languages": ["ar"],
        "interpretation": [],
        **in_iraq("Basra"),
    },
    {
        "slug": "sulaymaniyah-freedom-of-expression",
        "title": "Freedom of expression in Kurdistan: a parallel debate in Sulaymaniyah",
        "summary": "A parallel activity of the Extended WSF with local journalists." + ILLUSTRATIVE,
        "body": "Local journalists and activists discuss freedom of the press and of "
        "expression in the Kurdistan Region of Iraq.",
        "themes": ["expression"],
        "organisers": ["isf"],
        "day": 27,
        "time": (17, 0, 19, 0),
        "languages": ["ckb", "ar"],
        "interpretation": ["en"],
        **in_iraq("Sulaymaniyah"),
    },
    {
        "slug": "coexistence-and-democracy-erbil",
        "title": "Coexistence and democracy: a parallel debate in Erbil",
        "summary": "A parallel activity of the Extended WSF with young activists." + ILLUSTRATIVE,
        "body": "Young activists from different communities discuss coexistence and the "
        "transition to democracy in Iraq, on the last day of the forum in Tunis.",
        "themes": ["democracy", "tolerance"],
        "organisers": ["isf"],
        "day": 28,
        "time": (10, 0, 12, 30),
        "languages": ["ckb", "ar"],
        "interpretation": ["en"],
        **in_iraq("Erbil"),
    },
]

TESTIMONIAL = {
    "slug": "quazi-baby-iraqi-social-forum-2013",
    "title": "Quazi Baby: the first to book her flight to Baghdad",
    "person_name": "Quazi Baby",
    "person_role": "Activist",
    "country": "BD",
    "quote": "If the Iraqi people invited us and asked for solidarity, we could not renounce.",
    "event_name": "Iraqi Social Forum",
    "event_city": "Baghdad",
    "event_country": "IQ",
    "event_year": 2013,
    "original_language": "en",
    "paragraphs": [
        "This is Quazi Baby’s story as reported by ICSSI in February 2015, in its call to join "
        "Iraqi activists at the World Social Forum in Tunis.",
        "In August 2013, car bombs exploded every day in Baghdad, and international activists "
        "were wondering whether they should take part in the first Iraqi Social Forum. The "
        "first one who booked her flight, with no hesitation, was a woman activist from "
        "Bangladesh: Quazi Baby of PDAP.",
        "She declared that if the Iraqi people invited us and asked for solidarity, we could "
        "not renounce. Sixteen other people, from all continents, then accepted to go to "
        "Baghdad.",
        "For ICSSI, this is the spirit of the World Social Forum that it wants to keep alive.",
    ],
}


# Illustrations drawn by demo_images.py (CC0, see demo/CREDITS.md): title, file name, alt text.
IMAGES = {
    "call": (
        "World Social Forum 2015, Tunis (illustration)",
        "icssi-demo-wsf-2015.png",
        "Illustration: a crowd of many colours by the sea under the sun of Tunis.",
    ),
    "testimonial": (
        "From Dhaka to Baghdad (illustration)",
        "icssi-demo-dhaka-baghdad.png",
        "Illustration: a plane on a dotted line from Dhaka to Baghdad.",
    ),
    "tolerance": (
        "Tolerance and coexistence (illustration)",
        "icssi-demo-tolerance.png",
        "Illustration: rings of many colours that overlap.",
    ),
    "democracy": (
        "Transition paths to democracy (illustration)",
        "icssi-demo-democracy.png",
        "Illustration: a ballot going into a ballot box.",
    ),
    "solidarity": (
        "Global solidarity (illustration)",
        "icssi-demo-solidarity.png",
        "Illustration: people of many colours side by side under one arc.",
    ),
    "water": (
        "Water and armed conflicts (illustration)",
        "icssi-demo-water.png",
        "Illustration: a dam across a river between hills.",
    ),
    "expression": (
        "Freedom of expression (illustration)",
        "icssi-demo-expression.png",
        "Illustration: speech bubbles of many colours.",
    ),
    "sports": (
        "Sports against violence (illustration)",
        "icssi-demo-sports.png",
        "Illustration: a football on the centre spot of a pitch.",
    ),
}
CALL_IMAGE_CAPTION = "Illustration: Iraqi civil society at the World Social Forum in Tunis."
# The day the article was published, recorded as the day of consent for the testimonial's
# picture (an illustration, not a photograph of the person).
PHOTO_CONSENT_DATE = datetime.date(2015, 2, 1)
