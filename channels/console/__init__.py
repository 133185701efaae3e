"""The web console: FastAPI with Jinja2 templates and htmx, for the NGO's operator, its
directory editors and its case workers. It reads and writes through the same core and
directory code as the bot."""
