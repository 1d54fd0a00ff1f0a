"""Figures read right, one class of phrasing at a time: numbers written in words or with scale words,
qualifiers after the number or with words between, modifiers and partitives, figures stated through a
verb, lists, and what each figure says of itself: status, measure, kind, claimant kind, date words."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract import dates, figures, places
from dashboard.extract.claimants import claimant_kind
from dashboard.extract.report import figure_as_of
from dashboard.extract.text import sentences

GAZETTEER = places.load_gazetteer()


def read(text: str) -> list[dict]:
    sents = sentences(text)
    mentions = places.find_mentions(text, GAZETTEER)
    return figures.extract_figures(text, sents, mentions, dates.find_date_refs(text, sents))


def one(text: str, number: str) -> dict:
    """The figure whose words hold `number`."""
    found = [f for f in read(text) if number in f["text"]]
    assert found, f"no figure {number!r} in {text!r}: {[f['text'] for f in read(text)]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "number", "value", "subject", "qualifier"),
    [
        ("Thirty-two white buses entered the district.", "Thirty", 32, "buses", None),
        ("Twenty-nine buses were due to leave.", "Twenty", 29, "buses", None),
        ("Some 60-thousand people have fled.", "60", 60000, "people", "about"),
        ("It is home to 300,000 or more residents.", "300,000", 300000, "residents", "at least"),
        ("Some 5,000-plus people fled.", "5,000", 5000, "people", "about"),
        ("At least a further 4,000 people were evacuated.", "4,000", 4000, "people", "at least"),
        ("The convoy included 36 red and white ambulances.", "36", 36, "ambulances", None),
        ("Gunmen killed 57 of the wounded.", "57", 57, "wounded", None),
        ("A force 8,000 strong surrounded the town.", "8,000", 8000, "fighters", None),
        ("It triggered an exodus of more than 60,000.", "60,000", 60000, "people", "more than"),
        ("About 2,300 were known to have been displaced.", "2,300", 2300, "people", "about"),
        (
            "The death toll in the south has since risen to more than 2,100.",
            "2,100",
            2100,
            "people",
            "more than",
        ),
        ("A new convoy arrived, bringing the total to 31,000.", "31,000", 31000, "people", None),
        ("Some 31,000 Yazidis fled the mountain.", "31,000", 31000, "yazidis", "about"),
        ("The quake caused 600 deaths and 1,900 injuries.", "600", 600, "deaths", None),
        # a word that leads a number at a sentence's start is no name before an identifier
        ("Another 6,000 have taken refuge in Chad.", "6,000", 6000, "people", None),
        ("Only 250 to 300 foreign terrorists remain in the city.", "250", None, "terrorists", None),
        # "one" after a qualifier counts, a singular noun too
        ("At least one bus carrying fighters left the district.", "one", 1, "buses", "at least"),
        # the noun after "of whom were" counts the number
        ("Over 18,000 were evacuated, 7,000 of whom were rebels.", "7,000", 7000, "rebels", None),
        # what a vehicle carries, with no noun, is people
        (
            "The first convoy left yesterday carrying 1,900 including 400 rebels.",
            "1,900",
            1900,
            "people",
            None,
        ),
    ],
)
def test_what_a_figure_counts(text, number, value, subject, qualifier):
    f = one(text, number)
    assert (f["value"], f["subject"], f["qualifier"]) == (value, subject, qualifier)


def test_the_subject_and_outcome_come_from_the_head_of_the_counted_phrase():
    f = one("About 3,000 people, among them hundreds of wounded, left the city.", "3,000")
    assert (f["subject"], f["outcome"]) == ("people", "left")


@pytest.mark.parametrize(
    ("text", "number", "outcome"),
    [
        ("Afrin witnesses the displacement of more than 150 thousand citizens.", "150", "displaced"),
        ("The exodus of more than 60,000 people continued on Sunday.", "60,000", "left"),
        ("The departure of 20 buses was delayed.", "20", "left"),
        ("They negotiated the release of 2,000 detainees.", "2,000", "released"),
        ("The deaths of 300 people were confirmed.", "300", "dead"),
        ("The return of 5,000 refugees began.", "5,000", "returned"),
    ],
)
def test_a_nominalised_outcome_before_the_number(text, number, outcome):
    # "the displacement of N people": what happened is said by a noun before the figure
    assert one(text, number)["outcome"] == outcome


def test_a_qualifier_carries_across_a_list_of_two_counts():
    found = read("The quake caused at least 600 deaths and 1,900 injuries.")
    assert [(f["value"], f["qualifier"]) for f in found] == [(600, "at least"), (1900, "at least")]
    found = read("At least 82 people, including 11 women and 13 children, were killed.")
    assert [f["qualifier"] for f in found] == ["at least", None, None]  # a breakdown is exact


def test_a_bare_range_takes_its_subject_from_the_sentence_before():
    f = one("Estimates of the number of people trapped vary. Aid groups say 12,000-15,000.", "12,000")
    assert (f["low"], f["high"], f["subject"]) == (12000, 15000, "people")


def test_a_situation_report_list_takes_what_is_counted_from_its_heading():
    text = "Newly displaced people by governorate:\nHoms (12,345), Hama (6,789), Idlib (1,000)."
    found = read(text)
    assert all(f["outcome"] == "displaced" for f in found)
    assert [(f["value"], f["subject"], f["place_id"]) for f in found] == [
        (12345, "people", "homs"),
        (6789, "people", "hama"),
        (1000, "people", "idlib"),
    ]


SECTIONS = (
    "Cyclone Idai battered Mozambique, Zimbabwe and Malawi. At least 746 people were killed.\n"
    "MOZAMBIQUE\nThe storm landed near the port.\nPeople killed: 501\n"
    "ZIMBABWE\nPeople killed: 185, according to the government.\n"
    "Timeline\nPeople killed: 12\n"
)


@pytest.mark.parametrize(
    ("number", "place"),
    [
        ("501", "mozambique"),  # under a heading that names a place the report names: that place
        ("185", "zimbabwe"),
        ("746", None),  # before any heading: the three countries' toll is of no one of them
        ("12", None),  # a heading of another kind ends the section
    ],
)
def test_a_figure_with_no_place_of_its_own_is_of_its_section_heading_place(number, place):
    assert one(SECTIONS, number)["place_id"] == place


STRIP = "Floods worsen.\n\n{numbers}\n\n\n{labels}\n{below}\n\nSITUATION OVERVIEW\nThe situation has deteriorated."


@pytest.mark.parametrize(
    ("numbers", "labels", "below", "expected"),
    [
        # a situation report's key-figures strip: each number counts the label in its place
        ("218K 452K 2M 937 1,343 794K", "houses houses acres of crops deaths injured livestock lost",
         "destroyed damaged impacted",
         [(218000, "houses", "destroyed", "about"), (452000, "houses", "damaged", "about"),
          (2000000, "acres", "affected", "about"), (937, "deaths", "dead", None), (1343, "injured", "wounded", None),
          (794000, "livestock", "dead", "about")]),
        # a label's own outcome word ("people displaced") is its own, not a label of its own
        ("33M 7.9M 1,100", "people affected people displaced deaths", "",
         [(33e6, "people", "affected", "about"), (7.9e6, "people", "displaced", "about"), (1100, "deaths", "dead", None)]),
        # as many labels as numbers, or none is read
        ("218K 452K 2M", "houses destroyed acres", "", []),
        ("218K 452K 2M", "damaged houses and more", "", []),
    ],
)  # fmt: skip
def test_a_key_figures_strip_counts_the_label_in_each_number_place(numbers, labels, below, expected):
    text = STRIP.format(numbers=numbers, labels=labels, below=below)
    got = [(f["value"], f["subject"], f["outcome"], f["qualifier"]) for f in read(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "number", "status"),
    [
        ("Some 3,000 people left the city on Friday.", "3,000", "occurred"),
        ("About 15,000 people would be evacuated from the villages.", "15,000", "planned"),
        ("The deal will allow the evacuation of 5,000 people.", "5,000", "planned"),
        ("Under the agreement 400 fighters are to leave for Idlib.", "400", "planned"),
        (
            "The terms stipulate that evacuations of around 1500 residents occur on Saturday.",
            "1500",
            "planned",
        ),
        ("Twenty-nine buses were due to leave the villages.", "Twenty", "planned"),
        # "due to" a cause is because of, not a plan
        (
            "Due to a further increase in hostilities, displacement has since reached 160,000 people.",
            "160,000",
            "occurred",
        ),
        ("Displacement due to the fighting reached 160,000 people.", "160,000", "occurred"),
        ("Some 2,000 people are expected to arrive on Monday.", "2,000", "expected"),
        ("Tens of thousands of people may very soon begin to leave.", "Tens", "possible"),
        ("A total of 14,000 people want to leave the city.", "14,000", "demanded"),
        ("The UN called for the evacuation of 500 wounded.", "500", "demanded"),
        ("The army denied that 400 civilians had been killed.", "400", "denied"),
        (
            "Twenty-nine buses were due to leave on Wednesday but had not moved by evening.",
            "Twenty",
            "prevented",
        ),
        ("Seven buses leaving the city were stopped at a checkpoint.", "Seven", "prevented"),
        ("Some 300 people could not leave.", "300", "prevented"),
        # past ability or achievement outweighs the modal: it happened
        ("Thanks to the operation, 101 people could finally leave the bunkers.", "101", "occurred"),
        ("At last 300 families were able to leave the town.", "300", "occurred"),
        ("About 50 people managed to flee the village.", "50", "occurred"),
        ("Some 300 people could leave on Friday.", "300", "possible"),
        # the cue of another verb does not reach a figure that is its own verb's subject
        (
            "Iran wanted the evacuation of wounded from 2 villages that were besieged by rebels.",
            "2",
            "occurred",
        ),
        # "May" the month is no modal
        ("In May 400 people left the town.", "400", "occurred"),
        # a verb of expectation governing the figure as its object
        ("The governor said he expected 1,500 people to depart on Saturday.", "1,500", "expected"),
        ("We expect to have 1.8 million people affected by the storm.", "1.8", "expected"),
        ("The agency forecasts 250,000 arrivals by June.", "250,000", "expected"),
        # a copula inside the figure's own words
        ("Of the total, around 600,000 would be Sudanese refugees.", "600,000", "planned"),
        # a status stated before a list holds for every item, the part that has a verb of its own too
        ("He said he expected 1,500 people, including at least 400 rebels, to leave.", "1,500", "expected"),
        ("He said he expected 1,500 people, including at least 400 rebels, to leave.", "400", "expected"),
    ],
)
def test_status(text, number, status):
    assert one(text, number)["status"] == status


@pytest.mark.parametrize(
    ("text", "number", "measure"),
    [
        ("Some 250,000 civilians remain in the east.", "250,000", "stock"),
        ("At least 4,000 people remain missing.", "4,000", "stock"),
        ("About 3,000 people left the city on Friday.", "3,000", "flow"),
        ("So far 31,000 people have been evacuated.", "31,000", "total"),
        ("The death toll rose to 300.", "300", "total"),
        ("More than 1,200 people have left since Thursday.", "1,200", "total"),
        ("The minister said a total of 156 people were evacuated.", "156", "total"),
        ("Rains on Thursday left 1,343 people injured since the onset of the monsoon.", "1,343", "total"),
        ("Nearly 140 cholera cases have been detected in the city.", "140", "total"),  # a tally
        ("A total of 14,000 people want to leave the city.", "14,000", "stock"),  # a sum of a stock
        ("The buses, each carrying 50 people, left.", "50", "capacity"),
        # one of those a flow counts: they fled, whatever "to be" says
        ("Over 100,000 refugees are estimated to be among those who have fled Sudan.", "100,000", "flow"),
        ("Some 75,000 people are estimated to be in the city.", "75,000", "stock"),
        ("An enclave of only 2.5sq km remained.", "2.5", "other"),
        # a state kept since a day is a stock, where what the figure counts is no flow
        ("Around 5.5 million people have been without water since fighting intensified.", "5.5", "stock"),
        (
            "Some 4,000 refugees who had been living in Sudan have returned home since Saturday.",
            "4,000",
            "total",
        ),
    ],
)
def test_measure(text, number, measure):
    assert one(text, number)["measure"] == measure


def test_enumerations_are_kept_apart_from_counts():
    assert one("Two villages, Foua and Kefraya, remain besieged.", "Two")["kind"] == "enumeration"
    assert one("Foua and Kefraya, two villages in Idlib, remain besieged.", "two")["kind"] == "enumeration"
    assert one("Two villages remain besieged.", "Two")["kind"] == "count"
    # named in the sentence after, by the same noun
    named_later = "They evacuated people from two villages besieged by rebels. Some 15,000 people left the villages, Foua and Kefraya."
    assert one(named_later, "two")["kind"] == "enumeration"
    assert one(named_later.replace("Kefraya", "Kefraya and Madaya"), "two")["kind"] == "count"  # three names


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("the UN", "un"),
        ("UNHCR", "un"),
        ("the International Committee of the Red Cross", "icrc"),
        ("the Syrian Observatory for Human Rights", "ngo"),
        ("Syrian state television", "state_media"),
        ("the Russian defence ministry", "government"),
        ("rebel officials", "opposition"),
        ("activists", "opposition"),
        ("Reuters", "media"),
        ("a media unit run by Hizbullah", "other"),
        ("officials who", "government"),
        ("the National Disaster Management Authority", "government"),
        ("the NDMA", "government"),
        (None, None),
    ],
)
def test_claimant_kind(claimant, kind):
    assert claimant_kind(claimant) == kind


@pytest.mark.parametrize(
    ("text", "number", "who"),
    [
        ("• An estimated 98,000 people have been displaced.", "98,000", None),  # "estimated" is an adjective
        ("At least 20,000 refugees left, adding to an estimated 1,000 others.", "20,000", None),
        ("A total of 139 cases of cholera have been confirmed.", "139", None),  # a clause, not a speaker
        ("Al-Wair is home to an estimated 75,000 people.", "75,000", None),
        ("With initial estimates of 160,000 displaced, aid was sent.", "160,000", None),
        ("Over 700 people were killed, according to the UN estimates.", "700", "the UN"),  # a document noun
        (
            "Over 700 people were killed, according to a United Nations official.",
            "700",
            "a United Nations official",
        ),
        ("UN officials have said 1,151 people were evacuated.", "1,151", "UN officials"),
    ],
)
def test_words_before_a_reporting_cue_that_name_no_speaker(text, number, who):
    assert one(text, number)["claimant"] == who


@pytest.mark.parametrize(
    ("who", "rule"),
    [
        ("with initial", "begins with a preposition"),
        ("the ministry and an", "ends with an article or modifier"),
        ("of cholera have been", "begins with a preposition"),
        ("a result of heavy rain were", "a clause, not a name"),
        ("he", "a pronoun"),
        ("the UN", None),
    ],
)
def test_each_no_speaker_rule_alone(who, rule):
    from dashboard.extract.claimants import not_a_speaker

    assert not_a_speaker(who) == rule


def test_a_figure_is_dated_by_its_own_date_words():
    text = (
        "The Russian defence ministry said 6,000 civilians and 366 fighters had left over the past 24 hours. "
        "Some 250,000 civilians were thought to remain before the advance began at the end of November. "
        "Officials said on Wednesday that 500 people would be evacuated on Thursday. "
        "More than 1,200 people have left since Monday. "
        "About 3,000 people are trapped. "
        "Jets struck the town overnight, and at least 150,000 had fled since Sunday. "
        "Jets struck the town on Monday, and 40 people were killed. "
        "At least 20,000 people have fled since violence broke out on Friday. "
        "Some 900 people were killed in fighting that broke out on Friday."
    )
    sents = sentences(text)
    refs = dates.find_date_refs(text, sents)
    published = date(2016, 12, 14)  # a Wednesday
    as_of = {
        f["text"]: figure_as_of(refs, f["as_of_ref"], f["as_of_mode"], published)[:3] for f in read(text)
    }
    assert as_of["6,000 civilians"] == ("2016-12-13", "2016-12-14", "span")
    assert as_of["366 fighters"] == ("2016-12-13", "2016-12-14", "span")
    assert as_of["Some 250,000 civilians"] == ("2016-11", "2016-11-30", "month")
    assert as_of["500 people"] == ("2016-12-15", "2016-12-15", "day")  # the plan's day, not the saying's
    assert as_of["More than 1,200 people"] == ("2016-12-12", "2016-12-14", "span")
    assert as_of["About 3,000 people"] == ("2016-12-14", "2016-12-14", "day")  # the report's date
    # a date before ", and" dates the clause before, unless the figure's own clause has none
    assert as_of["at least 150,000"] == ("2016-12-11", "2016-12-14", "span")
    assert as_of["40 people"] == ("2016-12-12", "2016-12-12", "day")
    # "since" an event on a day: the count runs from that day
    assert as_of["At least 20,000 people"] == ("2016-12-09", "2016-12-14", "span")
    assert as_of["Some 900 people"] == ("2016-12-09", "2016-12-09", "day")
    assert figure_as_of(refs, -1, None, None) == (None, None, None, "unknown")


@pytest.mark.parametrize(
    ("second", "as_of"),
    [
        ("Sello said the 3,000 civilians had evacuated.", "2017-10-14"),  # the count given before
        ("Sello said 3,000 civilians had evacuated.", "2017-10-16"),  # a count of its own: the report's day
        ("Sello said the 2,000 civilians had evacuated.", "2017-10-16"),  # no earlier count of that number
    ],
)
def test_a_definite_count_holds_when_the_count_it_names_again_does(second, as_of):
    text = "More than 3,000 civilians fled Raqqa on Saturday night. " + second
    refs = dates.find_date_refs(text, sentences(text))
    last = read(text)[-1]
    assert figure_as_of(refs, last["as_of_ref"], last["as_of_mode"], date(2017, 10, 16))[0] == as_of


def test_a_figure_dated_only_by_its_saying_holds_as_of_the_saying():
    text = (
        "More than 3,000 civilians have fled the city, a spokesman said on Monday. "
        "Officials said on Tuesday that 500 people would be evacuated on Thursday."
    )
    sents = sentences(text)
    refs = dates.find_date_refs(text, sents)
    published = date(2016, 12, 14)
    when = {f["text"]: figure_as_of(refs, f["as_of_ref"], f["as_of_mode"], published) for f in read(text)}
    assert when["More than 3,000 civilians"] == ("2016-12-12", "2016-12-12", "day", "said")
    assert when["500 people"] == ("2016-12-15", "2016-12-15", "day", "sentence")  # its own date words


def test_a_breakdown_inherits_only_an_outcome_that_fits_what_it_counts():
    # "N in Place" after a count breaks it down, but places are never killed
    found = read("Forces were killing at least 82 civilians in four different neighborhoods in Aleppo.")
    assert [(f["value"], f["outcome"]) for f in found] == [(82, "killed"), (4, None)]
    found = read("The shelling killed 90 people: 40 in Douma, 50 in Harasta.")
    assert [f["outcome"] for f in found] == ["killed", "killed", "killed"]


@pytest.mark.parametrize(
    ("text", "number", "subject", "outcome"),
    [
        # a noun right after the first is the head ("wounded civilians", "Sudanese refugees")
        ("Some 300 wounded civilians were evacuated.", "300", "civilians", "evacuated"),
        ("Of the total, around 600,000 would be Sudanese refugees.", "600,000", "refugees", None),
        # an adjective after its noun says what happened, and governs ("left 783 people dead")
        ("The storm left at least 783 people dead.", "783", "people", "dead"),
        ("The floods left hundreds of thousands of people homeless.", "hundreds", "people", "displaced"),
        # a bare adjective counts people; acronyms and spellings as written or normalised
        ("The UN counts 50,000 displaced, with nowhere to go.", "50,000", "people", "displaced"),
        ("In Malawi there are at least 56 dead.", "56", "people", "dead"),
        ("Up to 189,000 IDPs have moved to the border.", "189,000", "IDPs", "moved"),
        # driven, forced or expelled from a place: displaced
        (
            "Some 200,000 civilians have been driven from Daraa to the border.",
            "200,000",
            "civilians",
            "displaced",
        ),
        ("About 5,000 families were forced out of their homes.", "5,000", "families", "displaced"),
        # an aside between dashes or brackets right after the figure stands outside its clause
        (
            "Some 4,000 refugees – among the 1.1 million refugees hosted by Sudan – have been forced to return home.",
            "4,000",
            "refugees",
            "returned",
        ),
        (
            "About 3,000 people (most of them women and children from the east) left on Friday.",
            "3,000",
            "people",
            "left",
        ),
        ("The camp hosts 20,000 IDPs.", "20,000", "IDPs", "displaced"),
        ("They loaded onto two busses.", "two", "buses", None),
        # with no verb of its own, a participle before the noun says what happened to it
        ("Sindh with 401 deaths, 1,055 injuries and 884,597 destroyed houses is worst hit.", "884,597", "houses",
         "destroyed"),
        ("The floods left 1,200 damaged schools.", "1,200", "schools", "damaged"),
        ("Officials counted 50 destroyed homes and 20 injured people.", "20", "people", "wounded"),
        ("There are 300 displaced families in the camp.", "300", "families", "displaced"),
        # but a verb outweighs it
        ("Some 600 wounded fighters and their relatives left the city.", "600", "fighters and kin", "left"),
    ],
)  # fmt: skip
def test_the_head_of_the_counted_phrase(text, number, subject, outcome):
    f = one(text, number)
    assert (f["subject"], f["outcome"]) == (subject, outcome)


@pytest.mark.parametrize(
    ("text", "outcomes"),
    [
        ("More than 1,000 houses, 40 schools and 3 hospitals were destroyed.", ["destroyed"] * 3),
        ("Some 300 civilians and 200 fighters were evacuated.", ["evacuated"] * 2),
        ("About 120 homes, 15 schools or 4 clinics were damaged.", ["damaged"] * 3),
        # each count of its own verb keeps its own
        ("1,000 people left and 500 people arrived.", ["left", "arrived"]),
    ],
)
def test_the_verb_after_a_coordinated_list_of_counts_is_every_items(text, outcomes):
    assert [f["outcome"] for f in read(text)] == outcomes


@pytest.mark.parametrize(
    ("text", "number", "subject", "outcome"),
    [
        # headlines speak in the present tense
        ("Fighting displaces 270,000 in Daraa and Quneitra.", "270,000", "people", "displaced"),
        ("An air strike kills 20 people and injures 45 in Idlib.", "45", "people", "wounded"),
        ("The quake destroys 1,000 homes.", "1,000", "homes", "destroyed"),
        # a bare adjective counted as people is the predicate, not the verb before it
        ("The strike leaves 20 dead.", "20", "people", "dead"),
        ("The floods made 50,000 homeless.", "50,000", "people", "displaced"),
        ("They evacuated 300 wounded.", "300", "wounded", "evacuated"),
    ],
)
def test_present_tense_verbs_and_adjectives_that_stand_for_people(text, number, subject, outcome):
    f = one(text, number)
    assert (f["subject"], f["outcome"]) == (subject, outcome)


@pytest.mark.parametrize(
    ("text", "number", "subject", "outcome", "measure"),
    [
        # verbs of exceeding end a tally as "rose to" does
        ("The death toll exceeded 300.", "300", "people", "dead", "total"),
        ("The death toll has topped 1,000.", "1,000", "people", "dead", "total"),
        ("The death toll surpassed 2,500.", "2,500", "people", "dead", "total"),
        # "others" after a count of people counts people
        ("The strike killed 5 and wounded 20 others.", "20", "people", "wounded", "flow"),
        # a toll says what it counts: a verb after it belongs to the next figure
        (
            "The total death count reached 937 and 1,343 individuals got injured.",
            "937",
            "people",
            "dead",
            "total",
        ),
        # a total of listed figures of one outcome counts what they count
        (
            "There are 446 dead in Mozambique, 259 dead in Zimbabwe, for a total of 761.",
            "761",
            "people",
            "dead",
            "total",
        ),
        # an outcome after a subordinating conjunction is another clause's verb
        (
            "Nearly 130,000 in rescue camps in Mozambique as the death toll rises to 686.",
            "130,000",
            "people",
            None,
            "stock",
        ),
        ("Some 500 people sheltered in schools while 30 were killed.", "500", "people", None, "stock"),
        # a gapped tally: the second noun counts the second number, the verb left out
        ("The number of deaths rose to 402 and injuries to 1,055.", "1,055", "injuries", "wounded", "flow"),
        ("Deaths climbed to 90 and injuries to 300.", "300", "injuries", "wounded", "flow"),
        ("The number of deaths rose to 402 and injuries to 1,055.", "402", "deaths", "dead", "total"),
        ("Hundreds of others went missing.", "Hundreds", "people", "missing", "stock"),
        ("Some 101 people were finally able to exit the bunkers.", "101", "people", "left", "flow"),
        ("More than 200 civilians are still in the area.", "200", "civilians", "remain", "stock"),
    ],
)
def test_tallies_that_exceed_and_others(text, number, subject, outcome, measure):
    f = one(text, number)
    assert (f["subject"], f["outcome"], f["measure"]) == (subject, outcome, measure)


@pytest.mark.parametrize(
    ("text", "number", "subject"),
    [
        # a count before a list of kinds of people counts people
        ("Thanks to the operation, 101 women, men, children were evacuated.", "101", "people"),
        ("UN agencies are reaching 330,000 men, women and children.", "330,000", "people"),
        ("It killed 5 women and wounded 20 men.", "5", "women"),  # "wounded" is the verb here
        ("So far 1,142 fighters and 760 members of their families left.", "1,142", "fighters"),
        # a measure's own "of" names what it measures, before a noun ahead of it does
        ("The floods caused the sweeping away of over 2,328 kilometres of roads.", "2,328", "roads"),
        ("It is an enclave of only 2.5sq km.", "2.5", "enclave"),
    ],
)
def test_lists_of_people_and_what_a_measure_measures(text, number, subject):
    assert one(text, number)["subject"] == subject


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        # a part of a counted whole counts what the whole counts, and the verb is the part's
        (
            "He said around 400 of the approximately 1,200 people in the Old City had left.",
            [(400, "people", "left"), (1200, "people", None)],
        ),
        (
            "Some 300 of the 5,000 fighters were killed.",
            [(300, "fighters", "killed"), (5000, "fighters", None)],
        ),
        (
            "Kinik said 8,000 out of the 30,000 people fled.",
            [(8000, "people", "left"), (30000, "people", None)],
        ),
        ("57 of the wounded were evacuated.", [(57, "wounded", "evacuated")]),
        # the whole first: its parts after it count what it counts, each with its own verb
        (
            "Out of 61,488 houses damaged 43,960 were partially destroyed, and 17,528 are completely destroyed.",
            [(61488, "houses", "damaged"), (43960, "houses", "destroyed"), (17528, "houses", "destroyed")],
        ),
        ("Of the 300 houses, 40 were destroyed.", [(300, "houses", None), (40, "houses", "destroyed")]),
        # "a total of" opens no whole: a list of two counts
        (
            "The floods killed a total of 600 people and 1,900 were injured.",
            [(600, "people", "killed"), (1900, "injured", "wounded")],
        ),
    ],
)
def test_a_part_of_a_counted_whole(text, readings):
    assert [(f["value"], f["subject"], f["outcome"]) for f in read(text)] == readings


@pytest.mark.parametrize(
    ("text", "number", "place"),
    [
        # a place one of a list counts with the others: the figure is of no one of them
        ("The storm hit large areas in Malawi and Zimbabwe, leaving at least 783 people dead.", "783", None),
        ("At least 700 people were killed in Mozambique, Malawi and Zimbabwe.", "700", None),
        ("Fighting displaces 270,000 in Daraa and Quneitra as of July 2.", "270,000", None),
        # a place in a clause that opens after the figure is that clause's
        (
            "UN officials said 1,151 were evacuated and added that it was the first result of talks in Geneva.",
            "1,151",
            None,
        ),
        ("Some 400 people fled, which the UN said was agreed in Geneva.", "400", None),
        # ", with …" tells what became of them, not where the figure happened
        ("Some 101 people were evacuated, with most of them now in Zaporizhzhia.", "101", None),
        # a place alone is the figure's
        ("The storm hit large areas in Zimbabwe, leaving at least 259 people dead.", "259", "zimbabwe"),
    ],
)
def test_a_figure_beside_a_list_of_places_is_of_no_one_of_them(text, number, place):
    assert one(text, number)["place_id"] == place


@pytest.mark.parametrize(
    ("text", "number", "places"),
    [
        # "the city of X" after a verb of leaving is where they left
        ("Some 500 people fled the besieged town of Madaya.", "500", (None, "madaya", None)),
        # "X in Y": Y says where X is, not where the figure is
        (
            "More than 150,000 civilians have fled the city of Afrin in northern Syria.",
            "150,000",
            (None, "afrin", None),
        ),
        ("About 300 people left Madaya in Syria for Idlib.", "300", (None, "madaya", "idlib")),
        ("At least 20 people were killed in Douma in eastern Ghouta.", "20", ("douma", None, None)),
        # "the Britain-based monitor": where an organisation sits is no place of the figure
        (
            "The Syrian Observatory for Human Rights, a UK-based war monitor, said at least 150,000 had fled.",
            "150,000",
            (None, None, None),
        ),
    ],
)
def test_where_a_movement_starts_and_where_its_places_are(text, number, places):
    f = one(text, number)
    assert (f["place_id"], f["origin_id"], f["destination_id"]) == places


def test_a_relative_clause_right_after_the_figure_is_its_own():
    f = one("Some 10,000 people crossed, adding to an estimated 20,000 who have entered Chad.", "20,000")
    assert (f["outcome"], f["destination_id"]) == ("arrived", "chad")
    g = one("Some 400 people fled, and officials who met in Geneva said so.", "400")
    assert g["place_id"] is None


def test_a_breakdown_right_after_its_head_takes_the_heads_subject():
    # "234 in Balochistan" stands within reach of the head's verb: it is still the head's count
    text = "Thirty-seven people have died in Sindh so far, 234 in Balochistan and 165 in Punjab."
    assert [(f["value"], f["subject"], f["outcome"], f["place_id"]) for f in read(text)][1:] == [
        (234, "people", "dead", "balochistan"),
        (165, "people", "dead", "punjab_pk"),
    ]
