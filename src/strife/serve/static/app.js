// strife's map page. Plain JS, no build step, no network beyond this server.
// Every piece of data reaches the page through textContent or attributes, never innerHTML.
// The page never loads every event: the server aggregates the map (/api/map: points when few, else grid cells),
// the timeline (/api/timeline) and the filters' choices (/api/facets), and pages the table (/api/events).
"use strict";

const TABLE_PAGE = 50;
const FILTERS = ["since", "until", "country", "admin1", "type", "sub_type", "actor", "min_fatalities", "verification"];
const TYPE_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#1f77b4",
  "Riots": "#8c564b",
  "Strategic developments": "#2ca02c",
};
const OTHER_COLOUR = "#607d8b";
// Places no finer than these are drawn as the area they stand for (radii from /api/place-radii).
const APPROXIMATE = new Set(["region", "country", "unknown"]);
const DAY_MS = 86400000;
const WORLD = { center: [20, 20], zoom: 2 };
const SELECTED_ZOOM = 8; // picking a row zooms at least this far, so its marker stands apart
const TABLE_VIEWS = {
  "events": { order: "date" },
  "fatalities": { order: "fatalities" },
  "queue-confidence": { queue: "confidence" },
  "queue-deaths": { queue: "deaths" },
  "queue-reports": { queue: "reports" },
};

const state = {
  map: null, cluster: null, cells: null, areas: null, highlight: null, countries: new Map(), outlines: null,
  radiusKm: {}, timeline: null, facets: null, offset: 0, total: 0, allTotal: 0, mapRequest: 0, tableRequest: 0,
  markers: new Map(), openId: null, restoring: true,
};

// --- small DOM helpers ---------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

async function fetchJSON(url, options = {}) {
  const response = await fetch(url, { ...options, headers: { Accept: "application/json", ...(options.headers || {}) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

const form = () => document.getElementById("filters");
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

// --- reading an event record ---------------------------------------------------------------------------------

const place = (e) => e.location || {};
const toll = (e) => (e.fatalities || {}).best;
const colour = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;
const actorName = (a) => (a ? a.name || a.mention || "" : "");
const placeName = (e) => place(e).name || place(e).mention || "";
const countryName = (code) => (state.countries.get(code) || {}).name || code || "";
const hasPoint = (p) => typeof p.lat === "number" && typeof p.lon === "number";

// --- filters and the address bar -----------------------------------------------------------------------------

function readFilters() {
  const data = new FormData(form());
  const f = {};
  for (const [key, value] of data.entries()) if (String(value).trim() !== "") f[key] = String(value).trim();
  return f;
}

const query = (extra = {}) => new URLSearchParams({ ...readFilters(), ...extra }).toString();

// The view in the address bar: the filters, the map's centre and zoom, the table's view, the open event.
function writeUrl() {
  if (state.restoring) return;
  const params = new URLSearchParams(readFilters());
  const c = state.map.getCenter();
  params.set("at", `${state.map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  const view = document.getElementById("view").value;
  if (view !== "events") params.set("view", view);
  if (state.openId) params.set("event", state.openId);
  history.replaceState(null, "", `${location.pathname}?${params}`);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const at = (params.get("at") || "").split("/").map(Number);
  return {
    filters: Object.fromEntries(FILTERS.filter((k) => params.get(k)).map((k) => [k, params.get(k)])),
    at: at.length === 3 && at.every(Number.isFinite) ? { zoom: at[0], center: [at[1], at[2]] } : null,
    view: TABLE_VIEWS[params.get("view")] ? params.get("view") : "events",
    event: params.get("event"),
  };
}

function exportLinks() {
  for (const fmt of ["csv", "geojson"]) {
    document.getElementById(`export-${fmt}`).href = `/api/events?${query({ format: fmt })}`;
  }
}

function fillSelect(name, options, keep) {
  const select = form().elements[name];
  select.replaceChildren(el("option", { value: "", text: "any" }),
    ...options.map((o) => el("option", { value: o.value, text: `${o.label} (${o.count.toLocaleString("en")})` })));
  select.value = options.some((o) => o.value === keep) ? keep : "";
}

function fillTypes(keepType, keepSub) {
  const types = state.facets.types;
  fillSelect("type", types.map((t) => ({ value: t.name, label: t.name, count: t.count })), keepType);
  const chosen = types.filter((t) => !form().elements.type.value || t.name === form().elements.type.value);
  const subs = chosen.flatMap((t) => t.sub_types).sort((a, b) => a.name.localeCompare(b.name));
  fillSelect("sub_type", subs.map((s) => ({ value: s.name, label: s.name, count: s.count })), keepSub);
}

async function fillAdmin1(country, keep) {
  const select = form().elements.admin1;
  if (!country) {
    fillSelect("admin1", [], "");
    select.disabled = true;
    return;
  }
  const { admin1 } = await fetchJSON(`/api/facets?country=${encodeURIComponent(country)}`);
  fillSelect("admin1", admin1.map((a) => ({ value: a.name, label: a.name, count: a.count })), keep);
  select.disabled = !admin1.length;
}

async function loadFacets(wanted) {
  state.facets = await fetchJSON("/api/facets");
  for (const c of state.facets.countries) state.countries.set(c.code, c);
  fillSelect("country", state.facets.countries.map((c) => ({ value: c.code, label: c.name, count: c.count })),
    wanted.country);
  fillTypes(wanted.type, wanted.sub_type);
  await fillAdmin1(form().elements.country.value, wanted.admin1);
  for (const key of ["since", "until", "actor", "min_fatalities", "verification"]) {
    if (wanted[key] !== undefined) form().elements[key].value = wanted[key];
  }
}

// A filter changed: the map, the timeline, the table and the address bar follow.
async function refresh() {
  exportLinks();
  writeUrl();
  state.offset = 0;
  await Promise.all([loadMap(), loadTimeline(), loadTable()]);
}

async function onFilterInput(event) {
  const name = event.target.name;
  if (name === "country") {
    await fillAdmin1(event.target.value, "");
    if (event.target.value) zoomToCountry(event.target.value);
  }
  if (name === "type") fillTypes(event.target.value, form().elements.sub_type.value);
  await refresh();
}

// --- the map -------------------------------------------------------------------------------------------------

async function setUpMap(at) {
  const map = L.map("map", { preferCanvas: true, worldCopyJump: true, minZoom: 1, maxZoom: 12 });
  map.setView(at ? at.center : WORLD.center, at ? at.zoom : WORLD.zoom);
  map.attributionControl.setPrefix("Leaflet").addAttribution("Country outlines: Natural Earth (world-atlas)");
  state.map = map;
  state.areas = L.layerGroup().addTo(map);
  state.cells = L.layerGroup().addTo(map);
  state.cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true })
    .addTo(map);
  const mapDiv = document.getElementById("map");
  state.cluster.on("spiderfied", (e) => { mapDiv.dataset.spiderfied = String(e.markers.length); });
  state.cluster.on("unspiderfied", () => { delete mapDiv.dataset.spiderfied; });
  state.highlight = L.layerGroup().addTo(map);
  let timer = null;
  map.on("moveend", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { writeUrl(); loadMap(); }, 120);
  });
  try {
    const world = await fetchJSON("/static/vendor/world-atlas/countries-110m.json");
    state.outlines = topojson.feature(world, world.objects.countries);
    L.geoJSON(state.outlines, {
      style: { color: "#90a4ae", weight: 0.6, fillColor: "#f5f3ee", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  } catch (err) {
    console.warn("no basemap:", err);
  }
}

// Longitudes as the server wants them: the view's box, or the whole world when it wraps.
function viewBox() {
  const b = state.map.getBounds();
  let [west, east] = [b.getWest(), b.getEast()];
  if (east - west >= 360) [west, east] = [-180, 180];
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  return [west, clamp(b.getSouth(), -90, 90), east, clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
}

// The markers of the view and the filters, unless those are what is drawn (or on its way) already.
async function loadMap(force = false) {
  const url = `/api/map?${query({ bbox: viewBox(), zoom: state.map.getZoom() })}`;
  if (url === state.mapUrl && !force) return;
  state.mapUrl = url;
  const request = ++state.mapRequest;
  const data = await fetchJSON(url);
  if (request !== state.mapRequest) return; // a newer view is on its way
  state.cluster.clearLayers();
  state.cells.clearLayers();
  state.areas.clearLayers();
  state.markers.clear();
  const mapDiv = document.getElementById("map");
  if (data.mode === "points") {
    const markers = data.points.map((p) => {
      const marker = pointMarker(p);
      state.markers.set(p.id, marker);
      return marker;
    });
    state.cluster.addLayers(markers);
    drawAreas(data.points);
  } else {
    for (const cell of data.cells) state.cells.addLayer(cellMarker(cell));
  }
  mapDiv.dataset.mode = data.mode;
  mapDiv.dataset.markers = String(data.in_view);
  const unmapped = document.getElementById("unmapped");
  const n = data.unmapped;
  unmapped.textContent = !n ? "" : n === 1 ? "1 event has no place and is not on the map"
    : `${n.toLocaleString("en")} events have no place and are not on the map`;
  showSelected();
}

function pointMarker(p) {
  const c = colour(p.event_type);
  const approximate = APPROXIMATE.has(p.geo_precision);
  const marker = L.circleMarker([p.lat, p.lon], { color: c, fillColor: c, weight: approximate ? 1.5 : 1,
    dashArray: approximate ? "3 3" : null, fillOpacity: 0.7,
    radius: Math.min(5 + 2.5 * Math.sqrt(p.fatalities_best || 0), 24) });
  marker.eventId = p.id;
  marker.bindTooltip(() => tooltip(p)); // built when shown; an element, so Leaflet does not parse it as HTML
  marker.on("click", () => openEvent(p.id));
  return marker;
}

// Each distinct approximate place once, as the area it stands for (not clickable: its events are).
function drawAreas(points) {
  const seen = new Set();
  for (const p of points.filter((q) => APPROXIMATE.has(q.geo_precision) && state.radiusKm[q.geo_precision])) {
    const key = `${p.lat},${p.lon},${p.geo_precision}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = colour(p.event_type);
    state.areas.addLayer(L.circle([p.lat, p.lon], { radius: state.radiusKm[p.geo_precision] * 1000, color: c,
      fillColor: c, weight: 1, dashArray: "4 4", fillOpacity: 0.08, interactive: false }));
  }
}

function cellMarker(cell) {
  const size = cell.count < 100 ? "small" : cell.count < 1000 ? "medium" : "large";
  const label = el("div", {}, el("span", { text: cell.count.toLocaleString("en") }));
  const marker = L.marker([cell.lat, cell.lon], {
    icon: L.divIcon({ html: label, className: `marker-cluster marker-cluster-${size} grid-cell`, iconSize: [40, 40] }),
    title: `${cell.count} events, ${cell.killed} killed: click to zoom in`,
  });
  marker.on("click", () => {
    const [s, w, n, e] = cell.bounds;
    if (state.map.getZoom() >= state.map.getMaxZoom()) return;
    state.map.fitBounds([[s, w], [n, e]], { maxZoom: Math.min(state.map.getZoom() + 3, state.map.getMaxZoom()) });
  });
  return marker;
}

function tooltip(p) {
  const lines = [
    el("b", { text: p.sub_event_type || p.event_type || "event" }),
    el("br"), `${p.date || "date unknown"} · ${p.place_name || "?"}${p.country ? `, ${countryName(p.country)}` : ""}`,
    el("br"), `killed: ${p.fatalities_best ?? "not said"}`,
  ];
  if (APPROXIMATE.has(p.geo_precision)) lines.push(el("br"), el("i", { text: `approximate place (${p.geo_precision})` }));
  return el("div", {}, ...lines);
}

// The chosen country fills the map: its outline's bounds, else the bounds of its events.
async function zoomToCountry(code) {
  const numeric = (state.countries.get(code) || {}).numeric;
  const feature = state.outlines && numeric
    ? state.outlines.features.find((f) => String(f.id) === String(numeric)) : null;
  if (feature) {
    state.map.fitBounds(L.geoJSON(feature).getBounds(), { animate: false, maxZoom: 9 });
    return;
  }
  const data = await fetchJSON(`/api/map?${query({ bbox: "-180,-90,180,90", zoom: 2 })}`);
  const points = data.mode === "points" ? data.points : data.cells;
  if (points.length) state.map.fitBounds(points.map((p) => [p.lat, p.lon]), { animate: false, maxZoom: 9, padding: [30, 30] });
}

// The open (or picked) event's marker: a ring around it, and its cluster opened so it stands alone.
function showSelected() {
  state.highlight.clearLayers();
  const mapDiv = document.getElementById("map");
  const selected = state.selected;
  if (!selected || !hasPoint(selected)) {
    delete mapDiv.dataset.selected;
    return;
  }
  state.highlight.addLayer(L.circleMarker([selected.lat, selected.lon], { radius: 16, color: "#000", weight: 3,
    fill: false, interactive: false, className: "selected-ring" }));
  mapDiv.dataset.selected = selected.id;
  const marker = state.markers.get(selected.id);
  if (marker) spreadAround(marker);
}

// A marker inside a cluster: the cluster spreads in place (the view stays), then the marker says what it is.
function spreadAround(marker) {
  const shownAs = state.cluster.getVisibleParent(marker);
  if (!shownAs || shownAs === marker || !shownAs.spiderfy) {
    marker.openTooltip();
    return;
  }
  state.cluster.once("spiderfied", () => marker.openTooltip());
  // The plugin ignores a spread asked for while it animates a zoom; ask again when that ends.
  if (state.cluster._inZoomAnimation) state.cluster.once("animationend", () => shownAs.spiderfy());
  else shownAs.spiderfy();
}

function selectOnMap(e) {
  const p = place(e);
  state.selected = { id: e.id, lat: p.lat, lon: p.lon };
  if (!hasPoint(p)) return showSelected();
  const zoom = Math.max(state.map.getZoom(), SELECTED_ZOOM);
  state.map.setView([p.lat, p.lon], zoom, { animate: false });
  loadMap(true); // then shows it
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const [type, c] of Object.entries(TYPE_COLOURS)) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = c;
    legend.append(el("span", {}, swatch, type));
  }
  legend.append(el("span", {}, el("span", { class: "swatch approx" }), "approximate place (region or wider)"));
  legend.append(el("span", {}, el("span", { class: "swatch cluster" }), "many events: click to zoom or spread"));
  legend.append(el("span", { text: "size: deaths" }));
}

// --- the timeline (a histogram you brush) ----------------------------------------------------------------------

async function loadTimeline() {
  state.timeline = await fetchJSON(`/api/timeline?${query()}`);
  drawTimeline();
}

function axis() {
  const t = state.timeline;
  if (!t || !t.range) return null;
  const first = Date.parse(t.bins[0].start);
  const last = Date.parse(t.bins[t.bins.length - 1].end) + DAY_MS;
  return { first, last, x: (ms, w) => ((ms - first) / (last - first)) * w };
}

function drawTimeline() {
  const box = document.getElementById("histogram");
  box.replaceChildren();
  const t = state.timeline;
  const ax = axis();
  drawTimelineNote(t);
  if (!ax) return;
  const w = box.clientWidth || 800;
  const h = box.clientHeight || 90;
  const plot = h - 16;
  const f = readFilters();
  const top = Math.max(1, ...t.bins.map((b) => b.count));
  for (const bin of t.bins) {
    const x0 = ax.x(Date.parse(bin.start), w);
    const x1 = ax.x(Date.parse(bin.end) + DAY_MS, w);
    const inBrush = (!f.since || bin.end >= f.since) && (!f.until || bin.start <= f.until);
    const bh = bin.count ? Math.max(1, (bin.count / top) * plot) : 0;
    const bar = svg("rect", { class: inBrush ? "shown" : "all", x: x0, y: plot - bh, width: Math.max(1, x1 - x0 - 1),
      height: bh, "data-start": bin.start, "data-count": bin.count });
    const title = svg("title");
    title.textContent = `${binLabel(bin, t.width)}: ${bin.count.toLocaleString("en")} events`;
    bar.append(title);
    box.append(bar);
  }
  for (const tick of ticks(ax.first, ax.last)) {
    const x = ax.x(tick.ms, w);
    box.append(svg("line", { class: "tick", x1: x, x2: x, y1: plot, y2: plot + 4 }));
    const label = svg("text", { x: x + 2, y: h - 2, "text-anchor": "start" });
    label.textContent = tick.label;
    box.append(label);
  }
  const readout = svg("text", { id: "readout", x: w - 4, y: 11, "text-anchor": "end" });
  box.append(readout);
  if (f.since || f.until) {
    const x0 = f.since ? ax.x(Date.parse(f.since), w) : 0;
    const x1 = f.until ? ax.x(Date.parse(f.until) + DAY_MS, w) : w;
    box.append(svg("rect", { class: "brush", x: Math.max(0, x0), y: 0,
      width: Math.max(1, Math.min(w, x1) - Math.max(0, x0)), height: plot }));
  }
}

function binLabel(bin, width) {
  if (width === "month") return bin.start.slice(0, 7);
  if (width === "week") return `week of ${bin.start}`;
  return bin.start;
}

function drawTimelineNote(t) {
  const note = document.getElementById("timeline-note");
  const parts = [];
  if (t && (t.before || t.after)) {
    const outside = [t.before ? `${t.before.toLocaleString("en")} before ${t.range[0]}` : null,
      t.after ? `${t.after.toLocaleString("en")} after ${t.range[1]}` : null].filter(Boolean).join(" and ");
    parts.push(`Off the axis: ${outside}`);
  }
  if (t && t.undated) parts.push(`${t.undated.toLocaleString("en")} undated`);
  note.textContent = parts.join("; ");
}

// Tick marks at the starts of years, quarters or months, whichever gives a handful.
function ticks(first, last) {
  const years = (last - first) / (365 * DAY_MS);
  const step = years > 6 ? 24 : years > 3 ? 12 : years > 1.2 ? 3 : years > 0.15 ? 1 : 0;
  const out = [];
  if (!step) {
    const days = Math.max(1, Math.round((last - first) / DAY_MS / 6));
    for (let ms = first; ms < last; ms += days * DAY_MS) out.push({ ms, label: isoDay(ms).slice(5) });
    return out;
  }
  const d = new Date(first);
  let cursor = new Date(Date.UTC(d.getUTCFullYear(), Math.ceil(d.getUTCMonth() / step) * step, 1));
  while (cursor.getTime() < last) {
    const iso = cursor.toISOString();
    out.push({ ms: cursor.getTime(), label: step >= 12 ? iso.slice(0, 4) : iso.slice(0, 7) });
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + step, 1));
  }
  return out;
}

function setUpBrush() {
  const box = document.getElementById("histogram");
  let start = null;
  let rect = null;
  const xOf = (event) => Math.max(0, Math.min(box.clientWidth, event.clientX - box.getBoundingClientRect().left));
  box.addEventListener("pointerdown", (event) => {
    start = xOf(event);
    box.setPointerCapture(event.pointerId);
    rect = svg("rect", { class: "brush", x: start, y: 0, width: 1, height: box.clientHeight - 16 });
    box.append(rect);
  });
  box.addEventListener("pointermove", (event) => {
    if (start === null) return hover(event);
    const x = xOf(event);
    rect.setAttribute("x", Math.min(start, x));
    rect.setAttribute("width", Math.max(1, Math.abs(x - start)));
  });
  box.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const x = xOf(event);
    const [a, b] = [Math.min(start, x), Math.max(start, x)];
    start = null;
    brushTo(b - a < 3 ? null : [a / box.clientWidth, b / box.clientWidth]);
  });
}

// The bin under the pointer, with its count, in the corner of the timeline.
function hover(event) {
  const readout = document.getElementById("readout");
  const ax = axis();
  if (!readout || !ax) return;
  const box = document.getElementById("histogram");
  const fraction = (event.clientX - box.getBoundingClientRect().left) / box.clientWidth;
  const day = isoDay(ax.first + fraction * (ax.last - ax.first));
  const bin = state.timeline.bins.find((b) => b.start <= day && day <= b.end);
  readout.textContent = bin ? `${binLabel(bin, state.timeline.width)}: ${bin.count.toLocaleString("en")} events` : "";
}

function brushTo(fractions) {
  const ax = axis();
  if (!fractions || !ax) {
    form().since.value = "";
    form().until.value = "";
  } else {
    const at = (t) => ax.first + t * (ax.last - ax.first);
    form().since.value = isoDay(at(fractions[0]));
    form().until.value = isoDay(at(fractions[1]) - 1);
  }
  refresh();
}

// --- the table (a page at a time) ------------------------------------------------------------------------------

function tableUrl() {
  const view = TABLE_VIEWS[document.getElementById("view").value];
  const page = { evidence: "false", limit: TABLE_PAGE, offset: state.offset };
  if (view.queue) return `/api/review-queue?${query({ ...page, order: view.queue })}`;
  return `/api/events?${query({ ...page, order: view.order })}`;
}

async function loadTable() {
  const request = ++state.tableRequest;
  let data;
  try {
    data = await fetchJSON(tableUrl());
  } catch (err) {
    document.getElementById("page-note").textContent = `Cannot list events: ${err.message}`;
    document.querySelector("#events tbody").replaceChildren();
    return;
  }
  if (request !== state.tableRequest) return;
  state.total = data.total;
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...data.items.map(tableRow));
  const shownTo = Math.min(state.offset + data.items.length, data.total);
  document.getElementById("page-note").textContent = data.total
    ? `${(state.offset + 1).toLocaleString("en")}–${shownTo.toLocaleString("en")} of ${data.total.toLocaleString("en")}`
    : "no events";
  document.getElementById("prev").disabled = state.offset === 0;
  document.getElementById("next").disabled = shownTo >= data.total;
  document.getElementById("count").textContent =
    `${data.total.toLocaleString("en")} of ${state.allTotal.toLocaleString("en")} events`;
}

function tableRow(e) {
  const p = place(e);
  const tr = el("tr", { "data-id": e.id },
    el("td", { text: e.date || "?" }),
    el("td", { text: e.sub_event_type || e.plover_type || "" }),
    el("td", { text: placeName(e) + (APPROXIMATE.has(p.precision) && hasPoint(p) ? " (approx.)" : "")
      + (hasPoint(p) ? "" : " (not mapped)") }),
    el("td", { text: countryName(p.country) }),
    el("td", { text: actorName(e.actor1) }),
    el("td", { text: actorName(e.actor2) }),
    el("td", { text: toll(e) ?? "" }),
    el("td", { text: e.verification || "" }),
    el("td", { class: `review-${e.review_status || "unreviewed"}`, text: e.review_status || "unreviewed" }));
  tr.addEventListener("click", () => {
    for (const row of document.querySelectorAll("#events tr.picked")) row.classList.remove("picked");
    tr.classList.add("picked");
    selectOnMap(e);
    openEvent(e.id);
  });
  return tr;
}

function setUpTable() {
  document.getElementById("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - TABLE_PAGE);
    loadTable();
  });
  document.getElementById("next").addEventListener("click", () => {
    state.offset += TABLE_PAGE;
    loadTable();
  });
  document.getElementById("view").addEventListener("change", () => {
    state.offset = 0;
    writeUrl();
    loadTable();
  });
  for (const th of document.querySelectorAll("#events th[data-key]")) {
    th.classList.add("sortable");
    th.addEventListener("click", () => {
      document.getElementById("view").value = th.dataset.key === "date" ? "events" : "fatalities";
      document.getElementById("view").dispatchEvent(new Event("change"));
    });
  }
}

// --- the event and incident views ------------------------------------------------------------------------------

function fieldClass(field) {
  return `field-${String(field || "evidence").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

// The text with every span marked and labelled by the field it supports; spans may overlap.
function highlighted(text, spans) {
  const good = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end)
    && s.start >= 0 && s.start < s.end && s.end <= text.length);
  const cuts = [...new Set([0, text.length, ...good.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out = el("div", { class: "article-text" });
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    for (const s of good.filter((s) => s.start === a)) {
      out.append(el("span", { class: `span-label ${fieldClass(s.field)}`, text: s.field || "evidence" }));
    }
    const covering = good.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) {
      out.append(piece);
    } else {
      const fields = [...new Set(covering.map((s) => s.field || "evidence"))];
      out.append(el("mark", { class: `ev ${fieldClass(fields[0])}`, title: fields.join(", "),
        "data-fields": fields.join(" "), text: piece }));
    }
  }
  return out;
}

function facts(pairs) {
  const dl = el("dl");
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", { text: label }), el("dd", {}, value));
  }
  return dl;
}

function eventFacts(e) {
  const p = place(e);
  const t = e.fatalities || {};
  const range = t.low != null && t.high != null && t.low !== t.high ? ` (${t.low}–${t.high})` : "";
  const where = [p.name || p.mention, p.admin1, countryName(p.country)].filter(Boolean).join(", ");
  const approx = APPROXIMATE.has(p.precision) ? el("span", { class: "approx-note", text: ` approximate: ${p.precision}` }) : null;
  return facts([
    ["type", [e.event_type, e.sub_event_type].filter(Boolean).join(" / ") || e.plover_type],
    ["date", e.date ? `${e.date}${e.date_end ? ` to ${e.date_end}` : ""} (${e.date_precision})` : "unknown"],
    ["place", el("span", {}, where || "unknown", approx)],
    ["coordinates", p.lat != null ? `${p.lat}, ${p.lon}` : "none: not on the map"],
    ["actor 1", actorName(e.actor1) + (e.actor1 && e.actor1.type ? ` (${e.actor1.type})` : "")],
    ["actor 2", actorName(e.actor2) + (e.actor2 && e.actor2.type ? ` (${e.actor2.type})` : "")],
    ["killed", t.best != null ? `${t.best}${range}` : "not said"],
    ["injured", e.injured && e.injured.best != null ? String(e.injured.best) : null],
    ["civilians targeted", e.civilian_targeting ? "yes" : null],
    ["reported by", (e.reported_by || []).join("; ")],
    ["verification", e.verification],
    ["confidence", e.confidence],
    ["review", e.review_status],
    ["source", e.source],
  ]);
}

function articleBlock(article, spans) {
  if (!article || article.text == null) return el("p", { text: "The article's text is not stored." });
  const head = [article.title, article.source, article.published].filter(Boolean).join(" · ");
  return el("div", { class: "article" }, el("h3", { text: head || article.id }),
    article.url ? el("p", {}, el("a", { href: safeUrl(article.url), rel: "noreferrer", text: article.url })) : null,
    highlighted(article.text, spans));
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url) ? url : "#";
}

function showDetail(...children) {
  const body = document.getElementById("detail-body");
  body.replaceChildren(...children.filter((child) => child !== null && child !== undefined));
  document.getElementById("detail").hidden = false;
}

function closeDetail() {
  document.getElementById("detail").hidden = true;
  state.openId = null;
  writeUrl();
}

async function openEvent(id) {
  state.openId = id;
  writeUrl();
  try {
    const { event, article, incident, reviews } = await fetchJSON(`/api/events/${encodeURIComponent(id)}`);
    const more = incident
      ? el("p", {}, el("a", { href: "#", "data-incident": incident.id,
        text: `incident ${incident.id}: ${incident.n_events} report(s) from ${incident.n_sources} source(s)` }))
      : null;
    if (more) more.firstChild.addEventListener("click", (ev) => { ev.preventDefault(); openIncident(incident.id); });
    const side = el("div", { class: "event-side" }, eventFacts(event), more, reviewForm(event),
      reviewLog(reviews || []));
    showDetail(el("h2", { text: event.sub_event_type || event.plover_type || "event" }),
      el("div", { class: "event-columns" }, side, articleBlock(article, event.evidence || [])));
  } catch (err) {
    showDetail(el("p", { text: `Cannot show this event: ${err.message}` }));
  }
}

async function openIncident(id) {
  try {
    const { incident, articles } = await fetchJSON(`/api/incidents/${encodeURIComponent(id)}`);
    const members = (incident.members || []).map((e) => el("section", {},
      el("h3", { text: `${e.source || e.article_id}: ${e.sub_event_type || ""}` }), eventFacts(e),
      articleBlock(articles[e.article_id], e.evidence || [])));
    showDetail(el("h2", { text: `Incident ${incident.id}: ${incident.sub_event_type || incident.event_type || ""}` }),
      facts([["date", incident.date], ["place", [incident.place_name, incident.admin1, countryName(incident.country)].filter(Boolean).join(", ")],
        ["killed", incident.fatalities_best], ["reports", incident.n_events], ["sources", incident.n_sources]]),
      ...members);
  } catch (err) {
    showDetail(el("p", { text: `Cannot show this incident: ${err.message}` }));
  }
}

// --- reviewing from the drawer ---------------------------------------------------------------------------------

// The fields an analyst may correct here: (the review's field name, label, the value in the record).
const EDITABLE = [
  ["sub_event_type", "sub-event type", (e) => e.sub_event_type],
  ["date", "date", (e) => e.date],
  ["location", "place (\"Douma, SY\" or lat,lon)", (e) => [place(e).name, place(e).country].filter(Boolean).join(", ")],
  ["actor1.name", "actor 1", (e) => actorName(e.actor1)],
  ["actor2.name", "actor 2", (e) => actorName(e.actor2)],
  ["fatalities.best", "killed (best)", (e) => (e.fatalities || {}).best],
  ["fatalities.low", "killed (low)", (e) => (e.fatalities || {}).low],
  ["fatalities.high", "killed (high)", (e) => (e.fatalities || {}).high],
];

function reviewForm(e) {
  const subTypes = (state.facets ? state.facets.types : []).flatMap((t) => t.sub_types.map((s) => s.name));
  const list = el("datalist", { id: "sub-types" }, ...subTypes.map((s) => el("option", { value: s })));
  const inputs = EDITABLE.map(([name, label, get]) => el("label", {}, label,
    el("input", { name, value: get(e) ?? "", "data-was": get(e) ?? "", list: name === "sub_event_type" ? "sub-types" : null,
      type: name === "date" ? "date" : name.startsWith("fatalities") ? "number" : "text", min: name.startsWith("fatalities") ? 0 : null })));
  const box = el("form", { class: "review", "aria-label": "review this event" },
    el("h3", { text: "Review" }), list,
    el("div", { class: "review-buttons" },
      el("button", { type: "button", "data-status": "confirmed", text: "Confirm" }),
      el("button", { type: "button", "data-status": "rejected", text: "Reject" })),
    el("details", {}, el("summary", { text: "Correct fields" }), ...inputs,
      el("button", { type: "button", "data-status": "corrected", text: "Save corrections" })),
    el("label", {}, "note", el("input", { name: "note", maxlength: 1000 })),
    el("label", {}, "your name", el("input", { name: "by", value: localStorage.getItem("strife-by") || "", maxlength: 100 })),
    el("label", {}, "write token", el("input", { name: "token", type: "password", autocomplete: "off",
      value: sessionStorage.getItem("strife-token") || "" })),
    el("p", { class: "review-result", "aria-live": "polite" }));
  for (const button of box.querySelectorAll("button[data-status]")) {
    button.addEventListener("click", () => submitReview(e.id, box, button.dataset.status));
  }
  return box;
}

async function submitReview(id, box, status) {
  const result = box.querySelector(".review-result");
  const changes = {};
  if (status === "corrected") {
    for (const input of box.querySelectorAll("details input")) {
      if (input.value.trim() !== String(input.dataset.was)) changes[input.name] = input.value.trim();
    }
    if (!Object.keys(changes).length) {
      result.textContent = "Change a field first.";
      return;
    }
  }
  const by = box.elements.by.value.trim();
  const token = box.elements.token.value.trim();
  localStorage.setItem("strife-by", by);
  sessionStorage.setItem("strife-token", token);
  const body = { status, by: by || null, note: box.elements.note.value.trim() || null };
  if (status === "corrected") body.set = changes;
  try {
    await fetchJSON(`/api/events/${encodeURIComponent(id)}/review`, { method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` } });
  } catch (err) {
    result.textContent = `Not saved: ${err.message}`;
    return;
  }
  await openEvent(id);
  document.querySelector("#detail .review-result").textContent = `Saved: ${status}.`;
  await Promise.all([loadTable(), loadMap(true)]);
}

function reviewLog(reviews) {
  if (!reviews.length) return null;
  return el("div", { class: "review-log" }, el("h3", { text: "Reviews" }), el("ul", {}, ...reviews.map((r) =>
    el("li", { text: [r.at, r.by, r.status || r.action, describeChanges(r.changes), r.note].filter(Boolean).join(" · ") }))));
}

// A log entry's changes, {field: [was, now]}, as "field: was → now".
function describeChanges(changes) {
  if (!changes || typeof changes !== "object") return "";
  const shown = (v) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return Object.entries(changes).map(([field, c]) => (Array.isArray(c) && c.length === 2
    ? `${field}: ${shown(c[0])} → ${shown(c[1])}` : `${field}: ${shown(c)}`)).join(", ");
}

// --- start ---------------------------------------------------------------------------------------------------

function setUpControls() {
  drawLegend();
  setUpTable();
  setUpBrush();
  document.getElementById("detail-close").addEventListener("click", closeDetail);
  form().addEventListener("change", onFilterInput);
  form().addEventListener("input", (event) => {
    if (event.target.tagName === "INPUT" && event.target.type !== "date") debounce(() => onFilterInput(event), 300);
  });
  form().addEventListener("reset", () => setTimeout(async () => {
    fillTypes("", "");
    await fillAdmin1("", "");
    await refresh();
  }));
  form().addEventListener("submit", (ev) => ev.preventDefault());
  const toggle = document.getElementById("toggle-filters");
  toggle.addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  window.addEventListener("resize", () => debounce(drawTimeline, 150));
}

let pending = null;
function debounce(work, ms) {
  clearTimeout(pending);
  pending = setTimeout(work, ms);
}

// Political events (PLOVER) are not ACLED's: a list of their own beside the map, never on it or in its counts.
async function loadPolitical() {
  const page = await fetchJSON(`/api/events?family=plover&evidence=false&limit=${TABLE_PAGE}`);
  const list = document.getElementById("political-list");
  list.replaceChildren(...page.items.map((e) => {
    const who = [e.actor1 && e.actor1.name, e.actor2 && e.actor2.name].filter(Boolean).join(" → ");
    const what = [e.plover_type, e.plover_mode].filter(Boolean).join(" / ");
    const item = el("li", { text: `${e.date || "?"} ${what}: ${who}` });
    item.addEventListener("click", () => openEvent(e.id));
    return item;
  }));
}

async function start() {
  const began = performance.now();
  const wanted = readUrl();
  setUpControls();
  document.getElementById("view").value = wanted.view;
  const [radii] = await Promise.all([fetchJSON("/api/place-radii"), setUpMap(wanted.at), loadFacets(wanted.filters),
    loadPolitical()]);
  state.radiusKm = radii;
  state.allTotal = state.facets.total;
  if (!wanted.at && wanted.filters.country) await zoomToCountry(wanted.filters.country);
  exportLinks();
  await Promise.all([loadMap(), loadTimeline(), loadTable()]);
  state.restoring = false;
  writeUrl();
  if (wanted.event) openEvent(wanted.event);
  window.strifeReady = { ms: Math.round(performance.now() - began), events: state.allTotal };
  document.body.dataset.ready = "true";
}

window.addEventListener("DOMContentLoaded", () => {
  start().catch((err) => {
    document.getElementById("count").textContent = `Cannot load events: ${err.message}`;
    document.body.dataset.ready = "error";
  });
});
