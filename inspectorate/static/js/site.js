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

// Wide tables and code samples scroll inside their own region on a narrow screen, rather than
// pushing the page sideways: each is wrapped in a region a keyboard can reach and scroll, labelled
// by the table's caption. Tables already wrapped in the templates (.table-scroll) are left alone.
(function () {
  var count = 0;
  document.querySelectorAll("main table, main pre").forEach(function (el) {
    var wrapper = el.closest(".table-scroll");
    if (wrapper && wrapper.hasAttribute("tabindex")) { return; }
    var existing = Boolean(wrapper);
    if (!existing) { wrapper = document.createElement("div"); wrapper.className = "table-scroll"; }
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("tabindex", "0");
    var caption = el.tagName === "TABLE" && el.querySelector("caption");
    var labelledby = el.getAttribute("aria-labelledby");
    if (labelledby) {
      wrapper.setAttribute("aria-labelledby", labelledby);
    } else if (caption && caption.textContent.trim()) {
      if (!caption.id) { caption.id = "scroll-caption-" + (++count); }
      wrapper.setAttribute("aria-labelledby", caption.id);
    } else {
      wrapper.setAttribute("aria-label", el.tagName === "TABLE" ? "Table (scrolls sideways)" : "Code example (scrolls sideways)");
    }
    if (!existing) { el.parentNode.insertBefore(wrapper, el); wrapper.appendChild(el); }
  });
})();
