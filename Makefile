# The two set-up commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Browser tests drive Debian's Chromium; WeasyPrint needs Pango (and through it fontconfig).
# No font package: the documents use only the fonts in static/fonts/ (jury/documents/fonts.py).
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libfontconfig1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# pytest-xdist workers: one per core by default; each has its own test database.
# `make test TEST_WORKERS=0` runs the suite in this one process, as before.
TEST_WORKERS ?= auto

.PHONY: run test system-packages lint

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

# The workers run beside the server, one for the mail (the queued e-mails print on the
# console) and one for the jury's documents; they stop with the server (Ctrl-C).
run: $(VENV)/.installed
	DEBUG=true $(PY) manage.py migrate
	DEBUG=true $(PY) manage.py load_demo_data
	DEBUG=true $(PY) manage.py db_worker --no-reload --queue-name default & mail=$$!; \
	DEBUG=true $(PY) manage.py db_worker --no-reload --queue-name documents & documents=$$!; \
	trap 'kill $$mail $$documents 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test: $(VENV)/.installed system-packages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(VENV)/.installed
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
