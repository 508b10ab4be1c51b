"""The administration's screens for the nominations app (the prize year's own are in
jury/admin/): nominations and their screening, efforts, and the records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from . import efforts, nominations, prizes, records  # noqa: F401  (registers the admin classes)

admin.site.site_header = gettext_lazy("Trygghetspriset – administration")
admin.site.site_title = gettext_lazy("Trygghetspriset")
admin.site.index_title = gettext_lazy("The social administration's work with the prize")
