"""Science popularisation centre (科普文明大院): library, health consultations, publicity,
volunteers."""
