"""Pages that compose every app: landing, the home page of each role, the organisation page,
and writes that span several apps (archiving an organisation)."""
