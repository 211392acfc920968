"""What grants tell the rest of the site, without knowing who listens."""

from django.dispatch import Signal

# Sent inside the award's transaction with `application=<Application>`: a
# listener's writes (e.g. a webhook outbox) commit or roll back with it.
application_awarded = Signal()
