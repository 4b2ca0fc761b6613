# strife serve: the web map's front-end files, the serve extra and the browser-test tools.
# Included from the Makefile (which defines BIN and STAMP). Registries only: npm, PyPI, Debian.
#   make serve-deps    FastAPI + uvicorn into the venv (the extra strife[serve])
#   make serve-assets  npm packages -> src/strife/serve/static/vendor/ (leaflet, leaflet.markercluster,
#                      topojson-client and world-atlas are kept in git; swagger-ui, for /docs, is built only)
#   make e2e-deps      Debian's chromium and the Python playwright package (never `playwright install`)
#   make e2e           the API and browser tests of strife serve
#   make bench-map     the map on 1,000,000 synthetic events: first API page and first render (benchmarks/map_bench.py)
#   make map-screenshots  docs/map.png and docs/review-drawer.png (scripts/map_screenshots.py)

SERVE_VENDOR := src/strife/serve/static/vendor
SERVE_NPM := build/serve-npm
SERVE_NPM_PACKAGES := leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.35.0
SERVE_PIP_PACKAGES := fastapi==0.165.0 uvicorn==0.54.0
E2E_PIP_PACKAGES := playwright==1.65.2

.PHONY: serve-deps serve-assets e2e-deps e2e bench-map map-screenshots

serve-deps: $(STAMP)
	$(BIN)/pip install -q $(SERVE_PIP_PACKAGES)

serve-assets:
	mkdir -p $(SERVE_NPM)
	cd $(SERVE_NPM) && npm install --no-audit --no-fund --ignore-scripts --no-save $(SERVE_NPM_PACKAGES)
	mkdir -p $(SERVE_VENDOR)/leaflet $(SERVE_VENDOR)/leaflet.markercluster $(SERVE_VENDOR)/topojson-client $(SERVE_VENDOR)/world-atlas $(SERVE_VENDOR)/swagger-ui
	cp $(SERVE_NPM)/node_modules/leaflet/dist/leaflet.js $(SERVE_NPM)/node_modules/leaflet/dist/leaflet.css \
	   $(SERVE_NPM)/node_modules/leaflet/LICENSE $(SERVE_VENDOR)/leaflet/
	cp $(SERVE_NPM)/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   $(SERVE_NPM)/node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   $(SERVE_NPM)/node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
	   $(SERVE_NPM)/node_modules/leaflet.markercluster/MIT-LICENCE.txt $(SERVE_VENDOR)/leaflet.markercluster/
	cp $(SERVE_NPM)/node_modules/topojson-client/dist/topojson-client.min.js \
	   $(SERVE_NPM)/node_modules/topojson-client/LICENSE $(SERVE_VENDOR)/topojson-client/
	cp $(SERVE_NPM)/node_modules/world-atlas/countries-110m.json $(SERVE_NPM)/node_modules/world-atlas/LICENSE \
	   $(SERVE_VENDOR)/world-atlas/
	cp $(SERVE_NPM)/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   $(SERVE_NPM)/node_modules/swagger-ui-dist/swagger-ui.css \
	   $(SERVE_NPM)/node_modules/swagger-ui-dist/LICENSE $(SERVE_VENDOR)/swagger-ui/

e2e-deps: serve-deps
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)
	$(BIN)/pip install -q $(E2E_PIP_PACKAGES)

e2e: e2e-deps
	$(BIN)/python -m pytest -q tests/serve

bench-map: e2e-deps
	$(BIN)/python benchmarks/map_bench.py

map-screenshots: e2e-deps
	$(BIN)/python scripts/map_screenshots.py
