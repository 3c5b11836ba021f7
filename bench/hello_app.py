"""The baseline: a hello-world Flask route, served exactly like the app in the same bench run."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Hello, world."""
    return "Hello, world!"
