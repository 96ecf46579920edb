// "Add a match" on a need's page: as the coordinator types, ask the server for at most
// 20 published services and offer them as radio buttons. Without JavaScript the search
// field reloads the page with the same results (?service_q=).
(function () {
  "use strict";
  var input = document.getElementById("add-match-q");
  var results = document.getElementById("add-match-results");
  if (!input || !results) {
    return;
  }
  var timer = null;
  var latest = 0;

  function message(text) {
    var p = document.createElement("p");
    p.className = "text-body-secondary small mb-0";
    p.textContent = text;
    return p;
  }

  function render(rows) {
    var legend = results.querySelector("legend");
    results.replaceChildren(legend);
    if (!input.value.trim()) {
      results.appendChild(message(input.dataset.hintText));
      return;
    }
    if (!rows.length) {
      results.appendChild(message(input.dataset.noneText));
      return;
    }
    rows.forEach(function (row, index) {
      var wrap = document.createElement("div");
      wrap.className = "form-check";
      var radio = document.createElement("input");
      radio.className = "form-check-input";
      radio.type = "radio";
      radio.name = "service";
      radio.value = String(row.id);
      radio.id = "add-service-" + row.id;
      radio.checked = index === 0;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = radio.id;
      label.textContent = row.title + " — " + row.provider;
      wrap.appendChild(radio);
      wrap.appendChild(label);
      results.appendChild(wrap);
    });
  }

  function lookup() {
    var ticket = ++latest;
    var url = input.dataset.serviceLookup + "&q=" + encodeURIComponent(input.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (ticket === latest) {
          render(data.results || []);
        }
      })
      .catch(function () {
        // Offline or refused: the search button still works without us.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 200);
  });
})();
