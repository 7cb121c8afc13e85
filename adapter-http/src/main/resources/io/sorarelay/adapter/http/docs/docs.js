// Swagger UI over this server's own document. A file of its own, not an inline script, so the page runs under the
// server's Content-Security-Policy (script-src 'self'); no validator badge, which would call a third-party host.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
