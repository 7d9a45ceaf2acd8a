// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll("select[data-navigate]").forEach(function (select) {
    select.addEventListener("change", function () { window.location.href = select.value; });
  });

  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    if (window.matchMedia("(max-width: 760px)").matches) nav.dataset.collapsed = "true";
    toggle.addEventListener("click", function () {
      var collapsed = nav.dataset.collapsed === "true";
      nav.dataset.collapsed = collapsed ? "false" : "true";
      toggle.setAttribute("aria-expanded", collapsed ? "true" : "false");
    });
  }

  document.querySelectorAll("input[data-check-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + master.dataset.checkAll + "']").forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
