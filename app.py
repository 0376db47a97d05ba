"""Start the web chat: `python app.py` (builds the index of corpus/ first if needed)."""

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline by default


def main() -> int:
    from pydantic import ValidationError

    from assistant.errors import AssistantError
    from assistant.settings import describe_error
    from assistant.ui import launch

    try:
        launch()
    except ValidationError as exc:
        print(f"Error: {describe_error(exc)}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
