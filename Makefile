# The two commands of the README.
.PHONY: chat test lint

# Set up, build the index of corpus/ if needed, and open the web chat.
chat:
	@scripts/setup.sh
	.venv/bin/python app.py

# Set up (with test tools) and run the whole test suite.
test:
	@scripts/setup.sh --test
	.venv/bin/python -m ruff check assistant tests app.py bench
	.venv/bin/python -m pytest -q -p no:cacheprovider

lint:
	.venv/bin/python -m ruff check assistant tests app.py bench
