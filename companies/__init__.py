"""The company side of the market: development needs that SMEs post (what they want to
test, develop, research, pilot or fund), their visibility and lifecycle, and the reminders
about them. The folder keeps the name the product was specified with; `services` is the
provider side."""
