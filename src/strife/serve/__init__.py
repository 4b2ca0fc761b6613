"""The web face of a store: ``create_app`` in ``app.py`` (FastAPI), the map page in ``static/``."""
