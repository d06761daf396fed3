// Starts Swagger UI on /docs. A served file, not FastAPI's inline script, so the page keeps the strict CSP.
"use strict";
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({
    url: new URL("openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // never send the schema to validator.swagger.io
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
