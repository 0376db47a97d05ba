"""Start the web chat: `python app.py` (builds the index of corpus/ first if needed)."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline by default

from assistant.ui import launch  # noqa: E402

if __name__ == "__main__":
    launch()
