from __future__ import annotations

from datetime import date

import pytest

from casefile.domain.dates import date_sort_key, parse_fuzzy_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "qualifier"),
    [
        ("2015-09-03", date(2015, 9, 3), date(2015, 9, 3), ""),
        ("2015-09", date(2015, 9, 1), date(2015, 9, 30), ""),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), ""),
        ("2014", date(2014, 1, 1), date(2014, 12, 31), ""),
        ("c. 2014", date(2014, 1, 1), date(2014, 12, 31), "circa"),
        ("circa 2016-02", date(2016, 2, 1), date(2016, 2, 29), "circa"),
        ("before 2016-01-27", date(2016, 1, 27), date(2016, 1, 27), "before"),
        ("after 2015", date(2015, 1, 1), date(2015, 12, 31), "after"),
        ("3 September 2015", date(2015, 9, 3), date(2015, 9, 3), ""),
        ("September 3, 2015", date(2015, 9, 3), date(2015, 9, 3), ""),
        ("Sept 2015", date(2015, 9, 1), date(2015, 9, 30), ""),
        ("27.01.2016", date(2016, 1, 27), date(2016, 1, 27), ""),
        ("2014–2016", date(2014, 1, 1), date(2016, 12, 31), ""),
    ],
)
def test_parse(text: str, earliest: date, latest: date, qualifier: str) -> None:
    parsed = parse_fuzzy_date(text)
    assert parsed is not None
    assert (parsed.earliest, parsed.latest, parsed.qualifier) == (earliest, latest, qualifier)
    assert parsed.text == text  # printed as written


@pytest.mark.parametrize("text", ["", "soon", "2015-02-30", "13/13/2015", "someday 2015"])
def test_unreadable_dates_have_no_key(text: str) -> None:
    assert date_sort_key(text) is None


def test_fuzzy_dates_sort_sensibly() -> None:
    written = [
        "2016-01-27",
        "c. 2014",
        "before 2016-01-27",
        "2015-09",
        "2015-09-03",
        "after 2016",
        "2016",
    ]
    ordered = sorted(written, key=lambda t: date_sort_key(t) or "")
    assert ordered == [
        "c. 2014",
        "2015-09",
        "2015-09-03",
        "2016",
        "before 2016-01-27",
        "2016-01-27",
        "after 2016",
    ]
