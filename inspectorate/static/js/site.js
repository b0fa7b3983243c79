// Move focus to the error summary when a form comes back with errors, so that a screen reader
// announces it and a keyboard user starts from it.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
