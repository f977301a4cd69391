// The station's API reference: Swagger UI on the station's own OpenAPI document. A file, not an inline
// script, so the page runs under the station's CSP (script-src 'self'); no validator badge, which
// would call a server on the internet.
window.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#api-reference',
    validatorUrl: null,
    deepLinking: true,
    tryItOutEnabled: false,
    docExpansion: 'none',
    persistAuthorization: false,
  })
})
