import pytest

from flows.crisis import TOPICS, CrisisDetector

DETECTOR = CrisisDetector.load()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("i want to KILL MYSELF", "suicide"),
        ("I don’t want to live anymore", "suicide"),
        ("Je veux me tuer", "suicide"),
        ("quiero suicidarme", "suicide"),
        ("я хочу покончить с собой", "suicide"),
        ("我想自杀", "suicide"),
        ("أريد أن أنتحر", "suicide"),
        ("أُرِيدُ أَنْ أَنْتَحِرَ", "suicide"),  # with diacritics
        ("I keep cutting myself", "self_harm"),
        ("he took too many pills", "overdose"),
        ("my partner hits me", "domestic_abuse"),
        ("I have nowhere to sleep tonight", "homeless_tonight"),
    ],
)
def test_crisis_words_in_every_language(text, topic):
    assert DETECTOR.detect(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "I killed it at the interview",
        "skill myself up",
        "my street is nice",
        "想死你了",
        "hello",
        "",
    ],
)
def test_ordinary_words_are_not_a_crisis(text):
    assert DETECTOR.detect(text) is None


def test_every_topic_has_phrases_in_every_shipped_language():
    import yaml

    from flows.crisis import WORDS_FILE
    from flows.i18n import SHIPPED_LOCALES

    data = yaml.safe_load(WORDS_FILE.read_text())
    for topic in TOPICS:
        assert set(data[topic]) == set(SHIPPED_LOCALES), topic
        assert all(data[topic][locale] for locale in SHIPPED_LOCALES), topic
