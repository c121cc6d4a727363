"""The benchmark times a measurement and its floor in turn, so that a slow spell of the machine
falls on both sides of the ratio."""

from houqin.bench import paired_ms


def test_a_measurement_and_its_floor_are_timed_in_turn():
    calls = []
    value, floor = paired_ms(lambda: calls.append("page"), lambda: calls.append("floor"), 3)
    assert calls == ["page", "floor"] * 4  # one warm-up each, then three pairs
    assert value >= 0 and floor >= 0
