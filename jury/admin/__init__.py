"""The administration's screens for the prize year and its jury.

prize_year.py (with its forms in prize_year_forms.py) drives the year; memberships.py
appoints the jury. Both only present and dispatch to the domain modules.
"""

from . import memberships, prize_year  # noqa: F401  (registers the admin classes)
