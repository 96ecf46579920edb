// A form whose work takes a moment (publishing a need computes its matches) says so on
// its button, and a second click does not send it twice. The button is not disabled in
// the submit event, as a disabled submitter would leave its name out of the form data.
(function () {
  "use strict";
  var forms = new Set();
  document.querySelectorAll("button[data-busy-text]").forEach(function (button) {
    if (button.form) {
      forms.add(button.form);
    }
  });
  forms.forEach(function (form) {
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) {
        event.preventDefault();
        return;
      }
      sent = true;
      var button = event.submitter;
      if (button && button.dataset.busyText) {
        button.textContent = button.dataset.busyText;
        button.setAttribute("aria-busy", "true");
      }
      form.setAttribute("aria-busy", "true");
    });
  });
})();
