// The coordinator's board: drag a card onto another column to move the match there.
// Dropping submits the card's own "Move to" form (the keyboard and no-JavaScript way),
// so a drag is exactly the same request as choosing the stage and pressing "Move".
(function () {
  "use strict";

  function moveOption(card, stage) {
    var select = card.querySelector(".move-form select[name=action]");
    if (!select) return null;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].dataset.stage === stage) return select.options[i];
    }
    return null;
  }

  function prepare(root) {
    root.querySelectorAll(".board-card").forEach(function (card) {
      if (card.querySelector(".move-form")) card.setAttribute("draggable", "true");
    });
  }

  function start() {
    var board = document.querySelector("[data-board]");
    if (!board) return;
    var dragged = null;
    prepare(board);
    // Cards that "show more" brought in can be dragged too, and the keyboard focus goes
    // to the first of them instead of being lost with the replaced "show more" link.
    var pending = null;
    board.addEventListener("htmx:beforeRequest", function (event) {
      var list = event.target.closest && event.target.closest(".board-cards");
      if (list) pending = { list: list, shown: list.querySelectorAll(".board-card").length };
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      prepare(board);
      if (!pending) return;
      var next = pending.list.querySelectorAll(".board-card")[pending.shown];
      var link = next && next.querySelector("a");
      if (link) link.focus();
      pending = null;
    });

    function clearTargets() {
      board.querySelectorAll(".drop-target").forEach(function (column) {
        column.classList.remove("drop-target");
      });
    }

    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest && event.target.closest(".board-card");
      if (!card) return;
      dragged = card;
      card.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.match);
    });
    board.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      clearTargets();
    });
    board.addEventListener("dragover", function (event) {
      var column = event.target.closest && event.target.closest(".board-column");
      if (!column || !dragged || !moveOption(dragged, column.dataset.stage)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      if (!column.classList.contains("drop-target")) {
        clearTargets();
        column.classList.add("drop-target");
      }
    });
    board.addEventListener("drop", function (event) {
      var column = event.target.closest && event.target.closest(".board-column");
      if (!column || !dragged) return;
      var option = moveOption(dragged, column.dataset.stage);
      if (!option) return;
      event.preventDefault();
      option.selected = true;
      var form = dragged.querySelector(".move-form");
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
