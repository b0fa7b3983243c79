// GOV.UK Frontend's page template marks the body as soon as it opens; the Content-Security-Policy
// refuses inline scripts, so this small file does it instead (loaded without defer, first in body).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
