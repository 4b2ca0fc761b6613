// Interactive API docs from the installed swagger-ui files (no CDN): `make serve-assets` copies them.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null });
});
