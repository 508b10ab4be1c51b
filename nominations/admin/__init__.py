"""The administration's screens for the nominations app (the prize year's own are in
jury/admin/): nominations and their screening, efforts, and the records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from . import efforts, nominations, prizes, records  # noqa: F401  (registers the admin classes)

# One installation runs several prizes, each with its owner (nominations/models/prizes.py):
# the admin's titles name none of them.
admin.site.site_header = gettext_lazy("The prizes – administration")
admin.site.site_title = gettext_lazy("The prizes")
admin.site.index_title = gettext_lazy("The work with the prizes")
