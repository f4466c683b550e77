"""ASGI entry point for process managers: `uvicorn lianchuang.asgi:app`."""
from lianchuang.app import create_app

app = create_app()
