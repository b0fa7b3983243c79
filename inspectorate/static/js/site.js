// GOV.UK Frontend's components (service navigation's mobile menu, error summary focus, notification
// banners, skip link). The error summary moves focus to itself when the page loads.
(function () {
  if (window.GOVUKFrontend && document.body.classList.contains("govuk-frontend-supported")) {
    window.GOVUKFrontend.initAll();
  } else {
    var summary = document.querySelector("[data-module=govuk-error-summary]");
    if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
  }
})();
