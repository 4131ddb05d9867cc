"""The as-of date: typed into a field bounded by the data, a month slider in step, the headline following."""

from __future__ import annotations

import datetime as dt

D = dt.date


def _headline(app) -> str:
    return next(m.value for m in app.markdown if "placed on the map" in m.value)


def test_the_date_field_is_bounded_by_the_data(make_app, tiny_data):
    app = make_app(tiny_data).run()
    field = app.date_input(key="w_as_of")
    assert field.value == D(2022, 11, 3)  # the newest publication: everything
    assert field.proto.min == "2022-10-01" and field.proto.max == "2022-11-03"
    assert app.select_slider(key="w_as_of_month").options[-1] == "Nov 2022"


def test_typing_a_date_moves_the_slider_and_the_headline(make_app, tiny_data):
    app = make_app(tiny_data).run()
    assert "**3 placed on the map**" in _headline(app)
    app.date_input(key="w_as_of").set_value(D(2022, 10, 31)).run()
    assert not app.exception
    assert app.query_params["as_of"] in ("2022-10-31", ["2022-10-31"])
    assert app.select_slider(key="w_as_of_month").value == D(2022, 10, 31)
    assert "**2 placed on the map**" in _headline(app)  # the headline follows the date, as the map does
    app.date_input(key="w_as_of").set_value(D(2022, 10, 5)).run()
    assert app.select_slider(key="w_as_of_month").value == D(2022, 10, 31)  # the month holding the day
    assert "**0 placed on the map**" in _headline(app)


def test_the_month_slider_sets_the_date(make_app, tiny_data):
    app = make_app(tiny_data).run()
    app.select_slider(key="w_as_of_month").set_value(D(2022, 10, 31)).run()
    assert app.date_input(key="w_as_of").value == D(2022, 10, 31)
    assert app.query_params["as_of"] in ("2022-10-31", ["2022-10-31"])
    app.select_slider(key="w_as_of_month").set_value(D(2022, 11, 3)).run()  # the last stop: everything
    assert "as_of" not in app.query_params


def test_a_month_can_be_chosen_from_a_list(make_app, tiny_data):
    app = make_app(tiny_data, lang="zh-Hans").run()
    months = app.selectbox(key="w_timeline_month")
    assert months.options == ["2022年10月（2 条说法）", "2022年11月（2 条说法）"]
    months.select(D(2022, 10, 31)).run()
    assert app.date_input(key="w_as_of").value == D(2022, 10, 31)
    assert app.select_slider(key="w_as_of_month").value == D(2022, 10, 31)
