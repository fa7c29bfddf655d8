# Aiguillage — every command installs what it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/aiguillage.tar.gz
SPACY_DIR := build/spacy_fr
NODE_MODULES := node_modules/.package-lock.json
BROWSER := /usr/bin/chromium /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
# CATALOG_DIR, the former name, is still read.
CATALOGUE_DIR ?= $(or $(CATALOG_DIR),services_catalogue)

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# What the trained model depends on (rasa's own fingerprint then skips unchanged parts).
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: help install spacy train run chat lint test test-unit test-data test-conversations \
        test-nlu test-e2e screenshots catalogue-validate catalogue-freshness catalog-validate \
        catalog-freshness bench reliability clean telegram prod-packages prod-up prod-down test-prod

help:
	@echo "make run                  installe, entraîne si besoin et lance le robot (Ctrl-C pour arrêter)"
	@echo "make test                 installe et lance tous les tests"
	@echo "make lint                 vérifier le style et les dépendances entre modules (en secondes)"
	@echo "make chat                 discuter avec le robot lancé, dans le terminal"
	@echo "make telegram             relier le robot lancé à Telegram (TELEGRAM_TOKEN, voir docs/telegram.md)"
	@echo "make catalogue-validate   vérifier le catalogue (CATALOGUE_DIR=dossier pour un autre)"
	@echo "make catalogue-freshness  les structures pas vérifiées depuis 6 ou 12 mois"
	@echo "make screenshots          refaire les captures du widget de docs/ (README, docs/widget.md)"
	@echo "make bench                mesurer les performances (docs/benchmarks.md)"
	@echo "make reliability          messages hostiles, pannes, endurance (docs/fiabilite.md ; SOAK_MINUTES=30)"
	@echo "make prod-up              lancer la version de production sur cette machine (PostgreSQL, Redis, 2+2 serveurs, nginx :8080)"
	@echo "make prod-down            l'arrêter"

$(VENV)/.installed: requirements.lock
	@[ -x $(PY) ] || "$$(scripts/find_python310.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip<25"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# The bot needs no browser: Chromium is installed for the widget's tests only (test-e2e).
install: $(VENV)/.installed $(SPACY_DIR)/meta.json $(NODE_MODULES)

# The web widget's browser dependency (socket.io-client), exactly as package-lock.json pins it.
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for the web widget's browser tests (Playwright is never let download one),
# and an emoji font for the cards' 📍 ☎️ in the screenshots the tests take.
$(BROWSER):
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-color-emoji \
	  || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-color-emoji)

$(SPACY_DIR)/meta.json: $(VENV)/.installed scripts/build_spacy_pipeline.py
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_DIR)

spacy: $(SPACY_DIR)/meta.json

$(MODEL): $(VENV)/.installed $(SPACY_DIR)/meta.json $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name aiguillage --out models --num-threads 2
	touch $@

train: $(MODEL)

run: install $(MODEL)
	CATALOGUE_DIR=$(CATALOGUE_DIR) scripts/run.sh

chat: $(VENV)/.installed
	$(PY) scripts/chat.py

# The Telegram bridge, beside `make run` (settings from the environment, see .env.example).
telegram: $(VENV)/.installed
	$(PY) -m bot.telegram

catalogue-validate: $(VENV)/.installed
	$(PY) -m bot.catalogue validate $(CATALOGUE_DIR)

catalogue-freshness: $(VENV)/.installed
	$(PY) -m bot.catalogue fraicheur $(CATALOGUE_DIR)

# The former names of the two targets above, still working.
catalog-validate: catalogue-validate
catalog-freshness: catalogue-freshness

# Style and the import contracts of pyproject.toml (the core without Rasa, channels without the
# catalogue, nothing under bot importing the actions): first, because it takes seconds.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: install
	$(MAKE) --no-print-directory lint test-unit test-data $(MODEL) test-conversations test-nlu test-e2e test-prod

# A bare pytest runs the fast layer (pyproject.toml's testpaths).
test-unit: $(VENV)/.installed
	$(PY) -m pytest -q

# Rasa cannot see the responses the actions send: it would warn that each one "is not used in any
# story or rule". tests/actions/test_responses.py checks that every response is used instead.
# The actions send most responses by name, which Rasa cannot see: its "not used in any story or
# rule" notices are dropped here, and tests/actions/test_responses.py checks every response is used.
test-data: install
	set -o pipefail; $(RASA) data validate --fail-on-warnings 2>&1 \
	  | { grep -v "is not used in any story or rule" || true; }

test-conversations: $(MODEL)
	scripts/test_conversations.sh

test-nlu: $(MODEL)
	$(PY) -m pytest tests/nlu -q -s

test-e2e: $(MODEL) $(NODE_MODULES) $(BROWSER)
	$(PY) -m pytest tests/e2e -q
	@sed -n '3,8p' results/simulated_residents.md

# The widget's pictures in docs/ (README, docs/widget.md), taken by the tests that check those
# views; test-e2e puts its screenshots in results/screenshots/ and never touches tracked files.
screenshots: $(MODEL) $(NODE_MODULES) $(BROWSER)
	SCREENSHOTS_DIR=docs $(PY) -m pytest tests/e2e/test_widget.py -q -k "desktop_colours or phone_360px"

# The production layout on this machine (deploy/local/): PostgreSQL, Redis and nginx from Debian,
# installed when missing without starting their system services.
prod-packages:
	deploy/local/install-packages.sh

prod-up: install $(MODEL) prod-packages
	CATALOGUE_DIR=$(CATALOGUE_DIR) deploy/local/prod-up.sh

prod-down:
	deploy/local/prod-down.sh

# Two replicas, failover and conversation locks, on free ports (tests/prod/).
test-prod: $(MODEL) prod-packages
	$(PY) -m pytest tests/prod -q

bench: install $(MODEL)
	$(PY) bench/run_bench.py

# Hostile messages, faults in the production layout, a soak of SOAK_MINUTES (docs/fiabilite.md).
SOAK_MINUTES ?= 30
reliability: install $(MODEL) prod-packages
	$(PY) bench/reliability.py --soak-minutes $(SOAK_MINUTES)

clean:
	rm -rf build models var .pytest_cache results
