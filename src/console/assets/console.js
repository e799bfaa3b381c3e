// Progressive help only: every page works without it. Asks before cancelling an execution.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var cancel = form.querySelector("button.cancel");
  if (cancel && !window.confirm("Cancel this execution?")) {
    event.preventDefault();
  }
});
