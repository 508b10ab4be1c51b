"""Signals from nominations/ to the apps that build on it, which it does not import."""

from django.dispatch import Signal

# Sent in the transaction that removed the files attached to a year's nominations under
# a retention rule (privacy.py), with prize_year: copies made from them must go too.
attachments_removed = Signal()
