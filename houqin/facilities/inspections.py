"""Equipment patrol inspection (巡检) and the daily fire-facility patrol as rounds of the
inspection engine."""
