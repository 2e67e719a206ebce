"""Mentions in a text: times on the school calendar, schools, subjects, people, themes, facts."""
