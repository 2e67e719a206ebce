"""Rules and lexicons as data: the taxonomy, time words, school-name rules, calendars, gazetteer."""
