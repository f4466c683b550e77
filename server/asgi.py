"""ASGI entry point for process managers: `uvicorn server.asgi:app`."""
from server.app import create_app

app = create_app()
